import { describe, expect, it } from 'vitest';
import { CHANNEL_UNITS, FIELD_UNITS } from '../../../renderer/src/telemetry-units';
import { TELEMETRY_CHANNEL_FIELDS } from '../../../native/domain';

describe('telemetry units', () => {
  it('gives each sample field the unit of its channel', () => {
    expect(FIELD_UNITS).toEqual({
      positionRad: 'rad',
      velocityRadS: 'rad/s',
      currentA: 'A',
      voltageV: 'V',
      temperatureC: '°C',
      hwError: 'bits',
    });
    expect(Object.keys(FIELD_UNITS)).toEqual([...TELEMETRY_CHANNEL_FIELDS]);
    expect(FIELD_UNITS.temperatureC).toBe(CHANNEL_UNITS.temperature_c);
  });
});
