/**
 * Alert lifecycle and debouncing. The model speaks every half second per joint; people should hear
 * about a problem once. A fault is raised only after it has been the confident top class for
 * several consecutive windows (fewer when it is very confident, at once when the servo itself has
 * latched the matching Hardware Error bit), it stays one alert while the evidence persists, and it
 * resolves only after a quiet period (hysteresis: it takes less to keep an alert than to raise
 * one). A resolved fault has a cool-down before the same joint can raise it again. Voltage sag is
 * a bus-wide fault: one alert per robot. Every transition (raised → acknowledged → resolved) is
 * reported to the caller, which logs it as an event.
 */
import { CLASS_NAMES, FAULT_ADVICE } from './taxonomy';
import type { AlertFigures, AlertState, FaultClass, TelemetrySample } from '../domain';
import { HW_BIT } from './telemetry';

export interface Detection {
  robot: string;
  joint: string;
  tMs: number;
  /** Probabilities in CLASS_NAMES order. */
  probs: ArrayLike<number>;
  anomaly: number;
  hwError: number;
}

/** A moment of the joint's telemetry kept with an alert, to show what raised it. */
export type EvidencePoint = Omit<TelemetrySample, 'joint' | 'hwError'>;

export interface Alert extends AlertFigures {
  id: string;
  robot: string;
  fault: FaultClass;
  evidence: EvidencePoint[];
}

export interface AlertPolicy {
  /** Probability above which a window counts toward raising. */
  raiseProbability: number;
  /** Consecutive windows needed to raise. */
  raiseWindows: number;
  /** Per-fault overrides: slow faults (wear) must persist longer, so a developing overload is not called wear. */
  raiseWindowsByFault: Partial<Record<FaultClass, number>>;
  /** Probability at which fewer windows are enough. */
  fastProbability: number;
  fastWindows: number;
  /** An active alert stays while its probability is above this… */
  keepProbability: number;
  /** …and resolves after this long below it. */
  resolveAfterMs: number;
  /** A resolved fault may be raised again on the same joint only after this. */
  cooldownMs: number;
}

export const DEFAULT_POLICY: AlertPolicy = {
  raiseProbability: 0.7,
  raiseWindows: 4,
  raiseWindowsByFault: { wear: 120, link_degradation: 8 },
  fastProbability: 0.93,
  fastWindows: 2,
  keepProbability: 0.3,
  resolveAfterMs: 20_000,
  cooldownMs: 120_000,
};

const HW_FAULTS: [number, FaultClass][] = [
  [HW_BIT.overheating, 'overheating'],
  [HW_BIT.overload, 'overload'],
  [HW_BIT.motorEncoder, 'encoder_fault'],
  [HW_BIT.inputVoltage, 'voltage_sag'],
];

interface JointState {
  streakFault: FaultClass | null;
  streak: number;
  streakSum: number;
  cooldownUntil: Map<FaultClass, number>;
}

interface Active {
  alert: Alert;
  lastSeenMs: number;
}

export type AlertListener = (alert: Alert, change: AlertState) => void;

export class AlertTracker {
  private readonly joints = new Map<string, JointState>();
  private readonly active = new Map<string, Active>();
  private readonly all: Alert[] = [];
  private nextId = 1;

  constructor(
    private readonly policy: AlertPolicy = DEFAULT_POLICY,
    private readonly listener: AlertListener = () => {},
    private readonly idPrefix = 'alert',
  ) {}

