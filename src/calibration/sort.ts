/**
 * Stable ascending argsort of a Float64Array: the one sort behind every ranking metric.
 * Equal values keep their input order, as numpy's `argsort(kind="mergesort")` does, so walking
 * the result backwards gives scikit-learn's descending order exactly.
 */

const SMALL = 2048;
/** Runs of equal high words longer than this are sorted by comparison instead of insertion. */
const SHORT_RUN = 24;

/**
 * Indices that sort `values` ascending, ties in input order (−0 and +0 count as equal).
 *
 * Definition: map each IEEE-754 value to an order-preserving 64-bit key (flip every bit of
 * negatives, the sign bit of the rest) held as a high and a low 32-bit word; least-significant-
 * digit radix sort on the high word (two stable passes of 16 bits, skipping a pass whose digit is
 * constant); then order each run of equal high words by (low word, index) — insertion sort for
 * short runs, a comparison sort for long ones. Below 2,048 values a comparison sort.
 * Reference: Knuth, TAOCP vol. 3 §5.2.5; https://en.wikipedia.org/wiki/Radix_sort
 * Complexity: O(n) time for spread-out values, O(n log n) worst case (many values sharing the top
 * 32 bits); O(n) extra memory. NaN must not occur.
 *
 * @example
 * Array.from(argsortAscending(new Float64Array([0.3, 0.1, 0.3, 0.2])))
 * // => [1, 3, 0, 2]
 */
export function argsortAscending(values: Float64Array): Uint32Array {
  const n = values.length;
  if (n < SMALL) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => values[a]! - values[b]! || a - b);
    return Uint32Array.from(order);
  }
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const h = little ? 1 : 0;
  const l = 1 - h;
  let hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  const counts = new Uint32Array(2 * 65536);
  for (let i = 0; i < n; i++) {
    bits[0] = values[i]! + 0; // −0 + 0 = +0
    let a = words[h]!;
    let b = words[l]!;
    if (a & 0x80000000) {
      a = ~a >>> 0;
      b = ~b >>> 0;
    } else a = (a | 0x80000000) >>> 0;
    hi[i] = a;
    lo[i] = b;
    idx[i] = i;
    counts[a & 0xffff]!++;
    counts[65536 + (a >>> 16)]!++;
  }
  let hi2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  for (let pass = 0; pass < 2; pass++) {
    const base = pass * 65536;
    const shift = pass * 16;
    if (counts[base + ((hi[0]! >>> shift) & 0xffff)] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = hi[i]!;
      const at = counts[base + ((k >>> shift) & 0xffff)]!++;
      idx2[at] = idx[i]!;
      hi2[at] = k;
    }
    [idx, idx2] = [idx2, idx];
    [hi, hi2] = [hi2, hi];
  }
  // Within runs of equal high words, order by (low word, index).
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && hi[end] === hi[start]) end++;
    if (end - start > 1) sortRun(idx, start, end, lo);
    start = end;
  }
  return idx;
}

function sortRun(idx: Uint32Array, start: number, end: number, lo: Uint32Array): void {
  if (end - start > SHORT_RUN) {
    idx.subarray(start, end).sort((a, b) => lo[a]! - lo[b]! || a - b);
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const v = idx[i]!;
    const key = lo[v]!;
    let j = i - 1;
    while (j >= start && (lo[idx[j]!]! > key || (lo[idx[j]!] === key && idx[j]! > v))) {
      idx[j + 1] = idx[j]!;
      j--;
    }
    idx[j + 1] = v;
  }
}
