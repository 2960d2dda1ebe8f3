/** One builder per donation category: every output field written explicitly, nothing copied. */
import type { DonationCategory } from './categories';
import { FAULTS, JOINTS, MODELS, SEVERITIES, STEP_KINDS, TASK_OUTCOMES } from './data-dictionary';
import type { AnonymizeContext, DonationInputs, DonationRecord } from './donation-types';
import {
  DAY,
  dayOf,
  firmwareOf,
  HOUR,
  hourOf,
  int,
  nonce,
  oneOf,
  oneOfOrUndefined,
  round,
} from './field-allowlist';

function head(
  kind: string,
  ctx: AnonymizeContext,
  input: { robotId: string; model: string; firmware?: unknown },
) {
  return {
    kind,
    schema: 1,
    rid: nonce(),
    robot: ctx.pseudonym(input.robotId),
    model: oneOf(MODELS, input.model),
    firmware: firmwareOf(input.firmware),
  };
}

export type Builder<C extends DonationCategory> = (
  input: DonationInputs[C],
  ctx: AnonymizeContext,
) => {
  record: DonationRecord;
  bucketEndMs: number;
};

export const builders: { [C in DonationCategory]: Builder<C> } = {
  // The bulk of donations: one literal in dictionary order, always the same shape (no spread).
  'telemetry-rollups': (input, ctx) => ({
    record: {
      kind: 'telemetry_rollup',
      schema: 1,
      rid: nonce(),
      robot: ctx.pseudonym(input.robotId),
      model: oneOf(MODELS, input.model),
      firmware: firmwareOf(input.firmware),
      joint: oneOf(JOINTS, input.joint),
      hour: hourOf(input.tMs),
      n: int(input.samples, 0, 10_000_000) ?? 0,
      temp_mean: round(input.temperatureMeanC, 1, -40, 200),
      temp_max: round(input.temperatureMaxC, 1, -40, 200),
      cur_mean: round(input.currentMeanA, 2, -50, 50),
      cur_max: round(input.currentMaxA, 2, -50, 50),
      volt_min: round(input.voltageMinV, 1, 0, 100),
      volt_mean: round(input.voltageMeanV, 1, 0, 100),
      vel_abs_max: round(input.velocityAbsMaxRadS, 2, 0, 100),
      pos_min: round(input.positionMinRad, 2, -20, 20),
      pos_max: round(input.positionMaxRad, 2, -20, 20),
      hw_error: int(input.hwErrorBits, 0, 255) ?? 0,
    },
    bucketEndMs: (Math.floor(input.tMs / HOUR) + 1) * HOUR,
  }),
  'fault-episodes': (input, ctx) => ({
    record: {
      ...head('fault_episode', ctx, input),
      joint: oneOf(JOINTS, input.joint ?? 'other'),
      day: dayOf(input.startMs),
      fault: oneOf(FAULTS, input.fault),
      severity: oneOfOrUndefined(SEVERITIES, input.severity) ?? 'warning',
      duration_s:
        input.endMs != null
          ? int((input.endMs - input.startMs) / 1000, 0, 7 * 86_400, 10)
          : undefined,
      hw_error: int(input.hwError, 0, 255),
      temp_peak: round(input.peakTemperatureC, 0, -40, 200),
      cur_peak: round(input.peakCurrentA, 1, -50, 50),
      volt_min: round(input.minVoltageV, 1, 0, 100),
    },
    bucketEndMs: (Math.floor(input.startMs / DAY) + 1) * DAY,
  }),
  'task-outcomes': (input, ctx) => ({
    record: {
      ...head('task_outcome', ctx, input),
      day: dayOf(input.startMs),
      outcome: oneOfOrUndefined(TASK_OUTCOMES, input.outcome) ?? 'failed',
      duration_s: int((input.endMs - input.startMs) / 1000, 0, 86_400) ?? 0,
      steps: int(input.steps, 0, 10_000),
      failed_step: input.failedStepKind ? oneOf(STEP_KINDS, input.failedStepKind) : undefined,
      fault: input.fault ? oneOf(FAULTS, input.fault) : undefined,
    },
    bucketEndMs: (Math.floor(input.startMs / DAY) + 1) * DAY,
  }),
  'robot-configuration': (input, ctx) => {
    const s = input.settings;
    return {
      record: {
        ...head('robot_configuration', ctx, input),
        joint: oneOf(JOINTS, input.joint),
        day: dayOf(input.tMs),
        operating_mode: int(s.operatingMode, 0, 16),
        velocity_limit: round(s.velocityLimitRadS ?? s.maxVelocityRadS, 2, 0, 100),
        current_limit: round(s.currentLimitA, 2, 0, 50),
        temperature_limit: round(s.temperatureLimitC, 0, 0, 150),
        pos_p_gain: round(s.positionPGain, 0, 0, 20_000),
        pos_i_gain: round(s.positionIGain, 0, 0, 20_000),
        pos_d_gain: round(s.positionDGain, 0, 0, 20_000),
      },
      bucketEndMs: (Math.floor(input.tMs / DAY) + 1) * DAY,
    };
  },
  demonstrations: (input, ctx) => {
    const names = [...new Set(input.samples.flatMap((s) => Object.keys(s.joints)))]
      .filter((name) => (JOINTS as readonly string[]).includes(name))
      .slice(0, 8);
    const t0 = input.samples[0]?.tMs ?? input.startMs;
    const rows: number[][] = [];
    let lastT = -Infinity;
    for (const sample of input.samples) {
      if (sample.tMs - lastT < 100) continue; // at most 10 Hz
      lastT = sample.tMs;
      rows.push([
        Math.round((sample.tMs - t0) / 100) / 10,
        ...names.map((name) => round(sample.joints[name], 3, -1000, 1000) ?? 0),
      ]);
      if (rows.length >= 36_000) break;
    }
    return {
      record: {
        ...head('demonstration', ctx, input),
        day: dayOf(input.startMs),
        duration_s: round(((input.samples.at(-1)?.tMs ?? t0) - t0) / 1000, 1, 0, 3600) ?? 0,
        columns: ['t_s', ...names],
        trajectory: rows,
      },
      bucketEndMs: (Math.floor(input.startMs / DAY) + 1) * DAY,
    };
  },
};
