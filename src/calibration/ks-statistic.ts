/** The Kolmogorov–Smirnov separation of a scorer: the widest gap between TPR and FPR. */
import { binaryClfCurve } from './binary-clf-curve.js';
import { requireClasses, toLabels, toScores, toWeights } from './check.js';
import type { Labels, Scores, Weights } from './types.js';

export interface KsOptions {
  /** Sample weights (rows with weight 0 are ignored). */
  weights?: Weights;
}

/** The KS statistic and where it is reached. */
export interface KsStatistic {
  /** max over thresholds t of |TPR(t) − FPR(t)|, in [0, 1]. */
  statistic: number;
  /** The highest score t reaching the maximum (rows scored ≥ t are "predicted positive"). */
  threshold: number;
  tpr: number;
  fpr: number;
}

/**
 * KS = maxₜ |TPR(t) − FPR(t)| with TPR(t) = P(score ≥ t | positive), FPR(t) = P(score ≥ t | negative)
 * over the distinct scores t; equal to the two-sample Kolmogorov–Smirnov statistic between the
 * score distributions of positives and negatives (scipy.stats.ks_2samp).
 *
 * Reference: https://en.wikipedia.org/wiki/Kolmogorov%E2%80%93Smirnov_test#Two-sample_Kolmogorov%E2%80%93Smirnov_test;
 * Siddiqi (2006), Credit Risk Scorecards, ch. 6.
 * Complexity: O(n) after an O(n) radix sort.
 * @throws LeadcalError (option_invalid) on bad inputs or when a class is missing.
 *
 * @example
 * ksStatistic([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).statistic
 * // => 0.5
 */
export function ksStatistic(labels: Labels, scores: Scores, options: KsOptions = {}): KsStatistic {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  const w = toWeights(options.weights, y.length);
  requireClasses(y, w, { positive: 1, negative: 1 });
  const { fps, tps, thresholds } = binaryClfCurve(y, s, w);
  const negatives = fps[fps.length - 1]!;
  const positives = tps[tps.length - 1]!;
  let best = { statistic: 0, threshold: thresholds[0]!, tpr: tps[0]! / positives, fpr: fps[0]! / negatives };
  for (let k = 0; k < fps.length; k++) {
    const tpr = tps[k]! / positives;
    const fpr = fps[k]! / negatives;
    const gap = Math.abs(tpr - fpr);
    if (gap > best.statistic) best = { statistic: gap, threshold: thresholds[k]!, tpr, fpr };
  }
  return best;
}
