/**
 * Which arm the Teach area works with: the connected arms, the one chosen (the first by default),
 * its teaching profile (joints, limits, home pose) and its pose, read a few times a second.
 */
import { useEffect, useMemo, useState } from 'react';
import type { TeachArmProfile } from '../../api/contract';
import { useApp } from '../../app-context';
import { useRobotDetail, useRobotList } from '../robots/use-robots';

export function useTeachArm(onError: (error: unknown) => void) {
  const { api } = useApp();
  const robots = useRobotList();
  const arms = useMemo(
    () =>
      (robots ?? []).filter(
        (r) =>
          r.profile === 'openmanipulator-x' ||
          r.profile.includes('arm') ||
          r.profile.includes('manipulator'),
      ),
    [robots],
  );
  const [robotId, setRobotId] = useState<string | null>(null);
  const robot = arms.find((r) => r.id === robotId) ?? arms[0] ?? null;
  const [profile, setProfile] = useState<TeachArmProfile | null>(null);

  useEffect(() => {
    if (!robot) return;
    void api.invoke('teach.profile', { profileId: robot.profile }).then(setProfile, onError);
  }, [api, robot, onError]);

  const detailState = useRobotDetail(robot?.id ?? '', 300);
  const detail = robot ? detailState.detail : null;
  const pose = useMemo(
    () => (detail ? Object.fromEntries(detail.joints.map((j) => [j.name, j.positionRad])) : null),
    [detail],
  );

  return { robots, arms, robot, setRobotId, profile, pose };
}
