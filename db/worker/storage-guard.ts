/**
 * The db worker's write path on a failing disk. A write that meets SQLITE_FULL or an I/O error
 * is refused with `disk_full` / `io_error` instead of stopping the worker; telemetry already
 * accepted stays in memory (the store keeps it across failed flushes) up to a bound, beyond
 * which new telemetry is refused and counted; every few seconds the guard tries the disk again
 * and, once a write goes through, logging carries on by itself.
 */
import type { StorageHealth, StorageState } from '../../native/domain';
import {
  bytesFreeAt,
  storageFaultMessage,
  storageFaultOf,
  volumeOf,
  type StorageFault,
} from '../storage-faults';

export const STORAGE_RETRY_MS = 5000;
/** About 60 MB of samples in memory: a quarter of an hour of the demo facility. */
export const MAX_HELD_SAMPLES = 1_000_000;
/** Below this, an I/O error is taken for a full disk. */
const LOW_SPACE_BYTES = 1_048_576;

const TELEMETRY_WRITES = new Set(['appendTelemetry', 'appendTelemetryColumns']);

export interface StorageGuardOptions {
  path: string;
  /** Telemetry accepted but not yet on disk. */
  unwritten: () => number;
  /** Writes what is held (true when that wrote something); throws while the disk refuses. */
  retry: () => boolean;
  /** Tells the main thread. Called on every change and on every retry while not ok. */
  publish: (health: StorageHealth) => void;
  retryMs?: number;
  maxHeldSamples?: number;
}

export class StorageGuard {
  private state: StorageState = 'ok';
  private message: string | undefined;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  readonly volume: string;

  constructor(private readonly options: StorageGuardOptions) {
    this.volume = volumeOf(options.path);
  }

  health(): StorageHealth {
    return {
      state: this.state,
      volume: this.volume,
      bytesFree: bytesFreeAt(this.options.path),
      heldSamples: this.options.unwritten(),
      droppedSamples: this.dropped,
      ...(this.message === undefined ? {} : { message: this.message }),
    };
  }

  /** Before a call: while the disk is faulted and memory holds the bound, telemetry is refused. */
  refuse(method: string, args: unknown[]): Error | null {
    if (this.state === 'ok' || !TELEMETRY_WRITES.has(method)) return null;
    const limit = this.options.maxHeldSamples ?? MAX_HELD_SAMPLES;
    if (this.options.unwritten() < limit) return null;
    const count = samplesIn(method, args);
    this.dropped += count;
    return this.faultError(
      this.state,
      `${count} telemetry samples were not kept (${this.dropped} since the disk failed; ${limit} are held in memory until space returns).`,
    );
  }

  /** A storage failure becomes a `disk_full` / `io_error` error and pauses logging; others pass. */
  failed(error: unknown): unknown {
    const fault = this.faultOf(error);
    if (!fault) return error;
    this.enter(fault, error instanceof Error ? error.message : String(error));
    return this.faultError(fault);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private faultOf(error: unknown): StorageFault | null {
    return classify(error, this.options.path);
  }

  private faultError(fault: StorageFault, detail?: string): Error {
    return faultError(fault, this.options.path, this.volume, detail);
  }

  private enter(fault: StorageFault, message: string): void {
    const changed = this.state !== fault;
    this.state = fault;
    this.message = message;
    if (!this.timer) {
      this.timer = setInterval(() => this.tryAgain(), this.options.retryMs ?? STORAGE_RETRY_MS);
      this.timer.unref();
    }
    if (changed) this.options.publish(this.health());
  }

  private tryAgain(): void {
    try {
      const wrote = this.options.retry();
      // With nothing to write, free space is the only sign that a full disk has room again.
      const free = bytesFreeAt(this.options.path);
      if (!wrote && this.state === 'disk_full' && free !== null && free < LOW_SPACE_BYTES) {
        throw this.faultError('disk_full');
      }
    } catch (error) {
      this.state = this.faultOf(error) ?? this.state;
      this.message = error instanceof Error ? error.message : String(error);
      this.options.publish(this.health());
      return;
    }
    this.close();
    this.state = 'ok';
    this.message = undefined;
    this.options.publish(this.health());
  }
}

/** An error thrown while opening, in the same terms (no guard exists yet). */
export function openFault(error: unknown, path: string): unknown {
  const fault = classify(error, path);
  return fault ? faultError(fault, path, volumeOf(path)) : error;
}

/** SQLite reports a disk too full for its -wal/-shm files as an I/O error: call it full. */
function classify(error: unknown, path: string): StorageFault | null {
  const fault = storageFaultOf(error);
  if (fault !== 'io_error') return fault;
  const free = bytesFreeAt(path);
  return free !== null && free < LOW_SPACE_BYTES ? 'disk_full' : 'io_error';
}

function faultError(fault: StorageFault, path: string, volume: string, detail?: string): Error {
  const text = storageFaultMessage(fault, volume, bytesFreeAt(path));
  return Object.assign(new Error(detail ? `${text} ${detail}` : text), { code: fault });
}

function samplesIn(method: string, args: unknown[]): number {
  if (method === 'appendTelemetry') {
    const samples = (args[0] as { samples?: unknown } | undefined)?.samples;
    return Array.isArray(samples) ? samples.length : 0;
  }
  const batches = args[0] as { tMs?: ArrayLike<number> }[] | undefined;
  return Array.isArray(batches) ? batches.reduce((n, b) => n + (b.tMs?.length ?? 0), 0) : 0;
}
