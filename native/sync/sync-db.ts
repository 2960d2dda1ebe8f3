/**
 * What the uploader needs from the database, as async calls. The app passes its DbClient (the
 * calls run on the db worker); the CLI, tests and benchmark pass `directSyncDb` over an opened
 * connection in the same thread.
 */
import type { Database } from 'better-sqlite3';
import { SettingsRepository } from '../../db/repositories/settings-repository';
import { createSyncDbMethods, type SyncDbMethods } from '../../db/sync/sync-db-methods';

export type SyncMethods = SyncDbMethods & {
  getSetting(key: string): unknown;
  setSetting(args: { key: string; value: unknown; actor: string; nowMs: number }): void;
};
export type SyncMethodName = keyof SyncMethods;

export interface SyncDb {
  call<M extends SyncMethodName>(
    method: M,
    ...args: Parameters<SyncMethods[M]>
  ): Promise<ReturnType<SyncMethods[M]>>;
}

export function directSyncDb(db: Database): SyncDb {
  const settings = new SettingsRepository(db);
  const methods: SyncMethods = {
    ...createSyncDbMethods(db),
    getSetting: (key) => settings.get(key),
    setSetting: ({ key, value, nowMs }) => settings.set(key, value, nowMs),
  };
  return {
    call(method, ...args) {
      try {
        const fn = methods[method] as (...a: unknown[]) => unknown;
        return Promise.resolve(fn(...args)) as never;
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/** Anything with a compatible `call` (the app's DbClient) as a SyncDb. */
export function syncDbFrom(client: {
  call(method: never, ...args: never[]): Promise<unknown>;
}): SyncDb {
  return client as unknown as SyncDb;
}
