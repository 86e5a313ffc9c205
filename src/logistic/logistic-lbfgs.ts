/**
 * Logistic regression by L-BFGS: the objective closure runs the fused value-and-gradient
 * kernel (one pass over the data per evaluation) and the generic engine does the rest,
 * preconditioned by a subsampled Hessian (`logistic-preconditioner.ts`), projected when some
 * coefficient is bounded.
 */
import { lbfgsUnconstrained, type LbfgsResult } from './lbfgs-core.js';
import { lbfgsProjected } from './lbfgs-projected.js';
import { logisticValueGradient, type LogisticData } from './logistic-kernel.js';
import { logisticPreconditioner } from './logistic-preconditioner.js';

/** Correction pairs kept, as in L-BFGS-B and scikit-learn. */
const MEMORY = 10;

/**
 * Minimise the penalised logistic objective from `start` within [lower, upper]. Converged
 * when the largest projected-gradient component is ≤ tolerance · Σwᵢ, or (when
 * functionTolerance > 0) an iteration lowers f by ≤ functionTolerance · max(|f|, 1).
 * Complexity O(n·p) per evaluation, usually one evaluation per iteration.
 */
export function logisticLbfgs(
  d: LogisticData,
  start: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  maxIterations: number,
  tolerance: number,
  functionTolerance: number,
): LbfgsResult {
  const eta = new Float64Array(d.n);
  const r = new Float64Array(d.n);
  const objective = (theta: Float64Array, gradient: Float64Array): number => logisticValueGradient(d, theta, eta, r, gradient);
  const settings = { memory: MEMORY, maxIterations, gradientTolerance: tolerance * d.totalWeight, functionTolerance };
  let boxed = false;
  for (let i = 0; i < start.length; i++) {
    if (lower[i] !== Number.NEGATIVE_INFINITY || upper[i] !== Number.POSITIVE_INFINITY) boxed = true;
  }
  const initial = logisticPreconditioner(d, start);
  const withInitial = initial ? { ...settings, initial } : settings;
  return boxed ? lbfgsProjected(objective, start, lower, upper, withInitial) : lbfgsUnconstrained(objective, start, withInitial);
}
