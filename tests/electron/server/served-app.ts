/** The browser-mode server with the real services behind it, on a fresh database in `dir`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppServices, type AppServices } from '../../../electron/server/app-services';
import { startBrowserServer, type BrowserServer } from '../../../electron/server/browser-server';
import type { Role } from '../../../electron/shared/contract';

export interface ServedApp {
  services: AppServices;
  server: BrowserServer;
  close(): Promise<void>;
}

/** Calls act as a kiosk terminal of `kioskRole`; sign-in itself is tested in auth-*.test.ts. */
export async function startServedApp(dir: string, kioskRole: Role): Promise<ServedApp> {
  const staticRoot = join(dir, 'ui');
  mkdirSync(staticRoot);
  writeFileSync(join(staticRoot, 'index.html'), '<!doctype html><title>Genba</title>');
  const services = await createAppServices({
    dbPath: join(dir, 'genba.sqlite'),
    demo: false,
    transport: 'websocket',
    kioskRole,
  });
  const server = await startBrowserServer({
    dispatcher: services.dispatcher,
    events: services.events,
    staticRoot,
  });
  return {
    services,
    server,
    close: async () => {
      await server.close();
      await services.shutdown();
    },
  };
}
