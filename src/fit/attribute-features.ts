/**
 * Attribute features for fitting: categorical levels (rare ones pooled, the most frequent as
 * reference) and numeric attributes in supervised bins (`optimalBins`), or as levels when they
 * hold a few integer codes whose event rate is not ordered, as 0/1 indicator columns over the
 * frame's snapshots (row lists, since most entries are 0). Each attribute is planned as the
 * skeleton of the rule the fit will write; the columns come from resolving that skeleton with
 * the scorer's own `attributeCases`, so the design matrix and the scorer cannot disagree.
 */
import { isIdentifierLike, type CategoryColumn, type Column, type NumberColumn } from '../data/columns.js';
import type { History } from '../data/history.js';
import { attributeCases, MISSING_CASE, resolveAttributeRule, type ResolvedAttributeRule } from '../model/attribute-rule.js';
import type { AttributeRule } from '../model/schema.js';
import { planLevels } from '../features/levels.js';
import { groupingBic, optimalBins, type BinTrend } from '../features/optimal-bins.js';
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
  /** Numeric in bins: the trend of the event rate chosen and whether the minimum has its own bin. */
  binning?: { trend: BinTrend; special: boolean };
  /** Numeric: read as bins or as levels (integer codes), and why. */
  reading?: { as: 'bins' | 'levels'; why: string };
  /** Levels with no events or no non-events, in words, with where they went (for a warning). */
  pure?: string[];
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
  /** Per numeric field: read as `category` (levels) or `number` (bins), overriding the test. */
  kinds?: Record<string, 'category' | 'number'>;
  /** Per numeric field: the trend its bins follow (default `auto`: chosen by the data). */
  trends?: Record<string, BinTrend | 'auto'>;
}

/** A numeric column with at most this many distinct integer values may be read as codes. */
export const MAX_CODES = 20;
/** Least share of the present rows per bin (optbinning's default `min_prebin_size` is 5%). */
export const MIN_BIN_SHARE = 0.05;
/** Least events and non-events per bin. */
export const MIN_BIN_EVENTS = 5;

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

/** A numeric column dictionary-encoded by `String(v)`, the text the scorer matches levels with. */
function numberAsCategory(column: NumberColumn): CategoryColumn {
  const codes = new Int32Array(column.values.length);
  const index = new Map<number, number>();
  const values: string[] = [];
  column.values.forEach((v, i) => {
    if (Number.isNaN(v)) { codes[i] = -1; return; }
    let c = index.get(v);
    if (c === undefined) { c = values.length; values.push(String(v)); index.set(v, c); }
    codes[i] = c;
  });
  return { kind: 'category', codes, values };
}

/** The level plan of a category column (or of a numeric one read as codes) as indicator features. */
function levelsPlan(field: string, levels: CategoryColumn, column: Column, frame: Frame, leads: number, minSupport: number): AttributePlan | undefined {
  const plan = planLevels(field, levels, frame.lead, minSupport, frame.label);
  const mergedLevels = Object.keys(plan.merged);
  const skeleton: AttributeRule = { id: field, field, points: Object.fromEntries([plan.reference, ...plan.levels, ...mergedLevels].map((l) => [l, 0])), missing: 0, other: 0 };
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
  // a level with no events or no non-events shares the points of the level it was merged into
  for (const [level, into] of Object.entries(plan.merged)) {
    const target = caseFeature[caseOfLevel.get(into)!]!;
    caseFeature[caseOfLevel.get(level)!] = target;
    if (target >= 0) features[target]!.levels!.push(level);
  }
  if (plan.otherColumn) {
    caseFeature[resolved.cases.length - 1] = features.length;
    features.push({ label: `${field}=(other)`, field, kind: 'other', levels: plan.pooled });
  }
  if (plan.missingColumn) {
    caseFeature[MISSING_CASE] = features.length;
    features.push({ label: `${field}=(missing)`, field, kind: 'missing' });
  }
  const pure = [...Object.entries(plan.merged).map(([l, into]) => `"${l}" (merged into "${into}")`), ...(plan.pureOther ? ['the pooled rare levels (joined to the reference)'] : [])];
  // kept without features only to say where its pure levels went (its rule is all zeros)
  if (!features.length && !pure.length) return undefined;
  const base = { field, kind: column.kind, reference: plan.reference, skeleton, resolved, caseFeature, ...(pure.length ? { pure } : {}) };
  const rows = caseRows(base, column, frame, leads, features.length);
  return { ...base, features: features.map((f, j) => ({ ...f, rows: rows[j]! })) };
}

