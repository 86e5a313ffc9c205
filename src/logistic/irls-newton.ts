/**
 * The Newton step of IRLS on the free parameters: solve H_FF·Δ_F = −g_F by Cholesky, with
 * Levenberg damping (H_FF + μI) when H_FF is numerically singular, e.g. collinear columns
 * without a penalty, so that a step always exists.
 */
import { choleskyInPlace, choleskySolve } from './linalg.js';

export interface NewtonWork {
  /** Compacted free indices, the factor of H_FF and the compact right-hand side. */
  readonly index: Int32Array;
  readonly factor: Float64Array;
  readonly rhs: Float64Array;
}

export function createNewtonWork(p: number): NewtonWork {
  return { index: new Int32Array(p), factor: new Float64Array(p * p), rhs: new Float64Array(p) };
}

/**
 * Writes the Newton step into `step` (0 for non-free parameters). Returns -1 when H_FF was
 * factorised as is, else the parameter index of the first rejected pivot (the step then comes
 * from the damped system). Complexity O(m³) for m free parameters.
 */
export function newtonStep(
  hess: Float64Array,
  g: Float64Array,
  free: Uint8Array,
  step: Float64Array,
  work: NewtonWork,
): number {
  const p = g.length;
  const { index, factor, rhs } = work;
  let m = 0;
  for (let i = 0; i < p; i++) if (free[i]) index[m++] = i;
  step.fill(0);
  if (m === 0) return -1;
  let trace = 0;
  for (let a = 0; a < m; a++) trace += hess[index[a]! * p + index[a]!]!;
  const scale = trace / m;
  let failed = -1;
  for (let attempt = 0; attempt < 12; attempt++) {
    const mu = attempt === 0 ? 0 : scale * 10 ** (2 * attempt - 14);
    for (let a = 0; a < m; a++) {
      const row = index[a]! * p;
      for (let b = 0; b <= a; b++) factor[a * m + b] = hess[row + index[b]!]!;
      factor[a * m + a] = factor[a * m + a]! + mu;
    }
    const pivot = choleskyInPlace(factor, m);
    if (pivot < 0) {
      for (let a = 0; a < m; a++) rhs[a] = -g[index[a]!]!;
      choleskySolve(factor, m, rhs);
      for (let a = 0; a < m; a++) step[index[a]!] = rhs[a]!;
      return failed;
    }
    if (failed < 0) failed = index[pivot]!;
  }
  // No damping made it positive definite (non-finite entries): fall back to steepest descent.
  const s = scale > 0 && Number.isFinite(scale) ? scale : 1;
  for (let a = 0; a < m; a++) step[index[a]!] = -g[index[a]!]! / s;
  return failed;
}
