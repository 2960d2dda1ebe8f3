/**
 * The donation uploader while the app runs. One loop:
 *
 *   sweep new local data into the outbox (consented categories only, every SWEEP_EVERY_MS and
 *   whenever consent changes) → paused? → endpoint and token set? → OS network link? → probe
 *   of the endpoint → upload passes until the outbox is empty → wait (woken early by consent,
 *   resume, settings or link changes).
 *
 * The uploader does the exactly-once work (content-addressed batches recorded before the PUT,
 * backoff, Retry-After, 413 splits); this service adds online detection, pause/resume, the
 * bandwidth cap (one token bucket, changed live), plain-language status (ja/en) and a
 * `changed` notification for the UI. A refused token (401/403) stops uploads until an admin
 * sets the endpoint or token again. `stop()` ends the loop (shutdown); nothing is lost: an
 * in-flight batch is resent under the same id on the next start.
 */
import { fullJitterDelay, MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS, sleep } from './backoff';
import type { EndpointError } from './endpoint';
import { parseEndpoint } from './endpoint';
import { probeEndpoint } from './http-client';
import { problems, type SyncProblem } from './problems';
import type { SyncDb } from './sync-db';
import { TokenBucket } from './token-bucket';
import type { SyncState, SyncStatusSnapshot } from './sync-status';
import { Uploader, type SentBatch } from './uploader';
import { profileJointLimits } from '../robots/robot-profile';

export const SYNC_SETTINGS = {
  endpoint: 'sync.endpoint',
  token: 'sync.token',
  paused: 'sync.paused',
  bandwidth: 'sync.bandwidthBytesPerSecond',
} as const;

const SWEEP_EVERY_MS = 60_000;
const IDLE_WAIT_MS = 15_000;
const OFFLINE_WAIT_MS = 5_000;

export type { SyncQueueEntry, SyncState, SyncStatusSnapshot } from './sync-status';

export interface SyncServiceOptions {
  db: SyncDb;
  /** The OS's view of the network (the app's NetworkMonitor). */
  networkLink: () => boolean;
  onChange?: () => void;
  log?: (line: string) => void;
  now?: () => number;
  probe?: typeof probeEndpoint;
  /** Test knobs. */
  sweepEveryMs?: number;
  idleWaitMs?: number;
  backoffBaseMs?: number;
  requestDeadlineMs?: number;
}

export class SyncService {
  private state: SyncState = 'starting';
  private problem: SyncProblem | null = null;
  private reachable: boolean | null = null;
  private paused = false;
  private endpoint: URL | null = null;
  private endpointText: string | null = null;
  private token: string | null = null;
  private unauthorized = false;
  private readonly bucket = new TokenBucket(0);
  private lastSweepMs = -Infinity;
  private lastCheckedMs: number | null = null;
  private nextAttemptMs: number | null = null;
  private failures = 0;
  private readonly session = { batches: 0, records: 0, gzipBytes: 0 };
  private stopped = false;
  private loop: Promise<void> | null = null;
  private profiles: ReturnType<typeof profileJointLimits> | null = null;
  /** Ends the current wait (and, for pause/stop, the current pass). */
  private wake = new AbortController();
  private pass: AbortController | null = null;
  private sweepWanted = true;
  private readonly now: () => number;

