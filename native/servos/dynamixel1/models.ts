import ax12aJson from '../../../assets/control-tables/ax-12a.json' with { type: 'json' };
import ax18aJson from '../../../assets/control-tables/ax-18a.json' with { type: 'json' };
import catalogJson from '../../../assets/control-tables/catalog-dynamixel1.json' with { type: 'json' };
import mx106Json from '../../../assets/control-tables/mx-106-p1.json' with { type: 'json' };
import mx28Json from '../../../assets/control-tables/mx-28-p1.json' with { type: 'json' };
import mx64Json from '../../../assets/control-tables/mx-64-p1.json' with { type: 'json' };
import { readUnsigned } from '../control-tables/word-codec';
import { genericFields, ModelCatalog, type ModelDescriptor } from '../catalog/model-catalog';
import { Dynamixel1ControlTable } from './control-table';

export const AX_12A = Dynamixel1ControlTable.fromJson(ax12aJson);
export const AX_18A = Dynamixel1ControlTable.fromJson(ax18aJson);
export const MX_28_P1 = Dynamixel1ControlTable.fromJson(mx28Json);
export const MX_64_P1 = Dynamixel1ControlTable.fromJson(mx64Json);
export const MX_106_P1 = Dynamixel1ControlTable.fromJson(mx106Json);

/** Models by number; identity fields at the same address on every Protocol 1.0 actuator. */
export const DYNAMIXEL1_MODELS = new ModelCatalog(
  catalogJson,
  [AX_12A, AX_18A, MX_28_P1, MX_64_P1, MX_106_P1],
  genericFields({ modelNumber: [0, 2], firmwareVersion: [2, 1], id: [3, 1], baudRate: [4, 1] }),
);

/** A 1.0 Ping reply carries no model number: read Model Number and Firmware Version (0–2). */
export const IDENTITY_ADDRESS = 0;
export const IDENTITY_LENGTH = 3;

export interface Dynamixel1Identity {
  model: ModelDescriptor<Dynamixel1ControlTable>;
  firmwareVersion: number;
}

export function identifyDynamixel1(identity: Uint8Array): Dynamixel1Identity {
  return {
    model: DYNAMIXEL1_MODELS.describe(readUnsigned(identity, 0, 2, 'little')),
    firmwareVersion: identity[2] ?? 0,
  };
}
