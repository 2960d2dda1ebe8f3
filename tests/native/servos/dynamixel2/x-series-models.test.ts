import { describe, expect, it } from 'vitest';
import { XM430_W350 } from '../../../../native/servos/dynamixel2/control-table';
import {
  DYNAMIXEL2_MODELS,
  dynamixel2Model,
  X_SERIES_TABLES,
  xSeriesTable,
} from '../../../../native/servos/dynamixel2/x-series-models';
import { ModelCatalog, ModelCatalogError } from '../../../../native/servos/catalog/model-catalog';
import catalog from '../../../../assets/control-tables/catalog-dynamixel2.json' with { type: 'json' };

/**
 * Model numbers as ROBOTIS lists them: DynamixelSDK python/src/dynamixel_easy_sdk/control_table/
 * dynamixel.model and dynamixel-workbench dynamixel_item.h; LeRobot's dynamixel MODEL_NUMBER_TABLE
 * agrees for the models it has (xl330-m077 1190, xl330-m288 1200, xl430-w250 1060, xm430-w350
 * 1020, xm540-w270 1120, xc430-w150 1070, xh540-w150 1110).
 */
const ROBOTIS_MODEL_NUMBERS: Record<string, number> = {
  'XL330-M077': 1190,
  'XL330-M288': 1200,
  'XL430-W250': 1060,
  'XC430-W150': 1070,
  'XC430-W240': 1080,
  'XM430-W210': 1030,
  'XM430-W350': 1020,
  'XH430-W210': 1010,
  'XH430-W350': 1000,
  'XM540-W150': 1130,
  'XM540-W270': 1120,
  'XH540-W150': 1110,
  'XH540-W270': 1100,
};

describe('Dynamixel X-series tables', () => {
  it.each(Object.entries(ROBOTIS_MODEL_NUMBERS))(
    '%s is model %i, with a table, and detected from it',
    (name, number) => {
      const table = xSeriesTable(name);
      expect(table?.modelNumber).toBe(number);
      const model = dynamixel2Model(number);
      expect([model.name, model.status, model.table]).toEqual([name, 'table', table]);
      expect(model.ratings?.stallCurrentA).toBeGreaterThan(0);
    },
  );

  it('share the X-series layout where the e-Manual does, and differ where it does', () => {
    for (const table of X_SERIES_TABLES) {
      expect(table.item('torqueEnable').address).toBe(64);
      expect(table.item('goalPosition').address).toBe(116);
      expect(table.item('presentPosition').address).toBe(132);
      expect(table.item('presentTemperature').address).toBe(146);
      expect(table.item('hardwareErrorStatus').address).toBe(70);
    }
    // No current sensing: Present Load at 126 and no Current Limit / Goal Current.
    for (const name of ['XL430-W250', 'XC430-W150', 'XC430-W240']) {
      const t = xSeriesTable(name)!;
      expect([
        t.find('presentLoad')?.address,
        t.find('currentLimit'),
        t.find('goalCurrent'),
      ]).toEqual([126, undefined, undefined]);
      expect(dynamixel2Model(t.modelNumber).ratings?.currentUnitA).toBeNull();
    }
    // XL330: 1 mA current unit, 3.1–7.0 V limits, 20 indirect addresses, PWM Slope at 62.
    const xl330 = xSeriesTable('XL330-M288')!;
    expect(xl330.item('presentCurrent').si?.scale).toBe(0.001);
    expect(xl330.item('maxVoltageLimit').range).toEqual({ min: 31, max: 70 });
    expect(xl330.find('indirectAddress21')).toBeUndefined();
    expect(xl330.item('pwmSlope').address).toBe(62);
    expect(xSeriesTable('XM540-W270')?.item('externalPortData3').address).toBe(156);
    expect(xSeriesTable('XH540-W270')?.item('currentLimit').initial).toBe(2047);
    expect(xSeriesTable('XL330-M077')?.item('velocityLimit').initial).toBe(1620);
  });

  it('keeps the existing XM430-W350 table as the catalog’s', () => {
    expect(dynamixel2Model(1020).table).toBe(XM430_W350);
  });
});

describe('model descriptors never throw', () => {
  it('names a known model without a table and describes an unknown number', () => {
    expect(dynamixel2Model(350)).toMatchObject({ name: 'XL-320', status: 'named', table: null });
    const unknown = dynamixel2Model(9999);
    expect(unknown).toMatchObject({
      status: 'unknown',
      name: 'Unknown model 9999',
      table: null,
      ratings: null,
    });
    expect(unknown.note?.en).toMatch(/Protocol 2\.0.*9999/);
    expect(unknown.note?.ja).toMatch(/9999/);
    expect(unknown.genericFields.map((f) => [f.key, f.address, f.access])).toEqual([
      ['modelNumber', 0, 'R'],
      ['firmwareVersion', 6, 'R'],
      ['id', 7, 'R'],
      ['baudRate', 8, 'R'],
    ]);
  });

  it('catches a catalog that disagrees with the bundled tables', () => {
    const wrongName = JSON.parse(JSON.stringify(catalog)) as typeof catalog;
    wrongName.models[0]!.model = 'XL330-M999';
    expect(() => new ModelCatalog(wrongName, X_SERIES_TABLES, [])).toThrow(ModelCatalogError);
    const missing = JSON.parse(JSON.stringify(catalog)) as typeof catalog;
    missing.models = missing.models.filter((m) => m.modelNumber !== 1200);
    expect(() => new ModelCatalog(missing, X_SERIES_TABLES, [])).toThrow(/no catalog entry/);
    expect(DYNAMIXEL2_MODELS.models.filter((m) => m.status === 'table')).toHaveLength(13);
  });
});
