/** Maximum calibration error: the largest gap of the calibration curve. */
import { binnedInputs, type BinOptions } from './probability-bins.js';
import type { Labels, Scores } from './types.js';

/**
 * MCE = max_b |ō_b − p̄_b| over the non-empty bins b of `calibrationCurve` (same edges and edge
 * rule), with observed rate ō_b and mean probability p̄_b in bin b; bins are not weighted by size,
 * so a thin bin can dominate. Default 10 uniform bins.
 *
 * Reference: Naeini, Cooper & Hauskrecht (2015), "Obtaining Well Calibrated Probabilities Using
 * Bayesian Binning", Proc. AAAI 2015, 2901–2907
 * Complexity: O(n log bins) ('quantile' adds an O(n log n) sort).
 * @throws LeadcalError (option_invalid) on bad inputs, `bins` < 1 or an unknown strategy.
 *
 * @example
 * maxCalibrationError([0, 1, 1, 1], [0.2, 0.6, 0.8, 0.9], { bins: 2 })
 * // => 0.2333333333333334
 */
export function maxCalibrationError(labels: Labels, probabilities: Scores, options: BinOptions = {}): number {
  const { sums } = binnedInputs(labels, probabilities, options, 10);
  let mce = 0;
  for (let b = 0; b < sums.count.length; b++) {
    const c = sums.count[b]!;
    if (c > 0) mce = Math.max(mce, Math.abs(sums.positives[b]! / c - sums.sumProbability[b]! / c));
  }
  return mce;
}
