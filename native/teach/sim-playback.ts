/**
 * Playback on the OpenManipulator-X simulator's servo models, stepped as fast as the CPU allows
 * (the same bus simulator and physics the demo facility runs, without the wire), through the
 * same playback engine a robot session uses. For the evaluation and tests.
 */
import type { ArmRobotProfile } from '../robots/robot-profile';
import { XM430_W350 } from '../servos/dynamixel2/control-table';
import { DynamixelBusSimulator } from '../servos/dynamixel2/sim/bus-simulator';
import { createOpenManipulatorXServos } from '../robots/sim/open-manipulator-x';
import { createLoopbackPair } from '../transport/loopback-transport';
import { encodeUint } from '../servos/dynamixel2/bytes';
import type { JointMap } from './kinematics';
import { PlaybackRun, type RunResult } from './playback';
import type { TaskProgram } from './program';

const PULSE = (2 * Math.PI) / 4096;

export async function simulatePlayback(
  profile: ArmRobotProfile,
  program: TaskProgram,
  speedScale = 0.25,
): Promise<RunResult> {
  const [, device] = createLoopbackPair('sim-playback', 1_000_000);
  const sim = new DynamixelBusSimulator(device, createOpenManipulatorXServos(), { seed: 3 });
  const servo = (name: string) => {
    const joint = profile.joints.find((j) => j.name === name);
    return joint ? sim.servo(joint.servoId) : undefined;
  };
  const write = (name: string, key: string, value: number) => {
    const item = XM430_W350.item(key);
    servo(name)?.write(item.address, encodeUint(value, item.size));
  };
  for (const joint of profile.joints) {
    write(
      joint.name,
      'profileAcceleration',
      XM430_W350.fromSi(XM430_W350.item('profileAcceleration'), joint.maxAccelerationRadS2),
    );
    write(
      joint.name,
      'profileVelocity',
      XM430_W350.fromSi(XM430_W350.item('profileVelocity'), joint.maxVelocityRadS),
    );
    write(joint.name, 'torqueEnable', 1);
  }
  const driver = {
    readJoints(): JointMap {
      return Object.fromEntries(
        profile.joints.map((j) => [
          j.name,
          ((servo(j.name)?.get('presentPosition') ?? 2048) - 2048) * PULSE,
        ]),
      );
    },
    command(targets: JointMap): Promise<void> {
      for (const [name, rad] of Object.entries(targets))
        write(name, 'goalPosition', Math.round(rad / PULSE) + 2048);
      return Promise.resolve();
    },
    sleep(ms: number): Promise<void> {
      sim.run(ms / 1000);
      return Promise.resolve();
    },
  };
  try {
    return await new PlaybackRun(profile, program, driver, { speedScale }).run();
  } finally {
    sim.close();
  }
}
