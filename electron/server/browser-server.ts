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
import { toApiError } from './api-errors';
import type { ConnectionSession } from './auth-session';
import { mayReceiveEvent } from '../shared/contract';
import { TASK_IMPORT_MAX_CHARS } from '../shared/contract/teach';
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
  /** Where a dropped connection's reason goes (stderr under `genba serve`). */
  log?: (line: string) => void;
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

/**
 * Largest API message accepted. The longest legitimate call is `tasks.import` with its string at the
 * contract's bound: JSON text needs no escapes for non-ASCII, so each UTF-16 unit is at most 3 UTF-8
 * bytes (Japanese text), plus the envelope and escaped quotes; 64 KiB covers those.
 */
export const MAX_MESSAGE_BYTES = TASK_IMPORT_MAX_CHARS * 3 + 64 * 1024;

/** Longest string id accepted; the UI's own ids are counters. */
const MAX_ID_CHARS = 100;

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
    // Node takes its own error listener off an upgraded socket; a reset must not become an uncaught error.
    socket.on('error', () => socket.destroy());
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
    if (ws.readyState === ws.OPEN) ws.send(encode(message, options.log));
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
  // ws closes the connection itself with the matching code (1009 too big, 1007 bad UTF-8, 1002
  // protocol error); without a listener the error would take the whole server down.
  ws.on('error', (error) => {
    options.log?.(`Browser connection closed: ${error.message}`);
  });
  ws.on('close', () => {
    unsubscribe();
    unwatch();
    session.dispose();
  });
  ws.on('message', (data, isBinary) => {
    void handleMessage(isBinary ? null : rawText(data), options.dispatcher, session).then(send);
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
  if (!isValidId(id)) {
    return {
      id: null,
      ok: false,
      error: {
        code: 'malformed-message',
        message: `The API message id must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER} or a string of 1 to ${MAX_ID_CHARS} characters; the call was not run.`,
      },
    };
  }
  try {
    const response = await dispatcher.dispatch(channel, args, session);
    return { id, ...response };
  } catch (error) {
    return { id, ok: false, error: toApiError(error) };
  }
}

/** An id the reply can carry back unchanged: `1e999` would come back as `null`, `1.5` or `2**60` inexact. */
function isValidId(id: unknown): id is number | string {
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0;
  return typeof id === 'string' && id.length >= 1 && id.length <= MAX_ID_CHARS;
}

/** A value JSON cannot carry (a BigInt, a cycle) must cost one reply, not the connection. */
function encode(message: unknown, log?: (line: string) => void): string {
  try {
    return JSON.stringify(message);
  } catch (error) {
    log?.(`Browser API reply could not be encoded: ${String(error)}`);
    const id = (message as { id?: unknown }).id;
    return JSON.stringify({
      id: isValidId(id) ? id : null,
      ok: false,
      error: {
        code: 'internal-error',
        message: 'The service could not encode its answer to this call. See the log for details.',
      },
    });
  }
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
