/** What the anonymizer takes (one local input per category) and what it hands to the outbox. */
import type { KindSpec } from './data-dictionary';

/** Local inputs, one per category. Extra properties are ignored, never copied. */
export interface TelemetryRollupInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  joint: string;
  /** Any time inside the hour the rollup covers. */
  tMs: number;
  samples: number;
  temperatureMeanC: number;
  temperatureMaxC: number;
  currentMeanA: number;
  currentMaxA: number;
  voltageMinV: number;
  voltageMeanV: number;
  velocityAbsMaxRadS: number;
  positionMinRad: number;
  positionMaxRad: number;
  hwErrorBits: number;
}

export interface FaultEpisodeInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  joint?: string | null;
  fault: string;
  severity: string;
  startMs: number;
  endMs?: number | null;
  hwError?: number | null;
  peakTemperatureC?: number | null;
  peakCurrentA?: number | null;
  minVoltageV?: number | null;
}

export interface TaskOutcomeInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  startMs: number;
  endMs: number;
  outcome: string;
  steps?: number | null;
  failedStepKind?: string | null;
  fault?: string | null;
}

export interface RobotConfigurationInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  joint: string;
  tMs: number;
  settings: Record<string, unknown>;
}

export interface DemonstrationInput {
  robotId: string;
  model: string;
  firmware?: string | number | null;
  startMs: number;
  /** Samples in time order; positions by joint name (gripper 0–1). */
  samples: Array<{ tMs: number; joints: Record<string, number> }>;
}

export interface DonationInputs {
  'telemetry-rollups': TelemetryRollupInput;
  'fault-episodes': FaultEpisodeInput;
  'task-outcomes': TaskOutcomeInput;
  'robot-configuration': RobotConfigurationInput;
  demonstrations: DemonstrationInput;
}

export type DonationRecord = Record<string, unknown> & { kind: string; schema: number };

export interface AnonymizeContext {
  pseudonym(robotId: string): string;
}

export interface Anonymized {
  record: DonationRecord;
  spec: KindSpec;
  line: string;
  /** Start of the record's time bucket and its end (for the k-anonymity hold). */
  bucketEndMs: number;
}

/** What `anonymizeLine` hands back, in an object the caller owns and reuses for every record. */
export interface AnonymizedLine {
  kind: string;
  /** The NDJSON line (no newline): exactly `JSON.stringify` of the anonymized record. */
  line: string;
  /** The record's quasi-identifier combination, as `comboKey` builds it. */
  key: string;
  bucketEndMs: number;
}
