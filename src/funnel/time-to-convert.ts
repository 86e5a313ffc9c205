/**
 * `timeToConvert`: how long leads take from creation to each funnel stage and between
 * consecutive stages, as Kaplan–Meier quantiles that account for leads still open at the end of
 * observation, per group with a totals row.
 *
 * Definition (censoring). A lead enters a step when it reaches the step's start (creation or a
 * stage) by until. It converts when it reaches the step's end stage (or a later one) by until:
 * an event at that time, even if it was closed in between (a reopened lead). Otherwise it is
 * censored:
 * - `closedLeads: 'censored'` (default): at its closing time (lost/disqualified) when that lies
 *   between entry and until, else at until. The estimate is then the time to convert had leads
 *   not been closed; it treats closing as uninformative, which overstates conversion when
 *   closed leads would in truth never convert.
 * - `closedLeads: 'neverConvert'`: closed leads stay at risk, without event, until until. Then
 *   1 − Ŝ(t) is the share converted by t with closing treated as final (with one absorbing
 *   competing event and only administrative censoring this equals the cumulative incidence).
 * A proper competing-risks analysis (Aalen–Johansen with lost/disqualified as competing events,
 * reopened leads) is out of scope. Implied stages share the later stage's time: a lead recorded
 * only as `won` reached mql, sql and opportunity at that moment, so skipped steps take 0 days.
 */
import type { History } from '../data/history.js';
import { FUNNEL_STAGES, type FunnelStage } from '../data/stages.js';
import { DAY_MS } from '../stats/days.js';
import { checkKeyword, describeValue, rejectArgument } from '../check-arguments.js';
import { kaplanMeierKernel, kaplanMeierQuantile } from './kaplan-meier.js';
import { resolveLeadGroups, resolveUntil, type LeadGrouping } from './lead-groups.js';

export type StepStart = 'created' | FunnelStage;

export interface TimeToConvertOptions {
  groupBy?: LeadGrouping;
  untilMs?: number;
  /** Steps to measure; default created → each stage, then mql → sql → opportunity → won. */
  steps?: { from: StepStart; to: FunnelStage }[];
  /** How leads closed before converting are treated (see the module notes); default 'censored'. */
  closedLeads?: 'censored' | 'neverConvert';
}

export interface TimeToConvertRow {
  group: string;
  kind: 'group' | 'total';
  from: StepStart;
  to: FunnelStage;
  /** "mql → sql". */
  step: string;
  /** Leads that entered the step by until. */
  leads: number;
  /** Of those, reached `to` by until. */
  converted: number;
  /** Not converted by until (censored). */
  censored: number;
  /** Censored leads that had been closed (lost/disqualified). */
  closed: number;
  /** Raw share converted by until: converted / leads (null without leads). */
  shareConverted: number | null;
  /** Kaplan–Meier days by which 25%, 50%, 75% have converted; null when not reached. */
  p25Days: number | null;
  medianDays: number | null;
  p75Days: number | null;
}

const DEFAULT_STEPS: { from: StepStart; to: FunnelStage }[] = [
  { from: 'created', to: 'mql' },
  { from: 'created', to: 'sql' },
  { from: 'created', to: 'opportunity' },
  { from: 'created', to: 'won' },
  { from: 'mql', to: 'sql' },
  { from: 'sql', to: 'opportunity' },
  { from: 'opportunity', to: 'won' },
];

/**
 * Time to convert per step and group, with a totals row per step (only totals without a
 * grouping). Rows are ordered by step, then group, with the totals row last in each step.
 *
 * Reference: Kaplan & Meier (1958); see {@link kaplanMeier}.
 * Complexity: O(steps · leads log leads).
 * @throws LeadcalError `option_invalid` for bad steps, closedLeads, grouping or until.
 *
 * @example
 * timeToConvert(history, { steps: [{ from: 'mql', to: 'sql' }] }).rows[0]
 * // => { group: 'total', step: 'mql → sql', leads: 640, converted: 250, medianDays: 34, … }
 */
