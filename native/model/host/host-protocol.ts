/**
 * Messages between the app and the inference host process. The host owns onnxruntime and the
 * feature pipeline (both CPU-heavy); the app sends samples and asks for a step, and gets
 * per-joint detections back, over the request/reply helper (native/process/request-reply.ts).
 * Typed arrays cross the boundary by structured clone (child_process `serialization: 'advanced'`,
 * or Electron's utilityProcess).
 */
import type { SampleColumns } from '../joint-series';
import type { PackManifest } from '../pack/manifest';

/** One robot's new samples, every joint's together; `joint[i]` names sample i. */
export interface SampleBatch extends SampleColumns {
  robot: string;
  joint: string[];
}

export interface HostDetection {
  robot: string;
  joint: string;
  tMs: number;
  probs: number[];
  anomaly: number;
  hwError: number;
}

/** What the host serves (request-reply.ts); it handles one request at a time, in order. */
export type HostApi = {
  /** Checks a pack and makes it the one `step` classifies with; the previous stays on failure. */
  load(modelBytes: Uint8Array, manifest: PackManifest): Promise<void>;
  /** Checks a pack (loads and probes it) without making it active. */
  check(modelBytes: Uint8Array, manifest: PackManifest): Promise<void>;
  /** Takes new samples and classifies every joint with new data. */
  step(batches: SampleBatch[]): Promise<HostDetection[]>;
  /** Drops a robot's samples (disconnected). */
  forget(robot: string): void;
};

/** Sent once, before any reply, when the host is up. */
export interface HostReady {
  type: 'ready';
  pid: number;
}

/** Attached to every reply: the CPU time the host process has used so far. */
export interface HostReplyMeta {
  cpuUserUs: number;
  cpuSystemUs: number;
}
