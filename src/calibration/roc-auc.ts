/** Area under the ROC curve, equal to scikit-learn's `roc_auc_score` for binary labels. */
import { binaryClfCurve } from './binary-clf-curve.js';
import { requireClasses, toLabels, toScores, toWeights } from './check.js';
import type { Labels, Scores, Weights } from './types.js';

export interface RocAucOptions {
  /** Sample weights (rows with weight 0 are ignored). */
  weights?: Weights;
}

/**
 * ROC AUC: the probability that a random positive scores above a random negative, ties
 * counting one half (Mann–Whitney U / (P·N), i.e. midranks):
 * AUC = Σᵢ∈pos Σⱼ∈neg wᵢwⱼ [sᵢ > sⱼ] + ½[sᵢ = sⱼ] / (Σpos w · Σneg w).
 * Computed as the trapezoidal area under the ROC curve over distinct scores, the way
 * sklearn 1.2 `roc_auc_score` does.
 *
 * Reference: Hanley & McNeil (1982), https://doi.org/10.1148/radiology.143.1.7063747;
 * https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.roc_auc_score.html
 * Complexity: O(n) after an O(n) radix sort.
 * @throws LeadcalError (option_invalid) on bad inputs or when a class is missing.
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * // => 0.75
 */
export function rocAuc(labels: Labels, scores: Scores, options: RocAucOptions = {}): number {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  const w = toWeights(options.weights, y.length);
  requireClasses(y, w, { positive: 1, negative: 1 });
  return aucKernel(y, s, w);
}

/** Kernel: trapezoidal ROC area of validated inputs with both classes present. */
export function aucKernel(labels: Uint8Array, scores: Float64Array, weights: Float64Array | null): number {
  const { fps, tps } = binaryClfCurve(labels, scores, weights);
  const negatives = fps[fps.length - 1]!;
  const positives = tps[tps.length - 1]!;
  // np.trapz(tpr, fpr) over the curve with (0, 0) prepended.
  let area = 0;
  let x0 = 0;
  let y0 = 0;
  for (let i = 0; i < fps.length; i++) {
    const x1 = fps[i]! / negatives;
    const y1 = tps[i]! / positives;
    area += ((x1 - x0) * (y1 + y0)) / 2;
    x0 = x1;
    y0 = y1;
  }
  return area;
}
