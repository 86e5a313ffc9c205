/**
 * The model as a flat rule table a CRM admin can re-enter in HubSpot or Marketo: one line per
 * criterion with its points and decay, as CSV or Markdown.
 */
import { ruleId, uniqueRuleIds } from './schema.js';
import { resolveAttributeRule, type AttributeCase } from './attribute-rule.js';
import type { BehaviorRule, DecayRule, ScoringModel } from './schema.js';
import { csvCell } from '../io.js';

export interface RuleRow {
  section: 'base' | 'fit' | 'behavior' | 'decay' | 'segment';
  rule: string;
  criterion: string;
  points: number;
  /** What the points are counted per: lead, event, step, or 'threshold' for segment rows. */
  per: string;
  decay: string;
  limits: string;
  segments: string;
}

function describeCondition(field: string, c: unknown): string {
  if (Array.isArray(c)) return `${field} is one of ${c.join(', ')}`;
  if (c !== null && typeof c === 'object') {
    const o = c as Record<string, unknown>;
    if ('matches' in o) return `${field} matches ${String(o.matches)}`;
    if ('not' in o) return `${field} is not ${Array.isArray(o.not) ? o.not.join(', ') : String(o.not)}`;
    if ('missing' in o) return o.missing ? `${field} is empty` : `${field} is not empty`;
    const parts: string[] = [];
    if (o.min !== undefined) parts.push(`≥ ${String(o.min)}`);
    if (o.max !== undefined) parts.push(`< ${String(o.max)}`);
    return `${field} ${parts.join(' and ')}`;
  }
  return `${field} = ${String(c)}`;
}

/** A bin [min, max) in CRM words (a bound is exact: 1000 is in the next bin, 999.5 is not). */
function binCriterion(field: string, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${field} ≥ ${min} and < ${max}`;
  if (min !== undefined) return `${field} ≥ ${min}`;
  if (max !== undefined) return `${field} < ${max}`;
  return `${field} is any number`;
}

/**
 * An attribute rule's case as the rule table words it (the label sales reads in reason codes).
 *
 * @example
 * caseCriterion('employees', { kind: 'bin', min: 50, max: 500, points: 5, written: true, label: '' }) // => 'employees ≥ 50 and < 500'
 */
export function caseCriterion(field: string, c: AttributeCase): string {
  return c.kind === 'bin' ? binCriterion(field, c.min, c.max) : c.label;
}

/**
 * A behaviour rule's criterion: the event and its conditions.
 *
 * @example
 * behaviorCriterion({ event: 'page_view', where: { page: 'pricing' }, points: 50 }) // => 'page_view where page = pricing'
 */
export function behaviorCriterion(r: BehaviorRule): string {
  const where = Object.entries(r.where ?? {}).map(([k, v]) => describeCondition(k, v));
  const when = Object.entries(r.when ?? {}).map(([k, v]) => describeCondition(k, v));
  return [r.event, ...where].join(' where ') + (when.length ? `, for leads with ${when.join(' and ')}` : '');
}

/**
 * A decay rule's criterion in words.
 *
 * @example
 * decayCriterion({ kind: 'inactivity', everyDays: 30, points: -10 }) // => 'each 30 days without any activity'
 */
export function decayCriterion(r: DecayRule): string {
  return r.kind === 'inactivity'
    ? `each ${r.everyDays} days without ${r.events ? r.events.join('/') : 'any'} activity`
    : r.kind === 'noEvent'
      ? `no ${r.event} in the last ${r.withinDays} days`
      : `each ${r.event} without ${r.response} within ${r.withinDays} days`;
}

/**
 * Flatten a model into one row per criterion.
 *
 * @example
 * ruleTable(model)[0] // => { section: 'fit', rule: 'industry', criterion: 'industry = software', points: 20, per: 'lead', … }
 */
export function ruleTable(model: ScoringModel): RuleRow[] {
  const rows: RuleRow[] = [];
  // base points: every score starts there (the scorer and the SQL export add them)
  if (model.basePoints !== undefined && model.basePoints !== 0) rows.push({ section: 'base', rule: 'basePoints', criterion: 'every lead', points: model.basePoints, per: 'lead', decay: '', limits: '', segments: 'all' });
  const fitIds = uniqueRuleIds(model.fit.map((r, i) => ruleId(r, i)));
  model.fit.forEach((r, i) => {
    const resolved = resolveAttributeRule(r, fitIds[i]!);
    const segments = r.segments?.join(', ') ?? 'all';
    for (const c of resolved.cases) {
      // the implicit 0 of an unlisted missing/other case is written out too: what the scorer does
      rows.push({ section: 'fit', rule: resolved.id, criterion: caseCriterion(r.field, c), points: c.points, per: 'lead', decay: '', limits: c.written ? '' : 'default', segments });
    }
  });
  model.behavior.forEach((r, i) => {
    const limits: string[] = [];
    if (r.firstTimeOnly) limits.push('first time only');
    if (r.repeatBonus) limits.push(`repeat bonus ${r.repeatBonus > 0 ? '+' : ''}${r.repeatBonus}`);
    if (r.capPerWindow) limits.push(`at most ${r.capPerWindow.points} points per ${r.capPerWindow.days} days`);
    if (r.cap) limits.push(`at most ${r.cap} points in total`);
    if (r.lookbackDays) limits.push(`only the last ${r.lookbackDays} days`);
    rows.push({ section: 'behavior', rule: ruleId(r, i), criterion: behaviorCriterion(r), points: r.points, per: 'event', decay: r.halfLifeDays ? `half-life ${r.halfLifeDays} days` : 'none', limits: limits.join('; '), segments: r.segments?.join(', ') ?? 'all' });
  });
  model.decay.forEach((r, i) => {
    rows.push({ section: 'decay', rule: ruleId(r, i), criterion: decayCriterion(r), points: r.points, per: r.kind === 'unanswered' ? r.event : r.kind === 'inactivity' ? 'step' : 'lead', decay: model.decayFloor !== undefined ? `floor ${model.decayFloor}` : '', limits: '', segments: r.segments?.join(', ') ?? 'all' });
  });
  for (const s of model.segments) {
    rows.push({ section: 'segment', rule: s.name, criterion: Object.entries(s.when).map(([k, v]) => describeCondition(k, v)).join(' and '), points: s.threshold ?? model.threshold, per: 'MQL threshold', decay: '', limits: '', segments: s.name });
  }
  rows.push({ section: 'segment', rule: 'default', criterion: 'any other lead', points: model.threshold, per: 'MQL threshold', decay: '', limits: '', segments: 'default' });
  return rows;
}

const COLUMNS: (keyof RuleRow)[] = ['section', 'rule', 'criterion', 'points', 'per', 'decay', 'limits', 'segments'];

export function ruleTableCsv(rows: RuleRow[]): string {
  return `${[COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n')}\n`;
}

export function ruleTableMarkdown(rows: RuleRow[]): string {
  const esc = (s: string | number): string => String(s).replaceAll('|', '\\|');
  return `${[`| ${COLUMNS.join(' | ')} |`, `| ${COLUMNS.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${COLUMNS.map((c) => esc(r[c])).join(' | ')} |`)].join('\n')}\n`;
}
