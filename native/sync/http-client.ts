/**
 * The few HTTP requests sync makes, on node:http(s) directly: a streamed, bandwidth-limited PUT
 * of a gzip batch, a reachability probe, and GETs (optionally ranged) for model updates.
 */
import http, {
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import https from 'node:https';
import { parseRetryAfter } from './backoff';
import { endpointUrl } from './endpoint';
import type { TokenBucket } from './token-bucket';

export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const CHUNK = 16 * 1024;

/**
 * Every request is over by this long after it starts, the answer's body included. The idle
 * timeout alone never fires on a server that trickles a byte every few seconds.
 */
export const REQUEST_DEADLINE_MS = 60_000;

/** The slowest download a GET's default deadline allows for, on top of REQUEST_DEADLINE_MS. */
const SLOWEST_DOWNLOAD_BYTES_PER_S = 64 * 1024;

/** Ends `request` with a timeout NetworkError `ms` after now; `expire` hears it first. */
function armDeadline(
  request: ClientRequest,
  ms: number,
  url: URL,
  expire: (error: NetworkError) => void,
): () => void {
  if (!Number.isFinite(ms)) return () => {};
  const timer = setTimeout(() => {
    const error = new NetworkError(
      `${url.host} did not finish answering within ${Math.round(ms / 1000)} s`,
      'EDEADLINE',
    );
    expire(error);
    request.destroy(error);
  }, ms);
  const disarm = () => clearTimeout(timer);
  request.once('close', disarm);
  return disarm;
}

function transport(url: URL) {
  return url.protocol === 'https:' ? https : http;
}

function describeNetworkError(error: NodeJS.ErrnoException, url: URL): NetworkError {
  const where = url.host;
  const code = error.code ?? 'ENETWORK';
  const what: Record<string, string> = {
    ECONNREFUSED: `nothing is listening at ${where}`,
    ECONNRESET: `${where} closed the connection mid-transfer`,
    ENOTFOUND: `the name ${url.hostname} could not be resolved (no network or DNS?)`,
    ETIMEDOUT: `${where} did not answer in time`,
    EPIPE: `${where} closed the connection mid-transfer`,
    EHOSTUNREACH: `${where} cannot be reached from this network`,
    ENETUNREACH: 'this computer has no route to the network',
  };
  return new NetworkError(what[code] ?? `${error.message} (${where})`, code);
}

function collect(response: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('aborted', () =>
      reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })),
    );
  });
}

export interface PutOptions {
  endpoint: URL;
  batchId: string;
  gzipBody: Buffer;
  token: string;
  bucket?: TokenBucket;
  signal?: AbortSignal;
  /** Idle time allowed on the socket. */
  timeoutMs?: number;
  /** Whole request and answer, on top of the time the bandwidth cap needs for the body. */
  deadlineMs?: number;
}

/** PUT {endpoint}/v1/batches/{id} with the gzip body, streamed through the bandwidth cap. */
export function putBatch(
  options: PutOptions,
): Promise<HttpReply & { retryAfterMs: number | null }> {
  const url = endpointUrl(options.endpoint, `/v1/batches/${options.batchId}`);
  return new Promise((resolve, reject) => {
    const request = transport(url).request(url, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/x-ndjson',
        'content-encoding': 'gzip',
        'content-length': options.gzipBody.length,
      },
      timeout: options.timeoutMs ?? 60_000,
      signal: options.signal,
    });
    let settled = false;
    const fail = (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      disarm();
      reject(error instanceof NetworkError ? error : describeNetworkError(error, url));
    };
    const rate = options.bucket?.bytesPerSecond ?? 0;
    const throttledMs = rate > 0 ? (options.gzipBody.length / rate) * 1000 : 0;
    const disarm = armDeadline(
      request,
      (options.deadlineMs ?? REQUEST_DEADLINE_MS) + throttledMs,
      url,
      fail,
    );
    request.on('timeout', () =>
      request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    request.on('error', fail);
    request.on('response', (response) => {
      collect(response, 64 * 1024).then(
        (body) => {
          if (settled) return;
          settled = true;
          disarm();
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            retryAfterMs: parseRetryAfter(response.headers['retry-after']),
          });
        },
        (error: NodeJS.ErrnoException) => fail(error),
      );
    });
    if (!options.bucket || options.bucket.bytesPerSecond <= 0) {
      // No cap: the body in one write. Streaming it in chunks would wait for 'drain' after
      // each, an event-loop turn apiece, which a busy loop (the sweep) makes long.
      request.end(options.gzipBody);
      return;
    }
    void (async () => {
      try {
        for (let offset = 0; offset < options.gzipBody.length; offset += CHUNK) {
          const chunk = options.gzipBody.subarray(offset, offset + CHUNK);
          await options.bucket?.take(chunk.length, options.signal);
          if (settled || request.destroyed) return;
          if (!request.write(chunk)) await new Promise((r) => request.once('drain', r));
        }
        request.end();
      } catch (error) {
        request.destroy(error as Error);
      }
    })();
  });
}

/** GET with optional headers (Range); the whole body, up to `limit` bytes. */
export function httpGet(
  url: URL,
  {
    headers = {},
    timeoutMs = 30_000,
    signal,
    limit = 512 << 20,
    deadlineMs = REQUEST_DEADLINE_MS + (limit / SLOWEST_DOWNLOAD_BYTES_PER_S) * 1000,
  }: {
    headers?: Record<string, string>;
    /** Idle time allowed on the socket. */
    timeoutMs?: number;
    signal?: AbortSignal;
    limit?: number;
    /** Whole request and answer; by default room for `limit` bytes at a slow link's pace. */
    deadlineMs?: number;
  } = {},
): Promise<HttpReply & { complete: boolean; expectedLength: number | null }> {
  return new Promise((resolve, reject) => {
    /** Set once the answer has begun: a deadline then keeps what arrived, like a dropped link. */
    let endEarly: (() => void) | null = null;
    const request = transport(url).get(url, { headers, timeout: timeoutMs, signal }, (response) => {
      endEarly = () => finish(false);
      const chunks: Buffer[] = [];
      let size = 0;
      const expected = response.headers['content-length']
        ? Number(response.headers['content-length'])
        : null;
      const finish = (complete: boolean) =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
          complete: complete && (expected === null || size === expected),
          expectedLength: expected,
        });
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          request.destroy(
            new NetworkError(`${url.host} sent more than ${limit} bytes`, 'ETOOLARGE'),
          );
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish(true));
      // A connection dropped mid-body: keep what arrived (a resumable download continues from it).
      response.on('aborted', () => finish(false));
      response.on('error', () => finish(false));
    });
    request.on('timeout', () =>
      request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(error instanceof NetworkError ? error : describeNetworkError(error, url)),
    );
    armDeadline(request, deadlineMs, url, (error) => (endEarly ? endEarly() : reject(error)));
  });
}

/** Reachability: any HTTP answer from the endpoint counts, whatever its status. */
export async function probeEndpoint(
  endpoint: URL,
  timeoutMs = 5000,
): Promise<{ reachable: boolean; detail: string }> {
  try {
    const reply = await httpGet(endpointUrl(endpoint, '/'), {
      timeoutMs,
      deadlineMs: timeoutMs,
      limit: 64 * 1024,
    });
    return { reachable: true, detail: `HTTP ${reply.status}` };
  } catch (error) {
    return { reachable: false, detail: (error as Error).message };
  }
}
