/**
 * Detecting separation. Without a penalty the maximum-likelihood estimate does not exist when
 * some direction d moves every row's linear predictor towards its own label, i.e.
 * (2yᵢ − 1)·(X̃d)ᵢ ≥ 0 for all rows with weight > 0 and > 0 for some (Albert & Anderson,
 * "On the existence of maximum likelihood estimates in logistic regression models",
 * Biometrika 71(1), 1984): the likelihood keeps rising along d, so the coefficients diverge.
 *
 * Newton's method then keeps taking steps of roughly constant size along d while the gradient
 * vanishes, so the last Newton step is a candidate d; under complete separation so is the
 * estimate θ itself (it classifies every row); and deep into the divergence, where the
 * curvature along d is below rounding and Newton steps lose their direction, the Hessian's
 * flattest direction is. Checking the sign condition on a candidate is an O(n·k) certificate,
 * with a relative slack of 1e-6 for rounding and for the coordinates that have converged: it
 * only reports data that are separated, or so nearly that no finite estimate is meaningful.
 */
import { choleskyInPlace, choleskySolve } from './linalg.js';
import { directionPredictor, type LogisticData } from './logistic-kernel.js';

/** Relative slack allowed in the sign condition. */
const SLACK = 1e-6;

/**
 * Whether `dir` separates the data (see module note) along a ray that the bounds allow: a
 * component that moves a parameter towards a finite bound disqualifies it, since the bound
 * stops the divergence. `u` is scratch of length n. Complexity O(n·k).
 */
export function separatesAlong(
  d: LogisticData,
  dir: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  u: Float64Array,
): boolean {
  let size = 0;
  for (let j = 0; j < dir.length; j++) size = Math.max(size, Math.abs(dir[j]!));
  for (let j = 0; j < dir.length; j++) {
    if (Math.abs(dir[j]!) <= SLACK * size) continue;
    if ((dir[j]! > 0 && upper[j]! < Number.POSITIVE_INFINITY) || (dir[j]! < 0 && lower[j]! > Number.NEGATIVE_INFINITY)) return false;
  }
  directionPredictor(d, dir, u);
  const { n, y, w } = d;
  let largest = 0;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    const ui = u[i]!;
    const signed = y[i] === 1 ? ui : -ui;
    if (Math.abs(ui) > largest) largest = Math.abs(ui);
    if (signed < worst) worst = signed;
  }
  return largest > 0 && worst >= -SLACK * largest;
}

/** Rows with weight whose fitted probability is within e^(−limit) of 0 or 1. */
export function saturatedRows(eta: Float64Array, w: Float64Array, limit: number): number {
  let count = 0;
  for (let i = 0; i < eta.length; i++) if (w[i]! > 0 && Math.abs(eta[i]!) >= limit) count++;
  return count;
}

/** Spread (max − min) of each reduced column, 1 for the intercept: a unit for directions. */
export function parameterSpreads(d: LogisticData): Float64Array {
  const out = new Float64Array(d.k + (d.intercept ? 1 : 0)).fill(1);
  for (let j = 0; j < d.k; j++) {
    const x = d.columns[j]!;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < d.n; i++) {
      if (x[i]! < lo) lo = x[i]!;
      if (x[i]! > hi) hi = x[i]!;
    }
    out[j] = hi > lo ? hi - lo : 1;
  }
  return out;
}

/**
 * The direction of least curvature of the Hessian over the free parameters, with each
 * coefficient measured by how far it moves the linear predictor (βⱼ·spreadⱼ): four steps of
 * inverse iteration on S⁻¹·H_FF·S⁻¹ (S = spreads), shifted just enough to factorise. When the data are separated, the likelihood is flat along the
 * separating direction, so this is the candidate that still works deep into the divergence,
 * where Newton steps have lost their direction. Complexity O(m³) for m free parameters.
 */
export function flattestDirection(hess: Float64Array, free: Uint8Array, spreads: Float64Array): Float64Array | null {
  const p = free.length;
  const index: number[] = [];
  for (let i = 0; i < p; i++) if (free[i]) index.push(i);
  const m = index.length;
  if (m === 0) return null;
  const a = new Float64Array(m * m);
  let trace = 0;
  for (let r = 0; r < m; r++) trace += hess[index[r]! * p + index[r]!]! / spreads[index[r]!]! ** 2;
  for (let attempt = 0; attempt < 12; attempt++) {
    const shift = (trace / m) * 10 ** (2 * attempt - 14);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c <= r; c++) a[r * m + c] = hess[index[r]! * p + index[c]!]! / (spreads[index[r]!]! * spreads[index[c]!]!);
      a[r * m + r] = a[r * m + r]! + shift;
    }
    if (choleskyInPlace(a, m) >= 0) continue;
    const v = new Float64Array(m).fill(1 / Math.sqrt(m));
    for (let step = 0; step < 4; step++) {
      choleskySolve(a, m, v);
      let norm = 0;
      for (let r = 0; r < m; r++) norm += v[r]! * v[r]!;
      norm = Math.sqrt(norm);
      if (!(norm > 0) || !Number.isFinite(norm)) return null;
      for (let r = 0; r < m; r++) v[r] = v[r]! / norm;
    }
    const dir = new Float64Array(p);
    for (let r = 0; r < m; r++) dir[index[r]!] = v[r]! / spreads[index[r]!]!;
    return dir;
  }
  return null;
}
