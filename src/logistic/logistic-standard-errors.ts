/**
 * Standard errors of logistic-regression estimates: the square roots of the diagonal of the
 * inverse (penalised) Hessian of the objective, i.e. of the observed Fisher information, over
 * the free parameters. For frequency weights this equals the standard errors of the data with
 * each row repeated wᵢ times (statsmodels' `GLM(..., freq_weights=w)`).
 *
 * Parameters at a bound are left out (NaN): conditional on the active set the others are an
 * unconstrained fit of the reduced problem, whose standard errors this is; the bounded ones
 * have no normal approximation.
 *
 * Reference: McCullagh & Nelder, *Generalized Linear Models* (2nd ed., 1989), §4.4;
 * https://www.statsmodels.org/stable/generated/statsmodels.discrete.discrete_model.Logit.html.
 * Complexity O(m³) for m free parameters.
 */
import { choleskyInPlace, choleskyInverse } from './linalg.js';

/**
 * Writes √((H_FF)⁻¹)ⱼⱼ into `out` for free j and NaN elsewhere. Returns -1, or the index of a
 * parameter whose pivot shows H_FF singular, i.e. that is numerically a combination of the
 * parameters eliminated before it (all of `out` is then NaN).
 */
export function standardErrorsFromHessian(hess: Float64Array, free: Uint8Array, out: Float64Array, first = -1): number {
  const p = free.length;
  // `first` (the intercept) is eliminated first, so a collinearity is reported at a column.
  const index: number[] = first >= 0 && free[first] ? [first] : [];
  for (let i = 0; i < p; i++) if (free[i] && i !== first) index.push(i);
  const m = index.length;
  out.fill(Number.NaN);
  if (m === 0) return -1;
  const factor = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b <= a; b++) factor[a * m + b] = hess[index[a]! * p + index[b]!]!;
  const pivot = choleskyInPlace(factor, m);
  if (pivot >= 0) return index[pivot]!;
  const inverse = choleskyInverse(factor, m);
  for (let a = 0; a < m; a++) out[index[a]!] = Math.sqrt(inverse[a * m + a]!);
  return -1;
}
