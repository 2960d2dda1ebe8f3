/**
 * The composition root shared by the desktop shell and `genba serve`: it starts every service
 * once, in order (the database worker first), wires them to each other, to the API handlers and
 * to the events, and on shutdown stops them in reverse order (service-lifecycle.ts). Handlers
 * only adapt a channel to a service method; no service is built anywhere else. It never imports
 * electron.
 */
import { hostname } from 'node:os';
import { DbClient } from '../../db/db-client';
import { EVENT_WORDS, messageEvent } from '../../native/domain';
import { NetworkMonitor } from '../../native/net/network-monitor';
import { RobotFleet } from '../../native/robots/robot-fleet';
import { RobotLinkService } from '../../native/robots/robot-link-service';
import type { SerialPortInfo } from '../../native/discovery/serial-port-info';
import type { ByteTransport } from '../../native/transport/byte-transport';
import { servicePackTrust } from '../../native/model/pack/trusted-keys';
import { FAULT_ADVICE } from '../../native/model/taxonomy';
import type { ChildLauncher } from '../../native/process/child-channel';
import { syncDbFrom } from '../../native/sync/sync-db';
import { SyncService } from '../../native/sync/sync-service';
import { guardOnAlerts, guardOnEvent } from '../../native/teach/teach-guard';
import { TeachRunner } from '../../native/teach/teach-runner';
import { TeachService } from '../../native/teach/teach-service';
import type { AppStatus, RobotSummary, Role } from '../shared/contract';
import { ApiDispatcher, type ApiHandlers } from './api-dispatcher';
import { createAppHandlers } from './app-handlers';
import { readAppVersion } from './app-version';
import { createAuth } from './auth-handlers';
import { createDemoHandlers } from './demo-handlers';
import { startDiagnostics, type DiagnosticsRuntime } from './diagnostics-runtime';
import { EventHub } from './event-hub';
import { createLogHandlers, OpenedLogFiles, type LogHandlersOptions } from './log-handlers';
import { createModelHandlers } from './model-handlers';
import { createRobotHandlers, databaseRobotRegistry } from './robot-handlers';
import { ServiceLifecycle, type LifecyclePhase } from './service-lifecycle';
import { createSyncHandlers } from './sync-handlers';
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
  /** For tests: each service as it starts and stops, in order. */
  onLifecycle?: (phase: LifecyclePhase, service: string) => void;
}

