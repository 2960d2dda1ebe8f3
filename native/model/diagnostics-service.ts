/**
 * The live diagnostics service on the app side. Robot sessions hand it telemetry with `ingest`
 * (cheap: samples are appended to a bounded per-robot buffer); every tick it ships what arrived
 * to the inference host in one message and gets one detection per joint back, batched across
 * joints and robots. At most one step is in flight: while the host is busy, new samples keep
 * accumulating and are sent together with the next step (coalescing), and each robot's buffer is
 * capped (oldest samples dropped and counted), so a slow or restarting model never backs up the
 * poll loops. Detections go through the AlertTracker; alert changes reach `onAlert`.
 * Nothing here loads onnxruntime: inference happens only in the host process.
 */
import type { TelemetryBatch } from '../domain';
import {
  AlertTracker,
  DEFAULT_POLICY,
  type Alert,
  type AlertListener,
  type EvidencePoint,
} from './alerts';
import type { SampleBatch } from './host/host-protocol';
import { InferenceSupervisor, type SupervisorOptions } from './host/inference-supervisor';
import type { SampleColumns } from './joint-series';
import type { PackManifest } from './pack/manifest';

export interface DiagnosticsServiceOptions extends SupervisorOptions {
  tickMs?: number;
  /** Per-robot cap on samples waiting for the host. */
  maxPendingSamples?: number;
  onAlert?: AlertListener;
  supervisor?: InferenceSupervisor;
}

/** A robot's samples not yet sent to the host. */
interface Pending extends SampleColumns<number[], number[]> {
  joint: string[];
}

const nothingPending = (): Pending => ({
  joint: [],
  t: [],
  pos: [],
  vel: [],
  cur: [],
  volt: [],
  temp: [],
  hw: [],
});

const EVIDENCE_MS = 30_000;

export interface DiagnosticsStats {
  steps: number;
  detections: number;
  droppedSamples: number;
  skippedTicks: number;
  hostRestarts: number;
  hostCpuMs: number;
  hostPid: number | undefined;
}

export class DiagnosticsService {
  readonly supervisor: InferenceSupervisor;
  private readonly pending = new Map<string, Pending>();
  private readonly evidence = new Map<string, EvidencePoint[]>();
  private readonly tracker: AlertTracker;
  private readonly listeners: AlertListener[] = [];
  private loadedModel: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private modelLoaded = false;
  readonly stats: DiagnosticsStats = {
    steps: 0,
    detections: 0,
    droppedSamples: 0,
    skippedTicks: 0,
    hostRestarts: 0,
    hostCpuMs: 0,
    hostPid: undefined,
  };

  constructor(private readonly options: DiagnosticsServiceOptions = {}) {
    this.supervisor = options.supervisor ?? new InferenceSupervisor(options);
    if (options.onAlert) this.listeners.push(options.onAlert);
    this.tracker = new AlertTracker(
      DEFAULT_POLICY,
      (alert, change) => {
        for (const l of this.listeners) l(alert, change);
      },
      `alert-${Date.now().toString(36)}`,
    );
    this.supervisor.onRestart((n) => (this.stats.hostRestarts = n));
  }

