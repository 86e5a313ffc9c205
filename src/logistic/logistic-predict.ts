/**
 * Scoring with a fitted logistic regression: the linear predictor (log-odds) and the
 * probability for every row of a design matrix with the same columns as the fit.
 */
import { sigmoid } from '../stats/logistic.js';
import type { DesignMatrix, LogisticFit } from './logistic-types.js';
import { checkDesignMatrix, invalid } from './logistic-validate.js';

/** The parts of a fit that scoring needs. */
export type LogisticCoefficients = Pick<LogisticFit, 'intercept' | 'coefficients'>;

/**
 * Log-odds ηᵢ = offsetᵢ + b + Σⱼ βⱼ xᵢⱼ for every row, column by column.
 *
 * Reference: https://en.wikipedia.org/wiki/Logistic_regression. Complexity O(n·k).
 *
 * @throws LeadcalError (`option_invalid`) when X is malformed, its column count differs from
 *   the fit's, or the offset has the wrong length or non-finite values.
 * @example
 * const X = { rows: 2, columns: [new Float64Array([0, 2])], names: ['visits'] };
 * Array.from(predictLogit({ intercept: -1, coefficients: new Float64Array([0.5]) }, X)) // => [-1, 0]
 */
export function predictLogit(fit: LogisticCoefficients, X: DesignMatrix, offset?: ArrayLike<number>): Float64Array {
  checkDesignMatrix(X);
  const k = fit.coefficients.length;
  if (X.columns.length !== k) throw invalid('X.columns', `X must have the fit's ${k} columns; got ${X.columns.length}`, 'build X with the same features, in the same order, as for the fit');
  const n = X.rows;
  if (offset !== undefined && offset.length !== n) throw invalid('offset', `offset must have one value per row (${n}); got ${offset.length}`, 'align it with the rows of X');
  const eta = new Float64Array(n).fill(fit.intercept);
  if (offset !== undefined) {
    for (let i = 0; i < n; i++) {
      const o = offset[i]!;
      if (!Number.isFinite(o)) throw invalid('offset', `offset must be finite; got ${o} at row ${i}`, 'use finite values');
      eta[i] = eta[i]! + o;
    }
  }
  for (let j = 0; j < k; j++) {
    const c = fit.coefficients[j]!;
    if (c === 0) continue;
    const x = X.columns[j]!;
    for (let i = 0; i < n; i++) eta[i] = eta[i]! + c * x[i]!;
  }
  return eta;
}

/**
 * Probabilities pᵢ = σ(ηᵢ) for every row (see {@link predictLogit}). Complexity O(n·k).
 *
 * @example
 * const X = { rows: 2, columns: [new Float64Array([0, 2])], names: ['visits'] };
 * Array.from(predictProbability({ intercept: -1, coefficients: new Float64Array([0.5]) }, X)) // => [0.2689414213699951, 0.5]
 */
export function predictProbability(fit: LogisticCoefficients, X: DesignMatrix, offset?: ArrayLike<number>): Float64Array {
  const eta = predictLogit(fit, X, offset);
  for (let i = 0; i < eta.length; i++) eta[i] = sigmoid(eta[i]!);
  return eta;
}
