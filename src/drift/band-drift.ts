/**
 * `bandDrift`: conversion rate by score band in two periods, side by side with Wilson
 * intervals: does a score of 70 still mean what it meant last quarter?
 */
import { binBounds, binOf } from './bin-edges.js';
import { checkFiniteColumn, checkLabels, checkLength, describeValue, rejectArgument } from '../check-arguments.js';
import { resolveBins } from './psi.js';
import { wilsonRange } from '../thresholds/wilson.js';

/** The scored snapshots of one period. */
export interface ScoredPeriod {
  scores: Float64Array;
  labels: Uint8Array;
}

export interface BandDriftOptions {
  /** A band count (default 5) or the interior edges. */
  bands?: number | number[];
  /** With a count: 'quantile' of the before period's scores (default) or 'uniform'. */
  strategy?: 'quantile' | 'uniform';
}

export interface BandDriftRow {
  /** "< 40", "[40, 60)", "≥ 80" or "total". */
  band: string;
  low: number | null;
  high: number | null;
  beforeLeads: number;
  beforeConversions: number;
  /** null when the band is empty in that period; intervals are then [0, 1]. */
  beforeRate: number | null;
  beforeRateLow: number;
  beforeRateHigh: number;
  afterLeads: number;
  afterConversions: number;
  afterRate: number | null;
  afterRateLow: number;
  afterRateHigh: number;
  /** afterRate − beforeRate; null when either is. */
  rateChange: number | null;
  /** Do the two Wilson intervals overlap? null when either period is empty. */
  overlap: boolean | null;
}

/**
 * Conversion by score band in two periods. Bands: `bands` edges as given, or `bands` (default 5)
 * quantile bands of the before period's scores. Each row has both periods' counts, rates with
 * Wilson 95% intervals, the change and whether the intervals overlap (non-overlap is a strong
 * sign of drift; overlap does not prove stability); a totals row closes the table.
 *
 * Reference: Wilson (1927); see {@link wilsonRange}.
 * Complexity: O((n + m) log n).
 * @throws LeadcalError `option_invalid` for non-finite scores, labels not 0/1, unequal lengths,
 * empty periods, a bad band count, edges or strategy.
 *
 * @example
 * bandDrift({ scores: q1Scores, labels: q1Labels }, { scores: q2Scores, labels: q2Labels }, { bands: [40, 60, 80] }).bands[3]
 * // => { band: '≥ 80', beforeRate: 0.31, afterRate: 0.22, rateChange: -0.09, overlap: false, … }
 */
export function bandDrift(before: ScoredPeriod, after: ScoredPeriod, options: BandDriftOptions = {}): { bands: BandDriftRow[]; total: BandDriftRow; edges: number[] } {
  const b = checkPeriod(before, 'before');
  const a = checkPeriod(after, 'after');
  if (typeof options !== 'object' || options === null) rejectArgument('options', `options must be an object; got ${describeValue(options)}`, 'e.g. { bands: 5 }');
  const { edges } = resolveBins(b.scores, { ...(options.bands === undefined ? {} : { bins: options.bands }), ...(options.strategy === undefined ? {} : { strategy: options.strategy }) }, 5, 'bands');
  const k = edges.length + 1;
  // per band: before leads, before conversions, after leads, after conversions
  const counts = new Int32Array(4 * (k + 1));
  const tally = (p: ScoredPeriod, at: number): void => {
    for (let i = 0; i < p.scores.length; i++) {
      const band = binOf(edges, p.scores[i]!);
      counts[4 * band + at]!++;
      counts[4 * band + at + 1]! += p.labels[i]!;
      counts[4 * k + at]!++;
      counts[4 * k + at + 1]! += p.labels[i]!;
    }
  };
  tally(b, 0);
  tally(a, 2);
  const row = (r: number, bounds: { label: string; low: number | null; high: number | null }): BandDriftRow => {
    const [bn, bc, an, ac] = [counts[4 * r]!, counts[4 * r + 1]!, counts[4 * r + 2]!, counts[4 * r + 3]!];
    const bi = wilsonRange(bc, bn);
    const ai = wilsonRange(ac, an);
    const beforeRate = bn > 0 ? bc / bn : null;
    const afterRate = an > 0 ? ac / an : null;
    const both = beforeRate !== null && afterRate !== null;
    return {
      band: bounds.label, low: bounds.low, high: bounds.high,
      beforeLeads: bn, beforeConversions: bc, beforeRate, beforeRateLow: bi.low, beforeRateHigh: bi.high,
      afterLeads: an, afterConversions: ac, afterRate, afterRateLow: ai.low, afterRateHigh: ai.high,
      rateChange: both ? afterRate - beforeRate : null,
      overlap: both ? ai.low <= bi.high && bi.low <= ai.high : null,
    };
  };
  const bands: BandDriftRow[] = [];
  for (let r = 0; r < k; r++) bands.push(row(r, binBounds(edges, r)));
  return { bands, total: row(k, { label: 'total', low: null, high: null }), edges };
}

function checkPeriod(period: unknown, name: string): ScoredPeriod {
  if (typeof period !== 'object' || period === null) rejectArgument(name, `${name} must be { scores, labels }; got ${describeValue(period)}`, 'the scored snapshots of one period');
  const p = period as { scores?: unknown; labels?: unknown };
  const scores = checkFiniteColumn(p.scores, `${name}.scores`);
  if (scores.length === 0) rejectArgument(`${name}.scores`, `${name}.scores must have at least one row; got 0`, 'compare two non-empty periods');
  const labels = checkLabels(p.labels, `${name}.labels`);
  checkLength(labels, `${name}.labels`, scores.length, `${name}.scores`);
  return { scores, labels };
}