export function timeToConvert(history: History, options: TimeToConvertOptions = {}): { rows: TimeToConvertRow[]; untilMs: number } {
  if (typeof options !== 'object' || options === null) rejectArgument('options', `options must be an object; got ${describeValue(options)}`, 'e.g. { groupBy: { cohort: "quarter" } }');
  const untilMs = resolveUntil(history, options.untilMs);
  const groups = resolveLeadGroups(history, options.groupBy, untilMs);
  const closedLeads = options.closedLeads === undefined ? 'censored' : checkKeyword(options.closedLeads, 'closedLeads', ['censored', 'neverConvert'] as const);
  const steps = options.steps === undefined ? DEFAULT_STEPS : checkSteps(options.steps);
  const grouped = options.groupBy !== undefined;

  const n = history.leads.count;
  const { reachMs, closedMs } = history.outcomes;
  const durations = new Float64Array(n);
  const events = new Uint8Array(n);
  const isClosed = new Uint8Array(n);
  const entered = new Uint8Array(n);
  const rows: TimeToConvertRow[] = [];
  for (const { from, to } of steps) {
    const startMs = from === 'created' ? history.leads.createdMs : reachMs[FUNNEL_STAGES.indexOf(from)]!;
    const endMs = reachMs[FUNNEL_STAGES.indexOf(to)]!;
    for (let i = 0; i < n; i++) {
      const start = startMs[i]!;
      entered[i] = groups.codes[i]! >= 0 && start <= untilMs ? 1 : 0;
      if (!entered[i]) continue;
      const closedInside = closedMs[i]! >= start && closedMs[i]! <= untilMs;
      if (endMs[i]! <= untilMs) {
        durations[i] = (endMs[i]! - start) / DAY_MS;
        events[i] = 1;
        isClosed[i] = 0;
      } else {
        durations[i] = ((closedLeads === 'censored' && closedInside ? closedMs[i]! : untilMs) - start) / DAY_MS;
        events[i] = 0;
        isClosed[i] = closedMs[i]! <= untilMs ? 1 : 0;
      }
    }
    const step = `${from} → ${to}`;
    const targets = grouped ? [...groups.names.keys(), -1] : [-1];
    for (const g of targets) rows.push(stepRow(g < 0 ? 'total' : groups.names[g]!, g < 0 ? 'total' : 'group', from, to, step, select(g)));
  }
  return { rows, untilMs };

  function select(group: number): { d: Float64Array; e: Uint8Array; closed: number } {
    let count = 0;
    for (let i = 0; i < n; i++) if (entered[i] && (group < 0 || groups.codes[i] === group)) count++;
    const d = new Float64Array(count);
    const e = new Uint8Array(count);
    let closed = 0;
    for (let i = 0, k = 0; i < n; i++) {
      if (!entered[i] || (group >= 0 && groups.codes[i] !== group)) continue;
      d[k] = durations[i]!;
      e[k++] = events[i]!;
      closed += isClosed[i]!;
    }
    return { d, e, closed };
  }
}

function stepRow(group: string, kind: 'group' | 'total', from: StepStart, to: FunnelStage, step: string, data: { d: Float64Array; e: Uint8Array; closed: number }): TimeToConvertRow {
  const curve = kaplanMeierKernel(data.d, data.e);
  let converted = 0;
  for (let i = 0; i < data.e.length; i++) converted += data.e[i]!;
  const leads = data.d.length;
  return {
    group, kind, from, to, step, leads, converted,
    censored: leads - converted,
    closed: data.closed,
    shareConverted: leads > 0 ? converted / leads : null,
    p25Days: kaplanMeierQuantile(curve, 0.25),
    medianDays: kaplanMeierQuantile(curve, 0.5),
    p75Days: kaplanMeierQuantile(curve, 0.75),
  };
}

function checkSteps(steps: unknown): { from: StepStart; to: FunnelStage }[] {
  if (!Array.isArray(steps) || steps.length === 0) rejectArgument('steps', `steps must be a non-empty array of { from, to }; got ${describeValue(steps)}`, 'e.g. steps: [{ from: "mql", to: "sql" }]');
  const starts = ['created', ...FUNNEL_STAGES] as const;
  return steps.map((s: unknown, k) => {
    const { from, to } = (typeof s === 'object' && s !== null ? s : {}) as { from?: unknown; to?: unknown };
    const f = checkKeyword(from, `steps[${k}].from`, starts);
    const t = checkKeyword(to, `steps[${k}].to`, FUNNEL_STAGES);
    if (f !== 'created' && FUNNEL_STAGES.indexOf(f) >= FUNNEL_STAGES.indexOf(t)) rejectArgument(`steps[${k}]`, `steps[${k}].to must be a later stage than from; got ${f} → ${t}`, 'e.g. { from: "mql", to: "sql" }');
    return { from: f, to: t };
  });
}
