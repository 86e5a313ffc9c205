/**
 * Funnel tables: how many leads reached each stage (overall and by creation quarter) and how
 * long each step takes (Kaplan–Meier quantiles that account for leads still open).
 */
import type { History } from '../data/history.js';
import { FUNNEL_STAGES } from '../data/stages.js';
import { funnelCounts, timeToConvert } from '../funnel/index.js';
import { formatDecimal, formatRate } from './format.js';
import { col, makeTable, num, round } from './table.js';
import type { Cell, ReportTable } from './types.js';

export function funnelTables(history: History, target: string): ReportTable[] {
  const counted = funnelCounts(history);
  const total = counted.rows[0]!;
  const recorded = new Set<string>(counted.recorded);
  const implied = FUNNEL_STAGES.filter((s) => !recorded.has(s));
  const counts = [total.mql, total.sql, total.opportunity, total.won];
  // a stage only implied by a later one has no rate of its own: recorded stages are compared
  // with the previous recorded stage (or all leads)
  const stages: Record<string, Cell>[] = [{ stage: 'lead', recorded: 'yes', leads: total.leads, shareOfLeads: total.leads ? 1 : null, stepRate: null, from: '' }];
  let previous = { name: 'lead', count: total.leads };
  FUNNEL_STAGES.forEach((stage, k) => {
    const measured = recorded.has(stage);
    const step = measured && previous.count > 0 ? counts[k]! / previous.count : NaN;
    stages.push({ stage, recorded: measured ? 'yes' : 'no: implied by a later stage', leads: counts[k]!, shareOfLeads: num(total.leads ? round(counts[k]! / total.leads) : NaN), stepRate: num(round(step)), from: measured ? previous.name : '' });
    if (measured) previous = { name: stage, count: counts[k]! };
  });
  const targetIndex = FUNNEL_STAGES.indexOf(target as (typeof FUNNEL_STAGES)[number]);
  const targetShare = total.leads && targetIndex >= 0 ? counts[targetIndex]! / total.leads : NaN;
  const NAMES: Record<string, string> = { lead: 'leads', mql: 'MQLs', sql: 'SQLs', opportunity: 'opportunities', won: 'won deals' };
  const steps = stages.filter((r) => r.from && typeof r.stepRate === 'number').slice(0, 2).map((r) => `${formatRate(r.stepRate as number)} of ${NAMES[r.from as string]} become ${r.stage === 'won' ? 'won deals' : NAMES[r.stage as string]}`);
  const reach = Number.isFinite(targetShare) && targetShare > 0 ? `1 lead in ${formatDecimal(1 / targetShare, 0)} reaches ${target}` : `none reaches ${target}`;
  const unrecorded = implied.length ? ` (${implied.join(' and ')} ${implied.length === 1 ? 'is' : 'are'} not recorded in the history, only implied by later stages)` : '';
  const finding = total.leads ? `${steps.length ? `${steps.join(' and ')}; ` : ''}${reach}${unrecorded}` : 'The history has no leads';
  const funnel = makeTable('funnel', 'funnel', 'The funnel: leads reaching each stage', [
    col('stage', 'Stage'), col('recorded', 'Recorded'), col('leads', 'Leads', 'integer'), col('shareOfLeads', 'Share of all leads', 'percent'), col('stepRate', 'From the previous recorded stage', 'percent'), col('from', 'Previous recorded stage'),
  ], stages, { finding, note: `${total.closed.toLocaleString('en-US')} leads were lost or disqualified. A lead counts at a stage when it reached it or a later one; a stage no outcome records is only implied by later stages and gets no rate.` });

  const cohorts = funnelCounts(history, { groupBy: { cohort: 'quarter' } }).rows;
  const key = `${target}Share`;
  const cohortRows = cohorts.map((r) => {
    const reached = targetIndex >= 0 ? [r.mql, r.sql, r.opportunity, r.won][targetIndex]! : 0;
    return { cohort: r.group, leads: r.leads, mql: r.mql, sql: r.sql, opportunity: r.opportunity, won: r.won, closed: r.closed, [key]: num(r.leads ? round(reached / r.leads) : NaN), mqlToSql: num(r.mqlToSql === null ? NaN : round(r.mqlToSql)) } as Record<string, Cell>;
  });
  const groups = cohortRows.filter((r) => r.cohort !== 'total' && typeof r[key] === 'number');
  const best = [...groups].sort((a, b) => (b[key] as number) - (a[key] as number))[0];
  const last = groups[groups.length - 1];
  const cohortFinding = best && last ? `The ${String(best.cohort)} cohort reached ${target} most often (${formatRate(best[key] as number)}); the latest (${String(last.cohort)}) has had the least time (${formatRate(last[key] as number)} so far)` : 'No cohorts';
  const byCohort = makeTable('funnel-cohorts', 'funnel', 'Funnel by creation quarter', [
    col('cohort', 'Created'), col('leads', 'Leads', 'integer'), col('mql', 'MQL', 'integer'), col('sql', 'SQL', 'integer'), col('opportunity', 'Opportunity', 'integer'), col('won', 'Won', 'integer'), col('closed', 'Closed', 'integer'),
    col(key, `Share reaching ${target}`, 'percent'), col('mqlToSql', 'MQL → SQL', 'percent'),
  ], cohortRows, { finding: cohortFinding, note: 'Raw shares by the end of observation: recent cohorts have had less time to convert.' });

  const ttc = timeToConvert(history).rows.map((r) => ({ step: r.step, leads: r.leads, converted: r.converted, censored: r.censored, shareConverted: num(r.shareConverted === null ? NaN : round(r.shareConverted)), p25Days: num(r.p25Days ?? NaN), medianDays: num(r.medianDays ?? NaN), p75Days: num(r.p75Days ?? NaN) }));
  const measuredStep = (step: string): boolean => step.split(' → ').every((s) => s === 'created' || recorded.has(s));
  const mqlSql = measuredStep('mql → sql') ? ttc.find((r) => r.step === 'mql → sql') : undefined;
  const anyMedian = ttc.find((r) => r.medianDays !== null && measuredStep(r.step));
  let ttcFinding = 'Too few conversions to time';
  if (mqlSql?.medianDays !== null && mqlSql?.medianDays !== undefined) ttcFinding = `Half of the MQLs become SQLs within ${formatDecimal(mqlSql.medianDays, 0)} days`;
  else if (mqlSql?.p25Days !== null && mqlSql?.p25Days !== undefined) ttcFinding = `A quarter of the MQLs become SQLs within ${formatDecimal(mqlSql.p25Days, 0)} days; fewer than half ever do`;
  else if (anyMedian) ttcFinding = `Half of the leads take ${formatDecimal(anyMedian.medianDays!, 0)} days for ${anyMedian.step}`;
  const time = makeTable('time-to-convert', 'funnel', 'Time to convert, per step (days)', [
    col('step', 'Step'), col('leads', 'Entered', 'integer'), col('converted', 'Converted', 'integer'), col('censored', 'Still open or closed', 'integer'), col('shareConverted', 'Share converted', 'percent'),
    col('p25Days', '25% by', 'days'), col('medianDays', 'Half by', 'days'), col('p75Days', '75% by', 'days'),
  ], ttc, { finding: ttcFinding, note: `Kaplan–Meier quantiles: leads still open at the end count as censored, not as failures; empty when fewer than that share ever convert.${implied.length ? ` Steps into or out of ${implied.join(' and ')} time the next recorded stage: those stages are only implied.` : ''}` });
  return [funnel, byCohort, time];
}
