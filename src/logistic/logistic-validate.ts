/**
 * Checks the arguments of `fitLogistic` once, up front, and normalises them into typed arrays
 * (labels, weights, offset, bounds). Every problem is a `LeadcalError` with code
 * `option_invalid`, the argument's name in `column`, and "X must be …; got Y" text.
 */
import { LeadcalError } from '../errors.js';
import type { DesignMatrix, LogisticOptions } from './logistic-types.js';

export interface LogisticArguments {
  n: number;
  k: number;
  columns: readonly Float64Array[];
  names: string[];
  y: Float64Array;
  w: Float64Array;
  offset: Float64Array;
  totalWeight: number;
  l2: number;
  /** Centre of the penalty per column, or null (0). */
  l2Centre: Float64Array | null;
  fitIntercept: boolean;
  method: 'auto' | 'irls' | 'lbfgs';
  maxIterations: number | undefined;
  tolerance: number;
  functionTolerance: number;
  lower: Float64Array;
  upper: Float64Array;
  start: { intercept: number; coefficients: Float64Array } | undefined;
  standardErrors: boolean;
}

export function invalid(argument: string, message: string, hint: string): LeadcalError {
  return new LeadcalError({ code: 'option_invalid', severity: 'error', column: argument, message, hint });
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Checks that a design matrix is well formed: n rows, k finite Float64Array columns, k names. */
export function checkDesignMatrix(X: DesignMatrix, argument = 'X'): void {
  if (X === null || typeof X !== 'object') throw invalid(argument, `${argument} must be a design matrix { rows, columns, names }; got ${show(X)}`, 'build it with one Float64Array per feature');
  const { rows, columns, names } = X;
  if (!Number.isInteger(rows) || rows < 1) throw invalid(`${argument}.rows`, `${argument}.rows must be a positive integer; got ${show(rows)}`, 'a fit needs at least one row');
  if (!Array.isArray(columns)) throw invalid(`${argument}.columns`, `${argument}.columns must be an array of Float64Array; got ${show(columns)}`, 'pass one Float64Array per feature');
  if (!Array.isArray(names) || names.length !== columns.length) {
    throw invalid(`${argument}.names`, `${argument}.names must have one name per column (${columns.length}); got ${Array.isArray(names) ? names.length : show(names)}`, 'name every column');
  }
  for (let j = 0; j < columns.length; j++) {
    const col = columns[j];
    const name = `${argument}.columns[${j}] (${names[j]})`;
    if (!(col instanceof Float64Array)) throw invalid(name, `${name} must be a Float64Array; got ${show(col)}`, 'convert the column with Float64Array.from');
    if (col.length !== rows) throw invalid(name, `${name} must have ${argument}.rows = ${rows} values; got ${col.length}`, 'every column must have one value per row');
    // x·0 is 0 for finite x and NaN for NaN or ±Infinity: a branch-free scan, then find the row.
    let probe = 0;
    for (let i = 0; i < rows; i++) probe += col[i]! * 0;
    if (probe !== 0) {
      const i = col.findIndex((v) => !Number.isFinite(v));
      throw invalid(name, `${name} must be finite; got ${col[i]} at row ${i}`, 'impute or drop missing values before fitting');
    }
  }
}

/** A length-n vector of finite numbers (optionally ≥ 0), copied into a Float64Array. */
function vector(values: ArrayLike<number> | undefined, n: number, name: string, nonNegative: boolean, fill: number, per = 'row'): Float64Array {
  if (values === undefined) return new Float64Array(n).fill(fill);
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw invalid(name, `${name} must be an array of numbers; got ${show(values)}`, `pass ${n} values`);
  if (values.length !== n) throw invalid(name, `${name} must have one value per ${per} (${n}); got ${values.length}`, per === 'row' ? 'align it with the rows of X' : `pass one value per ${per}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || (nonNegative && v < 0)) {
      throw invalid(name, `${name} must be ${nonNegative ? 'finite and ≥ 0' : 'finite'}; got ${show(v)} at ${per} ${i}`, nonNegative ? 'weights count rows: use 0 to leave a row out' : 'use finite values');
    }
    out[i] = v;
  }
  return out;
}

function bound(values: ArrayLike<number> | undefined, k: number, name: 'lower' | 'upper'): Float64Array {
  const none = name === 'lower' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (values === undefined) return new Float64Array(k).fill(none);
  if (values === null || typeof values !== 'object' || values.length !== k) {
    throw invalid(name, `${name} must have one bound per column (${k}); got ${values === null || typeof values !== 'object' ? show(values) : values.length}`, `use ${none} for an unbounded coefficient`);
  }
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const v = values[j]!;
    if (typeof v !== 'number' || Number.isNaN(v) || v === -none) {
      throw invalid(name, `${name}[${j}] must be a number ${name === 'lower' ? '< Infinity' : '> -Infinity'}; got ${show(v)}`, `use ${none} for no bound`);
    }
    out[j] = v;
  }
  return out;
}

function option<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** Validates `fitLogistic`'s arguments and returns them normalised. */
export function validateLogistic(X: DesignMatrix, y: ArrayLike<number>, options: LogisticOptions): LogisticArguments {
  checkDesignMatrix(X);
  const n = X.rows;
  const k = X.columns.length;
  if (options === null || typeof options !== 'object') throw invalid('options', `options must be an object; got ${show(options)}`, 'pass {} for the defaults');
  if (y === null || typeof y !== 'object' || y.length !== n) {
    throw invalid('y', `y must have one label per row (${n}); got ${y === null || typeof y !== 'object' ? show(y) : y.length}`, 'align the labels with the rows of X');
  }
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw invalid('y', `y must be 0 or 1; got ${show(y[i])} at row ${i}`, 'code the outcome as 1 (reached) or 0 (not reached)');
    labels[i] = y[i]!;
  }
  const w = vector(options.weights, n, 'weights', true, 1);
  const offset = vector(options.offset, n, 'offset', false, 0);
  let totalWeight = 0;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    totalWeight += w[i]!;
    positives += w[i]! * labels[i]!;
  }
  if (!(totalWeight > 0)) throw invalid('weights', `weights must not all be 0; got a total of ${totalWeight}`, 'give at least one row a positive weight');
  if (positives === 0 || positives === totalWeight) {
    const cls = positives === 0 ? 'positives (y = 1)' : 'negatives (y = 0)';
    throw invalid('y', `y must contain both classes among rows with weight > 0; got no ${cls} in ${n} rows`, 'widen the frame or pick a target that some leads reach and others do not');
  }

  const l2 = option(options.l2, 0);
  if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0) throw invalid('l2', `l2 must be a finite number ≥ 0; got ${show(l2)}`, 'use 0 for no penalty');
  const fitIntercept = option(options.fitIntercept, true);
  if (typeof fitIntercept !== 'boolean') throw invalid('fitIntercept', `fitIntercept must be true or false; got ${show(fitIntercept)}`, 'omit it to fit an intercept');
  const method = option(options.method, 'auto');
  if (method !== 'auto' && method !== 'irls' && method !== 'lbfgs') throw invalid('method', `method must be "auto", "irls" or "lbfgs"; got ${show(method)}`, 'omit it to choose by the number of coefficients');
  const maxIterations = options.maxIterations;
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations > 0)) {
    throw invalid('maxIterations', `maxIterations must be a positive integer; got ${show(maxIterations)}`, 'omit it for the default (100 for IRLS, 1000 for L-BFGS)');
  }
  const tolerance = option(options.tolerance, 1e-8);
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0) throw invalid('tolerance', `tolerance must be a positive finite number; got ${show(tolerance)}`, 'omit it for the default 1e-8');
  const functionTolerance = option(options.functionTolerance, 0);
  if (typeof functionTolerance !== 'number' || !Number.isFinite(functionTolerance) || functionTolerance < 0) {
    throw invalid('functionTolerance', `functionTolerance must be a finite number ≥ 0; got ${show(functionTolerance)}`, 'omit it (0) to stop on the gradient alone');
  }
  const l2Centre = options.l2Centre === undefined ? null : vector(options.l2Centre, k, 'l2Centre', false, 0, 'column');
  const standardErrors = option(options.standardErrors, true);
  if (typeof standardErrors !== 'boolean') throw invalid('standardErrors', `standardErrors must be true or false; got ${show(standardErrors)}`, 'omit it to compute them');

  const lower = bound(options.lower, k, 'lower');
  const upper = bound(options.upper, k, 'upper');
  for (let j = 0; j < k; j++) {
    if (lower[j]! > upper[j]!) throw invalid('lower', `lower[${j}] (${X.names[j]}) must be ≤ upper[${j}]; got ${lower[j]} > ${upper[j]}`, 'swap the bounds, or set lower = upper to lock the coefficient');
  }

  let start: LogisticArguments['start'];
  if (options.start !== undefined) {
    const s = options.start;
    if (s === null || typeof s !== 'object') throw invalid('start', `start must be { intercept, coefficients }; got ${show(s)}`, 'pass a previous fit');
    const coefficients = vector(s.coefficients, k, 'start.coefficients', false, 0, 'column');
    if (typeof s.intercept !== 'number' || !Number.isFinite(s.intercept)) throw invalid('start.intercept', `start.intercept must be finite; got ${show(s.intercept)}`, 'pass a previous fit');
    start = { intercept: s.intercept, coefficients };
  }
  return {
    n,
    k,
    columns: X.columns,
    names: [...X.names],
    y: labels,
    w,
    offset,
    totalWeight,
    l2,
    l2Centre,
    fitIntercept,
    method,
    maxIterations,
    tolerance,
    functionTolerance,
    lower,
    upper,
    start,
    standardErrors,
  };
}
