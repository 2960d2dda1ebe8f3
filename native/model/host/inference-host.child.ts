/**
 * The inference host: a process of its own that holds onnxruntime and the feature pipeline, so a
 * slow or crashing model never blocks or takes down the app. Entry point for
 * `child_process.fork` (plain Node, via forkEntry) and for Electron's `utilityProcess.fork`
 * (messages on `process.parentPort`). It keeps a short window of samples per joint, and on each
 * `step` computes features for every joint with new data and classifies them in one batch.
 */
import { WARMUP_MS } from '../detector';
import { extractRobotFeatures, FEATURE_COUNT, JointSeries, WINDOW_MS } from '../features';
import { checkModelWithOnnxRuntime, PackClassifier } from '../pack/onnx-session';
import { PackRefusedError } from '../pack/verify-pack';
import { parentLink, sendToParent } from '../../process/parent-port';
import { serveRequests } from '../../process/request-reply';
import type {
  HostApi,
  HostDetection,
  HostReady,
  HostReplyMeta,
  SampleBatch,
} from './host-protocol';

let classifier: PackClassifier | null = null;
const robots = new Map<string, Map<string, JointSeries>>();
const lastInferred = new Map<string, number>();
/** First sample per robot: as offline (detector.ts), nothing is judged before WARMUP_MS of data. */
const firstSeen = new Map<string, number>();

function ingest(batch: SampleBatch): void {
  if (!firstSeen.has(batch.robot) && batch.t.length) firstSeen.set(batch.robot, batch.t[0] ?? 0);
  let joints = robots.get(batch.robot);
  if (!joints) robots.set(batch.robot, (joints = new Map<string, JointSeries>()));
  for (let i = 0; i < batch.t.length; i++) {
    const name = batch.joint[i] ?? '';
    let s = joints.get(name);
    if (!s) joints.set(name, (s = new JointSeries()));
    s.push({
      tMs: batch.t[i] ?? 0,
      robot: batch.robot,
      joint: name,
      positionRad: batch.pos[i] ?? 0,
      velocityRadS: batch.vel[i] ?? 0,
      currentA: batch.cur[i] ?? 0,
      voltageV: batch.volt[i] ?? 0,
      temperatureC: batch.temp[i] ?? 0,
      hwError: batch.hw[i] ?? 0,
    });
  }
}

async function step(batches: SampleBatch[]): Promise<HostDetection[]> {
  for (const b of batches) ingest(b);
  const keys: { robot: string; joint: string; tMs: number; hw: number }[] = [];
  const feats: Float32Array[] = [];
  for (const [robot, joints] of robots) {
    let latest = -Infinity;
    for (const s of joints.values()) latest = Math.max(latest, s.lastT);
    for (const s of joints.values()) s.prune(latest - WINDOW_MS - 1000);
    if (!(latest > (lastInferred.get(robot) ?? -Infinity))) continue;
    if (latest - (firstSeen.get(robot) ?? latest) < WARMUP_MS) continue;
    lastInferred.set(robot, latest);
    for (const [joint, x] of extractRobotFeatures(joints, latest)) {
      const s = joints.get(joint);
      keys.push({ robot, joint, tMs: latest, hw: s ? (s.hw[s.end - 1] ?? 0) : 0 });
      feats.push(x);
    }
  }
  if (!classifier || feats.length === 0) return [];
  const batch = new Float32Array(feats.length * FEATURE_COUNT);
  feats.forEach((x, i) => batch.set(x, i * FEATURE_COUNT));
  const out = await classifier.classify(batch, feats.length);
  const classes = out.probs.length / feats.length;
  return keys.map((k, i) => ({
    robot: k.robot,
    joint: k.joint,
    tMs: k.tMs,
    probs: Array.from(out.probs.subarray(i * classes, (i + 1) * classes)),
    anomaly: out.anomaly[i] ?? 0,
    hwError: k.hw,
  }));
}

const api: HostApi = {
  check: (modelBytes, manifest) => checkModelWithOnnxRuntime(modelBytes, manifest),
  load: async (modelBytes, manifest) => {
    await checkModelWithOnnxRuntime(modelBytes, manifest);
    const next = await PackClassifier.load(modelBytes, manifest);
    const previous = classifier;
    classifier = next;
    await previous?.release();
  },
  step,
  forget: (robot) => {
    robots.delete(robot);
    lastInferred.delete(robot);
    firstSeen.delete(robot);
  },
};

// Requests are handled one at a time, in order (a load never races a step).
serveRequests(parentLink, api, {
  serial: true,
  meta: (): HostReplyMeta => {
    const cpu = process.cpuUsage();
    return { cpuUserUs: cpu.user, cpuSystemUs: cpu.system };
  },
  toWireError: (error) => ({
    code: error instanceof PackRefusedError ? error.code : 'host-error',
    message: error instanceof Error ? error.message : String(error),
  }),
});
process.on('disconnect', () => process.exit(0));
sendToParent({ type: 'ready', pid: process.pid } satisfies HostReady);
