/**
 * Loopback servers that answer a sync upload the way broken networks do: one that keeps the
 * connection busy (a byte now and then) without ever finishing its answer, and a captive portal
 * that answers every request with its sign-in page.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface MisbehavingUpstream {
  url: string;
  requests: () => number;
  /** Bytes of the never-ending answer sent so far. */
  bytesSent: () => number;
  close: () => Promise<void>;
}

async function listen(
  server: HttpServer | TcpServer,
  counters: { requests: number; sent: number },
): Promise<MisbehavingUpstream> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => counters.requests,
    bytesSent: () => counters.sent,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `headers`: the status line and headers one byte at a time, for ever; `body`: headers at once,
 * then the body one byte at a time, for ever.
 */
export function startTricklingUpstream(
  phase: 'headers' | 'body',
  everyMs = 100,
): Promise<MisbehavingUpstream> {
  const counters = { requests: 0, sent: 0 };
  const drip = (write: () => void, until: { on(e: 'close', f: () => void): unknown }) => {
    const timer = setInterval(() => {
      write();
      counters.sent++;
    }, everyMs);
    until.on('close', () => clearInterval(timer));
  };
  if (phase === 'headers') {
    const answer = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n'.repeat(999));
    return listen(
      createTcpServer((socket) => {
        socket.on('error', () => {});
        socket.once('data', () => {
          counters.requests++;
          let at = 0;
          drip(() => socket.write(answer.subarray(at, ++at)), socket);
        });
      }),
      counters,
    );
  }
  return listen(
    createHttpServer((req, res) => {
      counters.requests++;
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1_000_000 });
        drip(() => res.write('{'), res);
      });
    }),
    counters,
  );
}

/** Every request, whatever it is, gets `200 text/html` and a sign-in page. */
export function startCaptivePortal(): Promise<MisbehavingUpstream> {
  const counters = { requests: 0, sent: 0 };
  return listen(
    createHttpServer((req, res) => {
      counters.requests++;
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Hotel Wi-Fi</title><form>Room number: <input></form>');
    }),
    counters,
  );
}
