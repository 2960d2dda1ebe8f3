/**
 * The demo facility's simulated person: it moves the simulated arm's joints with
 * `setExternalHand` through a randomly drawn pick-and-place, with tremor and hesitations, so
 * teaching by hand-guiding can be shown and tested end to end without anyone at the arm.
 */
import type { ArmSession } from '../robots/arm-session';
import type { RobotLinkService } from '../robots/robot-link-service';
import type { DynamixelBusSimulator } from '../servos/dynamixel2/sim/bus-simulator';
import { armJointNames, gripperRad } from './demonstration';
import { performScript } from './scripted-demos';
import { randomTask } from './task-scripts';
import { TeachError } from './teach-state';

export interface ScriptedHand {
  stop(): void;
  /** Settles when the script is performed or stopped. */
  done: Promise<void>;
}

/** The simulator behind the demo facility's arm; refused for any other robot. */
export function demoArmSimulator(
  robots: Pick<RobotLinkService, 'demo'>,
  arm: ArmSession,
): DynamixelBusSimulator {
  const demo = robots.demo;
  const sim =
    demo && arm.identity === 'demo:arm-a'
      ? (demo.simulator('arm') as { arm?: DynamixelBusSimulator } | undefined)
      : undefined;
  if (!sim?.arm)
    throw new TeachError(
      'not-simulated',
      'The scripted hand works only on the demo facility’s simulated arm.',
    );
  return sim.arm;
}

/** Starts guiding `arm` from where it stands and back; the hand keeps hold until released. */
export function guideWithScriptedHand(
  sim: DynamixelBusSimulator,
  arm: ArmSession,
  seed: number,
): ScriptedHand {
  const profile = arm.profile;
  const names = armJointNames(profile);
  const here = Object.fromEntries(arm.detail().joints.map((j) => [j.name, j.positionRad]));
  const script = randomTask(profile, 'approach', seed);
  const start = names.map((n) => here[n] ?? 0);
  const first = script.steps[0];
  const last = script.steps.at(-1);
  if (first?.kind === 'move') first.joints = start;
  if (last?.kind === 'move') last.joints = start;
  const performed = performScript(profile, script, seed, { rateHz: 100, hesitation: 0.5 });
  const gripperJoint = profile.joints.find((j) => j.gripper);
  let stopped = false;
  const t0 = performed.demo.t[0] ?? 0;
  const began = performance.now();
  const done = (async () => {
    for (let i = 0; i < performed.demo.t.length && !stopped; i++) {
      const due = (performed.demo.t[i] ?? 0) - t0;
      const wait = due - (performance.now() - began);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const q = performed.demo.q[i] ?? [];
      names.forEach((n, j) => {
        const joint = profile.joints.find((x) => x.name === n);
        if (joint) sim.setExternalHand(joint.servoId, q[j] ?? 0);
      });
      if (gripperJoint)
        sim.setExternalHand(
          gripperJoint.servoId,
          gripperRad(profile, performed.demo.gripper[i] ?? 1),
        );
    }
  })();
  return { stop: () => (stopped = true), done };
}

/** Lets go of every joint of the demo arm; a real arm's person lets go by themselves. */
export function releaseScriptedHand(robots: Pick<RobotLinkService, 'demo'>, arm: ArmSession): void {
  let sim: DynamixelBusSimulator;
  try {
    sim = demoArmSimulator(robots, arm);
  } catch {
    return;
  }
  for (const j of arm.profile.joints) sim.setExternalHand(j.servoId, null);
}
