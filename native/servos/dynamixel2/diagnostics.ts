import { XM430_W350, type ControlTable } from './control-table';

/**
 * Present PWM (124) … Present Temperature (146) is one contiguous 23-byte range on X-series
 * servos, so one (Fast) Sync Read per cycle returns everything the diagnostics need.
 */
export const DIAGNOSTICS_ADDRESS = 124;
export const DIAGNOSTICS_LENGTH = 23;

export interface ServoDiagnostics {
  /** Percent of full duty, signed. */
  pwm: number;
  currentA: number;
  velocityRadS: number;
  positionRad: number;
  velocityTrajectoryRadS: number;
  positionTrajectoryRad: number;
  voltageV: number;
  temperatureC: number;
}

const FIELDS: [keyof ServoDiagnostics, string][] = [
  ['pwm', 'presentPwm'],
  ['currentA', 'presentCurrent'],
  ['velocityRadS', 'presentVelocity'],
  ['positionRad', 'presentPosition'],
  ['velocityTrajectoryRadS', 'velocityTrajectory'],
  ['positionTrajectoryRad', 'positionTrajectory'],
  ['voltageV', 'presentInputVoltage'],
  ['temperatureC', 'presentTemperature'],
];

export class DiagnosticsLengthError extends Error {
  constructor(length: number) {
    super(
      `The diagnostics block has ${length} bytes; expected ${DIAGNOSTICS_LENGTH} (addresses 124–146).`,
    );
    this.name = 'DiagnosticsLengthError';
  }
}

export function decodeDiagnostics(
  bytes: Uint8Array,
  table: ControlTable = XM430_W350,
): ServoDiagnostics {
  if (bytes.length < DIAGNOSTICS_LENGTH) throw new DiagnosticsLengthError(bytes.length);
  const out: ServoDiagnostics = {
    pwm: 0,
    currentA: 0,
    velocityRadS: 0,
    positionRad: 0,
    velocityTrajectoryRadS: 0,
    positionTrajectoryRad: 0,
    voltageV: 0,
    temperatureC: 0,
  };
  for (const [field, key] of FIELDS) {
    const item = table.item(key);
    out[field] = table.toSi(item, table.decode(item, bytes, item.address - DIAGNOSTICS_ADDRESS));
  }
  return out;
}
