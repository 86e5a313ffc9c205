/** Binary log loss (cross-entropy), equal to scikit-learn 1.2's `log_loss`, clipping included. */
import { invalid, show, toLabels, toProbabilities, toWeights } from './check.js';
import type { Labels, Scores, Weights } from './types.js';

export interface LogLossOptions {
  /** Sample weights; the loss is then the weighted mean. */
  weights?: Weights;
  /** Probabilities are clipped to [eps, 1 − eps]; default 2⁻⁵² (float64 machine epsilon, sklearn's "auto"). */
  eps?: number;
}

/**
 * Log loss: LL = −Σ wᵢ [yᵢ ln qᵢ + (1 − yᵢ) ln(1 − qᵢ)] / Σ wᵢ, where qᵢ is pᵢ clipped to
 * [eps, 1 − eps] and, as in scikit-learn, the pair (1 − qᵢ, qᵢ) renormalised to sum to 1. A
 * probability of exactly 0 for a positive therefore costs −ln(eps) ≈ 36.04, not infinity.
 * Unlike scikit-learn (which then asks for `labels=`), a sample with a single class is allowed.
 *
 * Reference: https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.log_loss.html;
 * Bishop (2006), Pattern Recognition and Machine Learning, eq. 4.90.
 * Complexity: O(n).
 * @throws LeadcalError (option_invalid) on bad labels/weights, probabilities outside [0, 1], or eps outside [0, 0.5).
 *
 * @example
 * logLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.35])
 * // => 0.21616187468057912
 */
export function logLoss(labels: Labels, probabilities: Scores, options: LogLossOptions = {}): number {
  const y = toLabels(labels);
  const p = toProbabilities(probabilities, y.length);
  const w = toWeights(options.weights, y.length);
  const eps = options.eps ?? Number.EPSILON;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5)) {
    invalid('eps', `eps must be a number in [0, 0.5); got ${show(eps)}`, 'leave it unset for sklearn\'s default (2.22e-16)');
  }
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i]!, eps), 1 - eps);
    const r = 1 - q;
    const norm = r + q;
    const wi = w ? w[i]! : 1;
    sum -= wi * Math.log((y[i] ? q : r) / norm);
    total += wi;
  }
  return sum / total;
}
