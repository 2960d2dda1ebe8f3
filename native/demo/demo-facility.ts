/**
 * The demo facility: an OpenManipulator-X and a Robotiq 2F-85 simulated in-process, each behind
 * a loopback pair, reached through the very same sessions as real hardware. A gentle repeating
 * pick-and-place keeps telemetry alive. After an emergency stop or a fault the routine waits: it
 * only switches torque on / activates once, at the start, so a stop stays a stop until a person
 * turns the robot back on.
 *
 * Faults can be injected into the simulators (for the UI and tests): the diagnostics names
 * (overheating, overload, …, link_degradation) and `unplug` for a pulled cable.
 */
import type { ArmSession } from '../robots/arm-session';
import type { GripperSession } from '../robots/gripper-session';
import {
  attachSimulatedRobot,
  type SimFaultRequest,
  type SimulatedRobot,
} from '../robots/sim/simulated-robot';
import { createOpenManipulatorXServos } from '../robots/sim/open-manipulator-x';
import type { ByteTransport } from '../transport/byte-transport';
import { createLoopbackPair, type LoopbackTransport } from '../transport/loopback-transport';

export type DemoTarget = 'arm' | 'gripper';

export interface DemoRobot {
  target: DemoTarget;
  profileId: 'openmanipulator-x' | 'robotiq-2f85';
  name: string;
  identity: string;
  port: string;
  open: (baudRate: number) => Promise<ByteTransport>;
}

interface Step {
  arm: Record<string, number>;
  /** Robotiq opening, 0 closed … 1 open. */
  gripper?: number;
  holdMs: number;
}

/** Poses well inside the OpenManipulator-X limits; joint angles in radians. */
const PICK_AND_PLACE: readonly Step[] = [
  {
    arm: { joint1: 0, joint2: -1.0, joint3: 0.3, joint4: 0.7, gripper: 0.9 },
    gripper: 1,
    holdMs: 1800,
  },
  { arm: { joint1: 0.6, joint2: -0.3, joint3: 0.2, joint4: 1.0, gripper: 0.9 }, holdMs: 1800 },
  { arm: { joint1: 0.6, joint2: 0.2, joint3: 0.1, joint4: 1.1, gripper: 0.9 }, holdMs: 1500 },
  {
    arm: { joint1: 0.6, joint2: 0.2, joint3: 0.1, joint4: 1.1, gripper: -0.2 },
    gripper: 0.2,
    holdMs: 1200,
  },
  { arm: { joint1: 0.6, joint2: -0.4, joint3: 0.3, joint4: 0.9, gripper: -0.2 }, holdMs: 1500 },
  { arm: { joint1: -0.6, joint2: -0.4, joint3: 0.3, joint4: 0.9, gripper: -0.2 }, holdMs: 2000 },
  { arm: { joint1: -0.6, joint2: 0.2, joint3: 0.1, joint4: 1.1, gripper: -0.2 }, holdMs: 1500 },
  {
    arm: { joint1: -0.6, joint2: 0.2, joint3: 0.1, joint4: 1.1, gripper: 0.9 },
    gripper: 1,
    holdMs: 1200,
  },
  { arm: { joint1: -0.6, joint2: -0.3, joint3: 0.2, joint4: 1.0, gripper: 0.9 }, holdMs: 1500 },
];

export interface DemoFacilityOptions {
  seed?: number;
}

export class DemoFacility {
  readonly robots: readonly DemoRobot[];
  private readonly servos = createOpenManipulatorXServos();
  private readonly attached = new Map<
    DemoTarget,
    { app: LoopbackTransport; sim: SimulatedRobot }
  >();
  private readonly unpluggedUntil = new Map<DemoTarget, number>();
  private readonly faults = new Map<DemoTarget, SimFaultRequest[]>();
  private running = false;
  private routineDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly seed: number;
  /** Teaching and task playback hold the routine so it never moves the arm under them. */
  private holds = 0;

