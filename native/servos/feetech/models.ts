import catalogJson from '../../../assets/control-tables/catalog-feetech.json' with { type: 'json' };
import scs0009Json from '../../../assets/control-tables/scs0009.json' with { type: 'json' };
import sts3215Json from '../../../assets/control-tables/sts3215.json' with { type: 'json' };
import { readUnsigned } from '../control-tables/word-codec';
import { genericFields, ModelCatalog, type ModelDescriptor } from '../catalog/model-catalog';
import { FeetechControlTable } from './control-table';

export const STS3215 = FeetechControlTable.fromJson(sts3215Json);
export const SCS0009 = FeetechControlTable.fromJson(scs0009Json);

/** Models by number; identity fields at the same address on every STS, SMS and SCS servo. */
export const FEETECH_MODELS = new ModelCatalog(
  catalogJson,
  [STS3215, SCS0009],
  genericFields({
    firmwareMajorVersion: [0, 1],
    firmwareMinorVersion: [1, 1],
    modelNumber: [3, 2],
    id: [5, 1],
    baudRate: [6, 1],
  }),
);

export const FEETECH_GENERIC_FIELDS = FEETECH_MODELS.genericFields;

/** Bytes to read after a Ping to identify a Feetech servo: firmware (0, 1) and model (3, 4). */
export const IDENTITY_ADDRESS = 0;
export const IDENTITY_LENGTH = 5;

export interface FeetechIdentity {
  model: ModelDescriptor<FeetechControlTable>;
  firmware: string;
  /** The byte order the model number matched in (STS little-endian, SCS big-endian). */
  byteOrder: 'little' | 'big';
}

/**
 * The model number sits at 3–4 in the servo's own byte order, which is what we are trying to
 * learn: look it up both ways and take the one the catalog knows (little-endian when neither).
 */
export function identifyFeetech(identity: Uint8Array): FeetechIdentity {
  const little = readUnsigned(identity, 3, 2, 'little');
  const big = readUnsigned(identity, 3, 2, 'big');
  const byteOrder = !FEETECH_MODELS.has(little) && FEETECH_MODELS.has(big) ? 'big' : 'little';
  return {
    model: FEETECH_MODELS.describe(byteOrder === 'big' ? big : little),
    firmware: `${identity[0] ?? 0}.${identity[1] ?? 0}`,
    byteOrder,
  };
}
