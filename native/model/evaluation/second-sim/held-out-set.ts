/**
 * The second simulator's held-out set, fixed by its seeds: for every fault class and every arm,
 * two scenarios (alternating the class's variants) spread so each class has three scenarios at
 * each of 10, 25, 50 and 100 Hz; and 25 minutes of normal operation per arm per rate, cycling
 * through idle, pick-and-place and continuous duty (10 robot-hours in all, 2.5 h per rate). No
 * training code may draw from it (tests/native/model/evaluation/import-boundaries.test.ts).
 */
import { FAULT_CLASSES } from '../../../domain/faults';
import { drawScenario, FAULT_VARIANTS } from './draw-scenario';
import type { DutyCycle } from './motion-plan';
import { ROBOT_BUILDS } from './robot-builds';
import type { ScenarioSpec } from './scenario';

export const HELD_OUT_SEED_BASE = 7_300_000;
export const HELD_OUT_RATES_HZ = [10, 25, 50, 100] as const;
export const NORMAL_RUN_S = 1500;
const DUTIES: readonly DutyCycle[] = ['idle', 'pick_and_place', 'continuous'];

export function secondSimHeldOutSet(): ScenarioSpec[] {
  const specs: ScenarioSpec[] = [];
  let seed = HELD_OUT_SEED_BASE;
  FAULT_CLASSES.forEach((cls, c) => {
    const variants = FAULT_VARIANTS[cls];
    ROBOT_BUILDS.forEach((build, b) => {
      for (let k = 0; k < 2; k++) {
        const sampleHz = HELD_OUT_RATES_HZ[(c + b + 2 * k) % HELD_OUT_RATES_HZ.length] ?? 10;
        const variant = variants[(b + k) % variants.length] ?? variants[0] ?? '';
        specs.push(
          drawScenario(seed++, { build: build.id, sampleHz, fault: { class: cls, variant } }),
        );
      }
    });
  });
  HELD_OUT_RATES_HZ.forEach((sampleHz, r) => {
    ROBOT_BUILDS.forEach((build, b) => {
      specs.push(
        drawScenario(seed++, {
          build: build.id,
          sampleHz,
          fault: null,
          duty: DUTIES[(r + b) % DUTIES.length] ?? 'pick_and_place',
          durationS: NORMAL_RUN_S,
        }),
      );
    });
  });
  return specs;
}
