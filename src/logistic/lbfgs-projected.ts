/**
 * L-BFGS with box constraints l ≤ x ≤ u, as a two-metric projection method (Bertsekas,
 * "Projected Newton methods for optimization problems with simple constraints", SIAM J.
 * Control Optim. 20(2), 1982; Kim, Sra & Dhillon, "Tackling box-constrained optimization via a
 * new projected quasi-Newton approach", SIAM J. Sci. Comput. 32(6), 2010):
 *
 * 1. variables at a bound whose gradient pushes outward, and locked ones (l = u), are active;
 * 2. the direction is the two-loop recursion restricted to the free variables (0 elsewhere),
 *    with H₀ = γI or the free block of a given preconditioner;
 * 3. the step follows the projection arc x(t) = P(x + t·d), backtracking from t = 1 until the
 *    Armijo condition f(x(t)) ≤ f(x) + c₁ ∇f(x)ᵀ(x(t) − x) holds (or, when differences in f
 *    are below rounding, until the slope at x(t) shows the step did not overshoot).
 *
 * Projection lands variables exactly on their bounds, so active bounds hold exactly. This is
 * simpler than L-BFGS-B's Cauchy point and subspace minimisation and suits the small numbers
 * of constrained coefficients in scoring models.
 */
import type { Objective } from './lbfgs-line-search.js';
import { allFinite, functionConverged, type LbfgsResult, type LbfgsSettings, type LbfgsStopReason } from './lbfgs-core.js';
import { createMemory, descentDirection, pushPair, resetMemory } from './lbfgs-memory.js';

const C1 = 1e-4;
const F_NOISE = 1e-10;
const MAX_BACKTRACKS = 40;

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** Largest component of the projected gradient x − P(x − g). */
export function projectedGradientNorm(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]! - clamp(x[i]! - g[i]!, lower[i]!, upper[i]!));
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/** Marks the free variables: not locked, and not at a bound the gradient pushes against. */
export function freeVariables(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array, free: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    const fixed = lower[i] === upper[i] || (x[i]! <= lower[i]! && g[i]! > 0) || (x[i]! >= upper[i]! && g[i]! < 0);
    free[i] = fixed ? 0 : 1;
    if (!fixed) count++;
  }
  return count;
}

/** Minimise f over the box from P(x0). */
export function lbfgsProjected(
  fn: Objective,
  x0: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  settings: LbfgsSettings,
): LbfgsResult {
  const p = x0.length;
  const x = new Float64Array(p);
  for (let i = 0; i < p; i++) x[i] = clamp(x0[i]!, lower[i]!, upper[i]!);
  const g = new Float64Array(p);
  const d = new Float64Array(p);
  const xt = new Float64Array(p);
  const gt = new Float64Array(p);
  const free = new Uint8Array(p);
  const memory = createMemory(settings.memory, p);
  let value = fn(x, g);
  let evaluations = 1;
  let iterations = 0;
  const finish = (reason: LbfgsStopReason): LbfgsResult => ({
    x,
    value,
    gradient: g,
    gradientNorm: projectedGradientNorm(x, g, lower, upper),
    iterations,
    evaluations,
    converged: reason === 'gradient' || reason === 'function',
    reason,
  });
  if (!Number.isFinite(value) || !allFinite(g)) return finish('non_finite');

  let initial = settings.initial ?? null;
  for (;;) {
    if (projectedGradientNorm(x, g, lower, upper) <= settings.gradientTolerance) return finish('gradient');
    if (iterations >= settings.maxIterations) return finish('max_iterations');
    freeVariables(x, g, lower, upper, free);
    // not a descent direction (rounding in a poor model): restarted from H₀ = I inside
    const direction = descentDirection(memory, g, d, free, initial);
    const slope = direction.slope;
    initial = direction.initial;
    let t = memory.count === 0 && !initial ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let accepted = false;
    let trialValue = Number.POSITIVE_INFINITY;
    for (let b = 0; b < MAX_BACKTRACKS && !accepted; b++) {
      let decrease = 0;
      for (let i = 0; i < p; i++) {
        xt[i] = clamp(x[i]! + t * d[i]!, lower[i]!, upper[i]!);
        decrease += g[i]! * (xt[i]! - x[i]!);
      }
      trialValue = fn(xt, gt);
      evaluations++;
      if (Number.isFinite(trialValue) && allFinite(gt)) {
        let slopeAfter = 0;
        for (let i = 0; i < p; i++) slopeAfter += gt[i]! * (xt[i]! - x[i]!);
        accepted =
          trialValue <= value + C1 * decrease ||
          (trialValue <= value + F_NOISE * Math.abs(value) && decrease < 0 && slopeAfter <= (2 * C1 - 1) * decrease);
        if (accepted) break;
        // Safeguarded quadratic interpolation along the (locally linear) arc.
        const q = (-decrease * t) / (2 * (trialValue - value - decrease));
        t = Number.isFinite(q) ? clamp(q, 0.1 * t, 0.5 * t) : 0.5 * t;
      } else t *= 0.5;
    }
    if (!accepted) {
      if (memory.count > 0 || initial) {
        resetMemory(memory);
        initial = null;
        continue;
      }
      return finish('line_search');
    }
    pushPair(memory, xt, x, gt, g);
    const before = value;
    x.set(xt);
    g.set(gt);
    value = trialValue;
    iterations++;
    if (functionConverged(before, value, settings.functionTolerance)) return finish('function');
  }
}
