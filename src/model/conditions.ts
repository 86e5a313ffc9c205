/**
 * Conditions of a model (segment `when`, rule `where`) evaluated on a column: a verdict per
 * dictionary value (categories) or per row (numbers), turned into a row mask. Missing values
 * match only `{ missing: true }` — as in SQL, where a comparison with NULL is never true.
 */
import { isNumberText, type Column } from '../data/columns.js';
import type { Condition } from './schema.js';

/**
 * Glob to RegExp: `*` any run of characters, `?` one character, the rest literal; anchored.
 *
 * @example
 * globToRegExp('/careers*').test('/careers/jobs') // => true
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '?') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Does a present (non-missing) text value satisfy the condition? */
export function textMatches(condition: Condition, text: string): boolean {
  if (typeof condition === 'string' || typeof condition === 'number' || typeof condition === 'boolean') return text === String(condition);
  if (Array.isArray(condition)) return condition.some((c) => text === String(c));
  if ('not' in condition) {
    const list = Array.isArray(condition.not) ? condition.not : [condition.not];
    return !list.some((c) => text === String(c));
  }
  if ('matches' in condition) return globToRegExp(condition.matches).test(text);
  if ('missing' in condition) return !condition.missing;
  // a number as leadcal (and the SQL export) reads one: plain decimal text, not 0x10 or 1e3_0
  const v = Number(text);
  if (!isNumberText(text.trim()) || !Number.isFinite(v)) return false;
  return numberInRange(condition, v);
}

function numberInRange(range: { min?: number | undefined; max?: number | undefined }, v: number): boolean {
  return (range.min === undefined || v >= range.min) && (range.max === undefined || v < range.max);
}

/** Does a present numeric value satisfy the condition? */
export function numberMatches(condition: Condition, v: number): boolean {
  if (typeof condition === 'number') return v === condition;
  if (typeof condition === 'string') return v === Number(condition) && condition.trim() !== '';
  if (typeof condition === 'boolean') return false;
  if (Array.isArray(condition)) return condition.some((c) => v === Number(c));
  if ('not' in condition) {
    const list = Array.isArray(condition.not) ? condition.not : [condition.not];
    return !list.some((c) => v === Number(c));
  }
  if ('matches' in condition) return globToRegExp(condition.matches).test(String(v));
  if ('missing' in condition) return !condition.missing;
  return numberInRange(condition, v);
}

/**
 * Evaluate a condition on every row of a column (undefined column = all missing).
 *
 * @example
 * conditionMask({ kind: 'category', codes: Int32Array.of(0, 1, -1), values: ['a', 'b'] }, ['a', 'b'], 3)
 * // => Uint8Array [1, 1, 0]
 */
export function conditionMask(column: Column | undefined, condition: Condition, rows: number): Uint8Array {
  const mask = new Uint8Array(rows);
  const wantsMissing = typeof condition === 'object' && condition !== null && !Array.isArray(condition) && 'missing' in condition && condition.missing;
  if (!column) {
    if (wantsMissing) mask.fill(1);
    return mask;
  }
  if (column.kind === 'category') {
    const verdict = column.values.map((v) => (textMatches(condition, v) ? 1 : 0));
    const missing = wantsMissing ? 1 : 0;
    for (let i = 0; i < rows; i++) {
      const c = column.codes[i]!;
      mask[i] = c < 0 ? missing : verdict[c]!;
    }
    return mask;
  }
  for (let i = 0; i < rows; i++) {
    const v = column.values[i]!;
    mask[i] = Number.isNaN(v) ? (wantsMissing ? 1 : 0) : numberMatches(condition, v) ? 1 : 0;
  }
  return mask;
}

/** AND of several conditions (an empty set matches every row). */
export function conditionsMask(columns: Record<string, Column>, conditions: Record<string, Condition> | undefined, rows: number): Uint8Array {
  const mask = new Uint8Array(rows).fill(1);
  for (const [name, condition] of Object.entries(conditions ?? {})) {
    const m = conditionMask(columns[name], condition, rows);
    for (let i = 0; i < rows; i++) mask[i]! &= m[i]!;
  }
  return mask;
}
