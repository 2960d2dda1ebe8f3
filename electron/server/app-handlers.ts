/** API handlers for the app itself (`app.*`, `settings.*`, contract/app.ts). */
import type { DbClient } from '../../db/db-client';
import type { AppStatus, Language, RequestChannel } from '../shared/contract';
import type { ApiHandlers } from './api-dispatcher';

type AppChannel = Extract<RequestChannel, `app.${string}` | `settings.${string}`>;

export function createAppHandlers(deps: {
  db: DbClient;
  name: string;
  version: string;
  electronVersion: string | null;
  status: () => AppStatus;
}): Pick<ApiHandlers, AppChannel> {
  const { db } = deps;
  return {
    'app.info': () => ({
      name: deps.name,
      version: deps.version,
      platform: `${process.platform}-${process.arch}`,
      node: process.versions.node,
      electron: deps.electronVersion,
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
    }),
    'app.status': () => deps.status(),
    'settings.getUi': async () => ({
      language: ((await db.call('getSetting', 'ui.language')) as Language | undefined) ?? null,
    }),
    'settings.setLanguage': async ({ language }, context) => {
      await db.call('setSetting', {
        key: 'ui.language',
        value: language,
        actor: context.actor,
        nowMs: Date.now(),
      });
      return { language };
    },
  };
}
