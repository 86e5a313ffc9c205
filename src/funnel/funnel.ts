/**
 * `funnelCounts`: how many leads reached each funnel stage, and the step conversion rates,
 * per group with a totals row.
 */
import type { History } from '../data/history.js';
import { FUNNEL_STAGES, isFunnelCode, type FunnelStage } from '../data/stages.js';
import { describeValue, rejectArgument } from '../check-arguments.js';
import { resolveLeadGroups, resolveUntil, type LeadGrouping } from './lead-groups.js';

export interface FunnelOptions {
  /** Rows per attribute value or creation cohort; one totals row only when omitted. */
  groupBy?: LeadGrouping;
  /** End of observation (default the history's untilMs): later outcomes are not counted. */
  untilMs?: number;
}

export interface FunnelRow {
  group: string;
  kind: 'group' | 'total';
  /** Leads created by until. */
  leads: number;
  /** Leads that reached each stage (or a later one) by until. */
  mql: number;
  sql: number;
  opportunity: number;
  won: number;
  /** Leads lost or disqualified by until. */
  closed: number;
  /**
   * Step rates: reached the next stage / reached this one; null when none reached this one, or
   * when either stage is never recorded in the history (only implied by a later stage: its count
   * is then the later stage's, and the rate would be invented).
   */
  leadToMql: number | null;
  mqlToSql: number | null;
  sqlToOpportunity: number | null;
  opportunityToWon: number | null;
}

/**
 * Funnel counts per group and in total. A lead counts at a stage when it reached that stage or a
 * later one by until (reaching a later stage implies the earlier ones), so each step rate is a
 * share in [0, 1]. These are raw shares by until: recent leads have had less time to convert,
 * which `timeToConvert` accounts for. `recorded` lists the funnel stages some outcome row
 * records by until; a stage missing from it is only implied by later stages (a history with
 * only `won` outcomes implies mql, sql and opportunity), and every step rate into or out of it
 * is null.
 * Complexity: O(leads · stages).
 * @throws LeadcalError `option_invalid` for an unknown or numeric attribute, a bad cohort or until.
 *
 * @example
 * funnelCounts(history, { groupBy: { cohort: 'quarter' } }).rows.at(-1)
 * // => { group: 'total', kind: 'total', leads: 2000, mql: 640, sql: 250, …, mqlToSql: 0.39, … }
 */
export function funnelCounts(history: History, options: FunnelOptions = {}): { rows: FunnelRow[]; untilMs: number; recorded: FunnelStage[] } {
  if (typeof options !== 'object' || options === null) rejectArgument('options', `options must be an object; got ${describeValue(options)}`, 'e.g. { groupBy: { cohort: "month" } }');
  const untilMs = resolveUntil(history, options.untilMs);
  const groups = resolveLeadGroups(history, options.groupBy, untilMs);
  const g = groups.names.length;
  const stages = FUNNEL_STAGES.length;
  // counts[group][0] = leads, [1 + s] = reached stage s, [1 + stages] = closed; last group = total
  const counts = new Int32Array((g + 1) * (stages + 2));
  const width = stages + 2;
  const { reachMs, closedMs } = history.outcomes;
  const add = (row: number, i: number): void => {
    counts[row * width]!++;
    for (let s = 0; s < stages; s++) if (reachMs[s]![i]! <= untilMs) counts[row * width + 1 + s]!++;
    if (closedMs[i]! <= untilMs) counts[row * width + 1 + stages]!++;
  };
  for (let i = 0; i < history.leads.count; i++) {
    const code = groups.codes[i]!;
    if (code < 0) continue;
    add(code, i);
    add(g, i);
  }
  const seen = new Uint8Array(stages);
  const { stage, occurredMs } = history.outcomes;
  for (let k = 0; k < history.outcomes.count; k++) if (isFunnelCode(stage[k]!) && occurredMs[k]! <= untilMs) seen[stage[k]!] = 1;
  const recorded = FUNNEL_STAGES.filter((_, s) => seen[s] === 1);
  // stage index (1 + s in counts; 0 = leads, always measured) → recorded?
  const measured = (k: number): boolean => k === 0 || seen[k - 1] === 1;
  const rows: FunnelRow[] = [];
  for (let row = 0; row <= g; row++) {
    const at = (k: number): number => counts[row * width + k]!;
    const rate = (a: number, b: number): number | null => (at(b) > 0 && measured(a) && measured(b) ? at(a) / at(b) : null);
    rows.push({
      group: row === g ? 'total' : groups.names[row]!,
      kind: row === g ? 'total' : 'group',
      leads: at(0),
      mql: at(1),
      sql: at(2),
      opportunity: at(3),
      won: at(4),
      closed: at(5),
      leadToMql: rate(1, 0),
      mqlToSql: rate(2, 1),
      sqlToOpportunity: rate(3, 2),
      opportunityToWon: rate(4, 3),
    });
  }
  // without a grouping the single group equals the totals row
  return { rows: options.groupBy === undefined ? rows.filter((r) => r.kind === 'total') : rows, untilMs, recorded };
}
