/**
 * Bus scans on ports no robot is using: one scan per port at a time, progress as events, and
 * cancel. A scan changes the baud rate, so a port with a connected robot is refused.
 */
import { randomUUID } from 'node:crypto';
import type { ScanFailure, ScanProgress, ScanRequest } from '../domain';
import { scanBus, scanTotal, ScanCancelledError, ScanPortClosedError } from '../scan/bus-scanner';
import type { ByteTransport } from '../transport/byte-transport';
import { RobotCommandError } from './robot-session';

export interface BusScansOptions {
  openPort: (path: string, baudRate: number) => Promise<ByteTransport>;
  /** The name of the robot connected on a path, if any. */
  portUser: (path: string) => string | undefined;
  onProgress?: ((progress: ScanProgress) => void) | undefined;
}

export class BusScans {
  private readonly scans = new Map<string, { controller: AbortController; path: string }>();

  constructor(private readonly options: BusScansOptions) {}

  start(args: ScanRequest): { scanId: string } {
    const user = this.options.portUser(args.path);
    if (user) {
      throw new RobotCommandError(
        'port-in-use',
        `${args.path} is in use by ${user}. Disconnect it before scanning: a scan changes the baud rate and would disturb its poll loop.`,
      );
    }
    if ([...this.scans.values()].some((scan) => scan.path === args.path)) {
      throw new RobotCommandError('scan-running', `A scan of ${args.path} is already running.`);
    }
    const scanId = randomUUID();
    const controller = new AbortController();
    this.scans.set(scanId, { controller, path: args.path });
    void this.run(scanId, args, controller.signal);
    return { scanId };
  }

  cancel(scanId: string): void {
    const scan = this.scans.get(scanId);
    if (!scan) {
      throw new RobotCommandError(
        'unknown-scan',
        'That scan has already finished or never existed.',
      );
    }
    scan.controller.abort();
  }

  /** Cancels every running scan. */
  close(): void {
    for (const scan of this.scans.values()) scan.controller.abort();
  }

  private async run(scanId: string, args: ScanRequest, signal: AbortSignal): Promise<void> {
    const options = {
      ...(args.protocols ? { protocols: args.protocols } : {}),
      ...(args.bauds ? { bauds: args.bauds } : {}),
    };
    const total = scanTotal(options);
    const emit = (progress: Omit<ScanProgress, 'scanId' | 'path'>) =>
      this.options.onProgress?.({ scanId, path: args.path, ...progress });
    let transport: ByteTransport | undefined;
    let found: ScanProgress['found'] = [];
    let done = 0;
    let failure: ScanFailure = 'port-unavailable';
    try {
      transport = await this.options.openPort(args.path, args.bauds?.[0] ?? 1_000_000);
      failure = 'failed';
      emit({ done: 0, total, protocol: null, baud: null, found, state: 'running' });
      found = await scanBus(transport, {
        ...options,
        signal,
        onProgress: (step) => {
          done = step.done;
          found = step.found;
          emit({ ...step, state: 'running' });
        },
      });
      emit({ done: total, total, protocol: null, baud: null, found, state: 'finished' });
    } catch (error) {
      const cancelled = error instanceof ScanCancelledError;
      if (error instanceof ScanPortClosedError) {
        found = error.found;
        failure = 'port-closed';
      }
      emit({
        done,
        total,
        protocol: null,
        baud: null,
        found,
        state: cancelled ? 'cancelled' : 'failed',
        ...(cancelled
          ? {}
          : { failure, error: error instanceof Error ? error.message : String(error) }),
      });
    } finally {
      this.scans.delete(scanId);
      await transport?.close().catch(() => undefined);
    }
  }
}
