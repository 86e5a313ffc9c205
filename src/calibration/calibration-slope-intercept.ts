/** Calibration slope and calibration-in-the-large, from logistic recalibration of the logits. */
import { warn } from '../warnings.js';
import { invalid, requireClasses, toLabels, toProbabilities, toWeights } from './check.js';
import { fitLogisticNewton } from './logistic-newton.js';
import type { Labels, Scores, Weights } from './types.js';

export interface CalibrationSlopeOptions {
  /** Sample weights (frequency weights in the likelihood). */
  weights?: Weights;
}

export interface CalibrationSlopeIntercept {
  /** β in logit P(y = 1) = α + β·logit(p): 1 is ideal, < 1 means predictions are too extreme. */
  slope: number;
  /** α of that two-parameter fit. */
  interceptWithSlope: number;
  /** Calibration-in-the-large: α in logit P(y = 1) = α + logit(p) (slope fixed at 1); 0 is ideal, > 0 means underestimated risk. */
  intercept: number;
  /** Both Newton fits met their tolerance (false under separation: the slope diverges). */
  converged: boolean;
  iterations: number;
}

/**
 * Logistic recalibration of probabilities p against outcomes y, with L = logit(p):
 * the calibration slope β from logit P(y = 1) = α + β·L, and the calibration intercept
 * ("calibration-in-the-large") α from logit P(y = 1) = α + L (slope fixed at 1, L as offset).
 * Both are maximum-likelihood fits by a damped Newton method. Probabilities must be strictly
 * inside (0, 1) and take at least two values. Non-convergence (perfect separation) is reported
 * through `warn()` and `converged: false`.
 *
 * Reference: Van Calster et al. (2016), "A calibration hierarchy for risk models was defined:
 * from utopia to empirical data", J Clin Epidemiol 74:167–176, https://doi.org/10.1016/j.jclinepi.2015.12.005;
 * Cox (1958), https://doi.org/10.1093/biomet/45.3-4.562
 * Complexity: O(n) per Newton iteration (typically under 10).
 * @throws LeadcalError (option_invalid) on bad inputs, probabilities at 0 or 1, a single distinct
 *   probability, or a missing class.
 *
 * @example
 * calibrationSlopeIntercept([0, 0, 1, 0, 1, 1], [0.1, 0.3, 0.35, 0.4, 0.8, 0.9]).slope
 * // => 2.4884754037560053
 */
export function calibrationSlopeIntercept(labels: Labels, probabilities: Scores, options: CalibrationSlopeOptions = {}): CalibrationSlopeIntercept {
  const y = toLabels(labels);
  const p = toProbabilities(probabilities, y.length);
  const w = toWeights(options.weights, y.length);
  requireClasses(y, w, { positive: 1, negative: 1 });
  const n = y.length;
  const logit = new Float64Array(n);
  let distinct = false;
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (v <= 0 || v >= 1) {
      invalid('probabilities', `probabilities must lie strictly between 0 and 1 for a logit; got ${v} at index ${i}`, 'clip them, e.g. to [1e-6, 1 − 1e-6], or leave those rows out');
    }
    if (v !== p[0]) distinct = true;
    logit[i] = Math.log(v / (1 - v));
  }
  if (!distinct) {
    invalid('probabilities', `probabilities must take at least two distinct values for a slope; got only ${p[0]}`, 'a constant forecast has no slope; use the intercept alone');
  }
  const t = Float64Array.from(y);
  const free = fitLogisticNewton(logit, t, w, { maxIterations: 100 });
  const offset = fitLogisticNewton(logit, t, w, { fixedSlope: 1, maxIterations: 100 });
  const converged = free.converged && offset.converged;
  if (!converged) {
    warn({
      code: 'fit_not_converged',
      column: 'probabilities',
      message: `calibration slope did not converge in ${free.iterations} Newton steps (the outcomes are perfectly separated by the probabilities)`,
      hint: 'slope and intercept are not finite for separated data; use a larger sample',
    });
  }
  return {
    slope: free.slope,
    interceptWithSlope: free.intercept,
    intercept: offset.intercept,
    converged,
    iterations: free.iterations + offset.iterations,
  };
}
