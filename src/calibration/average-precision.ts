/** Average precision, equal to scikit-learn's `average_precision_score` for binary labels. */
import { binaryClfCurve } from './binary-clf-curve.js';
import { requireClasses, toLabels, toScores, toWeights } from './check.js';
import type { Labels, Scores, Weights } from './types.js';

export interface AveragePrecisionOptions {
  /** Sample weights (rows with weight 0 are ignored). */
  weights?: Weights;
}

/**
 * Average precision: AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over distinct scores taken from the highest down,
 * with precision Pₖ and recall Rₖ at threshold k and R₀ = 0 — the step-function (not
 * trapezoidal) area under the precision–recall curve. Equals the base rate for a random
 * ranking and 1 for a perfect one.
 *
 * Reference: https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.average_precision_score.html;
 * Manning, Raghavan & Schütze (2008), Introduction to Information Retrieval, §8.4.
 * Complexity: O(n) after an O(n) radix sort.
 * @throws LeadcalError (option_invalid) on bad inputs or without a positive.
 *
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * // => 0.8333333333333333
 */
export function averagePrecision(labels: Labels, scores: Scores, options: AveragePrecisionOptions = {}): number {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  const w = toWeights(options.weights, y.length);
  requireClasses(y, w, { positive: 1 });
  const { fps, tps } = binaryClfCurve(y, s, w);
  const positives = tps[tps.length - 1]!;
  let ap = 0;
  let previousRecall = 0;
  for (let k = 0; k < tps.length; k++) {
    const recall = tps[k]! / positives;
    ap += (recall - previousRecall) * (tps[k]! / (tps[k]! + fps[k]!));
    previousRecall = recall;
  }
  return ap;
}
