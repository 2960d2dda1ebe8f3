/**
 * The donation outbox. Records are anonymized *before* they are written here, in the same
 * transaction as the local data they come from (`enqueueForDonation`). The uploader takes them
 * out in batches whose id is the sha256 of the body, recorded before the PUT:
 *
 *   pending ──prepareBatch──▶ in-flight(batchId) ──2xx──▶ sent
 *                                   │ 409 ─────────────▶ quarantined
 *                                   └ 413 ─▶ split into two new in-flight batches
 *
 * After a crash an in-flight batch is rebuilt byte for byte from its rows (same id) and sent
 * again; the receiver deduplicates by id, so nothing is lost and nothing is stored twice.
 *
 * Records enqueued together are stored as chunks (migration 007): one outbox row for up to
 * CHUNK_MAX_LINES lines of one kind (`records`), the lines joined by "\n" in `sync_payloads`,
 * written once and never updated. A batch is whole rows, so its body is the same bytes either
 * way; a state change rewrites one small row per chunk instead of every record's text, which is
 * what lets the outbox keep up with 100k records/s. Single records (and rows from before 007)
 * keep their line in `sync_outbox.line`.
 *
 * admission.ts takes records in, k-anonymity.ts decides whether they may go out yet,
 * chunk-writer.ts and rows.ts store them, batches.ts is the batch state machine above,
 * retention.ts drops what is no longer needed and status.ts answers what the admin sees.
 */
export {
  enqueueForDonation,
  enqueueManyForDonation,
  type EnqueueResult,
  type EnqueueTally,
} from './admission';
export { HOLD_GRACE_MS, K_ANONYMITY, withholdExpired } from './k-anonymity';
export { CHUNK_MAX_LINES } from './chunk-writer';
export {
  DEFAULT_BATCH_LIMITS,
  inFlightBatchIds,
  loadBatch,
  markBatchSent,
  previewNextBatch,
  quarantineBatch,
  recordAttempt,
  sha256Hex,
  splitBatch,
  takeNextBatch,
  type BatchLimits,
  type Outcome,
  type PreparedBatch,
} from './batches';
export { dropUnsent, pruneSentPayloads, SENT_RETENTION_MS } from './retention';
export {
  lastUpload,
  outboxLines,
  queueVolumes,
  uploadHistory,
  type QueueVolume,
  type UploadHistoryEntry,
} from './status';