  constructor(options: DemoFacilityOptions = {}) {
    this.seed = options.seed ?? 1;
    this.robots = [
      {
        target: 'arm',
        profileId: 'openmanipulator-x',
        name: 'Arm A',
        identity: 'demo:arm-a',
        port: 'demo:arm-a',
        open: (baud) => this.open('arm', 'openmanipulator-x', baud),
      },
      {
        target: 'gripper',
        profileId: 'robotiq-2f85',
        name: 'Gripper A',
        identity: 'demo:gripper-a',
        port: 'demo:gripper-a',
        open: (baud) => this.open('gripper', 'robotiq-2f85', baud),
      },
    ];
  }

  /** The simulator behind a demo robot (undefined while unplugged). */
  simulator(target: DemoTarget): SimulatedRobot | undefined {
    return this.attached.get(target)?.sim;
  }

  /** Injects a fault into a demo simulator; `unplug` pulls the cable for `durationS` (default 5 s). */
  injectFault(target: DemoTarget, fault: SimFaultRequest): void {
    if (fault.name === 'unplug') {
      this.unplug(target, (fault.durationS ?? 5) * 1000);
      return;
    }
    const list = this.faults.get(target) ?? [];
    list.push(fault);
    this.faults.set(target, list);
    this.attached.get(target)?.sim.injectFault(fault);
  }

  clearFaults(target: DemoTarget): void {
    this.faults.delete(target);
    this.attached.get(target)?.sim.clearFaults();
  }

  /** Pulls the demo robot's cable; its session reconnects by itself once `forMs` has passed. */
  unplug(target: DemoTarget, forMs = 5000): void {
    this.unpluggedUntil.set(target, Date.now() + forMs);
    const link = this.attached.get(target);
    this.attached.delete(target);
    link?.sim.close();
    link?.app.unplug();
  }

  /** Starts the pick-and-place loop over the two sessions. */
  startRoutine(arm: ArmSession, gripper: GripperSession): void {
    if (this.running) return;
    this.running = true;
    this.routineDone = this.routine(arm, gripper);
  }

  /** Pauses the pick-and-place routine until the returned release is called. */
  holdRoutine(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
    };
  }

  async close(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.routineDone;
    for (const { sim, app } of this.attached.values()) {
      sim.close();
      await app.close();
    }
    this.attached.clear();
  }

  private open(target: DemoTarget, profileId: string, baud: number): Promise<ByteTransport> {
    const until = this.unpluggedUntil.get(target) ?? 0;
    if (Date.now() < until) {
      return Promise.reject(new Error(`The demo ${target}'s cable is unplugged (simulated).`));
    }
    const previous = this.attached.get(target);
    previous?.sim.close();
    const [app, device] = createLoopbackPair(`demo-${target}`, baud);
    const sim = attachSimulatedRobot(profileId, device, {
      seed: this.seed,
      faults: this.faults.get(target) ?? [],
      ...(target === 'arm' ? { servos: this.servos } : {}),
    });
    this.attached.set(target, { app, sim });
    return Promise.resolve(app);
  }

  private async routine(arm: ArmSession, gripper: GripperSession): Promise<void> {
    let armPrepared = false;
    let gripperPrepared = false;
    let index = 0;
    while (this.running) {
      const step = PICK_AND_PLACE[index % PICK_AND_PLACE.length] ?? PICK_AND_PLACE[0];
      if (!step) return;
      if (this.holds > 0) {
        await new Promise<void>((resolve) => setTimeout(resolve, 200));
        continue;
      }
      try {
        if (!armPrepared && arm.state === 'torque-off') {
          await arm.setTorque(true);
          armPrepared = true;
        }
        if (!gripperPrepared && gripper.state === 'torque-off') {
          await gripper.command({ action: 'activate' });
          gripperPrepared = true;
        }
        if (arm.state === 'ready' || arm.state === 'running') await arm.moveJoints(step.arm);
        if (
          step.gripper !== undefined &&
          (gripper.state === 'ready' || gripper.state === 'running')
        ) {
          await gripper.command({
            action: 'move',
            openFraction: step.gripper,
            speed: 0.4,
            force: 0.3,
          });
        }
      } catch {
        // A refused move (stopped, faulted, unplugged) just waits for the next step.
      }
      index++;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, step.holdMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