  /** Subscribe to alert changes (raised, acknowledged, resolved). */
  onAlert(listener: AlertListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async start(model?: { modelBytes: Uint8Array; manifest: PackManifest }): Promise<void> {
    await this.supervisor.start();
    if (model) await this.loadModel(model.modelBytes, model.manifest);
    this.timer ??= setInterval(() => void this.tick(), this.options.tickMs ?? 500);
    this.timer.unref();
  }

  /** Activates a verified model in the host; if the host refuses it, the previous one keeps running. */
  async loadModel(modelBytes: Uint8Array, manifest: PackManifest): Promise<void> {
    await this.supervisor.load(modelBytes, manifest);
    this.modelLoaded = true;
    this.loadedModel = `${manifest.name}@${manifest.version}`;
  }

  get hasModel(): boolean {
    return this.modelLoaded;
  }

  /**
   * `name@version` of the pack the host runs, whichever way it was activated (Models area, Sync
   * area's model update, rollback, start-up): alerts are recorded with it.
   */
  get activeModel(): string | null {
    return this.loadedModel;
  }

  /** Telemetry from a robot session (the composition root feeds RobotFleet's batches here). */
  ingest(batch: TelemetryBatch): void {
    let p = this.pending.get(batch.robotId);
    if (!p) {
      p = nothingPending();
      this.pending.set(batch.robotId, p);
    }
    for (const s of batch.samples) {
      p.joint.push(s.joint);
      p.t.push(s.tMs);
      p.pos.push(s.positionRad);
      p.vel.push(s.velocityRadS);
      p.cur.push(s.currentA);
      p.volt.push(s.voltageV);
      p.temp.push(s.temperatureC);
      p.hw.push(s.hwError);
      this.remember(batch.robotId, s.joint, {
        tMs: s.tMs,
        positionRad: s.positionRad,
        velocityRadS: s.velocityRadS,
        currentA: s.currentA,
        voltageV: s.voltageV,
        temperatureC: s.temperatureC,
      });
    }
    const cap = this.options.maxPendingSamples ?? 20_000;
    const excess = p.t.length - cap;
    if (excess > 0) {
      for (const a of Object.values(p) as unknown[][]) a.splice(0, excess);
      this.stats.droppedSamples += excess;
    }
  }

  /** Forgets a robot (disconnected). */
  forget(robotId: string): void {
    this.pending.delete(robotId);
    for (const key of [...this.evidence.keys()])
      if (key.startsWith(`${robotId}\u0000`)) this.evidence.delete(key);
    if (this.supervisor.isReady) void this.supervisor.request('forget', [robotId]).catch(() => {});
  }

  alerts(): Alert[] {
    return this.tracker.list();
  }

  acknowledge(id: string, by: string): Alert | null {
    return this.tracker.acknowledge(id, by, Date.now());
  }

  /** One step: ship pending samples, classify, update alerts. Public for tests and benchmarks. */
  async tick(): Promise<void> {
    if (this.inFlight || !this.supervisor.isReady || !this.modelLoaded) {
      this.stats.skippedTicks++;
      return;
    }
    const batches: SampleBatch[] = [];
    for (const [robot, p] of this.pending) {
      if (p.t.length === 0) continue;
      batches.push({
        robot,
        joint: p.joint,
        t: Float64Array.from(p.t),
        pos: Float64Array.from(p.pos),
        vel: Float64Array.from(p.vel),
        cur: Float64Array.from(p.cur),
        volt: Float64Array.from(p.volt),
        temp: Float64Array.from(p.temp),
        hw: Int32Array.from(p.hw),
      });
      this.pending.set(robot, nothingPending());
    }
    if (batches.length === 0) return;
    this.inFlight = true;
    try {
      const detections = await this.supervisor.request('step', [batches]);
      this.stats.steps++;
      this.stats.hostCpuMs = this.supervisor.hostCpuUs / 1000;
      this.stats.hostPid = this.supervisor.pid;
      for (const d of detections) {
        this.stats.detections++;
        this.tracker.update(d, () => this.evidenceFor(d.robot, d.joint));
      }
    } catch {
      // The host died or hung: the supervisor restarts it; these samples are lost, later ones flow.
    } finally {
      this.inFlight = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.supervisor.close();
  }

  private remember(robot: string, joint: string, point: EvidencePoint): void {
    const key = `${robot}\u0000${joint}`;
    let list = this.evidence.get(key);
    if (!list) this.evidence.set(key, (list = []));
    const last = list.at(-1);
    if (last && point.tMs - last.tMs < 100) return; // 10 Hz is enough for the plot
    list.push(point);
    while (list.length && (list[0]?.tMs ?? 0) < point.tMs - EVIDENCE_MS) list.shift();
  }

  private evidenceFor(robot: string, joint: string): EvidencePoint[] {
    return [...(this.evidence.get(`${robot}\u0000${joint}`) ?? [])];
  }
}
