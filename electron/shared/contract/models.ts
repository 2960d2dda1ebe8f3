/** The diagnostics model: model packs (import, activate, roll back) and the alerts it raises. */
import { z } from 'zod';
import { ALERT_STATES, MODEL_PACK_STATES } from '../../../native/domain';
import { ADMIN, ALL, READERS } from './access';
import { MEASURED_CHANNELS, NoArgs, Text, type ChannelSpec, type EventSpec } from './common';

export const ModelPackSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.string(),
  state: z.enum(MODEL_PACK_STATES),
  heads: z.array(z.string()),
  signedBy: z.string(),
  /** Signed with the public development key: integrity only, not authority. */
  developmentKey: z.boolean(),
  /** The pack that ships with Genba: its exact files are pinned in the app, whatever signed it. */
  bundled: z.boolean(),
  importedMs: z.number(),
  activatedMs: z.number().nullable(),
  evaluation: z.record(z.string(), z.unknown()).nullable(),
});
export type ModelPackSummary = z.infer<typeof ModelPackSummary>;

/** The argument naming one model pack: the registry's row id. */
export const ModelPackId = z.object({ id: z.number().int().positive() }).strict();

export const DiagnosticAlert = z.object({
  id: z.string(),
  robotId: z.string(),
  joint: z.string(),
  fault: z.string(),
  state: z.enum(ALERT_STATES),
  raisedMs: z.number(),
  acknowledgedMs: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedMs: z.number().nullable(),
  confidence: z.number(),
  anomaly: z.number(),
  byHardware: z.boolean(),
  label: Text,
  /** Care staff: one sentence and whom to call. */
  care: Text,
  /** Technicians: cause, checks and procedure. */
  technician: Text,
  evidence: z.array(z.object({ tMs: z.number(), ...MEASURED_CHANNELS })),
});
export type DiagnosticAlert = z.infer<typeof DiagnosticAlert>;

/**
 * Model packs: anyone who diagnoses sees them; only an administrator changes them. Alerts: care
 * staff acknowledge them too.
 */
export const modelChannels = {
  'models.list': { access: { roles: READERS }, args: NoArgs, result: z.array(ModelPackSummary) },
  'models.activate': {
    access: { roles: ADMIN, auditOnAccept: 'model.activate' },
    args: ModelPackId,
    result: ModelPackSummary,
  },
  'models.rollback': {
    access: { roles: ADMIN, auditOnAccept: 'model.rollback' },
    args: NoArgs,
    result: ModelPackSummary,
  },
  'models.import': {
    access: { roles: ADMIN, auditOnAccept: 'model.import' },
    args: z.object({ path: z.string().min(1).max(1000) }).strict(),
    result: ModelPackSummary,
  },
  'alerts.list': {
    access: { roles: ALL },
    args: z
      .object({
        states: z.array(z.enum(ALERT_STATES)).max(3).optional(),
      })
      .strict(),
    result: z.array(DiagnosticAlert),
  },
  'alerts.acknowledge': {
    access: { roles: ALL, auditOnAccept: 'alert.acknowledge' },
    args: z.object({ id: z.string().min(1).max(200) }).strict(),
    result: DiagnosticAlert,
  },
} as const satisfies Record<string, ChannelSpec>;

export const modelEvents = {
  'alerts.changed': { payload: DiagnosticAlert, access: { roles: ALL } },
} as const satisfies Record<string, EventSpec>;
