/**
 * `sentWithoutPassing`: the sales-feedback loop. Of the leads that became MQL, compare the
 * MQL → SQL rate of those whose score passed the threshold with those sent without passing
 * (hand-raisers, manual overrides, imports).
 */
import type { History } from '../data/history.js';
import { funnelIndex } from '../data/history.js';
import { DAY_MS } from '../stats/days.js';
import { checkFloat64, checkLabels, checkLength, checkPositive, describeValue, rejectArgument } from '../check-arguments.js';
import { resolveUntil } from '../funnel/lead-groups.js';
import { wilsonRange } from './wilson.js';

/** Which MQLs passed: per-lead scores at MQL time and a threshold, or a 0/1 flag per lead. */
export type PassedInput = { scores: Float64Array; threshold: number } | { passed: Uint8Array };

export interface SentWithoutPassingOptions {
  untilMs?: number;
  /**
   * Count an SQL only within this many days of the MQL, and leave out MQLs whose window ends
   * after until (counted as `censored`). Default: any SQL by until, no MQL left out.
   */
  horizonDays?: number;
}

export interface SentWithoutPassingRow {
  group: 'passed' | 'sentWithoutPassing' | 'total';
  mqls: number;
  sqls: number;
  /** sqls / mqls, null without MQLs; with its Wilson 95% interval. */
  rate: number | null;
  rateLow: number;
  rateHigh: number;
}

/**
 * MQL → SQL rates of leads that passed vs leads sent without passing, and in total. A lead is an
 * MQL when it reached mql (or a later stage) by until; it converted when it reached sql by until
 * (within `horizonDays` of the MQL when given). Leads without a score (NaN) are left out and
 * counted as `unscored`. `rateRatio` = passed rate / sent-without-passing rate.
 *
 * Reference: Wilson (1927) for the intervals; see {@link wilsonRange}.
 * Complexity: O(leads).
 * @throws LeadcalError `option_invalid` for arrays not one per lead, a bad threshold, horizon or until.
 *
 * @example
 * sentWithoutPassing(history, { scores: scoreAtMql, threshold: 60 }).rows.map((r) => r.rate)
 * // => [0.41, 0.12, 0.33]
 */
export function sentWithoutPassing(history: History, input: PassedInput, options: SentWithoutPassingOptions = {}): { rows: SentWithoutPassingRow[]; rateRatio: number | null; unscored: number; censored: number } {
  const n = history.leads.count;
  if (typeof input !== 'object' || input === null) rejectArgument('input', `input must be { scores, threshold } or { passed }; got ${describeValue(input)}`, 'e.g. { scores: scoreAtMql, threshold: 60 }');
  let scores: Float64Array | undefined;
  let threshold = 0;
  let passed: Uint8Array | undefined;
  if ('passed' in input) {
    passed = checkLabels(input.passed, 'passed');
    checkLength(passed, 'passed', n, 'leads');
  } else {
    scores = checkFloat64((input as { scores?: unknown }).scores, 'scores');
    checkLength(scores, 'scores', n, 'leads');
    const t: unknown = (input as { threshold?: unknown }).threshold;
    if (typeof t !== 'number' || !Number.isFinite(t)) rejectArgument('threshold', `threshold must be a finite number; got ${describeValue(t)}`, 'the MQL threshold in use, e.g. 60');
    threshold = t;
  }
  const untilMs = resolveUntil(history, options.untilMs);
  const horizonMs = options.horizonDays === undefined ? Infinity : checkPositive(options.horizonDays, 'horizonDays', 'e.g. 90') * DAY_MS;

  const mqlMs = history.outcomes.reachMs[funnelIndex('mql')]!;
  const sqlMs = history.outcomes.reachMs[funnelIndex('sql')]!;
  // [mqls, sqls] for passed (0) and sent without passing (1)
  const counts = [0, 0, 0, 0];
  let unscored = 0;
  let censored = 0;
  for (let i = 0; i < n; i++) {
    const mql = mqlMs[i]!;
    if (!(mql <= untilMs)) continue;
    let pass: number;
    if (passed) pass = passed[i]!;
    else if (Number.isNaN(scores![i]!)) {
      unscored++;
      continue;
    } else pass = scores![i]! >= threshold ? 1 : 0;
    if (horizonMs !== Infinity && mql + horizonMs > untilMs) {
      censored++;
      continue;
    }
    const k = pass ? 0 : 2;
    counts[k]!++;
    if (sqlMs[i]! <= untilMs && sqlMs[i]! <= mql + horizonMs) counts[k + 1]!++;
  }
  const row = (group: SentWithoutPassingRow['group'], mqls: number, sqls: number): SentWithoutPassingRow => {
    const { low, high } = wilsonRange(sqls, mqls);
    return { group, mqls, sqls, rate: mqls > 0 ? sqls / mqls : null, rateLow: low, rateHigh: high };
  };
  const rows = [row('passed', counts[0]!, counts[1]!), row('sentWithoutPassing', counts[2]!, counts[3]!), row('total', counts[0]! + counts[2]!, counts[1]! + counts[3]!)];
  const a = rows[0]!.rate;
  const b = rows[1]!.rate;
  return { rows, rateRatio: a !== null && b ? a / b : null, unscored, censored };
}
