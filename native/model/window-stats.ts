/** Order statistics over one window's values, on reused work arrays (one window at a time). */

const scratchBuffers: Float64Array[] = [];
/** Reused work arrays (features are computed one window at a time). */
export function scratch(slot: number, n: number): Float64Array {
  let b = scratchBuffers[slot];
  if (!b || b.length < n) scratchBuffers[slot] = b = new Float64Array(Math.max(n, 1024) * 2);
  return b.subarray(0, n);
}

/**
 * The k-th smallest value of `a` (0-based), i.e. what `a.sort()[k]` would hold, in O(n): it
 * reorders `a` in place. Values are finite here (window statistics), so NaN ordering never arises.
 */
export function kthSmallest(a: Float64Array, k: number): number | undefined {
  if (k < 0 || k >= a.length) return undefined;
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and constant runs (common in telemetry) linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo] ?? 0;
    const y = a[mid] ?? 0;
    const z = a[hi] ?? 0;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i] = a[j] ?? 0;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
