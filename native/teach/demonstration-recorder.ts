/**
 * One demonstration being recorded: the arm's joint positions of every poll cycle (a row is
 * kept once every joint of that cycle has arrived, in time order), the gripper's opening, and
 * the marks a person presses.
 */
import type { TelemetryBatch } from '../domain';
import type { ArmRobotProfile } from '../robots/robot-profile';
import { emptyDemonstration, gripperOpenFraction, type Demonstration } from './demonstration';
import type { JointMap } from './kinematics';
import type { ScriptedHand } from './scripted-hand';
import type { TeachState } from './teach-state';

export class DemonstrationRecorder {
  readonly startedMs = Date.now();
  readonly demo: Demonstration;
  /** The demo facility's simulated person, while it guides the arm. */
  hand: ScriptedHand | null = null;
  private readonly pending = new Map<number, JointMap>();
  private readonly gripper: string | undefined;

  constructor(
    readonly robotId: string,
    readonly mode: 'hand' | 'jog',
    readonly profile: ArmRobotProfile,
  ) {
    this.demo = { ...emptyDemonstration(profile), marks: [] };
    this.gripper = profile.joints.find((j) => j.gripper)?.name;
  }

  /** Takes one telemetry batch; false when it is another robot's. */
  ingest(batch: TelemetryBatch): boolean {
    if (batch.robotId !== this.robotId) return false;
    const { demo, gripper, pending } = this;
    const needed = [...demo.joints, ...(gripper ? [gripper] : [])];
    for (const s of batch.samples) {
      let row = pending.get(s.tMs);
      if (!row) pending.set(s.tMs, (row = {}));
      row[s.joint] = s.positionRad;
    }
    for (const [t, row] of [...pending.entries()].sort((a, b) => a[0] - b[0])) {
      if (!needed.every((n) => row[n] !== undefined)) continue;
      pending.delete(t);
      if ((demo.t.at(-1) ?? -Infinity) >= t) continue;
      demo.t.push(t);
      demo.q.push(demo.joints.map((n) => row[n] ?? 0));
      demo.gripper.push(gripper ? gripperOpenFraction(this.profile, row[gripper] ?? 0) : 1);
    }
    if (pending.size > 200) pending.clear();
    return true;
  }

  mark(open: number): void {
    this.demo.marks?.push({ tMs: Date.now(), open: Math.min(1, Math.max(0, open)) });
  }

  summary(): NonNullable<TeachState['recording']> {
    const { demo } = this;
    const seconds = demo.t.length > 1 ? ((demo.t.at(-1) ?? 0) - (demo.t[0] ?? 0)) / 1000 : 0;
    return {
      robotId: this.robotId,
      mode: this.mode,
      startedMs: this.startedMs,
      samples: demo.t.length,
      rateHz: seconds > 0 ? Math.round((demo.t.length - 1) / seconds) : 0,
      marks: demo.marks?.length ?? 0,
      handActive: this.hand !== null,
    };
  }
}
