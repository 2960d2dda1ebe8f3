/**
 * The donation pipeline's part of the database worker's method map (spread into db-methods.ts).
 * Values cross the worker boundary (structured clone): batches to send travel as bytes
 * (a Uint8Array, copied once), the preview as text.
 */
import type { Database } from 'better-sqlite3';
import { AuditRepository } from '../repositories/audit-repository';
import { SettingsRepository } from '../repositories/settings-repository';
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
import { sweepSources, type SweepProfiles } from './sources';
import { readUpstreamWait, writeUpstreamWait, type UpstreamWait } from './upstream-wait';

export interface BatchText {
  id: string;
  text: string;
  records: number;
  categories: Partial<Record<DonationCategory, number>>;
}

/** A batch to send: its uncompressed body as bytes. */
export interface BatchBytes {
  id: string;
  body: Uint8Array;
  records: number;
  categories: Partial<Record<DonationCategory, number>>;
}

const asBytes = (batch: PreparedBatch): BatchBytes => ({
  id: batch.id,
  body: batch.body,
  records: batch.records,
  categories: batch.categories,
});

const asText = (batch: PreparedBatch): BatchText => ({
  id: batch.id,
  text: batch.body.toString('utf8'),
  records: batch.records,
  categories: batch.categories,
});

export function createSyncDbMethods(db: Database) {
  const settings = new SettingsRepository(db);
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
    syncSweep(nowMs: number, profiles: SweepProfiles) {
      return sweepSources(db, nowMs, profiles);
    },
    /** `exclude`: in-flight batches the caller already holds (the uploader's pipeline). */
    syncTakeBatch(args: {
      limits?: BatchLimits;
      nowMs: number;
      exclude?: readonly string[];
    }): BatchBytes | null {
      const batch = takeNextBatch(
        db,
        args.limits ?? DEFAULT_BATCH_LIMITS,
        args.nowMs,
        args.exclude,
      );
      return batch ? asBytes(batch) : null;
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
    syncSplitBatch(args: { batchId: string; nowMs: number }): BatchBytes[] {
      return splitBatch(db, args.batchId, args.nowMs).map(asBytes);
    },
    syncQueue() {
      return { volumes: queueVolumes(db), lastUpload: lastUpload(db) };
    },
    syncHistory(args: { limit: number; beforeMs?: number }) {
      return uploadHistory(db, args.limit, args.beforeMs);
    },
    /** The upstream's pending "not before", or null when it has passed. */
    syncUpstreamWait(args: { nowMs: number; capMs: number }): UpstreamWait | null {
      return readUpstreamWait(db, args.nowMs, args.capMs);
    },
    syncSetUpstreamWait(args: { notBeforeMs: number; status: number | null; nowMs: number }) {
      writeUpstreamWait(db, args);
    },
    syncDataDictionary() {
      return publishedDictionary();
    },
    /**
     * The facility token for the upstream endpoint: stored like a setting, audited without its
     * value (the audit trail must not hold the secret).
     */
    syncSetToken(args: { token: string; actor: string; nowMs: number }) {
      db.transaction(() => {
        const had = Boolean(settings.get('sync.token'));
        settings.set('sync.token', args.token, args.nowMs);
        new AuditRepository(db).append({
          tMs: args.nowMs,
          actor: args.actor,
          action: 'sync.token.set',
          target: 'sync.token',
          before: { set: had },
          after: { set: true },
        });
      }).immediate();
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
