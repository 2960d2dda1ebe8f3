/**
 * The composition root shared by the desktop shell and `genba serve`: it opens the database
 * worker, creates the services, wires the API handlers and events, and shuts everything down in
 * order. It never imports electron.
 */
import { hostname } from 'node:os';
import { DbClient } from '../../db/db-client';
import { NetworkMonitor } from '../../native/net/network-monitor';
import { RobotFleet } from '../../native/robots/robot-fleet';
import { RobotLinkService } from '../../native/robots/robot-link-service';
import type { SerialPortInfo } from '../../native/discovery/serial-port-info';
import type { ByteTransport } from '../../native/transport/byte-transport';
import { FAULT_ADVICE } from '../../native/model/taxonomy';
import type { AppStatus, Language, RobotSummary, Role } from '../shared/contract';
import { ApiDispatcher, type ApiHandlers } from './api-dispatcher';
import { createAuth } from './auth-handlers';
import { createDemoHandlers } from './demo-handlers';
import { readAppVersion } from './app-version';
import { EventHub } from './event-hub';
import { createLogHandlers, OpenedLogFiles, type LogHandlersOptions } from './log-handlers';
import type { ChildLauncher } from '../../native/process/child-channel';
import { createModelHandlers, diagnosticsFor } from './model-handlers';
import { createSyncHandlers, stopSync } from './sync-handlers';
import { createRobotHandlers, databaseRobotRegistry } from './robot-handlers';
import { createTeachHandlers } from './teach-handlers';

export interface AppServicesOptions {
  dbPath: string;
  /**
   * Start the demo facility: true / false, or 'auto' — only on a first launch, when no robot is
   * registered and no known robot adapter is plugged in.
   */
  demo: boolean | 'auto';
  transport: AppStatus['transport'];
  electronVersion?: string | null;
  /** The desktop shell passes Electron's; otherwise read from package.json. */
  appVersion?: { name: string; version: string };
  dbWorkerScript?: string;
  log?: (line: string) => void;
  /** Kiosks and tests (`genba serve --kiosk-role`): what a connection may do before anyone signs in. */
  kioskRole?: Role | null;
  /** The desktop shell's PDF renderer and file dialog for the Logs area (log-handlers.ts). */
  logs?: Pick<LogHandlersOptions, 'renderReportPdf' | 'chooseLogFile' | 'downloadsDir'>;
  /** How helper processes start (the inference host, the teaching worker); default `child_process.fork`. */
  launchChild?: ChildLauncher;
  /** For tests: serial port listing and opening (defaults: the real ones). */
  listPorts?: () => Promise<SerialPortInfo[]>;
  openPort?: (path: string, baudRate: number) => Promise<ByteTransport>;
}

export interface AppServices {
  dispatcher: ApiDispatcher;
  events: EventHub;
  db: DbClient;
  fleet: RobotFleet;
  robots: RobotLinkService;
  /** Whether the demo facility runs (decided at start when `demo` was 'auto'). */
  demo: boolean;
  status(): AppStatus;
  shutdown(): Promise<void>;
}

/**
 * Robot handlers still take one fixed actor for their own audit rows (robot.register/update);
 * the dispatcher's audit row written as each robot command is accepted names the signed-in user.
 */
