/**
 * Logistic regression on a dense column-major design matrix: the public wrapper. It validates
 * and reduces the problem (`logistic-validate.ts`, `logistic-prepare.ts`), runs IRLS or
 * L-BFGS on typed arrays, then turns the solution into a plain {@link LogisticFit}: estimates,
 * standard errors, likelihood, convergence facts, and warnings as data (also sent to `warn()`).
 */
import type { Issue } from '../errors.js';
import { warn } from '../warnings.js';
import { irls } from './irls.js';
import { createNewtonWork, newtonStep } from './irls-newton.js';
import { freeVariables, projectedGradientNorm } from './lbfgs-projected.js';
import { DERIVATIVES_SCRATCH, logisticDerivatives, logisticValue, parameterCount, penalty } from './logistic-kernel.js';
import { logisticLbfgs } from './logistic-lbfgs.js';
import { prepareLogistic, type PreparedLogistic } from './logistic-prepare.js';
import { flattestDirection, parameterSpreads, saturatedRows, separatesAlong } from './logistic-separation.js';
import { standardErrorsFromHessian } from './logistic-standard-errors.js';
import type { CoefficientStatus, DesignMatrix, LogisticFit, LogisticMethod, LogisticOptions, LogisticWarning } from './logistic-types.js';
import { validateLogistic, type LogisticArguments } from './logistic-validate.js';

/** Largest number of free parameters for which `auto` picks IRLS. */
export const IRLS_MAX_PARAMETERS = 50;
/** Largest n·p² for which `auto` picks IRLS: about 100k rows × 31 parameters, well under a second. */
export const IRLS_MAX_WORK = 1e8;

/**
 * The solver `method: 'auto'` uses for n rows and p free parameters: IRLS (exact Newton steps,
 * about six O(n·p²) passes) while that is cheap, else preconditioned L-BFGS (about ten O(n·p)
 * passes), which on 1M × 30 data is several times faster.
 *
 * @example
 * [chooseLogisticMethod(5_000, 13), chooseLogisticMethod(1_000_000, 31), chooseLogisticMethod(500, 61)] // => ['irls', 'lbfgs', 'lbfgs']
 */
export function chooseLogisticMethod(n: number, p: number): LogisticMethod {
  return p <= IRLS_MAX_PARAMETERS && n * p * p <= IRLS_MAX_WORK ? 'irls' : 'lbfgs';
}

/** What the solvers hand back, in the reduced parameterisation. */
interface Solution {
  theta: Float64Array;
  value: number;
  gradient: Float64Array;
  hessian: Float64Array | null;
  iterations: number;
  converged: boolean;
  /** A separating direction, when separation was certified. */
  separation: Float64Array | null;
  reason: string;
}

function solveIrls(prep: PreparedLogistic, maxIterations: number, tolerance: number): Solution {
  const d = prep.data;
  const r = irls(d, prep.start, prep.lower, prep.upper, maxIterations, tolerance);
  let separation = r.stop === 'separation' ? r.step : null;
  if (!separation && d.l2 === 0 && (r.stop !== 'converged' || r.singularPivot >= 0 || saturatedRows(r.eta, d.w, 15) > 0)) {
    separation = findSeparation(prep, r.theta, r.gradient, r.hessian, r.step);
  }
  return {
    theta: r.theta,
    value: r.value,
    gradient: r.gradient,
    hessian: r.hessian,
    iterations: r.iterations,
    converged: r.stop === 'converged',
    separation,
    reason: r.stop === 'max_iterations' ? `stopped after ${maxIterations} iterations` : 'step halving found no decrease',
  };
}

function solveLbfgs(prep: PreparedLogistic, args: LogisticArguments, maxIterations: number): Solution {
  const d = prep.data;
  const { standardErrors } = args;
  const r = logisticLbfgs(d, prep.start, prep.lower, prep.upper, maxIterations, args.tolerance, args.functionTolerance);
  const s: Solution = {
    theta: r.x,
    value: r.value,
    gradient: r.gradient,
    hessian: null,
    iterations: r.iterations,
    converged: r.converged,
    separation: null,
    reason: r.reason === 'max_iterations' ? `stopped after ${maxIterations} iterations` : `stopped: ${r.reason.replace('_', ' ')}`,
  };
  // Without a penalty, check for separation with the Newton step from where L-BFGS stopped:
  // always when the Hessian is cheap or needed anyway, else when some fitted probabilities
  // are within e^(−15) ≈ 3e-7 of 0 or 1, as they are where the data are separated.
  const p = parameterCount(d);
  let suspect = false;
  if (d.l2 === 0) {
    suspect = standardErrors || p <= IRLS_MAX_PARAMETERS || !s.converged;
    if (!suspect) {
      const eta = new Float64Array(d.n);
      logisticValue(d, s.theta, eta);
      suspect = saturatedRows(eta, d.w, 15) > 0;
    }
  }
  if (standardErrors || suspect) {
    const hessian = new Float64Array(p * p);
    const gradient = new Float64Array(p);
    const rows = () => new Float64Array(d.n);
    s.value = logisticDerivatives(d, s.theta, rows(), rows(), gradient, hessian, new Float64Array(DERIVATIVES_SCRATCH));
    s.gradient = gradient;
    s.hessian = hessian;
  }
  if (suspect && s.hessian) s.separation = findSeparation(prep, s.theta, s.gradient, s.hessian, null);
  return s;
}

