/**
 * Browser mode (`genba serve`): the built UI over HTTP and the API over a WebSocket, both bound to
 * loopback only. The API requires the per-launch token and refuses foreign Origins, so another web
 * page open in the same browser cannot drive the robots.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiDispatcher } from './api-dispatcher';
import type { ConnectionSession } from './auth-session';
import { mayReceiveEvent } from '../shared/contract';
import type { EventHub } from './event-hub';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';

export const API_PATH = '/api';

export interface BrowserServerOptions {
  dispatcher: ApiDispatcher;
  events: EventHub;
  /** Folder holding the built renderer (index.html and assets). */
  staticRoot: string;
  port?: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
}

export interface BrowserServer {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Largest API message accepted; a renderer has no reason to send more. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const http = createServer((req, res) => {
    void serveStatic(options.staticRoot, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const allowedOrigins = new Set([origin, `http://localhost:${port}`]);

  http.on('upgrade', (req, socket, head) => {
    const refusal = refuseUpgrade(req, token, allowedOrigins);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, options));
  });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: () => closeServer(http, wss),
  };
}

function refuseUpgrade(
  req: IncomingMessage,
  token: string,
  allowedOrigins: Set<string>,
): string | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== API_PATH) return '404 Not Found';
  // Browsers always send Origin on WebSocket upgrades; a foreign one is another site's page.
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.has(origin)) return '403 Forbidden';
  const offered = url.searchParams.get('token') ?? '';
  if (!tokensEqual(offered, token)) return '401 Unauthorized';
  return null;
}

function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * One WebSocket = one browser tab = one session: signed out (or the kiosk identity) until the
 * person in front of it signs in. Events reach the tab only if its session may receive them.
 */
function attachClient(ws: WebSocket, options: BrowserServerOptions): void {
  const session = options.dispatcher.createSession('websocket');
  const send = (message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const replay = () => {
    for (const [event, payload] of options.events.snapshot()) {
      if (mayReceiveEvent(event, session.subject())) send({ event, payload });
    }
  };
  replay();
  const unsubscribe = options.events.subscribeAll((event, payload) => {
    if (mayReceiveEvent(event, session.subject())) send({ event, payload });
  });
  const unwatch = session.onChange((info) => {
    send({ event: 'auth.session', payload: info });
    replay();
  });
  ws.on('close', () => {
    unsubscribe();
    unwatch();
    session.dispose();
  });
  ws.on('message', (data, isBinary) => {
    void handleMessage(isBinary ? null : rawText(data), options.dispatcher, session).then(
      (reply) => {
        if (reply) send(reply);
      },
    );
  });
}

function rawText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** One request `{ id, channel, args }` → one reply `{ id, ok, value | error }`. */
async function handleMessage(
  text: string | null,
  dispatcher: ApiDispatcher,
  session: ConnectionSession,
) {
  let message: unknown;
  try {
    message = text === null ? null : JSON.parse(text);
  } catch {
    message = null;
  }
  if (typeof message !== 'object' || message === null || !('id' in message)) {
    return {
      id: null,
      ok: false,
      error: {
        code: 'malformed-message',
        message: 'The API message was not a JSON object with an id; it was ignored.',
      },
    };
  }
  const { id, channel, args } = message as { id: unknown; channel?: unknown; args?: unknown };
  if (typeof id !== 'number' && typeof id !== 'string') {
    return {
      id: null,
      ok: false,
      error: {
        code: 'malformed-message',
        message: 'The API message id must be a number or string.',
      },
    };
  }
  const response = await dispatcher.dispatch(channel, args, session);
  return { id, ...response };
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(403, headers).end();
    return;
  }
  try {
    const info = await stat(file);
    const target = info.isFile() ? file : join(root, 'index.html');
    const body = await readFile(target);
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    // Unknown paths get the app shell so a reload on any route works; missing build gets a hint.
    try {
      const body = await readFile(join(root, 'index.html'));
      res.writeHead(200, { ...headers, 'Content-Type': MIME['.html'] }).end(body);
    } catch {
      res
        .writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
        .end('The Genba UI has not been built. Run `npm run build:renderer` and reload.');
    }
  }
}

function closeServer(http: Server, wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.terminate();
  return new Promise((resolve) => {
    wss.close(() => http.close(() => resolve()));
    http.closeAllConnections();
  });
}
