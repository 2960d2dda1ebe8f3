/** Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)). */
export const MAX_BACKOFF_MS = 5 * 60_000;

export function fullJitterDelay(
  attempt: number,
  {
    baseMs = 1000,
    capMs = MAX_BACKOFF_MS,
    random = Math.random,
  }: { baseMs?: number; capMs?: number; random?: () => number } = {},
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** The longest wait a `Retry-After` can impose: a misconfigured server must not park uploads for hours. */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/**
 * `Retry-After` as milliseconds from now: delta-seconds or an HTTP date, capped. Null when absent
 * or unreadable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs = Date.now(),
  capMs = MAX_RETRY_AFTER_MS,
): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(capMs, Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.min(capMs, Math.max(0, date - nowMs));
}

/** A wait that an abort (pause, shutdown) ends early. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
