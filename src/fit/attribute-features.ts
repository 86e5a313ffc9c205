/**
 * Attribute features for fitting: categorical levels (rare ones pooled, the most frequent as
 * reference) and numeric attributes in monotone bins, as 0/1 indicator columns over the
 * frame's snapshots (row lists, since most entries are 0). Each attribute is planned as the
 * skeleton of the rule the fit will write; the columns come from resolving that skeleton with
 * the scorer's own `attributeCases`, so the design matrix and the scorer cannot disagree.
 */
import { isIdentifierLike, type Column } from '../data/columns.js';
import type { History } from '../data/history.js';
import { attributeCases, MISSING_CASE, resolveAttributeRule, type ResolvedAttributeRule } from '../model/attribute-rule.js';
import type { AttributeRule } from '../model/schema.js';
import { planLevels } from '../features/levels.js';
import { monotoneBins } from '../features/monotone-bins.js';
import type { Frame } from '../frame/frame.js';

export interface AttributeFeature {
  /** e.g. `industry=software`, `industry=(other)`, `employees=[50, 1000)`. */
  label: string;
  field: string;
  kind: 'level' | 'other' | 'missing' | 'bin';
  /** Level name, or the pooled levels for `other`. */
  levels?: string[];
  min?: number;
  max?: number;
  /** Rows of the frame where the indicator is 1. */
  rows: Int32Array;
}

export interface AttributePlan {
  field: string;
  kind: 'category' | 'number';
  /** The reference (0 points): a level, or the bin [min, max). */
  reference: string;
  /** Numeric: all bin edges (for the model's bins). */
  edges?: number[];
  /** The rule the fit writes, with every case at 0 points; its resolution defines the columns. */
  skeleton: AttributeRule;
  /** `resolveAttributeRule(skeleton)`: the cases the scorer will read. */
  resolved: ResolvedAttributeRule;
  /** Per case of `resolved`: index into `features`, or −1 for the reference group (0 points). */
  caseFeature: Int32Array;
  features: AttributeFeature[];
}

export interface AttributeOptions {
  /** Attributes to use (default: every attribute that is not an identifier). */
  fields?: string[];
  exclude?: string[];
  /** Minimum snapshots for a level or bin to get its own points. */
  minSupport: number;
}

/**
 * The indicator rows of each feature: snapshot s is in feature j's rows when the case the scorer
 * gives its lead maps to j (the same `attributeCases` the scorer calls).
 */
function caseRows(plan: Omit<AttributePlan, 'features'>, column: Column, frame: Frame, leads: number, count: number): Int32Array[] {
  const caseOfLead = attributeCases(plan.resolved, column, leads);
  const featureOf = new Int32Array(frame.count);
  const sizes = new Int32Array(count);
  for (let s = 0; s < frame.count; s++) {
    const j = plan.caseFeature[caseOfLead[frame.lead[s]!]!]!;
    featureOf[s] = j;
    if (j >= 0) sizes[j]!++;
  }
  const rows = Array.from(sizes, (n) => new Int32Array(n));
  const fill = new Int32Array(count);
  for (let s = 0; s < frame.count; s++) {
    const j = featureOf[s]!;
    if (j >= 0) rows[j]![fill[j]!++] = s;
  }
  return rows;
}

const fmtEdge = (v: number): string => (v === Infinity ? '∞' : v === -Infinity ? '−∞' : String(v));

/**
 * Plan attribute indicator columns over a frame.
 *
 * @example
 * planAttributes(history, frame, { minSupport: 50 }).map((p) => p.field) // => ['industry', 'employees', …]
 */