const LOCAL_ACTOR = `local@${hostname()}`;

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const log = options.log ?? (() => {});
  const db = await DbClient.open({
    path: options.dbPath,
    ...(options.dbWorkerScript ? { workerScript: options.dbWorkerScript } : {}),
    onSlowQuery: (method, ms) => log(`slow database call ${method}: ${ms.toFixed(0)} ms`),
  });
  const events = new EventHub();
  const logFiles = new OpenedLogFiles();
  const auth = await createAuth({ db, kioskRole: options.kioskRole ?? null, log });
  const fleet = new RobotFleet();
  const network = new NetworkMonitor(() => publishStatus());
  const { name, version } = options.appVersion ?? readAppVersion();
  const robots = new RobotLinkService({
    fleet,
    registry: databaseRobotRegistry(db),
    events: {
      portsChanged: (ports) => events.emit('ports.changed', ports),
      scanProgress: (progress) => events.emit('bus.scanProgress', progress),
      telemetryBatch: (batch) => events.emit('telemetry.batch', batch),
      traffic: (traffic) => events.emit('console.traffic', traffic),
      eventAppended: (event) => events.emit('events.appended', event),
    },
    // Every batch goes to the flight recorder; a failed write is logged, the robot keeps running.
    onTelemetry: (batch) => {
      db.call('appendTelemetry', batch).catch((error: Error & { code?: string }) => {
        // A paused log is reported once, and its dropped samples counted, in app.status.
        if (error.code !== 'disk_full' && error.code !== 'io_error') {
          log(`telemetry of ${batch.robotId} not stored: ${error.message}`);
        }
      });
      // The diagnostics model watches the same stream (its host process batches and drops).
      diagnosticsFor(db)?.service.ingest(batch);
    },
    ...(options.listPorts ? { listPorts: options.listPorts } : {}),
    ...(options.openPort ? { openPort: options.openPort } : {}),
    log,
  });
  let demoActive = false;

  const status = (): AppStatus => {
    const list = fleet.list();
    return {
      online: network.isOnline,
      database: {
        state: db.info.readOnly ? 'read-only' : 'ok',
        path: db.info.path,
        schemaVersion: db.info.schemaVersion,
        sqliteVersion: db.info.sqliteVersion,
        storage: db.storage,
      },
      robots: {
        connected: list.filter((robot) => robot.state !== 'disconnected').length,
        total: list.length,
      },
      demo: demoActive,
      transport: options.transport,
    };
  };
  const publishStatus = () => events.emit('app.status', status());
  // The worker reports the disk on every change and every retry while logging is paused.
  let storageState = db.storage.state;
  db.onStorageChange((health) => {
    if (health.state !== storageState) {
      log(health.state === 'ok' ? 'logging resumed' : `logging paused: ${health.message ?? ''}`);
    }
    storageState = health.state;
    publishStatus();
  });

  // A diagnostics alert speaks on the robot cards: while a model alert on a robot is unresolved
  // and the robot itself has nothing to say, the alert's care sentence is its attention text.
  const withAlertAttention = (list: RobotSummary[]): RobotSummary[] => {
    const open = (diagnosticsFor(db)?.service.alerts() ?? [])
      .filter((a) => a.state !== 'resolved')
      .reverse(); // newest first
    if (open.length === 0) return list;
    return list.map((robot) => {
      const alert = robot.attention ? undefined : open.find((a) => a.robot === robot.id);
      return alert ? { ...robot, attention: FAULT_ADVICE[alert.fault].care } : robot;
    });
  };
  fleet.onChange((robots) => {
    events.emit('robots.changed', withAlertAttention(robots));
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
    'settings.setLanguage': async ({ language }, context) => {
      await db.call('setSetting', {
        key: 'ui.language',
        value: language,
        actor: context.actor,
        nowMs: Date.now(),
      });
      return { language };
    },
    'robots.list': () => withAlertAttention(fleet.list()),
    ...createRobotHandlers(robots, LOCAL_ACTOR),
    // events.query is served with the logs: a connection may be reviewing another site's file.
    ...createLogHandlers(db, {
      transport: options.transport,
      files: logFiles,
      ...(options.dbWorkerScript ? { dbWorkerScript: options.dbWorkerScript } : {}),
      ...options.logs,
    }),
    ...createModelHandlers({ db, events, log, launchChild: options.launchChild }),
    ...createSyncHandlers({ db, events, networkLink: () => network.isOnline, log }),
    ...createTeachHandlers({ db, events, robots, fleet, log, launchChild: options.launchChild }),
    ...createDemoHandlers(robots),
    ...auth.handlers,
  };
  diagnosticsFor(db)?.service.onAlert(() =>
    events.emit('robots.changed', withAlertAttention(fleet.list())),
  );
  const dispatcher = new ApiDispatcher(handlers, auth.hooks);
  auth.attach(dispatcher);

  try {
    // The first write: on a full disk start-up stops here with the reason (disk_full).
    await db.call('appendEvent', {
      tMs: Date.now(),
      kind: 'system',
      severity: 'info',
      text: `Genba ${version} started (${options.transport === 'ipc' ? 'desktop' : 'browser mode'})`,
    });
    await robots.start();
    demoActive =
      options.demo === true ||
      (options.demo === 'auto' && !(await hasRealRobots(db)) && !robots.knownAdapterPresent());
    if (demoActive) await robots.startDemo();
  } catch (error) {
    network.stop();
    await robots.close();
    await db.close();
    throw error;
  }
  publishStatus();

  let shuttingDown: Promise<void> | null = null;
  return {
    dispatcher,
    events,
    db,
    fleet,
    robots,
    get demo() {
      return demoActive;
    },
    status,
    shutdown() {
      shuttingDown ??= (async () => {
        network.stop();
        await stopSync(db);
        await robots.close();
        await fleet.closeAll();
        await logFiles.closeAll();
        // The inference host is a child process: stop it, or it keeps the app alive.
        await diagnosticsFor(db)?.service.close();
        // On a full disk the last line cannot be written; the database must close regardless.
        await db
          .call('appendEvent', {
            tMs: Date.now(),
            kind: 'system',
            severity: 'info',
            text: 'Genba stopped',
          })
          .catch((error: Error) => log(`"Genba stopped" not logged: ${error.message}`));
        await db.close();
      })();
      return shuttingDown;
    },
  };
}

/** Robots registered from real adapters (demo robots do not count). */
async function hasRealRobots(db: DbClient): Promise<boolean> {
  const robots = await db.call('listRobots');
  return robots.some((robot) => !robot.identity.startsWith('demo:'));
}
