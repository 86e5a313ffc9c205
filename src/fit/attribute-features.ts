/**
 * Attribute features for fitting: categorical levels (rare ones pooled, the most frequent as
 * reference) and numeric attributes in monotone bins, as 0/1 indicator columns over the
 * frame's snapshots (row lists, since most entries are 0).
 */
import type { History } from '../data/history.js';
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
  features: AttributeFeature[];
}

export interface AttributeOptions {
  /** Attributes to use (default: every attribute that is not an identifier). */
  fields?: string[];
  exclude?: string[];
  /** Minimum snapshots for a level or bin to get its own points. */
  minSupport: number;
}

function rowsWhere(n: number, test: (s: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let s = 0; s < n; s++) if (test(s)) out.push(s);
  return Int32Array.from(out);
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
      if (column.values.length > Math.max(50, 0.2 * history.leads.count)) continue;
      const plan = planLevels(field, column, frame.lead, options.minSupport);
      const features: AttributeFeature[] = [];
      const codeOf = new Map(column.values.map((v, i) => [v, i]));
      for (const level of plan.levels) {
        const code = codeOf.get(level)!;
        features.push({ label: `${field}=${level}`, field, kind: 'level', levels: [level], rows: rowsWhere(n, (s) => column.codes[frame.lead[s]!] === code) });
      }
      if (plan.pooled.length) {
        const pooled = new Set(plan.pooled.map((l) => codeOf.get(l)!));
        features.push({ label: `${field}=(other)`, field, kind: 'other', levels: plan.pooled, rows: rowsWhere(n, (s) => pooled.has(column.codes[frame.lead[s]!]!)) });
      }
      if (plan.missingColumn) features.push({ label: `${field}=(missing)`, field, kind: 'missing', rows: rowsWhere(n, (s) => column.codes[frame.lead[s]!]! < 0) });
      if (features.length) plans.push({ field, kind: 'category', reference: plan.reference, features });
      continue;
    }
    const values = new Float64Array(n);
    for (let s = 0; s < n; s++) values[s] = column.values[frame.lead[s]!]!;
    const bins = monotoneBins(values, frame.label, { minShare: Math.min(0.2, options.minSupport / Math.max(1, n)) });
    if (bins.edges.length < 3) continue;
    // reference: the most populated bin
    let ref = 0;
    bins.counts.forEach((c, j) => { if (c > bins.counts[ref]!) ref = j; });
    const features: AttributeFeature[] = [];
    for (let j = 0; j + 1 < bins.edges.length; j++) {
      if (j === ref) continue;
      const lo = bins.edges[j]!;
      const hi = bins.edges[j + 1]!;
      features.push({ label: `${field}=[${fmtEdge(lo)}, ${fmtEdge(hi)})`, field, kind: 'bin', ...(lo === -Infinity ? {} : { min: lo }), ...(hi === Infinity ? {} : { max: hi }), rows: rowsWhere(n, (s) => values[s]! >= lo && values[s]! < hi) });
    }
    let missing = 0;
    for (let s = 0; s < n; s++) if (Number.isNaN(values[s]!)) missing++;
    if (missing >= options.minSupport) features.push({ label: `${field}=(missing)`, field, kind: 'missing', rows: rowsWhere(n, (s) => Number.isNaN(values[s]!)) });
    plans.push({ field, kind: 'number', reference: `[${fmtEdge(bins.edges[ref]!)}, ${fmtEdge(bins.edges[ref + 1]!)})`, edges: bins.edges, features });
  }
  return plans;
}
