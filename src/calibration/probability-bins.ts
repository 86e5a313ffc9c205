/**
 * Binning of probabilities exactly as scikit-learn 1.2 `calibration_curve` bins them; shared by
 * the calibration curve, the binned calibration errors and the Brier decomposition.
 */
import { checkInteger, checkKeyword, toLabels, toProbabilities } from './check.js';
import { percentileSorted } from '../stats/quantile.js';
import type { BinStrategy, Labels, Scores } from './types.js';

/** Per-bin sums over all `bins` bins (empty bins included). */
export interface BinSums {
  /** bins + 1 edges; bin b covers (edges[b], edges[b+1]], the first also includes edges[0]. */
  edges: Float64Array;
  count: Float64Array;
  sumProbability: Float64Array;
  positives: Float64Array;
}

/**
 * Bin edges: 'uniform' → b/bins for b = 0..bins (the last exactly 1, as `np.linspace(0, 1, bins + 1)`);
 * 'quantile' → `np.percentile(p, linspace(0, 1, bins + 1)·100)` with numpy's linear rule.
 *
 * Complexity: O(bins) for 'uniform', O(n log n) for 'quantile' (one sort).
 *
 * @example
 * Array.from(binEdges(new Float64Array(0), 4, 'uniform'))
 * // => [0, 0.25, 0.5, 0.75, 1]
 */
export function binEdges(probabilities: Float64Array, bins: number, strategy: BinStrategy): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = 1 / bins;
  if (strategy === 'uniform') {
    for (let b = 0; b < bins; b++) edges[b] = b * step;
    edges[bins] = 1;
    return edges;
  }
  const sorted = Float64Array.from(probabilities).sort();
  for (let b = 0; b <= bins; b++) {
    const q = b === bins ? 1 : b * step; // np.linspace(0, 1, bins + 1)
    edges[b] = percentileSorted(sorted, q * 100);
  }
  return edges;
}

/**
 * Assign each probability to a bin and sum per bin. The bin index is the number of inner
 * edges strictly below p (`np.searchsorted(edges[1:-1], p)`, side 'left'), so a probability
 * equal to an inner edge belongs to the lower bin.
 *
 * Complexity: O(n log bins).
 *
 * @example
 * binSums(Uint8Array.of(0, 1), Float64Array.of(0.5, 0.9), Float64Array.of(0, 0.5, 1)).count
 * // => Float64Array [1, 1]
 */
export function binSums(labels: Uint8Array, probabilities: Float64Array, edges: Float64Array): BinSums {
  const bins = edges.length - 1;
  const count = new Float64Array(bins);
  const sumProbability = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    // Count inner edges edges[1..bins-1] that are < p.
    let lo = 1;
    let hi = bins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    const b = lo - 1;
    count[b]!++;
    sumProbability[b]! += p;
    positives[b]! += labels[i]!;
  }
  return { edges, count, sumProbability, positives };
}

/** Options shared by the binned calibration summaries. */
export interface BinOptions {
  /** Number of bins; default 5 for `calibrationCurve` (as scikit-learn), 10 for the errors. */
  bins?: number;
  /** 'uniform' (equal-width on [0, 1], the default) or 'quantile' (equal-count). */
  strategy?: BinStrategy;
}

/**
 * Validated labels, probabilities and per-bin sums for a binned calibration summary.
 * @throws LeadcalError (option_invalid) on bad inputs, `bins` < 1 or an unknown strategy.
 */
export function binnedInputs(labels: Labels, probabilities: Scores, options: BinOptions, defaultBins: number): { y: Uint8Array; p: Float64Array; sums: BinSums; strategy: BinStrategy } {
  const y = toLabels(labels);
  const p = toProbabilities(probabilities, y.length);
  const bins = checkInteger(options.bins ?? defaultBins, 'bins', 1);
  const strategy = checkKeyword(options.strategy ?? 'uniform', 'strategy', ['uniform', 'quantile'] as const);
  return { y, p, sums: binSums(y, p, binEdges(p, bins, strategy)), strategy };
}
