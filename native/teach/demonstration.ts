/**
 * A recorded demonstration: joint positions over time (hand-guiding, jogging, a CSV file) and the
 * gripper's opening, plus optional marks a person pressed ("closed the gripper here").
 *
 * Demonstration CSV (a contract of `genba teach`): header `t_ms,<joint names of the robot profile…>,gripper`, one
 * row per sample; positions in radians; `gripper` from 0 (closed) to 1 (open). The joint columns
 * are the profile's arm joints (every joint but the gripper), in any order.
 */
import type { ArmRobotProfile } from '../robots/robot-profile';

export interface GripperMark {
  tMs: number;
  open: number;
}

export interface Demonstration {
  robotProfile: string;
  /** Arm joints (the gripper excluded), in profile order. */
  joints: string[];
  /** Sample times, ms, increasing. */
  t: number[];
  /** Positions [sample][joint], rad. */
  q: number[][];
  /** Gripper opening per sample, 0 closed … 1 open. */
  gripper: number[];
  marks?: GripperMark[];
}

export class DemonstrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemonstrationError';
  }
}

export function armJointNames(profile: ArmRobotProfile): string[] {
  return profile.joints.filter((j) => !j.gripper).map((j) => j.name);
}

/** A demonstration with no samples yet, over the profile's arm joints. */
export function emptyDemonstration(profile: ArmRobotProfile): Demonstration {
  return { robotProfile: profile.id, joints: armJointNames(profile), t: [], q: [], gripper: [] };
}

/** Gripper joint angle ↔ opening 0 … 1 (profile `gripper.closedRad/openRad`). */

export function gripperOpenFraction(profile: ArmRobotProfile, rad: number): number {
  const g = profile.joints.find((j) => j.gripper)?.gripper;
  if (!g) return 1;
  return Math.min(1, Math.max(0, (rad - g.closedRad) / (g.openRad - g.closedRad)));
}

export function gripperRad(profile: ArmRobotProfile, open: number): number {
  const g = profile.joints.find((j) => j.gripper)?.gripper;
  if (!g) return 0;
  return g.closedRad + Math.min(1, Math.max(0, open)) * (g.openRad - g.closedRad);
}

/** Latest plausible time (2100-01-01, ms since 1970); relative times from 0 pass too. */
const MAX_T_MS = Date.UTC(2100, 0, 1);
/** A demonstration is minutes of motion; teaching resamples its whole span every 20 ms. */
export const MAX_DEMONSTRATION_MS = 30 * 60_000;
/** No arm joint turns further than this many radians from zero. */
const MAX_JOINT_RAD = 100;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function parseDemonstrationCsv(
  text: string,
  profile: ArmRobotProfile,
  source = 'the demonstration',
): Demonstration {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim());
  const names = armJointNames(profile);
  const expected = ['t_ms', ...names, 'gripper'];
  const missing = expected.filter((c) => !header.includes(c));
  if (header.length === 0 || missing.length > 0) {
    throw new DemonstrationError(
      `${source} is not a demonstration CSV for ${profile.id}: the header must be "${expected.join(',')}" (missing ${missing.join(', ') || 'columns'}).`,
    );
  }
  const unknown = header.filter((c) => !expected.includes(c));
  if (unknown.length > 0) {
    throw new DemonstrationError(
      `${source}: unknown column(s) ${unknown.join(', ')} for ${profile.id}. Expected "${expected.join(',')}".`,
    );
  }
  const col = (name: string) => header.indexOf(name);
  const tCol = col('t_ms');
  const gCol = col('gripper');
  const jCols = names.map(col);
  const demo = emptyDemonstration(profile);
  for (let i = 1; i < lines.length; i++) {
    const cells = (lines[i] ?? '').split(',');
    if (cells.length !== header.length) {
      throw new DemonstrationError(
        `${source} line ${i + 1}: ${cells.length} values for ${header.length} columns.`,
      );
    }
    const num = (c: number, what: string, lo = -Infinity, hi = Infinity) => {
      const raw = (cells[c] ?? '').trim();
      const v = Number(raw);
      if (!DECIMAL.test(raw) || !Number.isFinite(v)) {
        throw new DemonstrationError(
          `${source} line ${i + 1}, column ${c + 1}: ${what} "${raw}" is not a number.`,
        );
      }
      if (v < lo || v > hi) {
        throw new DemonstrationError(
          `${source} line ${i + 1}, column ${c + 1}: ${what} ${raw} is outside ${lo} … ${hi}.`,
        );
      }
      return v;
    };
    const t = num(tCol, 't_ms', 0, MAX_T_MS);
    const last = demo.t.at(-1);
    if (last !== undefined && t <= last) {
      throw new DemonstrationError(
        `${source} line ${i + 1}: t_ms ${t} does not increase (previous ${last}). Sort the rows by time.`,
      );
    }
    const g = num(gCol, 'gripper');
    if (g < -0.05 || g > 1.05) {
      throw new DemonstrationError(
        `${source} line ${i + 1}: gripper ${g} is outside 0 (closed) … 1 (open).`,
      );
    }
    demo.t.push(t);
    demo.q.push(jCols.map((c, k) => num(c, names[k] ?? 'joint', -MAX_JOINT_RAD, MAX_JOINT_RAD)));
    demo.gripper.push(Math.min(1, Math.max(0, g)));
  }
  const span = (demo.t.at(-1) ?? 0) - (demo.t[0] ?? 0);
  if (span > MAX_DEMONSTRATION_MS) {
    throw new DemonstrationError(
      `${source} spans ${Math.round(span / 60_000).toLocaleString('en')} min; a demonstration may span at most ${MAX_DEMONSTRATION_MS / 60_000} min. Check that t_ms is in milliseconds.`,
    );
  }
  if (demo.t.length < 10) {
    throw new DemonstrationError(
      `${source} has ${demo.t.length} samples; a demonstration needs at least 10 (a few seconds of motion).`,
    );
  }
  return demo;
}

export function formatDemonstrationCsv(demo: Demonstration): string {
  const rows = [['t_ms', ...demo.joints, 'gripper'].join(',')];
  demo.t.forEach((t, i) => {
    rows.push(
      [
        Math.round(t),
        ...(demo.q[i] ?? []).map((v) => v.toFixed(5)),
        (demo.gripper[i] ?? 0).toFixed(4),
      ].join(','),
    );
  });
  return `${rows.join('\n')}\n`;
}