export function planAttributes(history: History, frame: Frame, options: AttributeOptions): AttributePlan[] {
  const plans: AttributePlan[] = [];
  const excluded = new Set(options.exclude ?? []);
  const fields = options.fields ?? Object.keys(history.leads.attributes);
  const n = frame.count;
  for (const field of fields) {
    if (excluded.has(field)) continue;
    const column = history.leads.attributes[field];
    if (!column) continue;
    if (column.kind === 'category') {
      // identifiers and free text carry no reusable signal
      if (isIdentifierLike(column, history.leads.count)) continue;
      const plan = planLevels(field, column, frame.lead, options.minSupport);
      const skeleton: AttributeRule = { id: field, field, points: Object.fromEntries([plan.reference, ...plan.levels].map((l) => [l, 0])), missing: 0, other: 0 };
      const resolved = resolveAttributeRule(skeleton, field);
      // cases: missing, reference, kept levels…, other (unlisted levels: pooled rare and unseen)
      const caseFeature = new Int32Array(resolved.cases.length).fill(-1);
      const features: Omit<AttributeFeature, 'rows'>[] = [];
      // by name: an object puts integer-like keys first, so case order need not be level order
      const caseOfLevel = new Map(resolved.cases.map((c, k) => [c.kind === 'level' ? c.level : '', k]));
      plan.levels.forEach((level) => {
        caseFeature[caseOfLevel.get(level)!] = features.length;
        features.push({ label: `${field}=${level}`, field, kind: 'level', levels: [level] });
      });
      if (plan.otherColumn) {
        caseFeature[resolved.cases.length - 1] = features.length;
        features.push({ label: `${field}=(other)`, field, kind: 'other', levels: plan.pooled });
      }
      if (plan.missingColumn) {
        caseFeature[MISSING_CASE] = features.length;
        features.push({ label: `${field}=(missing)`, field, kind: 'missing' });
      }
      if (!features.length) continue;
      const base = { field, kind: 'category' as const, reference: plan.reference, skeleton, resolved, caseFeature };
      const rows = caseRows(base, column, frame, history.leads.count, features.length);
      plans.push({ ...base, features: features.map((f, j) => ({ ...f, rows: rows[j]! })) });
      continue;
    }
    const values = new Float64Array(n);
    for (let s = 0; s < n; s++) values[s] = column.values[frame.lead[s]!]!;
    const bins = monotoneBins(values, frame.label, { minShare: Math.min(0.2, options.minSupport / Math.max(1, n)) });
    if (bins.edges.length < 3) continue;
    // reference: the most populated bin
    let ref = 0;
    bins.counts.forEach((c, j) => { if (c > bins.counts[ref]!) ref = j; });
    const binList = bins.counts.map((_, j) => {
      const lo = bins.edges[j]!;
      const hi = bins.edges[j + 1]!;
      return { ...(lo === -Infinity ? {} : { min: lo }), ...(hi === Infinity ? {} : { max: hi }), points: 0 };
    });
    const skeleton: AttributeRule = { id: field, field, bins: binList, missing: 0, other: 0 };
    const resolved = resolveAttributeRule(skeleton, field);
    const caseFeature = new Int32Array(resolved.cases.length).fill(-1);
    const features: Omit<AttributeFeature, 'rows'>[] = [];
    binList.forEach((b, j) => {
      if (j === ref) return;
      caseFeature[1 + j] = features.length;
      features.push({ label: `${field}=[${fmtEdge(b.min ?? -Infinity)}, ${fmtEdge(b.max ?? Infinity)})`, field, kind: 'bin', ...(b.min === undefined ? {} : { min: b.min }), ...(b.max === undefined ? {} : { max: b.max }) });
    });
    let missing = 0;
    for (let s = 0; s < n; s++) if (Number.isNaN(values[s]!)) missing++;
    if (missing >= options.minSupport) {
      caseFeature[MISSING_CASE] = features.length;
      features.push({ label: `${field}=(missing)`, field, kind: 'missing' });
    }
    const base = { field, kind: 'number' as const, reference: `[${fmtEdge(bins.edges[ref]!)}, ${fmtEdge(bins.edges[ref + 1]!)})`, edges: bins.edges, skeleton, resolved, caseFeature };
    const rows = caseRows(base, column, frame, history.leads.count, features.length);
    plans.push({ ...base, features: features.map((f, j) => ({ ...f, rows: rows[j]! })) });
  }
  return plans;
}
