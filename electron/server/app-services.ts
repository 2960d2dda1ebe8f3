/**
 * The composition root shared by the desktop shell and `genba serve`: it opens the database
 * worker, creates the services, wires the API handlers and events, and shuts everything down in
 * order. It never imports electron.
 */
import { hostname } from 'node:os';
import { DbClient } from '../../db/db-client';
import { NetworkMonitor } from '../../native/net/network-monitor';
import { RobotFleet } from '../../native/robots/robot-fleet';
import type { AppStatus, Language } from '../shared/api-contract';
import { ApiDispatcher, type ApiHandlers } from './api-dispatcher';
import { readAppVersion } from './app-version';
import { EventHub } from './event-hub';

export interface AppServicesOptions {
  dbPath: string;
  demo: boolean;
  transport: AppStatus['transport'];
  electronVersion?: string | null;
  /** The desktop shell passes Electron's; otherwise read from package.json. */
  appVersion?: { name: string; version: string };
  dbWorkerScript?: string;
  log?: (line: string) => void;
}

export interface AppServices {
  dispatcher: ApiDispatcher;
  events: EventHub;
  db: DbClient;
  fleet: RobotFleet;
  status(): AppStatus;
  shutdown(): Promise<void>;
}

/** Who acts when no one is signed in (accounts come with the permissions work). */
const LOCAL_ACTOR = `local@${hostname()}`;

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const log = options.log ?? (() => {});
  const db = await DbClient.open({
    path: options.dbPath,
    ...(options.dbWorkerScript ? { workerScript: options.dbWorkerScript } : {}),
    onSlowQuery: (method, ms) => log(`slow database call ${method}: ${ms.toFixed(0)} ms`),
  });
  const events = new EventHub();
  const fleet = new RobotFleet();
  const network = new NetworkMonitor(() => publishStatus());
  const { name, version } = options.appVersion ?? readAppVersion();

  const status = (): AppStatus => {
    const robots = fleet.list();
    return {
      online: network.isOnline,
      database: {
        state: db.info.readOnly ? 'read-only' : 'ok',
        path: db.info.path,
        schemaVersion: db.info.schemaVersion,
        sqliteVersion: db.info.sqliteVersion,
      },
      robots: {
        connected: robots.filter((robot) => robot.state !== 'disconnected').length,
        total: robots.length,
      },
      demo: options.demo,
      transport: options.transport,
    };
  };
  const publishStatus = () => events.emit('app.status', status());

  fleet.onChange((robots) => {
    events.emit('robots.changed', robots);
    publishStatus();
  });
  network.start();

  const handlers: ApiHandlers = {
    'app.info': () => ({
      name,
      version,
      platform: `${process.platform}-${process.arch}`,
      node: process.versions.node,
      electron: options.electronVersion ?? null,
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
    }),
    'app.status': () => status(),
    'settings.getUi': async () => ({
      language: ((await db.call('getSetting', 'ui.language')) as Language | undefined) ?? null,
    }),
    'settings.setLanguage': async ({ language }) => {
      await db.call('setSetting', {
        key: 'ui.language',
        value: language,
        actor: LOCAL_ACTOR,
        nowMs: Date.now(),
      });
      return { language };
    },
    'robots.list': () => fleet.list(),
    'events.query': (query) => db.call('queryEvents', query),
  };

  await db.call('appendEvent', {
    tMs: Date.now(),
    kind: 'system',
    severity: 'info',
    text: `Genba ${version} started (${options.transport === 'ipc' ? 'desktop' : 'browser mode'})`,
  });
  publishStatus();

  let shuttingDown: Promise<void> | null = null;
  return {
    dispatcher: new ApiDispatcher(handlers),
    events,
    db,
    fleet,
    status,
    shutdown() {
      shuttingDown ??= (async () => {
        network.stop();
        await fleet.closeAll();
        await db.call('appendEvent', {
          tMs: Date.now(),
          kind: 'system',
          severity: 'info',
          text: 'Genba stopped',
        });
        await db.close();
      })();
      return shuttingDown;
    },
  };
}
