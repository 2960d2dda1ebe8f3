/** Rows the database keeps for the model registry and alerts (db/migrations/004). */
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
  state: 'available' | 'active' | 'previous';
}

export interface AlertRecord {
  id: string;
  robotId: string;
  joint: string;
  fault: string;
  state: 'raised' | 'acknowledged' | 'resolved';
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