  constructor(private readonly options: SyncServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    await this.loadSettings();
    this.loop ??= this.run().catch((error: unknown) => {
      this.options.log?.(`sync stopped by an unexpected error: ${String(error)}`);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pass?.abort();
    this.wake.abort();
    await this.loop;
  }

  /** Sweep soon (consent changed) and look again now. */
  nudge({ sweep = false }: { sweep?: boolean } = {}): void {
    if (sweep) this.sweepWanted = true;
    this.wake.abort();
  }

  async setPaused(paused: boolean, actor: string): Promise<void> {
    this.paused = paused;
    await this.options.db.call('setSetting', {
      key: SYNC_SETTINGS.paused,
      value: paused,
      actor,
      nowMs: this.now(),
    });
    if (paused) this.pass?.abort();
    this.setState(paused ? 'paused' : this.state === 'paused' ? 'idle' : this.state);
    this.nudge();
  }

  async setBandwidth(bytesPerSecond: number, actor: string): Promise<void> {
    this.bucket.setRate(bytesPerSecond);
    await this.options.db.call('setSetting', {
      key: SYNC_SETTINGS.bandwidth,
      value: bytesPerSecond,
      actor,
      nowMs: this.now(),
    });
    this.changed();
  }

  /** Throws EndpointError for an unusable URL (nothing is stored then). */
  async setEndpoint(url: string, token: string | null, actor: string): Promise<void> {
    const parsed = parseEndpoint(url);
    const nowMs = this.now();
    await this.options.db.call('setSetting', {
      key: SYNC_SETTINGS.endpoint,
      value: parsed.href,
      actor,
      nowMs,
    });
    if (token !== null) await this.options.db.call('syncSetToken', { token, actor, nowMs });
    this.endpoint = parsed;
    this.endpointText = parsed.href;
    if (token !== null) this.token = token;
    this.unauthorized = false;
    this.reachable = null;
    this.problem = null;
    this.failures = 0;
    this.pass?.abort();
    this.nudge();
  }

  get endpointUrl(): URL | null {
    return this.endpoint;
  }

  async status(): Promise<SyncStatusSnapshot> {
    const [{ volumes, lastUpload }, consent] = await Promise.all([
      this.options.db.call('syncQueue'),
      this.options.db.call('syncConsent'),
    ]);
    const byCategory = new Map(consent.map((c) => [c.category, c]));
    const link = this.options.networkLink();
    return {
      state: this.state,
      online: link && this.reachable === true,
      networkLink: link,
      endpointReachable: this.reachable,
      paused: this.paused,
      endpoint: this.endpointText
        ? { url: this.endpointText, tokenSet: Boolean(this.token) }
        : null,
      bandwidthBytesPerSecond: this.bucket.bytesPerSecond,
      queue: volumes.map((v) => {
        const c = byCategory.get(v.category);
        return {
          ...v,
          label: c?.label ?? { en: v.category, ja: v.category },
          enabled: c?.enabled ?? false,
          changedMs: c?.changedMs ?? null,
          actor: c?.actor ?? null,
        };
      }),
      lastUpload,
      problem: this.problem,
      lastCheckedMs: this.lastCheckedMs,
      nextAttemptMs: this.nextAttemptMs,
      uploadedThisSession: { ...this.session },
    };
  }

  private async loadSettings(): Promise<void> {
    const get = (key: string) => this.options.db.call('getSetting', key);
    const [endpoint, token, paused, bandwidth] = await Promise.all([
      get(SYNC_SETTINGS.endpoint),
      get(SYNC_SETTINGS.token),
      get(SYNC_SETTINGS.paused),
      get(SYNC_SETTINGS.bandwidth),
    ]);
    this.paused = paused === true;
    this.token = typeof token === 'string' && token ? token : null;
    if (typeof bandwidth === 'number' && bandwidth >= 0) this.bucket.setRate(bandwidth);
    if (typeof endpoint === 'string' && endpoint) {
      try {
        this.endpoint = parseEndpoint(endpoint);
        this.endpointText = this.endpoint.href;
      } catch (error) {
        this.endpointText = endpoint;
        this.problem = problems.endpointInvalid((error as EndpointError).message, this.now());
      }
    }
  }

  private changedTimer: NodeJS.Timeout | null = null;
  private lastChangedMs = -Infinity;
  /** At once when quiet, otherwise coalesced: at most one notification per 200 ms. */
  private changed(): void {
    if (this.changedTimer || !this.options.onChange) return;
    const delay = Math.max(0, this.lastChangedMs + 200 - performance.now());
    this.changedTimer = setTimeout(() => {
      this.changedTimer = null;
      this.lastChangedMs = performance.now();
      if (!this.stopped) this.options.onChange?.();
    }, delay);
    this.changedTimer.unref();
  }

  private setState(state: SyncState, problem: SyncProblem | null = this.problem): void {
    if (state === this.state && problem === this.problem) return;
    this.state = state;
    this.problem = problem;
    this.changed();
  }

  private async wait(ms: number): Promise<void> {
    this.nextAttemptMs = this.now() + ms;
    // The next attempt is news only while something is wrong (waiting, offline).
    if (this.problem) this.changed();
    await sleep(ms, this.wake.signal);
    if (this.wake.signal.aborted && !this.stopped) this.wake = new AbortController();
    this.nextAttemptMs = null;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const waitMs = await this.step();
      if (this.stopped) break;
      await this.wait(waitMs);
    }
  }

  /** One round; returns how long to wait before the next. */
  private async step(): Promise<number> {
    const nowMs = this.now();
    const sweepEvery = this.options.sweepEveryMs ?? SWEEP_EVERY_MS;
    if (this.sweepWanted || nowMs - this.lastSweepMs >= sweepEvery) {
      this.sweepWanted = false;
      this.lastSweepMs = nowMs;
      try {
        this.profiles ??= profileJointLimits();
        const swept = await this.options.db.call('syncSweep', nowMs, this.profiles);
        if (swept.queued || swept.held) this.changed();
      } catch (error) {
        this.options.log?.(`sync sweep failed: ${(error as Error).message}`);
      }
    }
    const idle = this.options.idleWaitMs ?? IDLE_WAIT_MS;
    if (this.paused) {
      this.setState('paused', null);
      return idle;
    }
    if (!this.endpoint || !this.token) {
      this.setState(
        'not-configured',
        this.problem?.code === 'endpoint-invalid' ? this.problem : problems.notConfigured(nowMs),
      );
      return idle;
    }
    if (this.unauthorized) {
      this.setState('unauthorized');
      return idle;
    }
    if (!this.options.networkLink()) {
      this.reachable = null;
      this.setState('offline', problems.offline('this computer has no network connection', nowMs));
      return OFFLINE_WAIT_MS;
    }
    // The upstream's own "not before" (kept in the database across restarts) is honoured first.
    const held = await this.options.db.call('syncUpstreamWait', {
      nowMs,
      capMs: MAX_RETRY_AFTER_MS,
    });
    if (held) {
      this.setState('waiting', problems.waitRequested(held.status, held.notBeforeMs, nowMs));
      return Math.max(1000, held.notBeforeMs - nowMs);
    }
    const probe = await (this.options.probe ?? probeEndpoint)(this.endpoint, 5000);
    this.lastCheckedMs = this.now();
    this.reachable = probe.reachable;
    if (!probe.reachable) {
      this.failures++;
      this.setState(
        'offline',
        problems.offline(`the upstream server does not answer: ${probe.detail}`, this.now()),
      );
      return Math.max(OFFLINE_WAIT_MS, this.backoff());
    }
    const { volumes } = await this.options.db.call('syncQueue');
    const queued = volumes.reduce((sum, v) => sum + v.records, 0);
    if (queued === 0) {
      this.failures = 0;
      this.setState('idle', null);
      return idle;
    }
    this.setState('uploading', null);
    this.pass = new AbortController();
    const uploader = new Uploader({
      db: this.options.db,
      endpoint: this.endpoint,
      token: this.token,
      bucket: this.bucket,
      now: this.now,
      ...(this.options.backoffBaseMs !== undefined
        ? { backoffBaseMs: this.options.backoffBaseMs }
        : {}),
      ...(this.options.requestDeadlineMs !== undefined
        ? { requestDeadlineMs: this.options.requestDeadlineMs }
        : {}),
      onBatchSent: (batch: SentBatch) => {
        this.session.batches++;
        this.session.records += batch.records;
        this.session.gzipBytes += batch.gzipBytes;
        this.failures = 0;
        if (this.problem) this.setState('uploading', null);
        this.changed();
      },
      onProblem: (p) => this.setState('uploading', p),
    });
    const result = await uploader.runPass({
      signal: this.pass.signal,
      maxConsecutiveFailures: 3,
    });
    this.pass = null;
    switch (result.stop) {
      case 'drained':
        this.failures = 0;
        this.setState('idle', null);
        return 0; // look again at once: the sweep may have found more meanwhile
      case 'unauthorized':
        this.unauthorized = true;
        this.setState('unauthorized', result.problems.at(-1) ?? null);
        return idle;
      case 'gave-up':
        this.failures++;
        this.setState('waiting', result.problems.at(-1) ?? null);
        return this.backoff();
      case 'wait-requested':
        this.setState('waiting', result.problems.at(-1) ?? null);
        return Math.max(1000, (result.notBeforeMs ?? 0) - this.now());
      case 'stopped':
        return 0;
    }
  }

  private backoff(): number {
    return Math.max(
      1000,
      fullJitterDelay(this.failures, {
        baseMs: this.options.backoffBaseMs ?? 2000,
        capMs: MAX_BACKOFF_MS,
      }),
    );
  }
}
