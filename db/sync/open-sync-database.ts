/**
 * Opens a database for the sync CLI, tests and benchmark (plain Node, same thread).
 *
 * Interim: migration 005 (sync) is registered in migrations/index.ts only after 004 has landed,
 * because a database stamped user_version 5 would otherwise skip 004 forever. Until then this
 * appends it here; once index.ts lists it, the list is used as is.
 */
import { migrations } from '../migrations/index';
import { syncOutboxSchema } from '../migrations/005-sync-outbox';
import { openDatabase, type OpenedDatabase } from '../open-database';

export function migrationsWithSync() {
  return migrations.some((m) => m.version === syncOutboxSchema.version)
    ? migrations
    : [...migrations, syncOutboxSchema];
}

export function openSyncDatabase(path: string): OpenedDatabase {
  return openDatabase(path, { migrations: migrationsWithSync() });
}
