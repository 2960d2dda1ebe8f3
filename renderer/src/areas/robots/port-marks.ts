/**
 * Which serial ports just appeared or disappeared: a port that is unplugged stays in the list,
 * marked "gone", for a minute (so a technician sees which adapter it was); a new one is marked
 * "new" as long.
 */
import type { SerialPortSummary } from '../../api/contract';

/** How long a port that disappeared (or appeared) stays highlighted. */
export const HIGHLIGHT_MS = 60_000;

export type Mark = 'gone' | 'new';
export type MarkedPort = SerialPortSummary & { mark?: Mark; markedAt?: number };
export type PortMarks = Map<string, { mark: Mark; at: number; port: SerialPortSummary }>;

/**
 * The list to show after `list` arrives. `previous` is the last list (null before the first);
 * `marks` is updated in place.
 */
export function markPorts(
  previous: ReadonlyMap<string, SerialPortSummary> | null,
  list: readonly SerialPortSummary[],
  marks: PortMarks,
  now: number,
): MarkedPort[] {
  const next = new Map(list.map((port) => [port.path, port]));
  if (previous) {
    for (const [path, port] of previous) {
      if (!next.has(path)) marks.set(path, { mark: 'gone', at: now, port });
    }
    for (const [path, port] of next) {
      if (!previous.has(path)) marks.set(path, { mark: 'new', at: now, port });
    }
  }
  for (const [path, mark] of marks) {
    if (now - mark.at > HIGHLIGHT_MS || (mark.mark === 'gone' && next.has(path)))
      marks.delete(path);
  }
  const shown: MarkedPort[] = list.map((port) => {
    const mark = marks.get(port.path);
    return mark?.mark === 'new' ? { ...port, mark: 'new', markedAt: mark.at } : port;
  });
  for (const [, mark] of marks) {
    if (mark.mark === 'gone') shown.push({ ...mark.port, mark: 'gone', markedAt: mark.at });
  }
  return shown;
}
