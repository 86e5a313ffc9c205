/**
 * Bin edges for PSI and score bands: quantiles or equal widths of a reference sample, and the
 * bin a value falls in. Edges are interior cut points e₁ < … < e_k; bins are (−∞, e₁),
 * [e₁, e₂), …, [e_k, ∞).
 */
import { quantileSorted } from '../stats/quantile.js';
import { checkFloat64, checkInteger } from '../check-arguments.js';
import { formatNumber } from '../thresholds/format.js';

/** The sorted non-NaN values of a column (a copy). */
function sortedFinite(values: Float64Array): Float64Array {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) m++;
  const out = new Float64Array(m);
  for (let i = 0, k = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out[k++] = values[i]!;
  return out.sort();
}

/**
 * Edges at the quantiles i/count (i = 1 … count − 1) of `values` (NaN ignored), by linear
 * interpolation between order statistics (R's type 7, numpy's default: `quantileSorted`). Repeated edges and edges
 * at or below the minimum are dropped, so heavy ties give fewer bins rather than empty ones.
 * Reference: Hyndman & Fan (1996), The American Statistician 50(4).
 * Complexity: O(n log n).
 * @throws LeadcalError `option_invalid` for values not a Float64Array or a count below 1.
 *
 * @example
 * quantileEdges(Float64Array.of(1, 2, 3, 4, 5), 2) // => [3]
 */
export function quantileEdges(values: Float64Array, count: number): number[] {
  checkFloat64(values, 'values');
  checkInteger(count, 'count', 1, 'the number of bins, e.g. 10');
  const s = sortedFinite(values);
  if (s.length === 0) return [];
  const edges: number[] = [];
  for (let i = 1; i < count; i++) {
    const v = quantileSorted(s, i / count);
    if (v > s[0]! && (edges.length === 0 || v > edges[edges.length - 1]!)) edges.push(v);
  }
  return edges;
}

/**
 * `count` bins of equal width between the minimum and maximum of `values` (NaN ignored).
 * Complexity: O(n).
 * @throws LeadcalError `option_invalid` for values not a Float64Array or a count below 1.
 *
 * @example
 * uniformEdges(Float64Array.of(0, 10), 4) // => [2.5, 5, 7.5]
 */
export function uniformEdges(values: Float64Array, count: number): number[] {
  checkFloat64(values, 'values');
  checkInteger(count, 'count', 1, 'the number of bins, e.g. 10');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return [];
  const edges: number[] = [];
  for (let i = 1; i < count; i++) edges.push(min + ((max - min) * i) / count);
  return edges;
}

/** Index of the bin holding x: the number of edges ≤ x (binary search, O(log k)). */
export function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Label and ends of bin k: "< 20", "[20, 40)", "≥ 80" (null for an open end). */
export function binBounds(edges: readonly number[], k: number): { label: string; low: number | null; high: number | null } {
  const low = k > 0 ? edges[k - 1]! : null;
  const high = k < edges.length ? edges[k]! : null;
  const label = low === null && high === null ? 'all' : low === null ? `< ${formatNumber(high!)}` : high === null ? `≥ ${formatNumber(low)}` : `[${formatNumber(low)}, ${formatNumber(high)})`;
  return { label, low, high };
}
