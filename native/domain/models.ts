/** Model packs and diagnostic alerts, as the database keeps them (db/migrations/004). */
import type { AlertState } from './faults';

export const MODEL_PACK_STATES = ['available', 'active', 'previous'] as const;
export type ModelPackState = (typeof MODEL_PACK_STATES)[number];

export interface ModelPackRecord {
  id: number;
  name: string;
  version: string;
  digest: string;
  dir: string;
  keyId: string;
  developmentKey: boolean;
  /** The verified manifest, as JSON. */
  manifest: string;
  importedMs: number;
  activatedMs: number | null;
  state: ModelPackState;
}

/** What every alert carries, live in the diagnostics model or stored as a row. */
export interface AlertFigures {
  joint: string;
  state: AlertState;
  /** First detection (ms, the telemetry clock). */
  raisedMs: number;
  acknowledgedMs: number | null;
  acknowledgedBy: string | null;
  resolvedMs: number | null;
  /** Mean probability of the fault over the windows that raised it (1 when the servo latched it). */
  confidence: number;
  anomaly: number;
  /** Raised because the servo had already latched its own alarm. */
  byHardware: boolean;
}

export interface AlertRecord extends AlertFigures {
  id: string;
  robotId: string;
  fault: string;
  model: string | null;
  /** EvidencePoint[] as JSON. */
  evidence: string;
}
