/** Platt scaling: a sigmoid from score to probability, fitted as scikit-learn's `_sigmoid_calibration`. */
import { requireClasses, toLabels, toScores, toWeights } from './check.js';
import { fitLogisticNewton } from './logistic-newton.js';
import type { Labels, Scores, Weights } from './types.js';

/** A fitted Platt mapping, plain JSON: p = 1 / (1 + exp(a·score + b)). */
export interface PlattMapping {
  kind: 'platt';
  a: number;
  b: number;
}

export interface FitPlattOptions {
  /** Sample weights (in the priors and the likelihood, as scikit-learn). */
  weights?: Weights;
}

/**
 * Fit p = 1/(1 + exp(a·s + b)) by maximum likelihood against Platt's smoothed targets
 * t₊ = (N₊ + 1)/(N₊ + 2) for positives and t₋ = 1/(N₋ + 2) for negatives (N± the weighted class
 * totals), minimising −Σ wᵢ [tᵢ ln pᵢ + (1 − tᵢ) ln(1 − pᵢ)] — scikit-learn's `_sigmoid_calibration`.
 * scikit-learn minimises with BFGS (gradient tolerance 1e-5); this solves the same convex
 * problem with damped Newton steps to ~1e-12, so a and b agree with scikit-learn's to about 1e-5
 * and with the exact optimum to ~1e-9. When every score is equal, a = 0.
 *
 * Reference: Platt (1999), "Probabilistic Outputs for Support Vector Machines and Comparisons to
 * Regularized Likelihood Methods"; Lin, Lin & Weng (2007), https://doi.org/10.1007/s10994-007-5018-6;
 * scikit-learn 1.2 `sklearn/calibration.py::_sigmoid_calibration`.
 * Complexity: O(n) per Newton iteration (typically under 10).
 * @throws LeadcalError (option_invalid) on bad inputs or a missing class.
 *
 * @example
 * fitPlatt([0.1, 0.3, 0.35, 0.4, 0.8, 0.9], [0, 0, 1, 0, 1, 1])
 * // => { kind: 'platt', a: -3.571937934191945, b: 1.6647944330761446 }
 */
export function fitPlatt(scores: Scores, labels: Labels, options: FitPlattOptions = {}): PlattMapping {
  const y = toLabels(labels);
  const s = toScores(scores, y.length, 'scores');
  const w = toWeights(options.weights, y.length);
  requireClasses(y, w, { positive: 1, negative: 1 });
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i]! : 1;
    if (y[i]) prior1 += wi;
    else prior0 += wi;
  }
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const t = Float64Array.from(y, (v) => (v ? hi : lo));
  // P(y = 1) = σ(−(a·s + b)) = σ(α + β·s) with α = −b, β = −a; sklearn's start is a = 0, b = ln((N₋ + 1)/(N₊ + 1)).
  const fit = fitLogisticNewton(s, t, w, { start: { intercept: -Math.log((prior0 + 1) / (prior1 + 1)), slope: 0 } });
  return { kind: 'platt', a: -fit.slope + 0, b: -fit.intercept + 0 };
}