/**
 * Whether a numeric column is read as codes (levels): forced by `kind`, else when it holds 3 to
 * MAX_CODES distinct integers and its event rate is not ordered — one rate per code (rare codes
 * pooled) explains the outcome better than the best binning (any trend), by BIC (the
 * log-likelihood less ½·ln(rows) per rate), so the extra rates must pay for themselves.
 */
function readingOf(values: Float64Array, labels: Uint8Array, minSupport: number, binBic: number, forced: 'category' | 'number' | undefined): { as: 'bins' | 'levels'; why: string } {
  if (forced) return { as: forced === 'category' ? 'levels' : 'bins', why: `the mapping or options say kind: ${forced}` };
  const counts = new Map<number, { n: number; e: number }>();
  let present = 0;
  for (let s = 0; s < values.length; s++) {
    const v = values[s]!;
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return { as: 'bins', why: 'not integer codes' };
    present++;
    const c = counts.get(v) ?? { n: 0, e: 0 };
    c.n++;
    c.e += labels[s]!;
    counts.set(v, c);
    if (counts.size > MAX_CODES) return { as: 'bins', why: `more than ${MAX_CODES} distinct values` };
  }
  if (counts.size < 3) return { as: 'bins', why: `${counts.size} distinct values` };
  const n: number[] = [], e: number[] = [];
  let pn = 0, pe = 0;
  for (const c of counts.values()) {
    if (c.n >= minSupport) { n.push(c.n); e.push(c.e); } else { pn += c.n; pe += c.e; }
  }
  if (pn) { n.push(pn); e.push(pe); }
  const levelBic = groupingBic(n, e, present);
  const why = `${counts.size} integer values; BIC ${levelBic.toFixed(1)} with a rate per code vs ${binBic.toFixed(1)} for the best ordered bins`;
  return levelBic > binBic ? { as: 'levels', why: `codes whose event rate is not ordered: ${why}` } : { as: 'bins', why: `ordered values: ${why}` };
}

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
  const leads = history.leads.count;
  for (const field of fields) {
    if (excluded.has(field)) continue;
    const column = history.leads.attributes[field];
    if (!column) continue;
    if (column.kind === 'category') {
      // identifiers and free text carry no reusable signal
      if (isIdentifierLike(column, leads)) continue;
      const plan = levelsPlan(field, column, column, frame, leads, options.minSupport);
      if (plan) plans.push(plan);
      continue;
    }
    const values = new Float64Array(n);
    for (let s = 0; s < n; s++) values[s] = column.values[frame.lead[s]!]!;
    const bins = optimalBins(values, frame.label, { minShare: Math.min(0.2, Math.max(MIN_BIN_SHARE, options.minSupport / Math.max(1, n))), minEvents: MIN_BIN_EVENTS, trend: options.trends?.[field] ?? 'auto' });
    let present = 0;
    for (let s = 0; s < n; s++) if (!Number.isNaN(values[s]!)) present++;
    const reading = readingOf(values, frame.label, options.minSupport, bins.logLikelihood - 0.5 * bins.counts.length * Math.log(Math.max(2, present)), options.kinds?.[field]);
    if (reading.as === 'levels') {
      const plan = levelsPlan(field, numberAsCategory(column), column, frame, leads, options.minSupport);
      if (plan) plans.push({ ...plan, reading });
      continue;
    }
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
    if (n - present >= options.minSupport) {
      caseFeature[MISSING_CASE] = features.length;
      features.push({ label: `${field}=(missing)`, field, kind: 'missing' });
    }
    const base = {
      field, kind: 'number' as const, reference: `[${fmtEdge(bins.edges[ref]!)}, ${fmtEdge(bins.edges[ref + 1]!)})`, edges: bins.edges,
      binning: { trend: bins.trend, special: bins.special }, reading, skeleton, resolved, caseFeature,
    };
    const rows = caseRows(base, column, frame, leads, features.length);
    plans.push({ ...base, features: features.map((f, j) => ({ ...f, rows: rows[j]! })) });
  }
  return plans;
}
