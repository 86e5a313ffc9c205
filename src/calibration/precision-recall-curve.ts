/**
 * Precision and recall at every distinct score, as scikit-learn 1.2 `precision_recall_curve`
 * returns them (all thresholds kept, ascending, with the final point (recall 0, precision 1)).
 */
import { binaryClfCurve } from './binary-clf-curve.js';
import { requireClasses, toLabels, toScores, toWeights } from './check.js';
import type { Labels, Scores, Weights } from './types.js';

export interface PrecisionRecallOptions {
  /** Sample weights (rows with weight 0 are ignored). */
  weights?: Weights;
}

/** `precision[i]`, `recall[i]` hold for `score ≥ thresholds[i]`; the last point has no threshold. */
export interface PrecisionRecallCurve {
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
}

/**
 * Precision–recall curve: for each distinct score t (ascending), precision = TP/(TP + FP) and
 * recall = TP/P over rows scored ≥ t; then precision 1, recall 0 appended (length = thresholds + 1).
 *
 * Reference: https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.precision_recall_curve.html;
 * Davis & Goadrich (2006), https://doi.org/10.1145/1143844.1143874
 * Complexity: O(n) after an O(n) radix sort.
 * @throws LeadcalError (option_invalid) on bad inputs or without a positive.
 *
 * @example
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).precision
 * // => Float64Array [0.5, 0.6666666666666666, 0.5, 1, 1]
 */
export function precisionRecallCurve(labels: Labels, scores: Scores, options: PrecisionRecallOptions = {}): PrecisionRecallCurve {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  const w = toWeights(options.weights, y.length);
  requireClasses(y, w, { positive: 1 });
  const { fps, tps, thresholds } = binaryClfCurve(y, s, w);
  const m = fps.length;
  const positives = tps[m - 1]!;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thr = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const k = m - 1 - i; // reversed: thresholds ascending
    const predicted = tps[k]! + fps[k]!;
    precision[i] = predicted !== 0 ? tps[k]! / predicted : 0;
    recall[i] = tps[k]! / positives;
    thr[i] = thresholds[k]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thr };
}
