/**
 * A reference implementation of the upstream ingest API (ARCHITECTURE.md) on 127.0.0.1, for tests
 * and the benchmark. Real HTTP: it stores batches by id (sha256 of the uncompressed body, verified),
 * answers 201 / 200 (already stored) / 409 (same id, other body) / 413 (too large) / 401, serves
 * signed model manifests and pack files (with Range), and injects faults on request: dropped
 * connections mid-body, a drop *after* storing (the client never hears the 201), 500s, 429/503
 * with Retry-After, slow answers.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { SeededRandom } from '../../native/servos/physics/random';

export type IngestFault =
  'drop-mid-body' | 'drop-after-store' | 'error-500' | 'too-many-429' | 'unavailable-503' | 'slow';

export interface FaultPlan {
  /** Probability per PUT of each fault (checked in order; at most one per request). */
  rates?: Partial<Record<IngestFault, number>>;
  /** Seed of the fault dice, so a failing run can be replayed. */
  seed?: number;
  retryAfterS?: number;
  slowMs?: number;
}

export interface ModelFile {
  body: Buffer;
  /** Send only this many bytes and then drop the connection (a truncated download). */
  truncateAt?: number;
}

export interface ReferenceIngestOptions {
  token?: string;
  /** Compressed bodies larger than this get 413. */
  maxBodyBytes?: number;
  faults?: FaultPlan;
}

export interface StoredBatch {
  id: string;
  body: Buffer;
  lines: string[];
  storedAt: number;
}

export interface ReferenceIngestServer {
  url: string;
  batches: Map<string, StoredBatch>;
  /** Every stored line, batch by batch in arrival order. */
  lines(): string[];
  stats: {
    puts: number;
    byStatus: Record<number, number>;
    faults: Record<string, number>;
    bytesIn: number;
  };
  setFaults(plan: FaultPlan | null): void;
  /** Force the next PUTs to fail this way, in order (overrides the dice). */
  queueFaults(...faults: IngestFault[]): void;
  setToken(token: string): void;
  setMaxBodyBytes(bytes: number | null): void;
  /** Model channel → manifest (any JSON); path → file served under /v1/models/files/. */
  models: { manifests: Map<string, unknown>; files: Map<string, ModelFile>; rangeRequests: number };
  close(): Promise<void>;
}

