/**
 * The calibration curve (reliability diagram): observed conversion rate against mean predicted
 * probability per bin, equal to scikit-learn 1.2 `calibration_curve`, plus counts and a Wilson
 * interval per bin.
 */
import { checkLevel } from './check.js';
import { normalQuantile } from './normal.js';
import { binnedInputs, type BinOptions } from './probability-bins.js';
import type { BinStrategy, Labels, Scores } from './types.js';
import { wilsonBounds } from '../stats/wilson.js';

export interface CalibrationCurveOptions extends BinOptions {
  /** Confidence level of the per-bin Wilson interval; default 0.95. */
  level?: number;
}

/** One entry per non-empty bin (empty bins are dropped, as scikit-learn does). */
export interface CalibrationCurve {
  /** Observed rate per bin: positives / count (scikit-learn's `prob_true`). */
  probTrue: Float64Array;
  /** Mean predicted probability per bin (scikit-learn's `prob_pred`). */
  probPred: Float64Array;
  count: Float64Array;
  positives: Float64Array;
  /** Wilson interval of `probTrue`. */
  lower: Float64Array;
  upper: Float64Array;
  /** 0-based index of the bin among all `bins` (gaps mark dropped empty bins). */
  bin: Int32Array;
  /** Bin edges: bin b covers (binLower, binUpper] (the first bin includes its lower edge). */
  binLower: Float64Array;
  binUpper: Float64Array;
  /** All bins + 1 edges. */
  edges: Float64Array;
  strategy: BinStrategy;
  level: number;
}

/**
 * Calibration curve over `bins` bins of [0, 1]. Bin edges: 'uniform' b/bins; 'quantile' the
 * numpy linear percentiles of p at b/bins. A probability goes to bin #{inner edges < p}, so a value
 * on an inner edge falls in the lower bin (sklearn 1.2). Per non-empty bin: probTrue = positives/count,
 * probPred = mean p, and the Wilson interval of probTrue at `level`.
 *
 * Reference: Niculescu-Mizil & Caruana (2005), https://doi.org/10.1145/1102351.1102430;
 * https://scikit-learn.org/1.2/modules/generated/sklearn.calibration.calibration_curve.html;
 * Wilson (1927), https://doi.org/10.1080/01621459.1927.10502953
 * Complexity: O(n log bins) ('quantile' adds an O(n log n) sort).
 * @throws LeadcalError (option_invalid) on bad inputs, probabilities outside [0, 1], `bins` < 1,
 *   an unknown strategy, or `level` outside (0, 1).
 *
 * @example
 * calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { bins: 3 }).probPred
 * // => Float64Array [0.20000000000000004, 0.525, 0.85]
 */
export function calibrationCurve(labels: Labels, probabilities: Scores, options: CalibrationCurveOptions = {}): CalibrationCurve {
  const { sums, strategy } = binnedInputs(labels, probabilities, options, 5);
  const level = checkLevel(options.level ?? 0.95);
  const z = normalQuantile(0.5 + level / 2);
  const { edges, count, sumProbability, positives } = sums;
  const kept: number[] = [];
  for (let b = 0; b < count.length; b++) if (count[b]! > 0) kept.push(b);
  const m = kept.length;
  const out: CalibrationCurve = {
    probTrue: new Float64Array(m),
    probPred: new Float64Array(m),
    count: new Float64Array(m),
    positives: new Float64Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
    bin: Int32Array.from(kept),
    binLower: new Float64Array(m),
    binUpper: new Float64Array(m),
    edges,
    strategy,
    level,
  };
  for (let k = 0; k < m; k++) {
    const b = kept[k]!;
    const c = count[b]!;
    out.count[k] = c;
    out.positives[k] = positives[b]!;
    out.probTrue[k] = positives[b]! / c;
    out.probPred[k] = sumProbability[b]! / c;
    [out.lower[k], out.upper[k]] = wilsonBounds(positives[b]!, c, z);
    out.binLower[k] = edges[b]!;
    out.binUpper[k] = edges[b + 1]!;
  }
  return out;
}
