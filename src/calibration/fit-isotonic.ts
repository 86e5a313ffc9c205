/**
 * Isotonic calibration: the best non-decreasing step function from score to probability, fitted
 * exactly as scikit-learn 1.2 `IsotonicRegression(increasing=True, out_of_bounds='clip')`.
 */
import { invalid, toFinite, toLabels, toScores, toWeights } from './check.js';
import { argsortAscending } from './sort.js';
import type { Labels, Scores, Weights } from './types.js';

/**
 * A fitted isotonic mapping, plain JSON: predictions interpolate linearly between the points
 * (x ascending, y non-decreasing) and are clipped to [x₀, x_last] outside.
 */
export interface IsotonicMapping {
  kind: 'isotonic';
  x: number[];
  y: number[];
}

export interface FitIsotonicOptions {
  /** Sample weights; rows with weight 0 are dropped (as scikit-learn). */
  weights?: Weights;
}

/** scikit-learn merges x values closer than this to the first of a run (`np.finfo(float64).resolution`). */
const X_RESOLUTION = 1e-15;

/**
 * Weighted isotonic regression of targets on scores, then the breakpoints of its piecewise-linear
 * interpolant. Steps, as scikit-learn 1.2 `IsotonicRegression.fit`:
 * 1. drop rows with weight 0; sort by (score, target);
 * 2. merge tied scores (within 1e-15 of the first of a run) into one point: weight = Σw,
 *    target = Σwy/Σw (`_make_unique`);
 * 3. pool adjacent violators (PAVA): minimise Σ wᵢ(ŷᵢ − yᵢ)² subject to ŷ non-decreasing;
 * 4. keep the first and last point and every point whose ŷ differs from a neighbour's.
 * Targets are usually 0/1 labels but any finite numbers are accepted.
 *
 * Reference: Barlow et al. (1972), Statistical Inference under Order Restrictions; Zadrozny &
 * Elkan (2002), https://doi.org/10.1145/775047.775151; scikit-learn 1.2 `sklearn/isotonic.py`
 * and `sklearn/_isotonic.pyx`.
 * Complexity: O(n log n) (sort) + O(n) (PAVA).
 * @throws LeadcalError (option_invalid) on bad scores/targets/weights; with 0/1 targets both classes are not required.
 *
 * @example
 * fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1])
 * // => { kind: 'isotonic', x: [0.1, 0.2, 0.3, 0.4], y: [0, 0.5, 0.5, 1] }
 */
export function fitIsotonic(scores: Scores, targets: Labels | Scores, options: FitIsotonicOptions = {}): IsotonicMapping {
  const x = toFinite(scores, 'scores');
  if (x.length === 0) invalid('scores', 'scores must not be empty; got 0 rows', 'pass at least one row');
  const t = targets instanceof Uint8Array ? Float64Array.from(toLabels(targets, 'targets')) : toScores(targets as Scores, x.length, 'targets', 'scores');
  if (t.length !== x.length) invalid('targets', `targets must have the same length as scores (${x.length}); got ${t.length}`, 'pass one target per score');
  const w = toWeights(options.weights, x.length);
  return isotonicKernel(x, t, w);
}

/** Kernel: isotonic fit of validated inputs. */
export function isotonicKernel(xIn: Float64Array, yIn: Float64Array, wIn: Float64Array | null): IsotonicMapping {
  const rows = sortByScoreThenTarget(xIn, yIn, wIn);
  // _make_unique: merge runs of x within X_RESOLUTION of the run's first value.
  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  let currentX = xIn[rows[0]!]!;
  let sumWY = 0;
  let sumW = 0;
  for (const i of rows) {
    const xi = xIn[i]!;
    const wi = wIn ? wIn[i]! : 1;
    if (xi - currentX >= X_RESOLUTION) {
      ux.push(currentX);
      uw.push(sumW);
      uy.push(sumWY / sumW);
      currentX = xi;
      sumW = wi;
      sumWY = yIn[i]! * wi;
    } else {
      sumW += wi;
      sumWY += yIn[i]! * wi;
    }
  }
  ux.push(currentX);
  uw.push(sumW);
  uy.push(sumWY / sumW);
  const y = Float64Array.from(uy);
  pava(y, Float64Array.from(uw));
  // Keep the ends and every point that differs from a neighbour.
  const m = y.length;
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i === 0 || i === m - 1 || y[i] !== y[i - 1] || y[i] !== y[i + 1]) {
      keepX.push(ux[i]!);
      keepY.push(y[i]!);
    }
  }
  return { kind: 'isotonic', x: keepX, y: keepY };
}

/** Rows with positive weight ordered by (x, y, index), as `np.lexsort((y, X))` after the weight filter. */
function sortByScoreThenTarget(x: Float64Array, y: Float64Array, w: Float64Array | null): Uint32Array {
  let kept: Uint32Array | null = null;
  let values = x;
  if (w) {
    const list: number[] = [];
    for (let i = 0; i < x.length; i++) if (w[i]! > 0) list.push(i);
    kept = Uint32Array.from(list);
    values = Float64Array.from(list, (i) => x[i]!);
  }
  const order = argsortAscending(values);
  const map = kept;
  const rows = map ? order.map((j) => map[j]!) : order;
  // Within a run of equal x, order by y (stable, so equal (x, y) keep input order).
  for (let start = 0; start < rows.length; ) {
    let end = start + 1;
    while (end < rows.length && x[rows[end]!] === x[rows[start]!]) end++;
    if (end - start > 1) rows.subarray(start, end).sort((a, b) => y[a]! - y[b]! || a - b);
    start = end;
  }
  return rows;
}

/**
 * Pool adjacent violators in place (scikit-learn's `_inplace_contiguous_isotonic_regression`):
 * blocks [i..target[i]] are merged while a block's mean is not below the next one's, backtracking
 * one block after each merge so the pass is O(n).
 *
 * Reference: Ayer et al. (1955), https://doi.org/10.1214/aoms/1177728423
 * Complexity: O(n).
 *
 * @example
 * const y = Float64Array.of(1, 3, 2); pava(y, Float64Array.of(1, 1, 1)); Array.from(y)
 * // => [1, 2.5, 2.5]
 */
export function pava(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = target[i]! + 1;
    if (k === n) break;
    if (y[i]! < y[k]!) {
      i = k;
      continue;
    }
    let sumWY = w[i]! * y[i]!;
    let sumW = w[i]!;
    for (;;) {
      const previous = y[k]!;
      sumWY += w[k]! * y[k]!;
      sumW += w[k]!;
      k = target[k]! + 1;
      if (k === n || previous < y[k]!) {
        y[i] = sumWY / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1]!;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i]! + 1;
    y.fill(y[i]!, i + 1, k);
    i = k;
  }
}
