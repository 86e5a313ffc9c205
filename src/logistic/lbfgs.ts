/**
 * General-purpose minimiser: limited-memory BFGS with a strong Wolfe line search, and a
 * projected (two-metric) variant when bounds are given. Used by logistic regression for many
 * coefficients and by the decay fitter, which optimises log half-lives jointly with weights.
 */
import { LeadcalError } from '../errors.js';
import { lbfgsUnconstrained, type LbfgsResult, type LbfgsSettings } from './lbfgs-core.js';
import type { Objective } from './lbfgs-line-search.js';
import type { InitialInverseHessian } from './lbfgs-memory.js';
import { lbfgsProjected } from './lbfgs-projected.js';

export type { LbfgsResult, LbfgsStopReason } from './lbfgs-core.js';
export type { Objective } from './lbfgs-line-search.js';
export type { InitialInverseHessian } from './lbfgs-memory.js';

export interface LbfgsOptions {
  /** Number of correction pairs kept (m). Default 10, as in L-BFGS-B. */
  memory?: number;
  /** Default 1000. */
  maxIterations?: number;
  /** Converged when every component of the projected gradient is ≤ this in absolute value. Default 1e-8. */
  gradientTolerance?: number;
  /**
   * Converged when an iteration lowers f by at most this · max(|fₖ|, |fₖ₊₁|, 1). Default 0
   * (off); SciPy's L-BFGS-B default is 2.22e-9.
   */
  functionTolerance?: number;
  /** Lower bounds per variable (−Infinity = none). */
  lower?: ArrayLike<number>;
  /** Upper bounds per variable (+Infinity = none). */
  upper?: ArrayLike<number>;
  /**
   * Preconditioner: applies an SPD approximation of the inverse Hessian in place, v ← H₀·v
   * (with bounds, restricted to the variables marked in `free`; see {@link InitialInverseHessian}).
   * Default γI, scaled from the latest correction pair.
   */
  initialInverseHessian?: InitialInverseHessian;
}

const bad = (argument: string, message: string, hint: string): LeadcalError =>
  new LeadcalError({ code: 'option_invalid', severity: 'error', column: argument, message, hint });

/** Reads an optional bound vector, checking its length and values. */
function bounds(values: ArrayLike<number> | undefined, p: number, name: 'lower' | 'upper'): Float64Array {
  const fill = name === 'lower' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (values === undefined) return new Float64Array(p).fill(fill);
  if (values.length !== p) throw bad(name, `${name} must have one entry per variable (${p}); got ${values.length}`, `pass ${p} bounds, using ${fill} for none`);
  const out = Float64Array.from(values);
  for (let i = 0; i < p; i++) {
    if (Number.isNaN(out[i]!) || out[i] === -fill) {
      throw bad(name, `${name}[${i}] must be a number ${name === 'lower' ? '< Infinity' : '> -Infinity'}; got ${out[i]}`, `use ${fill} for no bound`);
    }
  }
  return out;
}

function positive(value: number | undefined, fallback: number, name: string, integer: boolean, allowZero = false): number {
  if (value === undefined) return fallback;
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok) throw bad(name, `${name} must be a ${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'finite number'}; got ${String(value)}`, `omit ${name} for the default ${fallback}`);
  return value;
}

/**
 * Minimise a smooth function f: ℝᵖ → ℝ by L-BFGS, optionally within a box l ≤ x ≤ u.
 *
 * Unbounded: Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), Algorithm 7.5 with
 * the two-loop recursion (Algorithm 7.4), a strong Wolfe line search (Algorithms 3.5–3.6,
 * c₁ = 1e-4, c₂ = 0.9) that also accepts Hager–Zhang approximate Wolfe steps near the
 * optimum. Bounded: a two-metric projected L-BFGS (see `lbfgs-projected.ts`); active bounds
 * hold exactly. https://en.wikipedia.org/wiki/Limited-memory_BFGS
 *
 * `f(x, gradient)` returns f(x) and writes ∇f(x) into `gradient`. Both arrays are reused by
 * the optimiser: read them, never keep them. A non-finite f or gradient at a trial point is
 * treated as "step too long". Deterministic: the same f and x0 give the same iterates.
 *
 * Complexity: O(m·p) per iteration plus the evaluations of f (usually one per iteration).
 *
 * @throws LeadcalError (`option_invalid`) for malformed options, a non-finite x0 or lower > upper.
 * @example
 * // Rosenbrock's banana, minimum at (1, 1)
 * const r = optimiseLBFGS((x, g) => {
 *   const a = 1 - x[0]!, b = x[1]! - x[0]! * x[0]!;
 *   g[0] = -2 * a - 400 * x[0]! * b; g[1] = 200 * b;
 *   return a * a + 100 * b * b;
 * }, [-1.2, 1], { gradientTolerance: 1e-10 });
 * [r.converged, r.x[0]!.toFixed(6), r.x[1]!.toFixed(6)] // => [true, '1.000000', '1.000000']
 */
export function optimiseLBFGS(f: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  if (typeof f !== 'function') throw bad('f', `f must be a function (x, gradient) => number; got ${typeof f}`, 'pass the objective as the first argument');
  const p = x0.length;
  if (!(p > 0)) throw bad('x0', `x0 must have at least one entry; got ${p}`, 'pass the starting point');
  const start = Float64Array.from(x0);
  for (let i = 0; i < p; i++) {
    if (!Number.isFinite(start[i]!)) throw bad('x0', `x0[${i}] must be finite; got ${start[i]}`, 'start from a finite point');
  }
  const settings: LbfgsSettings = {
    memory: positive(options.memory, 10, 'memory', true),
    maxIterations: positive(options.maxIterations, 1000, 'maxIterations', true),
    gradientTolerance: positive(options.gradientTolerance, 1e-8, 'gradientTolerance', false),
    functionTolerance: positive(options.functionTolerance, 0, 'functionTolerance', false, true),
  };
  if (options.initialInverseHessian !== undefined) {
    if (typeof options.initialInverseHessian !== 'function') {
      throw bad('initialInverseHessian', `initialInverseHessian must be a function (v, free) => void; got ${typeof options.initialInverseHessian}`, 'omit it for the default scaling');
    }
    settings.initial = options.initialInverseHessian;
  }
  if (options.lower === undefined && options.upper === undefined) return lbfgsUnconstrained(f, start, settings);
  const lower = bounds(options.lower, p, 'lower');
  const upper = bounds(options.upper, p, 'upper');
  let boxed = false;
  for (let i = 0; i < p; i++) {
    if (lower[i]! > upper[i]!) throw bad('lower', `lower[${i}] must be ≤ upper[${i}]; got ${lower[i]} > ${upper[i]}`, 'swap the bounds or set lower = upper to lock the variable');
    if (lower[i] !== Number.NEGATIVE_INFINITY || upper[i] !== Number.POSITIVE_INFINITY) boxed = true;
  }
  return boxed ? lbfgsProjected(f, start, lower, upper, settings) : lbfgsUnconstrained(f, start, settings);
}
