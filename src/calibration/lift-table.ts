/**
 * Lift / cumulative-gains table: rows split into score groups (deciles by default) from the
 * highest scores down, with conversion rate, lift and captured share per group and cumulatively.
 */
import { checkInteger, requireClasses, toLabels, toScores } from './check.js';
import { argsortAscending } from './sort.js';
import type { Labels, Scores } from './types.js';

export interface LiftTableOptions {
  /** Number of quantile groups; default 10 (deciles). */
  groups?: number;
}

/** One score group; group 1 holds the highest scores. */
export interface LiftRow {
  group: number;
  minScore: number;
  maxScore: number;
  count: number;
  positives: number;
  /** positives / count. */
  rate: number;
  /** rate / overall rate. */
  lift: number;
  /** Share of all positives falling in this group. */
  capturedShare: number;
  cumulativeCount: number;
  cumulativePositives: number;
  cumulativeRate: number;
  /** Cumulative gain: share of all positives in groups 1..g. */
  cumulativeGain: number;
  /** cumulativeRate / overall rate. */
  cumulativeLift: number;
}

export interface LiftTable {
  rows: LiftRow[];
  /** Totals row. */
  total: { count: number; positives: number; rate: number };
}

/**
 * Lift table over `groups` quantile groups of the score, highest first.
 *
 * Definition: rank rows by score descending (0-based positions); a run of tied scores occupying
 * positions f..l goes whole to group ⌊((f + l)/2)·G/n⌋ + 1 (its midrank), so without ties row r
 * is in group ⌊r·G/n⌋ + 1 (equal-count groups). Tied scores are never split, so groups can be
 * uneven, and a group swallowed by a long run of ties is absent from `rows` (group numbers are
 * kept, so the gap shows). For a group:
 * rate = positives/count, lift = rate/base rate, captured share = positives/total positives;
 * the cumulative columns run over groups 1..g (cumulative gain = cumulative captured share).
 *
 * Reference: Berry & Linoff (2004), Data Mining Techniques, ch. 3 (lift and cumulative gains
 * charts); https://en.wikipedia.org/wiki/Lift_(data_mining)
 * Complexity: O(n) after an O(n) radix sort; O(G) output.
 * @throws LeadcalError (option_invalid) on bad inputs, `groups` outside 1..n, or without a positive.
 *
 * @example
 * liftTable([1, 0, 1, 0, 0, 0], [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], { groups: 2 }).rows[0].lift
 * // => 2
 */
export function liftTable(labels: Labels, scores: Scores, options: LiftTableOptions = {}): LiftTable {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  const n = y.length;
  const groups = checkInteger(options.groups ?? 10, 'groups', 1, n);
  const { positive: totalPositives } = requireClasses(y, null, { positive: 1 });
  const order = argsortAscending(s);
  const count = new Float64Array(groups);
  const positives = new Float64Array(groups);
  const minScore = new Float64Array(groups).fill(Infinity);
  const maxScore = new Float64Array(groups).fill(-Infinity);
  // Walk runs of equal scores from the top; a run goes to the group of its middle position.
  for (let end = n; end > 0; ) {
    let start = end - 1;
    const v = s[order[start]!]!;
    while (start > 0 && s[order[start - 1]!] === v) start--;
    const first = n - end; // 0-based descending position of the run's first row
    const last = n - 1 - start;
    const group = Math.floor((((first + last) / 2) * groups) / n);
    for (let k = start; k < end; k++) {
      count[group]!++;
      positives[group]! += y[order[k]!]!;
    }
    if (v < minScore[group]!) minScore[group] = v;
    if (v > maxScore[group]!) maxScore[group] = v;
    end = start;
  }
  const baseRate = totalPositives / n;
  const rows: LiftRow[] = [];
  let cumulativeCount = 0;
  let cumulativePositives = 0;
  for (let g = 0; g < groups; g++) {
    const c = count[g]!;
    if (c === 0) continue;
    const p = positives[g]!;
    cumulativeCount += c;
    cumulativePositives += p;
    const rate = p / c;
    const cumulativeRate = cumulativePositives / cumulativeCount;
    rows.push({
      group: g + 1,
      minScore: minScore[g]!,
      maxScore: maxScore[g]!,
      count: c,
      positives: p,
      rate,
      lift: rate / baseRate,
      capturedShare: p / totalPositives,
      cumulativeCount,
      cumulativePositives,
      cumulativeRate,
      cumulativeGain: cumulativePositives / totalPositives,
      cumulativeLift: cumulativeRate / baseRate,
    });
  }
  return { rows, total: { count: n, positives: totalPositives, rate: baseRate } };
}
