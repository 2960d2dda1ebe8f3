/**
 * Offline diagnosis of recorded telemetry (the CLI and the evaluation harness): the same windows,
 * cadence and alert policy as the live service, over rows already in memory. Windows end every
 * STRIDE_MS per joint once WARMUP_MS of data exists; the classifier is passed in (the ONNX
 * session for the CLI, the identical TypeScript forward pass for bulk evaluation). Windows that
 * fall wholly in a gap hold no samples and are skipped, so the work grows with the samples, not
 * with the time span (one stray early t_ms would otherwise mean years of empty windows).
 */
import { AlertTracker, DEFAULT_POLICY, type Alert, type AlertPolicy } from './alerts';
import { extractRobotFeatures, FEATURE_COUNT, JointSeries, WINDOW_MS } from './features';
import type { TelemetryRow } from './telemetry';

export const STRIDE_MS = 500;
export const WARMUP_MS = 10_000;

export interface Classification {
  /** [n × classes] */
  probs: Float32Array;
  /** [n] */
  anomaly: Float32Array;
}

/** Classifies `n` raw (un-normalized) feature rows. */
export type Classifier = (
  features: Float32Array,
  n: number,
) => Promise<Classification> | Classification;

export function groupByRobot(rows: TelemetryRow[]): Map<string, Map<string, JointSeries>> {
  const robots = new Map<string, Map<string, JointSeries>>();
  const sorted = [...rows].sort((a, b) => a.tMs - b.tMs);
  for (const row of sorted) {
    let joints = robots.get(row.robot);
    if (!joints) robots.set(row.robot, (joints = new Map<string, JointSeries>()));
    let s = joints.get(row.joint);
    if (!s) joints.set(row.joint, (s = new JointSeries()));
    s.push(row);
  }
  return robots;
}

/**
 * The next window end after `tEnd`: one stride on while any joint has a sample in the window,
 * else the first stride-grid time that reaches the next sample (every window before it is empty).
 */
export function nextWindowEnd(joints: ReadonlyMap<string, JointSeries>, tEnd: number): number {
  let next = Infinity;
  for (const s of joints.values()) {
    const i = s.lowerBound(tEnd - WINDOW_MS);
    if (i >= s.start + s.length) continue;
    const t = s.t[i] ?? Infinity;
    if (t <= tEnd + STRIDE_MS) return tEnd + STRIDE_MS;
    next = Math.min(next, t);
  }
  return Math.max(tEnd + STRIDE_MS, Math.ceil(next / STRIDE_MS) * STRIDE_MS);
}

export async function diagnoseRows(
  rows: TelemetryRow[],
  classify: Classifier,
  policy: AlertPolicy = DEFAULT_POLICY,
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (const [robot, joints] of groupByRobot(rows)) {
    let first = Infinity;
    let last = -Infinity;
    for (const s of joints.values()) {
      first = Math.min(first, s.t[s.start] ?? Infinity);
      last = Math.max(last, s.lastT);
    }
    const keys: { joint: string; tMs: number; hw: number }[] = [];
    const feats: Float32Array[] = [];
    for (
      let tEnd = Math.ceil((first + WARMUP_MS) / STRIDE_MS) * STRIDE_MS;
      tEnd <= last;
      tEnd = nextWindowEnd(joints, tEnd)
    ) {
      for (const [joint, x] of extractRobotFeatures(joints, tEnd)) {
        const s = joints.get(joint);
        const i = s ? s.lowerBound(tEnd + 1) - 1 : -1;
        keys.push({ joint, tMs: tEnd, hw: s ? (s.hw[i] ?? 0) : 0 });
        feats.push(x);
      }
    }
    const batch = new Float32Array(feats.length * FEATURE_COUNT);
    feats.forEach((x, i) => batch.set(x, i * FEATURE_COUNT));
    const result = feats.length ? await classify(batch, feats.length) : null;
    const tracker = new AlertTracker(policy);
    const classes = result ? result.probs.length / Math.max(feats.length, 1) : 0;
    keys.forEach((k, i) => {
      if (!result) return;
      alerts.push(
        ...tracker.update({
          robot,
          joint: k.joint,
          tMs: k.tMs,
          probs: result.probs.subarray(i * classes, (i + 1) * classes),
          anomaly: result.anomaly[i] ?? 0,
          hwError: k.hw,
        }),
      );
    });
  }
  return alerts;
}
