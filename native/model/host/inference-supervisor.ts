/**
 * Starts the inference host, talks to it, and brings it back when it dies. The process boundary is
 * a thin seam (ChildChannel, native/process/child-channel.ts): `child_process.fork` under plain
 * Node, Electron's `utilityProcess.fork` in the desktop shell (electron/desktop/utility-launcher.ts).
 * A dead or hung host is restarted with exponential backoff (250 ms … 30 s, reset after a minute
 * of health); the active model is loaded again before work resumes; callers waiting on the dead
 * process get an error, never a hang.
 */
import { forkLauncher, type ChildChannel, type ChildLauncher } from '../../process/child-channel';
import { Requester, type ArgsOf, type ResultOf } from '../../process/request-reply';
import type { PackManifest } from '../pack/manifest';
import type { HostApi, HostReady, HostReplyMeta } from './host-protocol';

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

export interface SupervisorOptions {
  launcher?: HostLauncher;
  /** A request unanswered for this long means the host is hung: it is killed and restarted. */
  requestTimeoutMs?: number;
  log?: (line: string) => void;
}

export class InferenceSupervisor {
  private channel: HostChannel | null = null;
  private requester: Requester<HostApi> | null = null;
  private ready: Promise<void> | null = null;
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
    const requester = new Requester<HostApi>(channel, {
      timeoutMs: this.options.requestTimeoutMs ?? 15_000,
      timeoutError: (_method, ms) =>
        new HostError(
          'host-timeout',
          `The inference host did not answer within ${ms} ms; restarting it.`,
        ),
      // A hung host is killed; its exit restarts it.
      onTimeout: () => channel.kill(),
      toError: (error) => new HostError(error.code, error.message),
      onReply: ({ meta }) => {
        const cpu = meta as HostReplyMeta;
        this.hostCpuUs = cpu.cpuUserUs + cpu.cpuSystemUs;
      },
    });
    this.requester = requester;
    const started = new Promise<void>((resolve, reject) => {
      channel.onMessage((message) => {
        if ((message as HostReady | null)?.type === 'ready') resolve();
      });
      channel.onExit((code, signal) => {
        reject(
          new HostError(
            'host-exited',
            `The inference host exited before it was ready (${signal ?? code}).`,
          ),
        );
        requester.fail(
          new HostError(
            'host-exited',
            `The inference host stopped (${signal ?? `exit ${code}`}); it is being restarted.`,
          ),
        );
        this.onExit(channel, code, signal);
      });
    });
    return started.then(async () => {
      clearTimeout(this.healthyTimer);
      this.healthyTimer = setTimeout(() => (this.backoffMs = 250), 60_000);
      this.healthyTimer.unref();
      if (this.model)
        await this.request('load', [this.model.modelBytes, this.model.manifest], 60_000);
      this.up = true;
    });
  }

  private onExit(channel: HostChannel, code: number | null, signal: string | null): void {
    if (this.channel !== channel) return;
    this.channel = null;
    this.requester = null;
    this.ready = null;
    this.up = false;
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

  /** Calls the (started) host; rejects if it dies or does not answer in time (then it is killed). */
  request<M extends keyof HostApi>(
    method: M,
    args: ArgsOf<HostApi[M]>,
    timeoutMs?: number,
  ): Promise<ResultOf<HostApi[M]>> {
    const requester = this.requester;
    if (!requester)
      return Promise.reject(
        new HostError('host-unavailable', 'The inference host is not running (restarting).'),
      );
    return requester.call(method, args, timeoutMs === undefined ? {} : { timeoutMs });
  }

  /** Loads a model into the host; on failure the previous model stays loaded there. */
  async load(modelBytes: Uint8Array, manifest: PackManifest): Promise<void> {
    await this.start();
    await this.request('load', [modelBytes, manifest], 60_000);
    this.model = { modelBytes, manifest };
  }

  /** Checks a model in the host (loads and probes it) without activating it. */
  async check(modelBytes: Uint8Array, manifest: PackManifest): Promise<void> {
    await this.start();
    await this.request('check', [modelBytes, manifest], 60_000);
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
