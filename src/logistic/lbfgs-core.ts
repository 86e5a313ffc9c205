/**
 * The unconstrained L-BFGS loop (Nocedal & Wright, *Numerical Optimization*, 2nd ed.,
 * Algorithm 7.5) on already-validated arguments: two-loop direction, strong Wolfe line search,
 * curvature-safe memory update. Box constraints are handled in `lbfgs-projected.ts`.
 */
import { createLineSearchWork, strongWolfeSearch, type Objective } from './lbfgs-line-search.js';
import { createMemory, descentDirection, pushPair, resetMemory, type InitialInverseHessian } from './lbfgs-memory.js';

export interface LbfgsSettings {
  memory: number;
  maxIterations: number;
  /** Stop when the largest (projected) gradient component is ≤ this. */
  gradientTolerance: number;
  /** Stop when (fₖ − fₖ₊₁) ≤ this · max(|fₖ|, |fₖ₊₁|, 1); 0 turns the test off. */
  functionTolerance: number;
  /** H₀ for the two-loop recursion; default γI. */
  initial?: InitialInverseHessian;
}

/**
 * Why the optimiser stopped: `gradient` and `function` are convergence; `max_iterations`,
 * `line_search` (no step decreased f, usually a gradient inconsistent with f or a tolerance
 * below rounding) and `non_finite` (f or ∇f not finite at the start) are not.
 */
export type LbfgsStopReason = 'gradient' | 'function' | 'max_iterations' | 'line_search' | 'non_finite';

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  /** Largest component of the projected gradient x − P(x − ∇f) (just ∇f without bounds). */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  reason: LbfgsStopReason;
}

export const maxAbs = (v: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
};

export function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** Relative-decrease test shared by both loops. */
export const functionConverged = (before: number, after: number, tolerance: number): boolean =>
  tolerance > 0 && before - after <= tolerance * Math.max(Math.abs(before), Math.abs(after), 1);

/** Minimise f from x0 (copied) without bounds. */
export function lbfgsUnconstrained(fn: Objective, x0: Float64Array, settings: LbfgsSettings): LbfgsResult {
  const p = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(p);
  const d = new Float64Array(p);
  const memory = createMemory(settings.memory, p);
  const work = createLineSearchWork(p);
  let value = fn(x, g);
  let evaluations = 1;
  let iterations = 0;
  const finish = (reason: LbfgsStopReason): LbfgsResult => ({
    x,
    value,
    gradient: g,
    gradientNorm: maxAbs(g),
    iterations,
    evaluations,
    converged: reason === 'gradient' || reason === 'function',
    reason,
  });
  if (!Number.isFinite(value) || !allFinite(g)) return finish('non_finite');

  let initial = settings.initial ?? null;
  for (;;) {
    if (maxAbs(g) <= settings.gradientTolerance) return finish('gradient');
    if (iterations >= settings.maxIterations) return finish('max_iterations');
    // not a descent direction (rounding in a poor model): restarted from H₀ = I inside
    const direction = descentDirection(memory, g, d, null, initial);
    const slope = direction.slope;
    initial = direction.initial;
    // First step without curvature information: move a unit distance, as L-BFGS-B does;
    // with a given H₀ the quasi-Newton step itself.
    const step0 = memory.count === 0 && !initial ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const search = strongWolfeSearch(fn, x, value, slope, d, step0, work);
    evaluations += search.evaluations;
    if (!(search.value < value) && !search.ok) {
      if (memory.count > 0 || initial) {
        // A poor quasi-Newton model: retry once from steepest descent.
        resetMemory(memory);
        initial = null;
        continue;
      }
      return finish('line_search');
    }
    pushPair(memory, work.xTrial, x, work.gTrial, g);
    const before = value;
    x.set(work.xTrial);
    g.set(work.gTrial);
    value = search.value;
    iterations++;
    if (functionConverged(before, value, settings.functionTolerance)) return finish('function');
  }
}
