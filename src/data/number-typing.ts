/**
 * Strict column types: one `n/a`, `NaN`, `Infinity`, `0x10`, `"1,234"` or decimal comma in a
 * numeric column must not turn it into hundreds of categories. The rule:
 *
 * - a value is a *plain number* when it is a finite decimal (`12`, `-3.5`, `.5`, `1e3`);
 * - a column is **numeric** when every non-missing value is a plain number, or when it is
 *   *mostly numeric*: at least 20 values and at least 95% of them are plain numbers. The other
 *   values of a mostly numeric column are errors (listed with their rows), read as missing;
 * - missing: empty or blank, or one of the column's missing-value tokens (from the mapping);
 * - a value with a control character (NUL, other C0 controls but tab, DEL) is an error in any
 *   column, read as missing.
 */
import { encodeCategories, isNumberText, type Column } from './columns.js';

/** Least values, and least share of them, that must be plain numbers for a mostly numeric column. */
export const MOSTLY_NUMERIC = { minCount: 20, minShare: 0.95 } as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** One value that could not be typed: its row (index into the input) and why. */
export interface BadValue {
  row: number;
  value: string;
  reason: 'not_a_number' | 'control_character';
}

export interface TypedColumn {
  column: Column;
  bad: BadValue[];
}

/** A finite plain number (NaN when `s` is not one). */
function plainNumber(s: string): number {
  if (!isNumberText(s)) return NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

/**
 * Type a text column by the rule above.
 * Complexity: O(n).
 *
 * @param missing tokens that mean "missing" in this column (compared after trimming)
 * @example
 * typeTextColumn([...Array(30).fill('5'), 'n/a']).bad // => [{ row: 30, value: 'n/a', reason: 'not_a_number' }]
 * typeTextColumn([...Array(30).fill('5'), 'n/a'], new Set(['n/a'])).bad // => []
 */
export function typeTextColumn(raw: ArrayLike<string>, missing?: ReadonlySet<string>): TypedColumn {
  const n = raw.length;
  const texts = new Array<string>(n);
  const bad: BadValue[] = [];
  let present = 0;
  let numeric = 0;
  for (let i = 0; i < n; i++) {
    let s = raw[i]!.trim();
    if (s !== '' && missing?.has(s)) s = '';
    if (s !== '' && CONTROL.test(s)) {
      bad.push({ row: i, value: s, reason: 'control_character' });
      s = '';
    }
    texts[i] = s;
    if (s === '') continue;
    present++;
    if (!Number.isNaN(plainNumber(s))) numeric++;
  }
  const isNumeric = present > 0 && (numeric === present || (numeric >= MOSTLY_NUMERIC.minCount && numeric >= MOSTLY_NUMERIC.minShare * present));
  if (!isNumeric) return { column: encodeCategories(texts), bad };
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = texts[i]!;
    values[i] = s === '' ? NaN : plainNumber(s);
    if (s !== '' && Number.isNaN(values[i]!)) bad.push({ row: i, value: s, reason: 'not_a_number' });
  }
  bad.sort((a, b) => a.row - b.row);
  return { column: { kind: 'number', values }, bad };
}

/**
 * Type a numeric column read from a binary file: non-finite numbers are errors, read as missing.
 * Returns a copy; the input is not modified.
 */
export function typeNumberColumn(values: Float64Array): TypedColumn {
  const out = Float64Array.from(values);
  const bad: BadValue[] = [];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === Infinity || out[i] === -Infinity) {
      bad.push({ row: i, value: String(out[i]), reason: 'not_a_number' });
      out[i] = NaN;
    }
  }
  return { column: { kind: 'number', values: out }, bad };
}

/** What to tell the user about a bad value: the problem and how to fix it. */
export function badValueText(b: BadValue): { message: string; hint: string } {
  const shown = JSON.stringify(b.value.length > 40 ? `${b.value.slice(0, 40)}…` : b.value);
  if (b.reason === 'control_character') return { message: `${shown} contains a control character`, hint: 'remove the control characters (NUL, …) from the export' };
  const v = b.value;
  let hint = 'write a plain number (digits, optional sign, "." for decimals), or leave the cell empty';
  if (/^[+-]?(nan|inf(inity)?)$/i.test(v) || isNumberText(v)) hint = 'not a finite number: leave the cell empty if it is unknown';
  else if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) hint = 'thousands separators are not read: write 1234, not 1,234';
  else if (/^[+-]?\d+,\d+$/.test(v)) hint = 'decimal comma: write 1.5, not 1,5';
  else if (/^[+-]?0x[0-9a-f]+$/i.test(v)) hint = 'hexadecimal is not read: write the decimal number';
  else if (/^[A-Za-z/ _.-]+$/.test(v)) hint = `if "${v}" means unknown, declare it a missing-value token for this column in the mapping, or leave the cell empty`;
  return { message: `${shown} is not a number in a numeric column`, hint };
}
