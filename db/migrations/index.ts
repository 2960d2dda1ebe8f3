import type { Migration } from './migration';
import { initialSchema } from './001-initial-schema';

/** Every migration in order. Append only: a shipped migration is never edited. */
export const migrations: readonly Migration[] = [initialSchema];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
