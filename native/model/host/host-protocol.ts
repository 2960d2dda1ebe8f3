/**
 * Messages between the app and the inference host process. The host owns onnxruntime and the
 * feature pipeline (both CPU-heavy); the app sends samples and asks for a step, and gets
 * per-joint detections back. Typed arrays cross the boundary by structured clone (child_process
 * `serialization: 'advanced'`, or Electron's utilityProcess).
 */
import type { PackManifest } from '../pack/manifest';

export interface SampleBatch {
  robot: string;
  joint: string[];
  t: Float64Array;
  pos: Float64Array;
  vel: Float64Array;
  cur: Float64Array;
  volt: Float64Array;
  temp: Float64Array;
  hw: Int32Array;
}

export interface HostDetection {
  robot: string;
  joint: string;
  tMs: number;
  probs: number[];
  anomaly: number;
  hwError: number;
}

export type HostRequest =
  | { type: 'load'; id: number; modelBytes: Uint8Array; manifest: PackManifest }
  | { type: 'check'; id: number; modelBytes: Uint8Array; manifest: PackManifest }
  | { type: 'step'; id: number; batches: SampleBatch[] }
  | { type: 'forget'; id: number; robot: string };

export type HostReply =
  | { type: 'ready'; pid: number }
  | { type: 'ok'; id: number; cpuUserUs: number; cpuSystemUs: number; detections?: HostDetection[] }
  | { type: 'error'; id: number; code: string; message: string };
