import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppServices } from '../../../electron/server/app-services';
import { startBrowserServer } from '../../../electron/server/browser-server';
import { defaultDatabasePath } from '../../../native/platform/user-data-dir';
import { openInSystemBrowser } from '../../../native/platform/open-url';
import { parseOptions, parsePort } from '../parse-options';

const STATIC_ROOT = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

/** `genba serve [--port N] [--demo] [--db <file>] [--no-open]` — browser mode. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions('serve', argv, {
    port: { type: 'string' },
    demo: { type: 'boolean', default: false },
    db: { type: 'string' },
    'no-open': { type: 'boolean', default: false },
  });
  const port = parsePort(values.port, 0);
  const dbPath = values.db ?? defaultDatabasePath();
  mkdirSync(dirname(dbPath), { recursive: true });

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const services = await createAppServices({
    dbPath,
    demo: values.demo,
    transport: 'websocket',
    log,
  });
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
