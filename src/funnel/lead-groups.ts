/**
 * Groups of leads for the funnel analyses: by a category attribute, or by creation cohort
 * (calendar month or quarter, in the history's assumed time zone offset).
 */
import { suggest } from '../suggest.js';
import type { History } from '../data/history.js';
import { describeValue, rejectArgument } from '../check-arguments.js';

/** Group leads by an attribute column, or by the month/quarter they were created in. */
export type LeadGrouping = { attribute: string } | { cohort: 'month' | 'quarter' };

/** A group code per lead (−1 = not counted: created after until) and the group names. */
export interface LeadGroups {
  codes: Int32Array;
  names: string[];
}

/**
 * Resolve a grouping. Attribute groups follow the column's dictionary order with "(missing)"
 * last; cohorts are chronological ("2025-01", "2025-Q1"). Without a grouping every lead is in one
 * group named "all". Leads created after `untilMs` get code −1.
 * Complexity: O(leads).
 */
export function resolveLeadGroups(history: History, grouping: LeadGrouping | undefined, untilMs: number): LeadGroups {
  const leads = history.leads;
  const codes = new Int32Array(leads.count);
  if (grouping === undefined) {
    for (let i = 0; i < leads.count; i++) codes[i] = leads.createdMs[i]! <= untilMs ? 0 : -1;
    return { codes, names: ['all'] };
  }
  if (typeof grouping !== 'object' || grouping === null) rejectArgument('groupBy', `groupBy must be { attribute } or { cohort }; got ${describeValue(grouping)}`, 'e.g. groupBy: { attribute: "segment" } or { cohort: "quarter" }');
  if ('attribute' in grouping) {
    const column = leads.attributes[grouping.attribute];
    const names = Object.keys(leads.attributes);
    if (column === undefined) {
      const near = suggest(String(grouping.attribute), names);
      rejectArgument('groupBy.attribute', `groupBy.attribute must name a lead attribute; got ${describeValue(grouping.attribute)}`, near ? `did you mean "${near}"?` : `attributes: ${names.join(', ') || '(none)'}`);
    }
    if (column.kind !== 'category') rejectArgument('groupBy.attribute', `groupBy.attribute must be a category column; got numeric "${grouping.attribute}"`, 'group by a category attribute, or bin the number first');
    const missing = column.values.length;
    let anyMissing = false;
    for (let i = 0; i < leads.count; i++) {
      if (leads.createdMs[i]! > untilMs) codes[i] = -1;
      else if (column.codes[i]! < 0) {
        codes[i] = missing;
        anyMissing = true;
      } else codes[i] = column.codes[i]!;
    }
    return { codes, names: anyMissing ? [...column.values, '(missing)'] : [...column.values] };
  }
  const cohort = (grouping as { cohort?: unknown }).cohort;
  if (cohort !== 'month' && cohort !== 'quarter') rejectArgument('groupBy.cohort', `groupBy.cohort must be "month" or "quarter"; got ${describeValue(cohort)}`, 'e.g. groupBy: { cohort: "quarter" }');
  // period index = year·12 + month (or ·4 + quarter), then renumbered in time order
  const offsetMs = history.assumedOffsetMinutes * 60_000;
  const period = new Int32Array(leads.count);
  const seen = new Set<number>();
  for (let i = 0; i < leads.count; i++) {
    if (leads.createdMs[i]! > untilMs) {
      period[i] = -1;
      continue;
    }
    const d = new Date(leads.createdMs[i]! + offsetMs);
    const p = cohort === 'month' ? d.getUTCFullYear() * 12 + d.getUTCMonth() : d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
    period[i] = p;
    seen.add(p);
  }
  const periods = [...seen].sort((a, b) => a - b);
  const index = new Map(periods.map((p, k) => [p, k]));
  for (let i = 0; i < leads.count; i++) codes[i] = period[i]! < 0 ? -1 : index.get(period[i]!)!;
  const names = periods.map((p) => (cohort === 'month' ? `${Math.floor(p / 12)}-${String((p % 12) + 1).padStart(2, '0')}` : `${Math.floor(p / 4)}-Q${(p % 4) + 1}`));
  return { codes, names };
}

/** The end of observation: the option when given (a finite number), else the history's. */
export function resolveUntil(history: History, untilMs: unknown): number {
  if (untilMs === undefined) return history.untilMs;
  if (typeof untilMs !== 'number' || !Number.isFinite(untilMs)) rejectArgument('untilMs', `untilMs must be a finite epoch time in ms; got ${describeValue(untilMs)}`, 'e.g. Date.UTC(2025, 11, 31)');
  return untilMs;
}