  /** Feeds one window's result; returns alerts raised by it. */
  update(d: Detection, evidence: () => EvidencePoint[] = () => []): Alert[] {
    const raised: Alert[] = [];
    const key = `${d.robot}\u0000${d.joint}`;
    let state = this.joints.get(key);
    if (!state) {
      state = { streakFault: null, streak: 0, streakSum: 0, cooldownUntil: new Map() };
      this.joints.set(key, state);
    }
    // Keep-alive and resolution of active alerts on this joint (and bus-wide ones of the robot).
    for (const [activeKey, a] of this.active) {
      const sameJoint = a.alert.robot === d.robot && a.alert.joint === d.joint;
      const busWide = a.alert.robot === d.robot && a.alert.fault === 'voltage_sag';
      if (!sameJoint && !busWide) continue;
      const p = d.probs[CLASS_NAMES.indexOf(a.alert.fault)] ?? 0;
      if (p >= this.policy.keepProbability || this.hwMatches(d.hwError, a.alert.fault))
        a.lastSeenMs = Math.max(a.lastSeenMs, d.tMs);
      else if (sameJoint && d.tMs - a.lastSeenMs >= this.policy.resolveAfterMs) {
        this.active.delete(activeKey);
        a.alert.state = 'resolved';
        a.alert.resolvedMs = d.tMs;
        state.cooldownUntil.set(a.alert.fault, d.tMs + this.policy.cooldownMs);
        this.listener(a.alert, 'resolved');
      }
    }

    for (const [bit, fault] of HW_FAULTS) {
      if (d.hwError & bit) {
        const alert = this.raise(d, fault, 1, true, evidence);
        if (alert) raised.push(alert);
      }
    }

    let top = 0;
    for (let c = 1; c < CLASS_NAMES.length; c++)
      if ((d.probs[c] ?? 0) > (d.probs[top] ?? 0)) top = c;
    const p = d.probs[top] ?? 0;
    if (top === 0 || p < this.policy.raiseProbability) {
      state.streakFault = null;
      state.streak = 0;
      state.streakSum = 0;
      return raised;
    }
    const fault = CLASS_NAMES[top] as FaultClass;
    if (state.streakFault === fault) {
      state.streak++;
      state.streakSum += p;
    } else {
      state.streakFault = fault;
      state.streak = 1;
      state.streakSum = p;
    }
    const slow = this.policy.raiseWindowsByFault[fault];
    const need =
      slow ??
      (p >= this.policy.fastProbability ? this.policy.fastWindows : this.policy.raiseWindows);
    if (state.streak >= need && (state.cooldownUntil.get(fault) ?? -Infinity) <= d.tMs) {
      const alert = this.raise(d, fault, state.streakSum / state.streak, false, evidence);
      if (alert) raised.push(alert);
    }
    return raised;
  }

  acknowledge(id: string, by: string, tMs: number): Alert | null {
    const alert = this.all.find((a) => a.id === id);
    if (!alert || alert.state !== 'raised') return alert ?? null;
    alert.state = 'acknowledged';
    alert.acknowledgedMs = tMs;
    alert.acknowledgedBy = by;
    this.listener(alert, 'acknowledged');
    return alert;
  }

  list(): Alert[] {
    return [...this.all];
  }

  private hwMatches(hw: number, fault: FaultClass): boolean {
    return HW_FAULTS.some(([bit, f]) => f === fault && (hw & bit) !== 0);
  }

  private raise(
    d: Detection,
    fault: FaultClass,
    confidence: number,
    byHardware: boolean,
    evidence: () => EvidencePoint[],
  ): Alert | null {
    const key =
      fault === 'voltage_sag'
        ? `${d.robot}\u0000*\u0000${fault}`
        : `${d.robot}\u0000${d.joint}\u0000${fault}`;
    const existing = this.active.get(key);
    if (existing) {
      existing.lastSeenMs = d.tMs;
      return null;
    }
    const alert: Alert = {
      id: `${this.idPrefix}-${this.nextId++}`,
      robot: d.robot,
      joint: d.joint,
      fault,
      state: 'raised',
      raisedMs: d.tMs,
      acknowledgedMs: null,
      acknowledgedBy: null,
      resolvedMs: null,
      confidence: Math.round(confidence * 1000) / 1000,
      anomaly: Math.round(d.anomaly * 1000) / 1000,
      byHardware,
      evidence: evidence(),
    };
    this.active.set(key, { alert, lastSeenMs: d.tMs });
    this.all.push(alert);
    this.listener(alert, 'raised');
    return alert;
  }
}

/** The words for an alert, for care staff (one sentence) and technicians (everything). */
export function adviceFor(fault: FaultClass) {
  return FAULT_ADVICE[fault];
}
