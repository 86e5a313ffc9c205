/**
 * One meaning for an attribute (fit) rule. A rule in a model file may leave cases implicit
 * (an unlisted `missing` or `other` is 0 points); `resolveAttributeRule` writes every case out,
 * in matching order, and every reader — the scorer, the SQL export, the rule table, the
 * explanations, the report and the fitter's design matrix — reads only that list.
 *
 * Matching, for a lead's value of the rule's field:
 * 1. missing (empty or absent) → the `missing` case;
 * 2. a level map: the level whose text equals the value (a numeric column's value is read as
 *    JavaScript's `String(v)`, so 050 is level "50"); bins: the first bin [min, max) holding
 *    the number the value spells;
 * 3. anything else → the `other` case.
 *
 * The cases are `cases[0]` = missing, then the levels or bins in file order, then `other`.
 */
import { isNumberText, type Column } from '../data/columns.js';
import type { AttributeRule } from './schema.js';

export type AttributeCase =
  | { kind: 'missing'; points: number; written: boolean; label: string }
  | { kind: 'level'; level: string; points: number; written: true; label: string }
  | { kind: 'bin'; min?: number; max?: number; points: number; written: true; label: string }
  | { kind: 'other'; points: number; written: boolean; label: string };

export interface ResolvedAttributeRule {
  id: string;
  field: string;
  kind: 'levels' | 'bins';
  /** Segments the rule is restricted to (all when undefined). */
  segments?: string[];
  /** Every case, in matching order: missing, levels or bins, other. */
  cases: AttributeCase[];
}

/** Index of the missing case in `cases`. */
export const MISSING_CASE = 0;

const fmt = (v: number): string => String(v);

/**
 * A bin [min, max) in words, e.g. `employees in [50, 1000)`, `employees < 50`, `employees ≥ 1000`.
 *
 * @example
 * binLabel('employees', 50, undefined) // => 'employees ≥ 50'
 */
export function binLabel(field: string, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${field} in [${fmt(min)}, ${fmt(max)})`;
  if (min !== undefined) return `${field} ≥ ${fmt(min)}`;
  if (max !== undefined) return `${field} < ${fmt(max)}`;
  return `${field} is any number`;
}

/**
 * Write out every case of an attribute rule, the implicit ones with their 0 points.
 * Complexity: O(levels or bins).
 *
 * @example
 * resolveAttributeRule({ field: 'industry', points: { software: 20, retail: 0 } }, 'industry').cases.map((c) => [c.label, c.points])
 * // => [['industry is empty', 0], ['industry = software', 20], ['industry = retail', 0], ['industry: any other value', 0]]
 */
export function resolveAttributeRule(rule: AttributeRule, id: string): ResolvedAttributeRule {
  const f = rule.field;
  const cases: AttributeCase[] = [{ kind: 'missing', points: rule.missing ?? 0, written: rule.missing !== undefined, label: `${f} is empty` }];
  if (rule.points) {
    for (const [level, points] of Object.entries(rule.points)) cases.push({ kind: 'level', level, points, written: true, label: `${f} = ${level}` });
  } else {
    for (const b of rule.bins ?? []) {
      cases.push({ kind: 'bin', ...(b.min === undefined ? {} : { min: b.min }), ...(b.max === undefined ? {} : { max: b.max }), points: b.points, written: true, label: binLabel(f, b.min, b.max) });
    }
  }
  cases.push({ kind: 'other', points: rule.other ?? 0, written: rule.other !== undefined, label: `${f}: any other value` });
  return { id, field: f, kind: rule.points ? 'levels' : 'bins', ...(rule.segments ? { segments: rule.segments } : {}), cases };
}

/** The case of a present text value (a category column's level). */
export function caseOfText(rule: ResolvedAttributeRule, text: string): number {
  const { cases } = rule;
  if (rule.kind === 'levels') {
    for (let c = 1; c < cases.length - 1; c++) if ((cases[c] as { level: string }).level === text) return c;
    return cases.length - 1;
  }
  // a number as the loader and the SQL export read one: plain decimal text (not 0x10 or 0b11)
  const t = text.trim();
  const v = isNumberText(t) ? Number(t) : NaN;
  return Number.isFinite(v) ? caseOfNumber(rule, v) : cases.length - 1;
}

/** The case of a present numeric value. */
export function caseOfNumber(rule: ResolvedAttributeRule, v: number): number {
  const { cases } = rule;
  if (rule.kind === 'levels') return caseOfText(rule, String(v));
  if (Number.isFinite(v)) {
    for (let c = 1; c < cases.length - 1; c++) {
      const b = cases[c] as { min?: number; max?: number };
      if ((b.min === undefined || v >= b.min) && (b.max === undefined || v < b.max)) return c;
    }
  }
  return cases.length - 1;
}

/**
 * The case of every row of a column (an absent column: every row is missing). Category
 * columns are decided once per dictionary value.
 * Complexity: O(rows + dictionary × cases).
 *
 * @example
 * attributeCases(resolved, history.leads.attributes.industry, history.leads.count) // => Int32Array [1, 3, 0, …]
 */
export function attributeCases(rule: ResolvedAttributeRule, column: Column | undefined, rows: number): Int32Array {
  const out = new Int32Array(rows); // MISSING_CASE = 0
  if (!column) return out;
  if (column.kind === 'category') {
    const perValue = Int32Array.from(column.values, (v) => caseOfText(rule, v));
    for (let i = 0; i < rows; i++) {
      const code = column.codes[i]!;
      if (code >= 0) out[i] = perValue[code]!;
    }
    return out;
  }
  for (let i = 0; i < rows; i++) {
    const v = column.values[i]!;
    if (!Number.isNaN(v)) out[i] = caseOfNumber(rule, v);
  }
  return out;
}

/**
 * Whether a case shows in explanations and hit rates: it gives points, or the file names it.
 *
 * @example
 * caseShows({ kind: 'other', points: 0, written: false, label: 'x: any other value' }) // => false
 */
export function caseShows(c: AttributeCase): boolean {
  return c.points !== 0 || c.written;
}
