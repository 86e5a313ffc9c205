/** ROC AUC with DeLong's variance and a normal-approximation confidence interval. */
import { checkLevel, requireClasses, toLabels, toScores } from './check.js';
import { deLongPlacements, sampleCovariance } from './delong-placements.js';
import { normalQuantile } from './normal.js';
import type { Labels, Scores } from './types.js';

export interface DeLongOptions {
  /** Confidence level of the interval; default 0.95. */
  level?: number;
}

export interface DeLongAuc {
  auc: number;
  variance: number;
  standardError: number;
  /** auc − z·se, clipped to [0, 1] (as pROC does). */
  lower: number;
  /** auc + z·se, clipped to [0, 1]. */
  upper: number;
  level: number;
  positives: number;
  negatives: number;
}

/**
 * DeLong AUC interval: Var(AUC) = S₁₀/P + S₀₁/N with S₁₀, S₀₁ the sample variances (denominator
 * m − 1) of the placements V10 over positives and V01 over negatives (see `deLongPlacements`);
 * interval AUC ± Φ⁻¹((1 + level)/2)·√Var, clipped to [0, 1].
 *
 * Reference: DeLong, DeLong & Clarke-Pearson (1988), https://doi.org/10.2307/2531595; fast
 * algorithm of Sun & Xu (2014), https://doi.org/10.1109/LSP.2014.2337313; clipping as
 * pROC `ci.auc(method = "delong")`.
 * Complexity: O(n) after an O(n) radix sort.
 * @throws LeadcalError (option_invalid) on bad inputs, fewer than 2 positives or 2 negatives,
 *   or `level` outside (0, 1).
 *
 * @example
 * deLongAuc([0, 0, 1, 0, 1, 1], [0.1, 0.3, 0.35, 0.4, 0.8, 0.9]).auc
 * // => 0.8888888888888888
 */
export function deLongAuc(labels: Labels, scores: Scores, options: DeLongOptions = {}): DeLongAuc {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  const level = checkLevel(options.level ?? 0.95);
  const { positive, negative } = requireClasses(y, null, { positive: 2, negative: 2 });
  const { v10, v01, auc } = deLongPlacements(y, s);
  const variance = sampleCovariance(v10, v10) / positive + sampleCovariance(v01, v01) / negative;
  const standardError = Math.sqrt(variance);
  const z = normalQuantile(0.5 + level / 2);
  return {
    auc,
    variance,
    standardError,
    lower: Math.max(0, auc - z * standardError),
    upper: Math.min(1, auc + z * standardError),
    level,
    positives: positive,
    negatives: negative,
  };
}
