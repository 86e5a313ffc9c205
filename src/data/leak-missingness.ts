/**
 * A leak that needs no model: an attribute whose missingness follows the outcome (a field filled
 * in as a deal progresses, e.g. Maven's `account`, empty only on open deals). Here, below the
 * frame layer, so that `validate` can say it without loading anything else; the checks that
 * need a frame or a model are in `fit/leak-checks.ts`.
 */
import type { Issue } from '../errors.js';
import type { History } from './history.js';
import { FUNNEL_STAGES } from './stages.js';

export type LeakWarning = Omit<Issue, 'severity'> & { code: 'leak_suspected'; column: string };

/** A share as a percentage for leak messages (one decimal below 10%). */
export const pct = (x: number): string => `${(100 * x).toFixed(x < 0.1 && x > 0 ? 1 : 0)}%`;

/** Per attribute: the group of each lead (a level code, a missing group, or for numbers present/missing). */
export function attributeGroups(history: History, field: string): { group: Int32Array; names: string[] } | undefined {
  const column = history.leads.attributes[field];
  if (!column) return undefined;
  const n = history.leads.count;
  const group = new Int32Array(n);
  if (column.kind === 'category') {
    const missing = column.values.length;
    for (let i = 0; i < n; i++) group[i] = column.codes[i]! < 0 ? missing : column.codes[i]!;
    return { group, names: [...column.values, '(missing)'] };
  }
  for (let i = 0; i < n; i++) group[i] = Number.isNaN(column.values[i]!) ? 1 : 0;
  return { group, names: ['(present)', '(missing)'] };
}

/**
 * Attributes whose missingness occurs (almost) only among open leads or only among closed ones
 * — a field filled in as a deal progresses. Open = neither at the last funnel stage nor closed
 * by `untilMs`. Needs at least 20 leads with the value missing.
 *
 * @example
 * missingnessByOutcome(history, history.untilMs)[0]?.message
 * // => '"account" is empty for 1,425 leads, 100% of them still open (vs 0% of the others) …'
 */
export function missingnessByOutcome(history: History, untilMs: number, fields = Object.keys(history.leads.attributes)): LeakWarning[] {
  const out: LeakWarning[] = [];
  const { leads, outcomes } = history;
  const won = outcomes.reachMs[FUNNEL_STAGES.length - 1]!;
  const isOpen = new Uint8Array(leads.count);
  let created = 0;
  for (let i = 0; i < leads.count; i++) {
    if (!(leads.createdMs[i]! < untilMs)) continue;
    created++;
    isOpen[i] = won[i]! <= untilMs || outcomes.closedMs[i]! <= untilMs ? 0 : 2; // 2 open, 0 closed
  }
  if (created === 0) return out;
  for (const field of fields) {
    const g = attributeGroups(history, field);
    if (!g) continue;
    const missingGroup = g.names.length - 1;
    let nm = 0, om = 0, np = 0, op = 0;
    for (let i = 0; i < leads.count; i++) {
      if (!(leads.createdMs[i]! < untilMs)) continue;
      const open = isOpen[i] === 2 ? 1 : 0;
      if (g.group[i] === missingGroup) { nm++; om += open; } else { np++; op += open; }
    }
    if (nm < 20 || np < 20) continue;
    const a = om / nm;
    const b = op / np;
    const onlyOpen = a >= 0.98 && b <= 0.8;
    const onlyClosed = a <= 0.02 && b >= 0.2;
    if (!onlyOpen && !onlyClosed) continue;
    out.push({
      code: 'leak_suspected', column: field,
      message: `"${field}" is empty for ${nm.toLocaleString('en-US')} leads, ${pct(a)} of them still open (vs ${pct(b)} of the others): whether it is filled in follows the outcome`,
      hint: `a rule on "${field}" missing would learn the outcome, not the lead; leave it out with --exclude ${field}, or fix the export so the field is known when the lead is scored`,
    });
  }
  return out;
}

