/**
 * Time-to-alarm scoring, and a naive reference estimator to give the figure a floor. The score is
 * the median, over every ground-truth instant with at least `minRemainingS` left, of
 * |estimate − truth| / truth, using the estimate in force at that instant (the latest one made at
 * or before it, at most `staleMs` old); instants without one are counted as uncovered, not scored.
 *
 * The reference extrapolates the last three minutes' trend of the joint's temperature (or of the
 * bus voltage's lower envelope) straight to the servo's rated limit. It knows only the telemetry
 * and the family's limit, as the app would.
 */
import type { TelemetryRow } from '../telemetry';
import { r3, type ScoringTruth, type TimeToAlarmPoint } from './ood-scoring';

export interface TimeToAlarmEstimate {
  tMs: number;
  /** Seconds until the servo protects itself; Infinity when no alarm is in sight. */
  remainingS: number;
}

export interface TimeToAlarmScore {
  points: number;
  covered: number;
  medianRelativeError: number | null;
  /** Fraction of covered points within 25 % of the truth. */
  within25Percent: number | null;
}

export function scoreTimeToAlarm(
  cases: readonly {
    truth: readonly TimeToAlarmPoint[];
    estimates: readonly TimeToAlarmEstimate[];
  }[],
  minRemainingS = 120,
  staleMs = 30_000,
): TimeToAlarmScore {
  const errors: number[] = [];
  let points = 0;
  for (const c of cases) {
    const est = [...c.estimates].sort((a, b) => a.tMs - b.tMs);
    for (const p of c.truth) {
      if (p.remainingS < minRemainingS) continue;
      points++;
      let latest: TimeToAlarmEstimate | undefined;
      for (const e of est) {
        if (e.tMs > p.tMs) break;
        latest = e;
      }
      if (!latest || p.tMs - latest.tMs > staleMs) continue;
      const remaining = latest.remainingS - (p.tMs - latest.tMs) / 1000;
      errors.push(
        Number.isFinite(remaining) ? Math.abs(remaining - p.remainingS) / p.remainingS : Infinity,
      );
    }
  }
  errors.sort((a, b) => a - b);
  const median = errors.length ? (errors[Math.floor((errors.length - 1) / 2)] ?? null) : null;
  return {
    points,
    covered: errors.length,
    medianRelativeError: median === null ? null : Number.isFinite(median) ? r3(median) : null,
    within25Percent: errors.length
      ? r3(errors.filter((e) => e <= 0.25).length / errors.length)
      : null,
  };
}

const TREND_WINDOW_MS = 180_000;

/** The reference: a straight-line extrapolation of the last three minutes to the rated limit. */
export function naiveTimeToAlarm(
  rows: readonly TelemetryRow[],
  tta: NonNullable<ScoringTruth['timeToAlarm']>,
): TimeToAlarmEstimate[] {
  const own = rows.filter((r) => tta.basis === 'input_voltage' || r.joint === tta.joint);
  own.sort((a, b) => a.tMs - b.tMs);
  const out: TimeToAlarmEstimate[] = [];
  let lo = 0;
  let hi = 0;
  for (const p of tta.points) {
    while (hi < own.length && (own[hi]?.tMs ?? Infinity) <= p.tMs) hi++;
    while (lo < hi && (own[lo]?.tMs ?? 0) < p.tMs - TREND_WINDOW_MS) lo++;
    const window = own.slice(lo, hi);
    if (window.length < 10) continue;
    // Voltage: the lower envelope per 5 s (the alarm trips on the dips under load).
    const series =
      tta.basis === 'overheating'
        ? window.map((r) => ({ t: r.tMs / 1000, y: r.temperatureC }))
        : envelope(window);
    const fit = lineFit(series);
    if (!fit) continue;
    const now = fit.a + fit.b * (p.tMs / 1000);
    const towards = tta.basis === 'overheating' ? fit.b : -fit.b;
    const gap = tta.basis === 'overheating' ? tta.limit - now : now - tta.limit;
    out.push({
      tMs: p.tMs,
      remainingS: towards > 1e-6 ? Math.max(0, gap) / towards : Infinity,
    });
  }
  return out;
}

function envelope(rows: readonly TelemetryRow[]): { t: number; y: number }[] {
  const bins = new Map<number, { t: number; y: number }>();
  for (const r of rows) {
    const k = Math.floor(r.tMs / 5000);
    const b = bins.get(k);
    if (!b || r.voltageV < b.y) bins.set(k, { t: r.tMs / 1000, y: r.voltageV });
  }
  return [...bins.values()];
}

function lineFit(points: readonly { t: number; y: number }[]): { a: number; b: number } | null {
  const n = points.length;
  if (n < 3) return null;
  let st = 0;
  let sy = 0;
  for (const p of points) {
    st += p.t;
    sy += p.y;
  }
  const mt = st / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.y - my);
    den += (p.t - mt) ** 2;
  }
  if (den < 1e-9) return null;
  const b = num / den;
  return { a: my - b * mt, b };
}