/**
 * A certified separating direction (`logistic-separation.ts`) among the candidates: the last
 * step, the Newton step, the estimate itself, and the Hessian's flattest direction both ways.
 */
function findSeparation(
  prep: PreparedLogistic,
  theta: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array,
  lastStep: Float64Array | null,
): Float64Array | null {
  const d = prep.data;
  const p = parameterCount(d);
  const free = new Uint8Array(p);
  freeVariables(theta, gradient, prep.lower, prep.upper, free);
  const newton = new Float64Array(p);
  newtonStep(hessian, gradient, free, newton, createNewtonWork(p));
  const candidates = [...(lastStep ? [lastStep] : []), newton, theta];
  const flat = flattestDirection(hessian, free, parameterSpreads(d));
  if (flat) candidates.push(flat, flat.map((v) => -v));
  const u = new Float64Array(d.n);
  return candidates.find((dir) => separatesAlong(d, dir, prep.lower, prep.upper, u)) ?? null;
}

/** Names of the columns that carry a separating direction (largest moves first, at most 5). */
function separatingColumns(prep: PreparedLogistic, names: readonly string[], dir: Float64Array): string[] {
  const spreads = parameterSpreads(prep.data);
  const moves = Array.from({ length: prep.data.k }, (_, r) => ({ name: names[prep.columnOf[r]!]!, move: Math.abs(dir[r]!) * spreads[r]! }));
  const top = Math.max(0, ...moves.map((m) => m.move));
  return moves
    .filter((m) => m.move >= 0.1 * top && m.move > 0)
    .sort((a, b) => b.move - a.move)
    .slice(0, 5)
    .map((m) => JSON.stringify(m.name));
}

/** Warnings go to the sink as issues; `option_invalid` until fitting gets codes of its own. */
const ISSUE_CODE = { separation: 'fit_separation', not_converged: 'fit_not_converged', singular_hessian: 'fit_singular', constant_column: 'column_constant' } as const;

function toIssue(w: LogisticWarning): Omit<Issue, 'severity'> {
  return { code: ISSUE_CODE[w.code], ...(w.column === undefined ? {} : { column: w.column }), message: `logistic fit: ${w.message}`, hint: w.hint };
}

/**
 * Fit a logistic regression P(y = 1 | x) = σ(offset + b + xᵀβ) by penalised maximum likelihood:
 * minimise Σᵢ wᵢ [log(1 + e^ηᵢ) − yᵢηᵢ] + ½λ‖β − c‖² (intercept b unpenalised; the centre c
 * is 0 unless `l2Centre` gives a prior's coefficients) subject to lower ≤ β ≤ upper.
 *
 * With λ = 1/C and unit weights this is scikit-learn's `LogisticRegression(C=C)`; with λ = 0,
 * statsmodels' `Logit` (and `GLM(Binomial, freq_weights=w)` with weights). `method: 'auto'`
 * uses IRLS (Newton) up to 50 free parameters while n·p² ≤ 1e8, L-BFGS otherwise
 * ({@link chooseLogisticMethod}).
 * Constant columns are fixed at 0 with a warning. Without a penalty, separated data (the
 * maximum-likelihood estimate does not exist) is detected and reported with a warning; the
 * returned coefficients are then finite but arbitrary (they grow with the iteration count).
 *
 * Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed.),
 * §4.4, https://hastie.su.domains/ElemStatLearn/.
 * Complexity: IRLS O(n·p²) per iteration (typically 5–10), L-BFGS O(n·p) per iteration;
 * standard errors add one O(n·p²) pass and an O(p³) inverse.
 *
 * @throws LeadcalError (`option_invalid`) for malformed arguments: lengths that disagree with
 *   the rows, non-finite values, labels other than 0/1, a single class, negative weights,
 *   l2 < 0, lower > upper, …
 * @example
 * const x = new Float64Array([0, 1, 2, 3, 4, 5]);
 * const fit = fitLogistic({ rows: 6, columns: [x], names: ['visits'] }, [0, 0, 1, 0, 1, 1]);
 * [fit.converged, fit.coefficients[0]!.toFixed(4), fit.intercept.toFixed(4)] // => [true, '1.2140', '-3.0351']
 */
