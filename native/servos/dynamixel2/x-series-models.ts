import catalogJson from '../../../assets/control-tables/catalog-dynamixel2.json' with { type: 'json' };
import xc430w150 from '../../../assets/control-tables/xc430-w150.json' with { type: 'json' };
import xc430w240 from '../../../assets/control-tables/xc430-w240.json' with { type: 'json' };
import xh430w210 from '../../../assets/control-tables/xh430-w210.json' with { type: 'json' };
import xh430w350 from '../../../assets/control-tables/xh430-w350.json' with { type: 'json' };
import xh540w150 from '../../../assets/control-tables/xh540-w150.json' with { type: 'json' };
import xh540w270 from '../../../assets/control-tables/xh540-w270.json' with { type: 'json' };
import xl330m077 from '../../../assets/control-tables/xl330-m077.json' with { type: 'json' };
import xl330m288 from '../../../assets/control-tables/xl330-m288.json' with { type: 'json' };
import xl430w250 from '../../../assets/control-tables/xl430-w250.json' with { type: 'json' };
import xm430w210 from '../../../assets/control-tables/xm430-w210.json' with { type: 'json' };
import xm540w150 from '../../../assets/control-tables/xm540-w150.json' with { type: 'json' };
import xm540w270 from '../../../assets/control-tables/xm540-w270.json' with { type: 'json' };
import { ControlTable, XM430_W350 } from './control-table';
import { genericFields, ModelCatalog, type ModelDescriptor } from '../catalog/model-catalog';

/** Dynamixel X-series control tables (Protocol 2.0), one per model the arms Genba serves use. */
export const X_SERIES_TABLES: readonly ControlTable[] = [
  ControlTable.fromJson(xl330m077),
  ControlTable.fromJson(xl330m288),
  ControlTable.fromJson(xl430w250),
  ControlTable.fromJson(xc430w150),
  ControlTable.fromJson(xc430w240),
  ControlTable.fromJson(xm430w210),
  XM430_W350,
  ControlTable.fromJson(xh430w210),
  ControlTable.fromJson(xh430w350),
  ControlTable.fromJson(xm540w150),
  ControlTable.fromJson(xm540w270),
  ControlTable.fromJson(xh540w150),
  ControlTable.fromJson(xh540w270),
];

/** Models by number; identity fields at the same address on every X-series actuator. */
export const DYNAMIXEL2_MODELS = new ModelCatalog(
  catalogJson,
  X_SERIES_TABLES,
  genericFields({ modelNumber: [0, 2], firmwareVersion: [6, 1], id: [7, 1], baudRate: [8, 1] }),
);

/** The model behind the model number a Ping returned; never throws. */
export function dynamixel2Model(modelNumber: number): ModelDescriptor<ControlTable> {
  return DYNAMIXEL2_MODELS.describe(modelNumber);
}

/** The table for a model name ("XL330-M288"), for profiles and simulators. */
export function xSeriesTable(model: string): ControlTable | undefined {
  return X_SERIES_TABLES.find((t) => t.model === model);
}
