/**
 * The receiver operating characteristic curve: true- against false-positive rate at every
 * distinct score, as scikit-learn 1.2 `roc_curve` returns it.
 */
import { binaryClfCurve } from './binary-clf-curve.js';
import { requireClasses, toLabels, toScores, toWeights } from './check.js';
import type { Labels, Scores, Weights } from './types.js';

export interface RocCurveOptions {
  /** Sample weights (rows with weight 0 are ignored, as in scikit-learn). */
  weights?: Weights;
  /** Drop points collinear with their neighbours (scikit-learn's default); default false. */
  dropIntermediate?: boolean;
}

/** ROC points, thresholds decreasing; point 0 is (0, 0) at threshold max(score) + 1. */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/**
 * ROC curve: for each distinct score t (descending), FPR(t) = FP(score ≥ t)/N and
 * TPR(t) = TP(score ≥ t)/P, preceded by the point (0, 0) whose threshold is the top score + 1
 * (scikit-learn 1.2; 1.3 and later use +∞ there).
 *
 * Reference: Fawcett (2006), "An introduction to ROC analysis", https://doi.org/10.1016/j.patrec.2005.10.010;
 * sklearn.metrics.roc_curve (1.2) with `drop_intermediate=False` unless asked.
 * Complexity: O(n) after an O(n) radix sort.
 * @throws LeadcalError (option_invalid) on bad labels/scores/weights or when a class is missing.
 *
 * @example
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).tpr
 * // => Float64Array [0, 0.5, 0.5, 1, 1]
 */
export function rocCurve(labels: Labels, scores: Scores, options: RocCurveOptions = {}): RocCurve {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  const w = toWeights(options.weights, y.length);
  requireClasses(y, w, { positive: 1, negative: 1 });
  return rocFromCurve(y, s, w, options.dropIntermediate ?? false);
}

/** Kernel: the ROC curve of validated inputs. */
export function rocFromCurve(labels: Uint8Array, scores: Float64Array, weights: Float64Array | null, dropIntermediate: boolean): RocCurve {
  let { fps, tps, thresholds } = binaryClfCurve(labels, scores, weights);
  if (dropIntermediate && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      if (fps[i - 1]! - 2 * fps[i]! + fps[i + 1]! !== 0 || tps[i - 1]! - 2 * tps[i]! + tps[i + 1]! !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]!);
    tps = Float64Array.from(keep, (i) => tps[i]!);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]!);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thr = new Float64Array(m);
  const negatives = fps[fps.length - 1]!;
  const positives = tps[tps.length - 1]!;
  thr[0] = thresholds[0]! + 1;
  for (let i = 1; i < m; i++) {
    fpr[i] = fps[i - 1]! / negatives;
    tpr[i] = tps[i - 1]! / positives;
    thr[i] = thresholds[i - 1]!;
  }
  return { fpr, tpr, thresholds: thr };
}
