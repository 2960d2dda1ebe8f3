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

export interface AlertRecord {
  id: string;
  robotId: string;
  joint: string;
  fault: string;
  state: AlertState;
  raisedMs: number;
  acknowledgedMs: number | null;
  acknowledgedBy: string | null;
  resolvedMs: number | null;
  confidence: number;
  anomaly: number;
  byHardware: boolean;
  model: string | null;
  /** EvidencePoint[] as JSON. */
  evidence: string;
}
