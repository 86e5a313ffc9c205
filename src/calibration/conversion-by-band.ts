/** Conversion by score band: counts, conversion rate and lift within given band edges. */
import { invalid, requireClasses, show, toLabels, toScores } from './check.js';
import type { Labels, Scores } from './types.js';

export interface ConversionByBandOptions {
  /** One name per band (e.g. ['D', 'C', 'B', 'A']); default none. */
  names?: readonly string[];
}

/** One band [lower, upper) (the last band includes its upper edge). */
export interface BandRow {
  /** 0-based band index, lowest scores first. */
  band: number;
  name?: string;
  lower: number;
  upper: number;
  count: number;
  positives: number;
  /** positives / count; NaN for an empty band. */
  rate: number;
  /** rate / overall rate; NaN for an empty band. */
  lift: number;
  /** count / all rows. */
  shareOfRows: number;
  /** positives / all positives. */
  shareOfPositives: number;
}

export interface BandTable {
  rows: BandRow[];
  /** Totals row. */
  total: { count: number; positives: number; rate: number };
}

/**
 * Conversion by band for ascending `edges` e₀ < e₁ < … < e_k: band b holds scores in [e_b, e_{b+1}),
 * the last band [e_{k−1}, e_k] (closed); every score must fall in [e₀, e_k] (use ±Infinity as outer
 * edges to catch everything). rate = positives/count, lift = rate/base rate.
 *
 * Reference: Siddiqi (2006), Credit Risk Scorecards, ch. 6 (gains tables by score band).
 * Complexity: O(n log k).
 * @throws LeadcalError (option_invalid) on bad inputs, edges that are not strictly increasing,
 *   `names` of the wrong length, scores outside the edges, or without a positive.
 *
 * @example
 * conversionByBand([0, 1, 1, 0], [10, 55, 80, 70], [0, 50, 100]).rows.map((r) => r.rate)
 * // => [0, 0.6666666666666666]
 */
export function conversionByBand(labels: Labels, scores: Scores, edges: readonly number[], options: ConversionByBandOptions = {}): BandTable {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  if (!Array.isArray(edges) || edges.length < 2) {
    invalid('edges', `edges must be an array of at least 2 increasing numbers; got ${show(edges)}`, 'e.g. [0, 40, 60, 80, 100]');
  }
  for (let b = 0; b < edges.length; b++) {
    const e = edges[b];
    if (typeof e !== 'number' || Number.isNaN(e)) invalid('edges', `edges must be numbers; got ${show(e)} at index ${b}`, 'use ±Infinity for open outer bands');
    if (b > 0 && !(e > edges[b - 1]!)) {
      invalid('edges', `edges must be strictly increasing; got ${edges[b - 1]} then ${e} at index ${b}`, 'sort the edges and drop duplicates');
    }
  }
  const k = edges.length - 1;
  const names = options.names;
  if (names !== undefined && (!Array.isArray(names) || names.length !== k)) {
    invalid('names', `names must have one entry per band (${k}); got ${show(names)}`, 'give edges.length − 1 names');
  }
  const { positive: totalPositives } = requireClasses(y, null, { positive: 1 });
  const lo = edges[0]!;
  const hi = edges[k]!;
  const count = new Float64Array(k);
  const positives = new Float64Array(k);
  let outside = 0;
  let firstOutside = -1;
  for (let i = 0; i < y.length; i++) {
    const v = s[i]!;
    if (v < lo || v > hi) {
      if (outside++ === 0) firstOutside = i;
      continue;
    }
    // Largest b with edges[b] ≤ v, capped at the last band.
    let a = 0;
    let z = k;
    while (z - a > 1) {
      const mid = (a + z) >> 1;
      if (edges[mid]! <= v) a = mid;
      else z = mid;
    }
    count[a]!++;
    positives[a]! += y[i]!;
  }
  if (outside > 0) {
    invalid(
      'scores',
      `scores must lie within the band edges [${lo}, ${hi}]; got ${outside} outside (first ${s[firstOutside]} at index ${firstOutside})`,
      'widen the outer edges, e.g. to -Infinity and Infinity',
    );
  }
  const n = y.length;
  const baseRate = totalPositives / n;
  const rows: BandRow[] = [];
  for (let b = 0; b < k; b++) {
    const c = count[b]!;
    const p = positives[b]!;
    const rate = c > 0 ? p / c : NaN;
    rows.push({
      band: b,
      ...(names ? { name: names[b]! } : {}),
      lower: edges[b]!,
      upper: edges[b + 1]!,
      count: c,
      positives: p,
      rate,
      lift: rate / baseRate,
      shareOfRows: c / n,
      shareOfPositives: p / totalPositives,
    });
  }
  return { rows, total: { count: n, positives: totalPositives, rate: baseRate } };
}
