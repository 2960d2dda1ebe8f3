/**
 * The donation pipeline's part of the database worker's method map (spread into db-methods.ts).
 * Values cross the worker boundary, so batches travel as text, not Buffers.
 */
import type { Database } from 'better-sqlite3';
import type { DonationCategory } from './categories';
import { listConsent, setConsent } from './consent';
import { publishedDictionary } from './data-dictionary';
import { closeExpiredPeriods, scrubClosedKeys } from './donation-periods';
import {
  DEFAULT_BATCH_LIMITS,
  lastUpload,
  markBatchSent,
  previewNextBatch,
  quarantineBatch,
  queueVolumes,
  recordAttempt,
  splitBatch,
  takeNextBatch,
  uploadHistory,
  type BatchLimits,
  type Outcome,
  type PreparedBatch,
} from './outbox';
import { sweepSources } from './sources';

export interface BatchText {
  id: string;
  text: string;
  records: number;
  categories: Partial<Record<DonationCategory, number>>;
}

const asText = (batch: PreparedBatch): BatchText => ({
  id: batch.id,
  text: batch.body.toString('utf8'),
  records: batch.records,
  categories: batch.categories,
});

export function createSyncDbMethods(db: Database) {
  return {
    syncConsent() {
      return listConsent(db);
    },
    syncSetConsent(args: {
      categories: DonationCategory[];
      enabled: boolean;
      actor: string;
      nowMs: number;
    }) {
      return setConsent(db, args);
    },
    syncSweep(nowMs: number) {
      return sweepSources(db, nowMs);
    },
    syncTakeBatch(args: { limits?: BatchLimits; nowMs: number }): BatchText | null {
      const batch = takeNextBatch(db, args.limits ?? DEFAULT_BATCH_LIMITS, args.nowMs);
      return batch ? asText(batch) : null;
    },
    syncPreview(limits?: BatchLimits): BatchText | null {
      const batch = previewNextBatch(db, limits ?? DEFAULT_BATCH_LIMITS);
      return batch ? asText(batch) : null;
    },
    syncMarkSent(args: { batchId: string; outcome: Outcome }) {
      markBatchSent(db, args.batchId, args.outcome);
    },
    syncQuarantine(args: { batchId: string; outcome: Outcome }) {
      quarantineBatch(db, args.batchId, args.outcome);
    },
    syncRecordAttempt(args: { batchId: string; outcome: Outcome }) {
      recordAttempt(db, args.batchId, args.outcome);
    },
    syncSplitBatch(args: { batchId: string; nowMs: number }): BatchText[] {
      return splitBatch(db, args.batchId, args.nowMs).map(asText);
    },
    syncQueue() {
      return { volumes: queueVolumes(db), lastUpload: lastUpload(db) };
    },
    syncHistory(args: { limit: number; beforeMs?: number }) {
      return uploadHistory(db, args.limit, args.beforeMs);
    },
    syncDataDictionary() {
      return publishedDictionary();
    },
    /** Ends the donation period now: its pseudonym key is destroyed. */
    syncClosePeriod(nowMs: number) {
      const closed = db.transaction(() => closeExpiredPeriods(db, nowMs, true)).immediate();
      const scrubbed = closed ? scrubClosedKeys(db) : true;
      return { closed, scrubbed };
    },
  };
}

export type SyncDbMethods = ReturnType<typeof createSyncDbMethods>;
