/** What turning a demonstration into a program produces, stage by stage (teach-pipeline.ts). */
import type { Primitive, TaskProgram } from './program';

/** Raw feature rows → probabilities [n × PRIMITIVES.length]. */
export type SegmentClassifier = (
  features: Float32Array,
  n: number,
) => Promise<Float32Array> | Float32Array;

export interface Segment {
  primitive: Primitive;
  startMs: number;
  endMs: number;
}

export interface DetectedGripperEvent {
  tMs: number;
  open: number;
  from: number;
  source: 'motion' | 'mark';
}

export interface Keyframe {
  startMs: number;
  endMs: number;
  joints: number[];
  reason: 'start' | 'end' | 'gripper' | 'turn' | 'long' | 'via';
}

export interface TeachResult {
  program: TaskProgram;
  segments: Segment[];
  gripperEvents: DetectedGripperEvent[];
  keyframes: Keyframe[];
  /** Skipped stillnesses (hesitations), for the explanation in the UI. */
  hesitations: { startMs: number; endMs: number }[];
  /** Per grid point primitive index (for evaluation). */
  gridLabels: Int32Array;
  gridT: Float64Array;
}

export interface TeachOptions {
  name?: string;
  model?: string;
  createdMs?: number;
}
