import type { Migration } from './migration';
import { initialSchema } from './001-initial-schema';
import { telemetryStore } from './002-telemetry-store';

/** Every migration in order. Append only: a shipped migration is never edited. */
export const migrations: readonly Migration[] = [initialSchema, telemetryStore];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
