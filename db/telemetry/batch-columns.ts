/**
 * Robot sessions hand the database ordinary telemetry batches: arrays of sample objects. Posting
 * those to the db worker structured-clones every object on the main thread (and makes garbage
 * there); this turns a batch into one typed column set per joint instead, whose buffers are
 * transferred (moved, not copied) to the worker. Used by DbClient for `appendTelemetry`.
 */
import type { TelemetryBatch } from '../../native/domain';
import { CHANNEL_FIELDS } from './channels';
import type { TelemetryColumns } from './telemetry-store';

const C = CHANNEL_FIELDS.length;

/**
 * Per-joint columns of `batch` (sample order kept within each joint), or null when a sample is
 * malformed — then the caller sends the batch as it is and the worker refuses it with its usual
 * error.
 */
export function batchToColumns(batch: TelemetryBatch): TelemetryColumns[] | null {
  const { robotId, samples } = batch;
  if (typeof robotId !== 'string' || robotId === '' || !Array.isArray(samples)) return null;
  const counts = new Map<string, number>();
  for (const sample of samples) {
    if (typeof sample?.joint !== 'string' || !Number.isFinite(sample.tMs)) return null;
    counts.set(sample.joint, (counts.get(sample.joint) ?? 0) + 1);
  }
  const byJoint = new Map<string, { columns: TelemetryColumns; at: number }>();
  for (const [joint, n] of counts) {
    // One buffer per joint: time then the six channels, each a view on it.
    const buffer = new ArrayBuffer(8 * n * (C + 1));
    byJoint.set(joint, {
      columns: {
        robotId,
        joint,
        tMs: new Float64Array(buffer, 0, n),
        values: Array.from({ length: C }, (_, c) => new Float64Array(buffer, 8 * n * (c + 1), n)),
      },
      at: 0,
    });
  }
  for (const sample of samples) {
    const entry = byJoint.get(sample.joint)!;
    const i = entry.at++;
    entry.columns.tMs[i] = sample.tMs;
    for (let c = 0; c < C; c++) entry.columns.values[c]![i] = Number(sample[CHANNEL_FIELDS[c]!]);
  }
  return [...byJoint.values()].map((entry) => entry.columns);
}

/** The buffers to transfer with `columns` (each joint's single buffer, once). */
export function columnBuffers(columns: TelemetryColumns[]): ArrayBuffer[] {
  return [...new Set(columns.map((c) => c.tMs.buffer as ArrayBuffer))];
}