/** Reproducible dice: the project's seeded PRNG as a function. */
function dice(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

export async function startReferenceIngestServer(
  options: ReferenceIngestOptions = {},
): Promise<ReferenceIngestServer> {
  let token = options.token ?? 'test-facility-token';
  let maxBodyBytes = options.maxBodyBytes ?? null;
  let plan: FaultPlan | null = options.faults ?? null;
  let roll = dice(plan?.seed ?? 1);
  const forced: IngestFault[] = [];
  const batches = new Map<string, StoredBatch>();
  const order: string[] = [];
  const stats: ReferenceIngestServer['stats'] = { puts: 0, byStatus: {}, faults: {}, bytesIn: 0 };
  const models: ReferenceIngestServer['models'] = {
    manifests: new Map(),
    files: new Map(),
    rangeRequests: 0,
  };
  const sockets = new Set<Socket>();

  const reply = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
      ...headers,
    });
    res.end(text);
  };

  const pickFault = (): IngestFault | null => {
    const next = forced.shift();
    if (next) return next;
    if (!plan?.rates) return null;
    for (const [fault, rate] of Object.entries(plan.rates) as Array<[IngestFault, number]>) {
      if (roll() < rate) return fault;
    }
    return null;
  };

  const readBody = (req: IncomingMessage, dropAfter: number | null) =>
    new Promise<Buffer | null>((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        chunks.push(chunk);
        if (dropAfter !== null && size >= dropAfter) {
          req.socket.destroy();
          resolve(null);
        }
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', () => resolve(null));
      req.on('aborted', () => resolve(null));
    });

  async function handlePut(req: IncomingMessage, res: ServerResponse, id: string) {
    stats.puts++;
    if (req.headers.authorization !== `Bearer ${token}`) {
      req.resume();
      return reply(res, 401, { error: 'unknown facility token' });
    }
    const length = Number(req.headers['content-length'] ?? NaN);
    // A known id is answered on its merits whatever its size (the limit may have changed since
    // it was stored): idempotence comes first.
    if (
      maxBodyBytes !== null &&
      Number.isFinite(length) &&
      length > maxBodyBytes &&
      !batches.has(id)
    ) {
      req.resume();
      return reply(
        res,
        413,
        { error: `batch larger than ${maxBodyBytes} bytes` },
        { connection: 'close' },
      );
    }
    const fault = pickFault();
    if (fault) stats.faults[fault] = (stats.faults[fault] ?? 0) + 1;
    if (fault === 'slow') await new Promise((r) => setTimeout(r, plan?.slowMs ?? 300));
    const body = await readBody(
      req,
      fault === 'drop-mid-body'
        ? Math.max(1, Math.floor((Number.isFinite(length) ? length : 2) / 2))
        : null,
    );
    if (!body) return; // dropped mid-body: nothing stored
    stats.bytesIn += body.length;
    if (fault === 'error-500') return reply(res, 500, { error: 'injected failure' });
    if (fault === 'too-many-429' || fault === 'unavailable-503') {
      return reply(
        res,
        fault === 'too-many-429' ? 429 : 503,
        { error: 'injected back-off' },
        { 'retry-after': String(plan?.retryAfterS ?? 1) },
      );
    }
    if (
      req.headers['content-encoding'] !== 'gzip' ||
      !String(req.headers['content-type']).startsWith('application/x-ndjson')
    ) {
      return reply(res, 415, { error: 'expected gzip application/x-ndjson' });
    }
    let raw: Buffer;
    try {
      raw = gunzipSync(body);
    } catch {
      return reply(res, 400, { error: 'body is not gzip' });
    }
    const sha = createHash('sha256').update(raw).digest('hex');
    if (sha !== id)
      return reply(res, 400, { error: `batch id is not the sha256 of the body (${sha})` });
    const existing = batches.get(id);
    if (existing) {
      if (existing.body.equals(raw)) return reply(res, 200, { stored: false, id });
      return reply(res, 409, { error: 'same id, different body' });
    }
    const lines = raw
      .toString('utf8')
      .split('\n')
      .filter((line) => line.length > 0);
    batches.set(id, { id, body: raw, lines, storedAt: Date.now() });
    order.push(id);
    if (fault === 'drop-after-store') {
      req.socket.destroy();
      return;
    }
    return reply(res, 201, { stored: true, id, records: lines.length });
  }

  function handleModelFile(req: IncomingMessage, res: ServerResponse, path: string) {
    const file = models.files.get(path);
    if (!file) return reply(res, 404, { error: 'no such file' });
    const total = file.body.length;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = total - 1;
    let status = 200;
    if (range) {
      models.rangeRequests++;
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), total - 1) : total - 1;
      if (start >= total)
        return reply(
          res,
          416,
          { error: 'range not satisfiable' },
          { 'content-range': `bytes */${total}` },
        );
      status = 206;
    }
    const slice = file.body.subarray(start, end + 1);
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    res.writeHead(status, {
      'content-type': 'application/octet-stream',
      'content-length': slice.length,
      'accept-ranges': 'bytes',
      ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${total}` } : {}),
    });
    if (file.truncateAt !== undefined && file.truncateAt < end + 1) {
      const cut = Math.max(0, file.truncateAt - start);
      res.write(slice.subarray(0, cut), () => res.socket?.destroy());
      return;
    }
    res.end(slice);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const put = /^\/v1\/batches\/([0-9a-f]{64})$/.exec(url.pathname);
    if (req.method === 'PUT' && put) return void handlePut(req, res, put[1]!);
    if (req.method === 'PUT' && url.pathname.startsWith('/v1/batches/')) {
      req.resume();
      return reply(res, 400, { error: 'batch id must be 64 lowercase hex digits' });
    }
    if (req.method === 'GET' && url.pathname === '/v1/models/latest') {
      const manifest = models.manifests.get(url.searchParams.get('channel') ?? 'stable');
      return manifest
        ? reply(res, 200, manifest)
        : reply(res, 404, { error: 'no model on this channel' });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/v1/models/files/')) {
      return handleModelFile(
        req,
        res,
        decodeURIComponent(url.pathname.slice('/v1/models/files/'.length)),
      );
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname === '/')
      return reply(res, 200, 'genba reference ingest');
    req.resume();
    return reply(res, 404, { error: 'not found' });
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    batches,
    lines: () => order.flatMap((id) => batches.get(id)!.lines),
    stats,
    setFaults(next) {
      plan = next;
      roll = dice(next?.seed ?? 1);
    },
    queueFaults(...faults) {
      forced.push(...faults);
    },
    setToken(next) {
      token = next;
    },
    setMaxBodyBytes(bytes) {
      maxBodyBytes = bytes;
    },
    models,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
