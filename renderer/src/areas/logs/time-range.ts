/**
 * Time ranges of the Logs area: shift presets in the terminal's local time (morning 06–14,
 * afternoon 14–22, night 22–06 ending this morning), days, the whole log, or custom.
 */
export type RangePreset =
  'morning' | 'afternoon' | 'night' | 'today' | 'yesterday' | 'last24h' | 'all' | 'custom';

export const PRESETS: readonly RangePreset[] = [
  'morning',
  'afternoon',
  'night',
  'today',
  'yesterday',
  'last24h',
  'all',
  'custom',
];

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

const HOUR = 3_600_000;

function atHour(base: Date, dayOffset: number, hour: number): number {
  return new Date(base.getFullYear(), base.getMonth(), base.getDate() + dayOffset, hour).getTime();
}

/** The range of a preset at `nowMs`; `bounds` is the whole log (for 'all'). */
export function presetRange(
  preset: Exclude<RangePreset, 'custom'>,
  nowMs: number,
  bounds: TimeRange | null,
): TimeRange {
  const now = new Date(nowMs);
  switch (preset) {
    case 'morning':
      return { fromMs: atHour(now, 0, 6), toMs: atHour(now, 0, 14) };
    case 'afternoon':
      return { fromMs: atHour(now, 0, 14), toMs: atHour(now, 0, 22) };
    case 'night':
      return { fromMs: atHour(now, -1, 22), toMs: atHour(now, 0, 6) };
    case 'today':
      return { fromMs: atHour(now, 0, 0), toMs: atHour(now, 1, 0) };
    case 'yesterday':
      return { fromMs: atHour(now, -1, 0), toMs: atHour(now, 0, 0) };
    case 'last24h':
      return { fromMs: nowMs - 24 * HOUR, toMs: nowMs + 60_000 };
    case 'all':
      return bounds && bounds.toMs > bounds.fromMs
        ? { fromMs: bounds.fromMs, toMs: bounds.toMs + 1 }
        : { fromMs: nowMs - 24 * HOUR, toMs: nowMs + 60_000 };
  }
}

/** `<input type="datetime-local">` value ↔ epoch ms (local time). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

export function formatDuration(ms: number, language: 'en' | 'ja' = 'en'): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (language === 'ja') return h > 0 ? `${h}時間${String(m).padStart(2, '0')}分` : `${m}分`;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}
