/** Murphy's decomposition of the Brier score into reliability, resolution and uncertainty. */
import { checkInteger, checkKeyword, toLabels, toProbabilities } from './check.js';
import { binEdges, binSums } from './probability-bins.js';
import { argsortAscending } from './sort.js';
import type { BinStrategy, Labels, Scores } from './types.js';

export interface BrierDecompositionOptions {
  /** A number of bins (default 10), or 'distinct' for one group per distinct probability. */
  bins?: number | 'distinct';
  /** Binning when `bins` is a number: 'uniform' (default) or 'quantile', as `calibrationCurve`. */
  strategy?: BinStrategy;
}

export interface BrierDecomposition {
  /** Σ_k n_k (p̄_k − ō_k)² / n: calibration error (lower is better). */
  reliability: number;
  /** Σ_k n_k (ō_k − ō)² / n: how far group rates spread from the base rate (higher is better). */
  resolution: number;
  /** ō (1 − ō): the Brier score of always predicting the base rate. */
  uncertainty: number;
  /** The Brier score itself, (1/n) Σ (yᵢ − pᵢ)². */
  brier: number;
  /** brier − (reliability − resolution + uncertainty): 0 up to rounding with 'distinct'. */
  residual: number;
  /** Number of non-empty groups. */
  groups: number;
}

/**
 * Murphy (1973) partition over groups k (bins of the forecast, or its distinct values) with n_k
 * rows, mean forecast p̄_k and observed rate ō_k, base rate ō:
 * BS = REL − RES + UNC exactly when every group holds a single forecast value (`bins: 'distinct'`).
 * With wider bins the forecasts vary inside a bin and BS = REL − RES + UNC + residual, the
 * residual being the within-bin terms of Stephenson, Coelho & Jolliffe (2008).
 *
 * Reference: Murphy (1973), "A New Vector Partition of the Probability Score",
 * https://doi.org/10.1175/1520-0450(1973)012<0595:ANVPOT>2.0.CO;2; Stephenson, Coelho &
 * Jolliffe (2008), https://doi.org/10.1175/2007WAF2006116.1
 * Complexity: O(n log bins), or O(n) after a radix sort for 'distinct'.
 * @throws LeadcalError (option_invalid) on bad inputs, probabilities outside [0, 1], or bad bins/strategy.
 *
 * @example
 * brierDecomposition([0, 1, 1, 0], [0.2, 0.8, 0.8, 0.2], { bins: 'distinct' }).reliability
 * // => 0.039999999999999994
 */
export function brierDecomposition(labels: Labels, probabilities: Scores, options: BrierDecompositionOptions = {}): BrierDecomposition {
  const y = toLabels(labels);
  const p = toProbabilities(probabilities, y.length);
  const n = y.length;
  let count: Float64Array;
  let sumProbability: Float64Array;
  let positives: Float64Array;
  if (options.bins === 'distinct') {
    ({ count, sumProbability, positives } = distinctSums(y, p));
  } else {
    const bins = checkInteger(options.bins ?? 10, 'bins', 1);
    const strategy = checkKeyword(options.strategy ?? 'uniform', 'strategy', ['uniform', 'quantile'] as const);
    ({ count, sumProbability, positives } = binSums(y, p, binEdges(p, bins, strategy)));
  }
  let totalPositives = 0;
  let brier = 0;
  for (let i = 0; i < n; i++) {
    totalPositives += y[i]!;
    brier += (y[i]! - p[i]!) ** 2;
  }
  brier /= n;
  const base = totalPositives / n;
  let reliability = 0;
  let resolution = 0;
  let groups = 0;
  for (let k = 0; k < count.length; k++) {
    const c = count[k]!;
    if (c === 0) continue;
    groups++;
    const observed = positives[k]! / c;
    const forecast = sumProbability[k]! / c;
    reliability += c * (forecast - observed) ** 2;
    resolution += c * (observed - base) ** 2;
  }
  reliability /= n;
  resolution /= n;
  const uncertainty = base * (1 - base);
  return { reliability, resolution, uncertainty, brier, residual: brier - (reliability - resolution + uncertainty), groups };
}

function distinctSums(y: Uint8Array, p: Float64Array): { count: Float64Array; sumProbability: Float64Array; positives: Float64Array } {
  const order = argsortAscending(p);
  const n = p.length;
  let groups = 0;
  for (let k = 0; k < n; k++) if (k === 0 || p[order[k]!] !== p[order[k - 1]!]) groups++;
  const count = new Float64Array(groups);
  const sumProbability = new Float64Array(groups);
  const positives = new Float64Array(groups);
  let g = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (k === 0 || p[i] !== p[order[k - 1]!]) g++;
    count[g]!++;
    sumProbability[g]! += p[i]!;
    positives[g]! += y[i]!;
  }
  return { count, sumProbability, positives };
}
