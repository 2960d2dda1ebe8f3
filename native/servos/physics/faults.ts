import { FAULT_CLASSES, type FaultClass } from '../../domain';
import { SeededRandom } from './random';

export interface FaultSpec {
  name: FaultClass;
  /** Servo id it affects; omitted = every servo on the bus (voltage_sag is always bus-wide). */
  id?: number;
  /** Simulated seconds after which the fault begins. Default 0 (now). */
  onsetS?: number;
  /** 0 … 1 (more is allowed and means worse). Default 1. */
  magnitude?: number;
  /** How long it lasts; omitted = until removed. */
  durationS?: number;
}

interface ActiveFault {
  name: FaultClass;
  id: number | undefined;
  onsetS: number;
  magnitude: number;
  endS: number;
}

export class UnknownFaultError extends Error {
  constructor(name: string) {
    super(`Unknown fault "${name}". Known faults: ${FAULT_CLASSES.join(', ')}.`);
    this.name = 'UnknownFaultError';
  }
}

export function isFaultName(name: string): name is FaultClass {
  return (FAULT_CLASSES as readonly string[]).includes(name);
}

/**
 * Injected faults, each with an onset and a magnitude. All randomness (noise, dropped replies)
 * comes from one seeded generator, so a run with the same seed and steps repeats exactly.
 */
export class FaultInjector {
  readonly random: SeededRandom;
  private faults: ActiveFault[] = [];

  constructor(seed = 1) {
    this.random = new SeededRandom(seed);
  }

  add(spec: FaultSpec, nowS = 0): void {
    if (!isFaultName(spec.name)) throw new UnknownFaultError(spec.name);
    const onsetS = spec.onsetS ?? nowS;
    this.faults.push({
      name: spec.name,
      id: spec.name === 'voltage_sag' ? undefined : spec.id,
      onsetS,
      magnitude: spec.magnitude ?? 1,
      endS: spec.durationS === undefined ? Infinity : onsetS + spec.durationS,
    });
  }

  remove(name: FaultClass, id?: number): void {
    this.faults = this.faults.filter((f) => f.name !== name || (id !== undefined && f.id !== id));
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map((f) => ({
      name: f.name,
      ...(f.id !== undefined ? { id: f.id } : {}),
      onsetS: f.onsetS,
      magnitude: f.magnitude,
      ...(Number.isFinite(f.endS) ? { durationS: f.endS - f.onsetS } : {}),
    }));
  }

  /** Magnitude of the fault acting on `id` at time `t` (0 when inactive). */
  level(name: FaultClass, id: number, t: number): number {
    let level = 0;
    for (const f of this.faults) {
      if (f.name === name && (f.id === undefined || f.id === id) && t >= f.onsetS && t < f.endS)
        level = Math.max(level, f.magnitude);
    }
    return level;
  }

  /** Seconds since the fault began (for faults that grow, like wear), or -1 when inactive. */
  age(name: FaultClass, id: number, t: number): number {
    let age = -1;
    for (const f of this.faults) {
      if (f.name === name && (f.id === undefined || f.id === id) && t >= f.onsetS && t < f.endS)
        age = Math.max(age, t - f.onsetS);
    }
    return age;
  }
}
