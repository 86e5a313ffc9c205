/** Expected calibration error: the count-weighted mean gap of the calibration curve. */
import { binnedInputs, type BinOptions } from './probability-bins.js';
import type { Labels, Scores } from './types.js';

/**
 * ECE = Σ_b (n_b / n)·|ō_b − p̄_b| over the non-empty bins b of `calibrationCurve` (same edges and
 * edge rule), with n_b rows, observed rate ō_b and mean probability p̄_b in bin b. 0 when every bin's
 * rate equals its mean probability. Default 10 uniform bins.
 *
 * Reference: Naeini, Cooper & Hauskrecht (2015), "Obtaining Well Calibrated Probabilities Using
 * Bayesian Binning", Proc. AAAI 2015, 2901–2907; Guo et al. (2017), "On Calibration of Modern
 * Neural Networks", https://proceedings.mlr.press/v70/guo17a.html
 * Complexity: O(n log bins) ('quantile' adds an O(n log n) sort).
 * @throws LeadcalError (option_invalid) on bad inputs, `bins` < 1 or an unknown strategy.
 *
 * @example
 * expectedCalibrationError([0, 1, 1, 1], [0.2, 0.6, 0.8, 0.9], { bins: 2 })
 * // => 0.22500000000000003
 */
export function expectedCalibrationError(labels: Labels, probabilities: Scores, options: BinOptions = {}): number {
  const { p, sums } = binnedInputs(labels, probabilities, options, 10);
  let ece = 0;
  for (let b = 0; b < sums.count.length; b++) {
    const c = sums.count[b]!;
    if (c > 0) ece += (c / p.length) * Math.abs(sums.positives[b]! / c - sums.sumProbability[b]! / c);
  }
  return ece;
}
