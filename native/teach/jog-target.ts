/**
 * Where one jog takes the arm: a joint nudged within its limits, or the tool moved in Cartesian
 * space through inverse kinematics — refused when the step would swing the arm into another
 * posture or put the tool into the table.
 */
import type { ArmRobotProfile } from '../robots/robot-profile';
import {
  forwardKinematics,
  inverseKinematics,
  KinematicsError,
  limitViolations,
  type JointMap,
} from './kinematics';
import { TeachError } from './teach-state';

export type Jog =
  { joint: string; deltaRad: number } | { dx: number; dy: number; dz: number; dPitch: number };

const deg = (rad: number) => `${((rad * 180) / Math.PI).toFixed(0)}°`;

/** The joints to command (only those that move) from the arm's pose `here`. */
export function jogTarget(profile: ArmRobotProfile, here: JointMap, jog: Jog): JointMap {
  if ('joint' in jog) {
    const target = { [jog.joint]: (here[jog.joint] ?? 0) + jog.deltaRad };
    const v = limitViolations(profile, target)[0];
    if (v) {
      throw new TeachError(
        'outside-limits',
        `${v.joint.label.en} (${v.joint.name}) is at its limit (${deg(v.joint.minRad)} … ${deg(v.joint.maxRad)}); it cannot go further that way.`,
      );
    }
    return target;
  }
  const pose = forwardKinematics(profile, here);
  let target: JointMap;
  try {
    target = inverseKinematics(
      profile,
      {
        x: pose.x + jog.dx,
        y: pose.y + jog.dy,
        z: pose.z + jog.dz,
        pitch: pose.pitch + jog.dPitch,
      },
      here,
    );
  } catch (error) {
    if (error instanceof KinematicsError) throw new TeachError(error.code, error.message);
    throw error;
  }
  const jump = Math.max(...Object.entries(target).map(([n, v]) => Math.abs(v - (here[n] ?? v))));
  if (jump > 0.6)
    throw new TeachError(
      'unreachable',
      'That step would swing the arm into another posture. Jog the joints instead.',
    );
  const low = forwardKinematics(profile, target).z;
  if (low < 0.005) throw new TeachError('below-table', 'That would move the tool into the table.');
  return target;
}
