/**
 * Demo history: a facility's operation simulated on a simulated clock and logged into a
 * database far faster than real time (`genba demo`). Two OpenManipulator-X arms (the
 * XM430-W350 ServoModel physics, stepped directly — no bus, no serial, no timers) and a Robotiq
 * 2F-85 gripper (its behaviour model) run pick-and-place task runs; injected faults
 * (overheating, overload, collision, voltage sag) raise alerts and faults, an overload trips the
 * servo's hardware error and an operator reboots it; USB cables get replugged; operators write
 * notes in Japanese and English. Telemetry is recorded at 50 Hz per joint through the db worker.
 *
 * It also seeds identifying values (facility name, operator names, robot names, USB serial
 * numbers, notes) and returns them exactly, so the privacy tests can check none of them leaves
 * the building.
 *
 * Event data follows the conventions of db/reports/shift-report.ts.
 */
import { DbClient } from '../../db/db-client';
import type { NewEvent } from '../../db/repositories/events-repository';
import type { TelemetryColumns } from '../../db/telemetry/telemetry-store';
import { messageEvent, type FaultClass } from '../domain';
import { SeededRandom } from '../servos/physics/random';
import { ArmSim } from './arm-sim';
import { ColumnCollector } from './column-collector';
import { DEMO_VALUES, ROBOT_IDS, seedFacility, type DemoSeededValues } from './demo-values';
import { GripperSim } from './gripper-sim';
import { connectedEvents, noteEvent, type Counters, type Emit } from './history-events';

export { DEMO_VALUES, type DemoSeededValues } from './demo-values';

export interface DemoHistoryOptions {
  dbPath: string;
  minutes: number;
  /** Simulated time ends here (default: now). */
  endMs?: number;
  seed?: number;
  /** Telemetry rate per joint (default 50 Hz). */
  hz?: number;
  /** Injected faults per arm and hour after the first (default 1/3: a few per 8-hour shift). */
  faultsPerHour?: number;
  dbWorkerScript?: string;
  onProgress?: (doneMinutes: number, totalMinutes: number) => void;
}

export interface DemoHistoryResult {
  seeded: DemoSeededValues;
  fromMs: number;
  toMs: number;
  samples: number;
  events: number;
  taskRuns: number;
  faults: number;
  alerts: number;
}

const ARM_FAULTS: FaultClass[] = ['overheating', 'overload', 'collision', 'voltage_sag'];
const FIRST_FAULTS: FaultClass[] = ['overheating', 'collision'];

