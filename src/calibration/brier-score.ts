/** The Brier score, equal to scikit-learn's `brier_score_loss`. */
import { toLabels, toProbabilities, toWeights } from './check.js';
import type { Labels, Scores, Weights } from './types.js';

export interface BrierOptions {
  /** Sample weights; the score is then the weighted mean. */
  weights?: Weights;
}

/**
 * Brier score: the (weighted) mean squared difference between outcome and probability,
 * BS = Σ wᵢ (yᵢ − pᵢ)² / Σ wᵢ. 0 is perfect; always predicting the base rate ō scores ō(1 − ō).
 * A single class is allowed.
 *
 * Reference: Brier (1950), https://doi.org/10.1175/1520-0493(1950)078<0001:VOFEIT>2.0.CO;2;
 * https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.brier_score_loss.html
 * Complexity: O(n).
 * @throws LeadcalError (option_invalid) on bad labels/weights or probabilities outside [0, 1].
 *
 * @example
 * brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])
 * // => 0.03749999999999999
 */
export function brierScore(labels: Labels, probabilities: Scores, options: BrierOptions = {}): number {
  const y = toLabels(labels);
  const p = toProbabilities(probabilities, y.length);
  const w = toWeights(options.weights, y.length);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const d = y[i]! - p[i]!;
    const wi = w ? w[i]! : 1;
    sum += wi * d * d;
    total += wi;
  }
  return sum / total;
}
