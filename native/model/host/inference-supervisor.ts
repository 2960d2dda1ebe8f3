/**
 * Starts the inference host, talks to it, and brings it back when it dies. The process boundary is
 * a thin seam (ChildChannel, native/process/child-channel.ts): `child_process.fork` under plain
 * Node, Electron's `utilityProcess.fork` in the desktop shell (electron/desktop/utility-launcher.ts).
 * A dead or hung host is restarted with exponential backoff (250 ms … 30 s, reset after a minute
 * of health); the active model is loaded again before work resumes; callers waiting on the dead
 * process get an error, never a hang.
 */
import { forkLauncher, type ChildChannel, type ChildLauncher } from '../../process/child-channel';
import type { PackManifest } from '../pack/manifest';
import type { HostReply, HostRequest } from './host-protocol';

export type HostChannel = ChildChannel;
export type HostLauncher = () => HostChannel;

/** The host's entry (TypeScript in the repository; the bundled .cjs next to main.cjs when packaged). */
export const INFERENCE_HOST_ENTRY = new URL('./inference-host.child.ts', import.meta.url);

export function hostLauncher(
  launch: ChildLauncher = forkLauncher,
  entry: URL | string = INFERENCE_HOST_ENTRY,
): HostLauncher {
  return () => launch(entry);
}

export class HostError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

type OkReply = Extract<HostReply, { type: 'ok' }>;
type RequestBody = HostRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

export interface SupervisorOptions {
  launcher?: HostLauncher;
  /** A request unanswered for this long means the host is hung: it is killed and restarted. */
  requestTimeoutMs?: number;
  log?: (line: string) => void;
}

export class InferenceSupervisor {
  private channel: HostChannel | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<
    number,
    { resolve: (r: OkReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  private nextId = 1;
  private closed = false;
  private up = false;
  private backoffMs = 250;
  private healthyTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private model: { modelBytes: Uint8Array; manifest: PackManifest } | null = null;
  restarts = 0;
  /** CPU time the current host process has used (µs), from its last reply. */
  hostCpuUs = 0;
  private readonly launcher: HostLauncher;
  private readonly restartListeners: ((count: number) => void)[] = [];

  constructor(private readonly options: SupervisorOptions = {}) {
    this.launcher = options.launcher ?? hostLauncher();
  }

  get pid(): number | undefined {
    return this.channel?.pid;
  }

  /** Started, and the active model (if any) loaded in it. */
  get isReady(): boolean {
    return this.up;
  }

  onRestart(listener: (count: number) => void): void {
    this.restartListeners.push(listener);
  }

  start(): Promise<void> {
    if (this.closed)
      return Promise.reject(new HostError('host-closed', 'The inference host is shut down.'));
    this.ready ??= this.launch();
    return this.ready;
  }

  private launch(): Promise<void> {
    const channel = this.launcher();
    this.channel = channel;
    const started = new Promise<void>((resolve, reject) => {
      channel.onMessage((received) => {
        const message = received as HostReply;
        if (message.type === 'ready') {
          resolve();
          return;
        }
        const p = this.pending.get(message.id);
        if (!p) return;
        this.pending.delete(message.id);
        clearTimeout(p.timer);
        if (message.type === 'ok') {
          this.hostCpuUs = message.cpuUserUs + message.cpuSystemUs;
          p.resolve(message);
        } else p.reject(new HostError(message.code, message.message));
      });
      channel.onExit((code, signal) => {
        reject(
          new HostError(
            'host-exited',
            `The inference host exited before it was ready (${signal ?? code}).`,
          ),
        );
        this.onExit(channel, code, signal);
      });
    });
    return started.then(async () => {
      clearTimeout(this.healthyTimer);
      this.healthyTimer = setTimeout(() => (this.backoffMs = 250), 60_000);
      this.healthyTimer.unref();
      if (this.model) await this.send({ type: 'load', ...this.model }, 60_000);
      this.up = true;
    });
  }

  private onExit(channel: HostChannel, code: number | null, signal: string | null): void {
    if (this.channel !== channel) return;
    this.channel = null;
    this.ready = null;
    this.up = false;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(
        new HostError(
          'host-exited',
          `The inference host stopped (${signal ?? `exit ${code}`}); it is being restarted.`,
        ),
      );
      this.pending.delete(id);
    }
    if (this.closed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
    this.options.log?.(
      `inference host stopped (${signal ?? `exit ${code}`}); restarting in ${delay} ms`,
    );
    this.restartTimer = setTimeout(() => {
      this.restarts++;
      this.start().then(
        () => this.restartListeners.forEach((l) => l(this.restarts)),
        () => {},
      );
    }, delay);
    this.restartTimer.unref();
  }

  /** Sends a request to the (started) host; rejects if it dies or does not answer in time. */
  async send(
    body: RequestBody,
    timeoutMs = this.options.requestTimeoutMs ?? 15_000,
  ): Promise<OkReply> {
    const channel = this.channel;
    if (!channel)
      throw new HostError('host-unavailable', 'The inference host is not running (restarting).');
    const id = this.nextId++;
    return new Promise<OkReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new HostError(
            'host-timeout',
            `The inference host did not answer within ${timeoutMs} ms; restarting it.`,
          ),
        );
        channel.kill();
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      channel.send({ ...body, id });
    });
  }

  /** Loads a model into the host; on failure the previous model stays loaded there. */
  async load(modelBytes: Uint8Array, manifest: PackManifest): Promise<void> {
    await this.start();
    await this.send({ type: 'load', modelBytes, manifest }, 60_000);
    this.model = { modelBytes, manifest };
  }

  /** Checks a model in the host (loads and probes it) without activating it. */
  async check(modelBytes: Uint8Array, manifest: PackManifest): Promise<void> {
    await this.start();
    await this.send({ type: 'check', modelBytes, manifest }, 60_000);
  }

  /** Kills the host process (tests, and the hang detector). */
  killHost(): void {
    this.channel?.kill();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.healthyTimer);
    clearTimeout(this.restartTimer);
    const channel = this.channel;
    if (!channel) return;
    const exited = new Promise<void>((resolve) => channel.onExit(() => resolve()));
    channel.kill();
    await exited;
  }
}