export async function generateDemoHistory(options: DemoHistoryOptions): Promise<DemoHistoryResult> {
  const minutes = options.minutes;
  const hz = options.hz ?? 50;
  const seed = options.seed ?? 1;
  const toMs = Math.floor((options.endMs ?? Date.now()) / 1000) * 1000;
  const fromMs = toMs - Math.round(minutes * 60_000);
  const dtMs = Math.round(1000 / hz);
  const random = new SeededRandom(seed);
  const db = await DbClient.open({
    path: options.dbPath,
    ...(options.dbWorkerScript ? { workerScript: options.dbWorkerScript } : {}),
  });
  const counters: Counters = { samples: 0, events: 0, taskRuns: 0, faults: 0, alerts: 0 };
  try {
    await seedFacility(db, fromMs);
    const arms = [
      new ArmSim(ROBOT_IDS[0], seed, fromMs),
      new ArmSim(ROBOT_IDS[1], seed + 1, fromMs),
    ];
    const gripper = new GripperSim(ROBOT_IDS[2]);
    let events: NewEvent[] = [];
    const emit: Emit = (event) => events.push(event);
    for (const arm of arms) {
      events.push(...connectedEvents(arm.robotId, fromMs, messageEvent('robot.online', {})));
    }
    events.push(...connectedEvents(gripper.robotId, fromMs, messageEvent('gripper.online', {})));

    // Notes spread evenly so every seeded note is written whatever the length of the run.
    const notes = DEMO_VALUES.notes.map((text, i) => ({
      tMs: fromMs + Math.floor(((i + 0.5) * (toMs - fromMs)) / DEMO_VALUES.notes.length),
      text,
      user: DEMO_VALUES.operatorNames[i % DEMO_VALUES.operatorNames.length]!,
    }));
    // A first fault within minutes (so a short demo shows one), then about `faultsPerHour` per
    // arm (by default every 2–4 simulated hours: a few per shift, as a healthy facility sees).
    // A replug every 1–2 hours.
    const faultsPerHour = options.faultsPerHour ?? 1 / 3;
    const meanFaultGapMs = faultsPerHour > 0 ? 3_600_000 / faultsPerHour : Infinity;
    const nextFault = arms.map(() =>
      faultsPerHour > 0 ? fromMs + 60_000 + random.int(6 * 60_000) : Infinity,
    );
    const nextUnplug = arms.map(() => fromMs + 10 * 60_000 + random.int(30 * 60_000));
    let inFlight: Promise<unknown>[] = [];
    const dt = dtMs / 1000;
    const collectors = [
      ...arms.map((arm) => new ColumnCollector(arm.robotId)),
      new ColumnCollector(gripper.robotId),
    ];
    let lastProgress = fromMs;

    for (let now = fromMs; now < toMs; now += dtMs) {
      arms.forEach((arm, i) => {
        if (now >= nextFault[i]!) {
          // The first fault of each arm is a fixed one, so a short demo shows both kinds of alert.
          const first = nextFault[i]! < fromMs + 8 * 60_000 ? FIRST_FAULTS[i] : undefined;
          const name = first ?? ARM_FAULTS[random.int(ARM_FAULTS.length)]!;
          if (arm.connected) arm.injectFault(name, now, emit);
          nextFault[i] = now + meanFaultGapMs * (0.5 + random.next());
        }
        if (now >= nextUnplug[i]!) {
          arm.disconnect(now, emit, counters);
          nextUnplug[i] = now + 60 * 60_000 + random.int(60 * 60_000);
        }
        arm.step(dt, now, emit, counters);
        if (arm.connected) for (const sample of arm.sample(now)) collectors[i]!.push(sample);
      });
      // The gripper closes while Sakura carries something (waypoints 2–4).
      const carrying = arms[0]!.task !== null && arms[0]!.task.step >= 2 && arms[0]!.task.step <= 4;
      gripper.command(carrying);
      gripper.step(dtMs, now, emit, counters);
      collectors[2]!.push(gripper.sample(now));
      while (notes.length && notes[0]!.tMs <= now) {
        emit(noteEvent(notes.shift()!));
      }

      if ((now - fromMs) % 1000 === 1000 - dtMs || now + dtMs >= toMs) {
        const batches: TelemetryColumns[] = [];
        for (const collector of collectors) {
          const taken = collector.take();
          counters.samples += taken.samples;
          batches.push(...taken.batches);
        }
        if (batches.length) inFlight.push(db.call('appendTelemetryColumns', batches));
        if (events.length) {
          counters.events += events.length;
          inFlight.push(db.call('appendEvents', events));
          events = [];
        }
        // Let the worker keep up (it encodes while this thread simulates).
        if (inFlight.length >= 24) {
          await Promise.all(inFlight);
          inFlight = [];
        }
        if (now - lastProgress >= 60_000) {
          lastProgress = now;
          options.onProgress?.((now - fromMs) / 60_000, minutes);
        }
      }
    }
    for (const note of notes) events.push(noteEvent(note));
    if (events.length) {
      counters.events += events.length;
      inFlight.push(db.call('appendEvents', events));
    }
    await Promise.all(inFlight);
    await db.call('flushTelemetry');
    await db.call('enforceRetention', toMs);
    return { seeded: structuredClone(DEMO_VALUES), fromMs, toMs, ...counters };
  } finally {
    await db.close();
  }
}