export interface AppServices {
  dispatcher: ApiDispatcher;
  events: EventHub;
  db: DbClient;
  fleet: RobotFleet;
  robots: RobotLinkService;
  diagnostics: DiagnosticsRuntime;
  sync: SyncService;
  teach: TeachService;
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
  const lifecycle = new ServiceLifecycle({
    log,
    ...(options.onLifecycle ? { onStep: options.onLifecycle } : {}),
  });
  const { name, version } = options.appVersion ?? readAppVersion();
  const events = new EventHub();
  try {
    const db = await lifecycle.start(
      'database',
      () =>
        DbClient.open({
          path: options.dbPath,
          ...(options.dbWorkerScript ? { workerScript: options.dbWorkerScript } : {}),
          onSlowQuery: (method, ms) => log(`slow database call ${method}: ${ms.toFixed(0)} ms`),
        }),
      (db) => db.close(),
    );
    const journal = (line: ReturnType<typeof messageEvent>) =>
      db.call('appendEvent', { tMs: Date.now(), kind: 'system', severity: 'info', ...line });
    // The first write: on a full disk start-up stops here with the reason (disk_full).
    await lifecycle.start(
      'journal',
      () =>
        journal(
          messageEvent('system.started', {
            version,
            mode: options.transport === 'ipc' ? EVENT_WORDS.desktop : EVENT_WORDS.browserMode,
          }),
        ),
      () => journal(messageEvent('system.stopped', {})).then(() => {}),
    );
    const logFiles = await lifecycle.start(
      'log files',
      () => new OpenedLogFiles(),
      (files) => files.closeAll(),
    );
    const auth = await createAuth({ db, kioskRole: options.kioskRole ?? null, log });
    const fleet = await lifecycle.start(
      'fleet',
      () => new RobotFleet(),
      (fleet) => fleet.closeAll(),
    );
    let network: NetworkMonitor | null = null;
    let demoActive = false;

    const status = (): AppStatus => {
      const list = fleet.list();
      return {
        online: network?.isOnline ?? false,
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

    // The inference host is a child process: stopped here, or it keeps the app alive.
    const diagnostics = await lifecycle.start(
      'diagnostics',
      () =>
        startDiagnostics({
          db,
          events,
          log,
          launchChild: options.launchChild,
          // `--demo` is known now; an 'auto' demo counts once it has started.
          packTrust: () => servicePackTrust(options.demo === true || demoActive),
        }),
      (runtime) => runtime.close(),
    );
    network = await lifecycle.start(
      'network',
      () => {
        const monitor = new NetworkMonitor(() => publishStatus());
        monitor.start();
        return monitor;
      },
      (monitor) => monitor.stop(),
    );
    // Ends the upload loop; an in-flight batch is resent under its id next time.
    const sync = await lifecycle.start(
      'sync',
      () => {
        const service: SyncService = new SyncService({
          db: syncDbFrom(db),
          networkLink: () => network?.isOnline ?? false,
          log,
          onChange: () => {
            service.status().then(
              (status) => events.emit('sync.changed', status),
              (error: unknown) => log(`sync status not published: ${String(error)}`),
            );
          },
        });
        if (!db.info.readOnly)
          service.start().catch((error: unknown) => log(`sync not started: ${String(error)}`));
        return service;
      },
      (service) => service.stop(),
    );

    const robots = new RobotLinkService({
      fleet,
      registry: databaseRobotRegistry(db),
      events: {
        portsChanged: (ports) => events.emit('ports.changed', ports),
        scanProgress: (progress) => events.emit('bus.scanProgress', progress),
        telemetryBatch: (batch) => events.emit('telemetry.batch', batch),
        traffic: (traffic) => events.emit('console.traffic', traffic),
        eventAppended: (event) => {
          events.emit('events.appended', event);
          guardOnEvent(teach, event);
        },
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
        diagnostics.service.ingest(batch);
        // A demonstration being recorded is made of the same samples.
        teach.ingest(batch);
      },
      ...(options.listPorts ? { listPorts: options.listPorts } : {}),
      ...(options.openPort ? { openPort: options.openPort } : {}),
      log,
    });
    const teach = new TeachService({
      fleet,
      robots,
      appendEvent: (event) => db.call('appendEvent', event),
      onEvent: (event) => events.emit('events.appended', event),
      onState: (state) => events.emit('teach.state', state),
      teacher: new TeachRunner(options.launchChild ? { launch: options.launchChild } : {}),
      log,
    });
    // A diagnostics alert speaks on the robot cards: while a model alert on a robot is unresolved
    // and the robot itself has nothing to say, the alert's care sentence is its attention text.
    const withAlertAttention = (list: RobotSummary[]): RobotSummary[] => {
      const open = diagnostics.service
        .alerts()
        .filter((a) => a.state !== 'resolved')
        .reverse(); // newest first
      if (open.length === 0) return list;
      return list.map((robot) => {
        const alert = robot.attention ? undefined : open.find((a) => a.robot === robot.id);
        return alert ? { ...robot, attention: FAULT_ADVICE[alert.fault].care } : robot;
      });
    };
    fleet.onChange((list) => {
      events.emit('robots.changed', withAlertAttention(list));
      publishStatus();
    });
    diagnostics.service.onAlert(() =>
      events.emit('robots.changed', withAlertAttention(fleet.list())),
    );

    await lifecycle
      .start(
        'robots',
        async () => {
          await robots.start();
          demoActive =
            options.demo === true ||
            (options.demo === 'auto' &&
              !(await hasRealRobots(db)) &&
              !robots.knownAdapterPresent());
          if (demoActive) await robots.startDemo();
        },
        () => robots.close(),
      )
      .catch(async (error: unknown) => {
        // A half-started link service (ports watched, demo half up) is closed before the rest.
        await robots.close();
        throw error;
      });
    // Stopped first: a run still going ends as aborted while its arm is still connected.
    await lifecycle.start(
      'teach',
      () => teach,
      (service) => service.close(),
    );
    guardOnAlerts(teach, diagnostics.service);

    const handlers: ApiHandlers = {
      ...createAppHandlers({
        db,
        name,
        version,
        electronVersion: options.electronVersion ?? null,
        status,
      }),
      'robots.list': () => withAlertAttention(fleet.list()),
      ...createRobotHandlers(robots, LOCAL_ACTOR),
      // events.query is served with the logs: a connection may be reviewing another site's file.
      ...createLogHandlers(db, {
        transport: options.transport,
        files: logFiles,
        ...(options.dbWorkerScript ? { dbWorkerScript: options.dbWorkerScript } : {}),
        ...options.logs,
      }),
      ...createModelHandlers({
        db,
        diagnostics: diagnostics.service,
        registry: diagnostics.registry,
      }),
      ...createSyncHandlers({
        db,
        sync,
        models: async () => {
          await diagnostics.ready;
          return diagnostics.registry;
        },
      }),
      ...createTeachHandlers({ db, teach }),
      ...createDemoHandlers(robots),
      ...auth.handlers,
    };
    const dispatcher = new ApiDispatcher(handlers, auth.hooks);
    auth.attach(dispatcher);
    publishStatus();

    return {
      dispatcher,
      events,
      db,
      fleet,
      robots,
      diagnostics,
      sync,
      teach,
      get demo() {
        return demoActive;
      },
      status,
      shutdown: () => lifecycle.stopAll(),
    };
  } catch (error) {
    await lifecycle.stopAll();
    throw error;
  }
}

/** Robots registered from real adapters (demo robots do not count). */
async function hasRealRobots(db: DbClient): Promise<boolean> {
  const robots = await db.call('listRobots');
  return robots.some((robot) => !robot.identity.startsWith('demo:'));
}
