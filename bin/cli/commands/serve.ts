import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storageFaultOf, storageRefusal } from '../../../db/storage-faults';
import { createAppServices } from '../../../electron/server/app-services';
import { startBrowserServer } from '../../../electron/server/browser-server';
import { defaultDatabasePath } from '../../../native/platform/user-data-dir';
import { openInSystemBrowser } from '../../../native/platform/open-url';
import { CliError } from '../cli-error';
import { parseOptions, parsePort } from '../parse-options';
import { ROLES, type Role } from '../../../native/domain';

const STATIC_ROOT = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

/**
 * `genba serve [--port N] [--demo | --no-demo] [--db <file>] [--no-open]` — browser mode.
 * Without either demo flag the demo facility starts only on a first launch: no robot registered
 * and no known robot adapter plugged in. Which it chose is printed on stderr.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions('serve', argv, {
    port: { type: 'string' },
    demo: { type: 'boolean', default: false },
    'no-demo': { type: 'boolean', default: false },
    db: { type: 'string' },
    'no-open': { type: 'boolean', default: false },
    'kiosk-role': { type: 'string' },
  });
  const kioskRole = parseKioskRole(values['kiosk-role']);
  if (values.demo && values['no-demo']) {
    throw new CliError('genba serve: choose --demo or --no-demo, not both.');
  }
  const port = parsePort(values.port, 0);
  const dbPath = values.db ?? defaultDatabasePath();
  mkdirSync(dirname(dbPath), { recursive: true });

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const services = await createAppServices({
    dbPath,
    demo: values.demo ? true : values['no-demo'] ? false : 'auto',
    transport: 'websocket',
    log,
    kioskRole,
  }).catch((error: unknown) => {
    const fault = storageFaultOf(error);
    if (fault) throw new CliError(`genba serve: cannot start: ${storageRefusal(fault, dbPath)}`, 1);
    throw error;
  });
  if (kioskRole) {
    log(
      `Kiosk mode: every browser tab with this address acts as “${kioskRole}” until a person signs in.`,
    );
  }
  log(
    services.demo
      ? values.demo
        ? 'Demo facility started (--demo): simulated Arm A and Gripper A.'
        : 'No robot registered and no robot adapter plugged in: started the demo facility (simulated Arm A and Gripper A). Use --no-demo to start without it.'
      : values['no-demo']
        ? 'Demo facility off (--no-demo).'
        : 'Robots or robot adapters found: the demo facility is off (use --demo to start it).',
  );
  let server;
  try {
    server = await startBrowserServer({
      dispatcher: services.dispatcher,
      events: services.events,
      staticRoot: STATIC_ROOT,
      port,
    });
  } catch (error) {
    await services.shutdown();
    throw error;
  }
  process.stdout.write(`GENBA_URL=${server.url}\n`);
  if (!values['no-open']) openInSystemBrowser(server.url);

  const running = server;
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log('Genba is shutting down…');
  await running.close();
  await services.shutdown();
  return 0;
}

/**
 * `--kiosk-role <role>`: a terminal that shows robots without anyone signing in (a wall panel), and
 * the end-to-end tests. People still sign in on top of it; the kiosk identity is audited as
 * `kiosk:<role>`.
 */
function parseKioskRole(value: string | undefined): Role | null {
  if (value === undefined) return null;
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new CliError(`genba serve: --kiosk-role must be one of ${ROLES.join(', ')}.`);
  }
  return value as Role;
}