export function fitLogistic(X: DesignMatrix, y: ArrayLike<number>, options: LogisticOptions = {}): LogisticFit {
  const args = validateLogistic(X, y, options);
  const prep = prepareLogistic(args);
  const d = prep.data;
  const p = parameterCount(d);
  const method = args.method === 'auto' ? chooseLogisticMethod(d.n, p) : args.method;
  const maxIterations = args.maxIterations ?? (method === 'irls' ? 100 : 1000);
  const s =
    method === 'irls'
      ? solveIrls(prep, maxIterations, args.tolerance)
      : solveLbfgs(prep, args, maxIterations);
  const warnings = [...prep.warnings];

  // Bounds that hold at the solution, in the reduced parameterisation.
  const atBound: CoefficientStatus[] = [];
  const free = new Uint8Array(p);
  for (let i = 0; i < p; i++) {
    const status = s.theta[i]! <= prep.lower[i]! ? 'lower' : s.theta[i]! >= prep.upper[i]! ? 'upper' : 'free';
    atBound.push(status);
    free[i] = status === 'free' ? 1 : 0;
  }
  const se = new Float64Array(p).fill(Number.NaN);
  if (args.standardErrors && s.hessian) {
    const pivot = standardErrorsFromHessian(s.hessian, free, se, d.intercept ? d.k : -1);
    // Under separation a singular Hessian is a symptom, reported by the separation warning.
    if (pivot >= 0 && !s.separation) {
      const column = pivot < d.k ? args.names[prep.columnOf[pivot]!]! : '(intercept)';
      warnings.push({
        code: 'singular_hessian',
        column,
        message: `the Hessian is singular at the solution: column ${JSON.stringify(column)} is numerically a linear combination of ${d.intercept ? 'the intercept and ' : ''}the columns before it, so the coefficients are not unique and standard errors are NaN`,
        hint: 'drop collinear columns or set l2 > 0',
      });
    }
  }
  let converged = s.converged;
  if (s.separation) {
    converged = false;
    const columns = separatingColumns(prep, args.names, s.separation);
    warnings.push({
      code: 'separation',
      message: `the data are separated${columns.length ? ` along ${columns.join(', ')}` : ''}: the likelihood keeps rising as coefficients grow, so the maximum-likelihood estimate does not exist and the returned coefficients are arbitrary`,
      hint: 'set l2 > 0 (e.g. 1) for finite, meaningful coefficients, or bound the coefficients',
    });
  } else if (!converged) {
    warnings.push({
      code: 'not_converged',
      message: `${method === 'irls' ? 'IRLS' : 'L-BFGS'} did not converge (${s.reason}; gradient ${(projectedGradientNorm(s.theta, s.gradient, prep.lower, prep.upper) / d.totalWeight).toExponential(2)} per unit weight, tolerance ${args.tolerance})`,
      hint: 'raise maxIterations, loosen tolerance, rescale the columns or set l2 > 0',
    });
  }
  for (const w of warnings) warn(toIssue(w));

  const coefficients = Float64Array.from(prep.fixed);
  const standardErrors = new Float64Array(args.k).fill(Number.NaN);
  const status = [...prep.status];
  for (let r = 0; r < d.k; r++) {
    const j = prep.columnOf[r]!;
    coefficients[j] = s.theta[r]!;
    standardErrors[j] = se[r]!;
    status[j] = atBound[r]!;
  }
  const logLikelihood = -(s.value - penalty(d, s.theta, null));
  return {
    intercept: d.intercept ? s.theta[d.k]! : 0,
    coefficients,
    names: args.names,
    status,
    standardErrors,
    interceptStandardError: d.intercept ? se[d.k]! : Number.NaN,
    logLikelihood,
    deviance: -2 * logLikelihood,
    objective: s.value,
    iterations: s.iterations,
    converged,
    method,
    gradientNorm: projectedGradientNorm(s.theta, s.gradient, prep.lower, prep.upper) / d.totalWeight,
    warnings,
  };
}
