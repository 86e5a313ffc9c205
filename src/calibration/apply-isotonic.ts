/** Apply a fitted isotonic mapping to scores. */
import { invalid, show, toFinite } from './check.js';
import type { IsotonicMapping } from './fit-isotonic.js';
import type { Scores } from './types.js';

/**
 * Clip each score to [x₀, x_last], then interpolate linearly between the mapping's points
 * (`np.interp` arithmetic: an exact breakpoint returns its y; otherwise
 * y_j + (y_{j+1} − y_j)/(x_{j+1} − x_j)·(s − x_j)); a one-point mapping is constant — scikit-learn
 * 1.2 `IsotonicRegression(out_of_bounds='clip').predict`.
 *
 * Reference: https://scikit-learn.org/1.2/modules/isotonic.html
 * Complexity: O(n log m) for m mapping points.
 * @throws LeadcalError (option_invalid) when the mapping is malformed (not kind 'isotonic', x not
 *   strictly increasing, lengths differ, non-finite values) or on non-finite scores.
 *
 * @example
 * applyIsotonic({ kind: 'isotonic', x: [0.1, 0.2, 0.4], y: [0, 0.5, 1] }, [0, 0.3, 0.9])
 * // => Float64Array [0, 0.75, 1]
 */
export function applyIsotonic(mapping: IsotonicMapping, scores: Scores): Float64Array {
  const { x, y } = checkMapping(mapping);
  const s = toFinite(scores);
  const m = x.length;
  const out = new Float64Array(s.length);
  if (m === 1) return out.fill(y[0]!);
  const first = x[0]!;
  const last = x[m - 1]!;
  for (let i = 0; i < s.length; i++) {
    const v = Math.min(Math.max(s[i]!, first), last);
    if (v === last) {
      out[i] = y[m - 1]!;
      continue;
    }
    // Largest j with x[j] ≤ v (j ≤ m − 2 because v < last).
    let lo = 0;
    let hi = m - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (x[mid]! <= v) lo = mid;
      else hi = mid;
    }
    if (x[lo] === v) out[i] = y[lo]!;
    else {
      const slope = (y[lo + 1]! - y[lo]!) / (x[lo + 1]! - x[lo]!);
      out[i] = slope * (v - x[lo]!) + y[lo]!;
    }
  }
  return out;
}

function checkMapping(mapping: IsotonicMapping): { x: readonly number[]; y: readonly number[] } {
  if (mapping?.kind !== 'isotonic') {
    invalid('mapping', `mapping.kind must be 'isotonic'; got ${show(mapping?.kind ?? mapping)}`, 'pass the result of fitIsotonic');
  }
  const { x, y } = mapping;
  if (!Array.isArray(x) || x.length === 0) invalid('mapping', `mapping.x must be a non-empty array; got ${show(x)}`, 'pass the result of fitIsotonic');
  if (!Array.isArray(y) || y.length !== x.length) {
    invalid('mapping', `mapping.y must have the same length as mapping.x (${x.length}); got ${show(y)}`, 'pass the result of fitIsotonic');
  }
  for (let i = 0; i < x.length; i++) {
    if (typeof x[i] !== 'number' || !Number.isFinite(x[i])) invalid('mapping', `mapping.x must be finite numbers; got ${show(x[i])} at index ${i}`, 'pass the result of fitIsotonic');
    if (typeof y[i] !== 'number' || !Number.isFinite(y[i])) invalid('mapping', `mapping.y must be finite numbers; got ${show(y[i])} at index ${i}`, 'pass the result of fitIsotonic');
    if (i > 0 && !(x[i]! > x[i - 1]!)) {
      invalid('mapping', `mapping.x must be strictly increasing; got ${x[i - 1]} then ${x[i]} at index ${i}`, 'pass the result of fitIsotonic');
    }
  }
  return { x, y };
}
