import type { Migration } from './migration';
import { initialSchema } from './001-initial-schema';
import { telemetryStore } from './002-telemetry-store';
import { accountsAndAuditChain } from './003-accounts-and-audit-chain';
import { modelRegistryAndAlerts } from './004-model-registry-and-alerts';
import { syncOutboxSchema } from './005-sync-outbox';
import { eventBigrams } from './006-event-bigrams';
import { syncOutboxChunks } from './007-sync-outbox-chunks';
import { taskLibrary } from './008-task-library';
import { syncUpstreamWait } from './009-sync-upstream-wait';
import { applicationId } from './010-application-id';
import { eventMessages } from './011-event-messages';

/** Every migration in order. Append only: a shipped migration is never edited. */
export const migrations: readonly Migration[] = [
  initialSchema,
  telemetryStore,
  accountsAndAuditChain,
  modelRegistryAndAlerts,
  syncOutboxSchema,
  eventBigrams,
  syncOutboxChunks,
  taskLibrary,
  syncUpstreamWait,
  applicationId,
  eventMessages,
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
