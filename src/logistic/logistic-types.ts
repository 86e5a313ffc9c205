/**
 * Types for logistic regression: the dense column-major design matrix that goes in, the
 * options, and the fit that comes out (plain data, no methods).
 */

/** A dense design matrix stored column by column: `columns[j][i]` is row i of feature j. */
export interface DesignMatrix {
  rows: number;
  columns: readonly Float64Array[];
  /** One name per column, used in warnings and errors. */
  names: readonly string[];
}

/** Solver: Newton–Raphson (IRLS) or limited-memory BFGS. */
export type LogisticMethod = 'irls' | 'lbfgs';

export interface LogisticOptions {
  /** Frequency weights, one per row, ≥ 0 (a weight of 2 counts a row twice). Default all 1. */
  weights?: ArrayLike<number>;
  /** λ in the penalty ½λ‖β‖² (the intercept is never penalised). Default 0. */
  l2?: number;
  /**
   * Centre c of the penalty, one value per column: ½λ‖β − c‖² shrinks toward c (e.g. a prior
   * model's coefficients) instead of 0. Default all 0.
   */
  l2Centre?: ArrayLike<number>;
  /** Fit an unpenalised intercept. Default true. */
  fitIntercept?: boolean;
  /** `auto` (default) uses IRLS up to 50 free parameters while n·p² ≤ 1e8, else L-BFGS. */
  method?: 'auto' | LogisticMethod;
  /** Default 100 for IRLS, 1000 for L-BFGS. */
  maxIterations?: number;
  /**
   * Convergence tolerance (default 1e-8): the largest projected-gradient component of the
   * penalised objective divided by the total weight must be ≤ tolerance, and for IRLS the
   * largest Newton step |Δβ_j| as well.
   */
  tolerance?: number;
  /**
   * L-BFGS only: also stop when an iteration lowers the objective by at most
   * functionTolerance · max(|f|, 1) (SciPy L-BFGS-B's `ftol`, which scikit-learn leaves at
   * 2.2e-9). Default 0: off, so the gradient test alone decides.
   */
  functionTolerance?: number;
  /** Per-coefficient lower bounds (−Infinity = free); `lower[j] = upper[j]` locks β_j. */
  lower?: ArrayLike<number>;
  /** Per-coefficient upper bounds (+Infinity = free). */
  upper?: ArrayLike<number>;
  /** Fixed offset added to every row's linear predictor (e.g. points of locked rules). */
  offset?: ArrayLike<number>;
  /** Warm start, e.g. a previous fit; projected onto the bounds. Default: zeros and the log-odds of the base rate. */
  start?: { intercept: number; coefficients: ArrayLike<number> };
  /** Compute standard errors (one O(n·p²) Hessian pass and a p×p inverse). Default true. */
  standardErrors?: boolean;
}

/**
 * Why a coefficient has the value it has: estimated freely, held at a lower or upper bound,
 * locked by `lower = upper`, or dropped because its column is constant (no information).
 */
export type CoefficientStatus = 'free' | 'lower' | 'upper' | 'locked' | 'dropped';

/** Codes of the recoverable problems a fit reports (also sent through `warn()`). */
export type LogisticWarningCode = 'constant_column' | 'separation' | 'not_converged' | 'singular_hessian';

export interface LogisticWarning {
  code: LogisticWarningCode;
  /** Column concerned, when there is one. */
  column?: string;
  message: string;
  hint: string;
}

export interface LogisticFit {
  intercept: number;
  /** One per design-matrix column, in order. */
  coefficients: Float64Array;
  /** Column names, copied from the design matrix. */
  names: string[];
  status: CoefficientStatus[];
  /**
   * √diag of the inverse penalised Hessian over the free coefficients. NaN for coefficients
   * that are not `free` (at a bound the estimate's sampling distribution has a point mass on
   * the bound, so the normal approximation does not apply), and all NaN when standard errors
   * were not requested or the Hessian is singular.
   */
  standardErrors: Float64Array;
  /** NaN when there is no intercept or standard errors were not computed. */
  interceptStandardError: number;
  /** Σ wᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)], without the penalty. */
  logLikelihood: number;
  /** −2 · logLikelihood (the saturated model of 0/1 data has log-likelihood 0). */
  deviance: number;
  /** Penalised objective Σ wᵢ lossᵢ + ½λ‖β‖² that the solver minimised. */
  objective: number;
  iterations: number;
  converged: boolean;
  method: LogisticMethod;
  /** Largest projected-gradient component of the objective, divided by the total weight. */
  gradientNorm: number;
  warnings: LogisticWarning[];
}
