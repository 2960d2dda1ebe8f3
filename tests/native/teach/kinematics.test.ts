import { describe, expect, test } from 'vitest';
import { getRobotProfile, type ArmRobotProfile } from '../../../native/robots/robot-profile';
import {
  forwardKinematics,
  inverseKinematics,
  KinematicsError,
  reachability,
} from '../../../native/teach/kinematics';

const profile = getRobotProfile('openmanipulator-x') as ArmRobotProfile;

describe('OpenManipulator-X kinematics from the profile', () => {
  test('all joints at zero: the arm stands up, then points forward (0.024 m offset)', () => {
    const pose = forwardKinematics(profile, { joint1: 0, joint2: 0, joint3: 0, joint4: 0 });
    expect(pose.x).toBeCloseTo(0.024 + 0.124 + 0.126, 3);
    expect(pose.y).toBeCloseTo(0, 6);
    expect(pose.z).toBeCloseTo(0.077 + 0.128, 3);
    expect(pose.pitch).toBeCloseTo(0, 6);
  });

  test('IK inverts FK across the workspace, inside the limits', () => {
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      const q = {
        joint1: -2 + (i % 17) * 0.25,
        joint2: -1.4 + ((i * 7) % 23) * 0.11,
        joint3: -0.8 + ((i * 5) % 19) * 0.11,
        joint4: -1.5 + ((i * 3) % 29) * 0.11,
      };
      const pose = forwardKinematics(profile, q);
      const result = reachability(profile, pose, q);
      if (!result.ok) continue;
      const back = forwardKinematics(profile, result.joints);
      expect(back.x).toBeCloseTo(pose.x, 6);
      expect(back.y).toBeCloseTo(pose.y, 6);
      expect(back.z).toBeCloseTo(pose.z, 6);
      expect(back.pitch).toBeCloseTo(pose.pitch, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  test('an unreachable point is refused with the reason', () => {
    expect(() => inverseKinematics(profile, { x: 0.6, y: 0, z: 0.1, pitch: 0 })).toThrow(
      KinematicsError,
    );
    const r = reachability(profile, { x: 0.6, y: 0, z: 0.1, pitch: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/out of the arm's reach/);
  });
});
