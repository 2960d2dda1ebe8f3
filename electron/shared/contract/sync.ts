/**
 * Donation sync: consent per category, the exact preview of what would leave, the data
 * dictionary, upload history, bandwidth, the endpoint, and model updates from upstream.
 */
import { z } from 'zod';
import { SYNC_CATEGORIES } from '../../../native/domain';
import { ADMIN, REVIEWERS } from './access';
import { NoArgs, pickMask, Text, type ChannelSpec, type EventSpec } from './common';
import { ModelPackId, ModelPackSummary } from './models';

export const SyncCategory = z.enum(SYNC_CATEGORIES);
export type SyncCategory = z.infer<typeof SyncCategory>;

/** What is wrong, in plain words in both languages; `code` is stable for the UI. */
export const SyncProblem = z.object({
  code: z.string(),
  ...Text.shape,
  atMs: z.number(),
  status: z.number().int().optional(),
});
export type SyncProblem = z.infer<typeof SyncProblem>;

export const SyncCategoryCounts = z.record(z.string(), z.number().int());

export const SyncStatus = z.object({
  state: z.enum([
    'starting',
    'idle',
    'uploading',
    'waiting',
    'paused',
    'offline',
    'not-configured',
    'unauthorized',
  ]),
  /** The OS has a network link and the endpoint answered the last probe. */
  online: z.boolean(),
  networkLink: z.boolean(),
  endpointReachable: z.boolean().nullable(),
  paused: z.boolean(),
  /** The token itself never leaves the main process. */
  endpoint: z.object({ url: z.string(), tokenSet: z.boolean() }).nullable(),
  /** 0 = no cap. */
  bandwidthBytesPerSecond: z.number().int(),
  /** Per category: consent, and what waits to leave (held = below k so far; withheld = never). */
  queue: z.array(
    z.object({
      category: SyncCategory,
      label: Text,
      enabled: z.boolean(),
      changedMs: z.number().nullable(),
      actor: z.string().nullable(),
      records: z.number().int(),
      bytes: z.number().int(),
      held: z.number().int(),
      withheld: z.number().int(),
    }),
  ),
  lastUpload: z.object({ finishedMs: z.number(), records: z.number().int() }).nullable(),
  problem: SyncProblem.nullable(),
  lastCheckedMs: z.number().nullable(),
  nextAttemptMs: z.number().nullable(),
  uploadedThisSession: z.object({
    batches: z.number().int(),
    records: z.number().int(),
    gzipBytes: z.number().int(),
  }),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** Exactly the next batch that would leave: its id and its decompressed NDJSON lines. */
export const SyncPreview = z.object({
  batchId: z.string().nullable(),
  records: z.number().int(),
  bytes: z.number().int(),
  categories: SyncCategoryCounts,
  lines: z.array(z.string()),
});
export type SyncPreview = z.infer<typeof SyncPreview>;

export const SyncDictionaryKind = z.object({
  kind: z.string(),
  schema: z.number().int(),
  category: SyncCategory,
  description: Text,
  time: z.enum(['hour', 'day']),
  quasiIdentifiers: z.array(z.string()),
  fields: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      optional: z.boolean(),
      unit: z.string().nullable(),
      values: z.array(z.string()).nullable(),
      description: Text,
    }),
  ),
});
export type SyncDictionaryKind = z.infer<typeof SyncDictionaryKind>;

export const SyncUpload = z.object({
  batchId: z.string(),
  state: z.enum(['in-flight', 'sent', 'quarantined']),
  createdMs: z.number(),
  finishedMs: z.number().nullable(),
  records: z.number().int(),
  rawBytes: z.number().int(),
  gzipBytes: z.number().int().nullable(),
  categories: SyncCategoryCounts,
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type SyncUpload = z.infer<typeof SyncUpload>;

export const SyncModelPack = ModelPackSummary.pick(pickMask('id', 'name', 'version', 'state'));

/** A model update check: what is active, what was offered and staged, or why it was refused. */
export const SyncModelUpdate = z.object({
  outcome: z.enum(['staged', 'up-to-date', 'refused', 'activated', 'rolled-back']),
  active: SyncModelPack.nullable(),
  staged: SyncModelPack.nullable(),
  offered: z.object({ name: z.string(), version: z.string(), expiresAt: z.string() }).nullable(),
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type SyncModelUpdate = z.infer<typeof SyncModelUpdate>;

/**
 * Supervisors and admins see what leaves and when; only an administrator decides what leaves
 * (consent), where to (endpoint), and accepts model updates.
 */
export const syncChannels = {
  'sync.status': { access: { roles: REVIEWERS }, args: NoArgs, result: SyncStatus },
  'sync.setConsent': {
    access: { roles: ADMIN },
    args: z
      .object({ categories: z.array(SyncCategory).min(1).max(5), enabled: z.boolean() })
      .strict(),
    result: z.object({ status: SyncStatus, dropped: z.number().int() }),
  },
  'sync.preview': { access: { roles: REVIEWERS }, args: NoArgs, result: SyncPreview },
  'sync.dataDictionary': {
    access: { roles: REVIEWERS },
    args: NoArgs,
    result: z.array(SyncDictionaryKind),
  },
  'sync.pause': { access: { roles: ADMIN }, args: NoArgs, result: SyncStatus },
  'sync.resume': { access: { roles: ADMIN }, args: NoArgs, result: SyncStatus },
  'sync.setBandwidth': {
    access: { roles: ADMIN },
    args: z.object({ bytesPerSecond: z.number().int().min(0).max(1_000_000_000) }).strict(),
    result: SyncStatus,
  },
  'sync.history': {
    access: { roles: REVIEWERS },
    args: z
      .object({
        limit: z.number().int().min(1).max(500).optional(),
        beforeMs: z.number().optional(),
      })
      .strict(),
    result: z.array(SyncUpload),
  },
  /** `token` omitted: keep the one already set. */
  'sync.setEndpoint': {
    access: { roles: ADMIN },
    args: z
      .object({
        url: z.string().trim().min(1).max(500),
        token: z.string().trim().min(1).max(500).optional(),
      })
      .strict(),
    result: SyncStatus,
  },
  'sync.checkModelUpdate': {
    access: { roles: ADMIN, auditOnAccept: 'sync.model-update.check' },
    args: NoArgs,
    result: SyncModelUpdate,
  },
  'sync.activateModelUpdate': {
    access: { roles: ADMIN, auditOnAccept: 'sync.model-update.activate' },
    args: ModelPackId,
    result: SyncModelUpdate,
  },
  'sync.rollbackModelUpdate': {
    access: { roles: ADMIN, auditOnAccept: 'sync.model-update.rollback' },
    args: NoArgs,
    result: SyncModelUpdate,
  },
} as const satisfies Record<string, ChannelSpec>;

export const syncEvents = {
  'sync.changed': { payload: SyncStatus, access: { roles: REVIEWERS } },
} as const satisfies Record<string, EventSpec>;
