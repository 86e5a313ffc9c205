/**
 * Columnar storage: numbers in Float64Array (NaN = missing), categories dictionary-encoded
 * (Int32Array codes into a `values` list, -1 = missing), timestamps as epoch ms in Float64Array.
 */

export interface CategoryColumn {
  kind: 'category';
  codes: Int32Array;
  /** Distinct values in order of first appearance. */
  values: string[];
}

export interface NumberColumn {
  kind: 'number';
  values: Float64Array;
}

export type Column = CategoryColumn | NumberColumn;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Is this text a plain decimal number (no hex, no thousands separators, no `Infinity`)?
 *
 * @example
 * isNumberText('-1.5e3') // => true
 * isNumberText('1,000') // => false
 */
export function isNumberText(s: string): boolean {
  return NUMBER.test(s);
}

/**
 * Dictionary-encode text values; empty strings (after trimming) are missing (-1).
 *
 * @example
 * encodeCategories(['a', '', 'b', 'a']) // => { kind: 'category', codes: Int32Array [0, -1, 1, 0], values: ['a', 'b'] }
 */
export function encodeCategories(raw: ArrayLike<string>): CategoryColumn {
  const codes = new Int32Array(raw.length);
  const index = new Map<string, number>();
  const values: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let s = raw[i]!;
    if (s.length > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32)) s = s.trim();
    if (s === '') {
      codes[i] = -1;
      continue;
    }
    let code = index.get(s);
    if (code === undefined) {
      code = values.length;
      values.push(s);
      index.set(s, code);
    }
    codes[i] = code;
  }
  return { kind: 'category', codes, values };
}

/**
 * Type an attribute column on load: numbers when every non-empty value is a plain number,
 * categories otherwise. Empty means missing either way.
 *
 * @example
 * inferColumn(['10', '', '2.5']).kind // => 'number'
 * inferColumn(['10', 'n/a']).kind // => 'category'
 */
export function inferColumn(raw: ArrayLike<string>): Column {
  let nonEmpty = 0;
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i]!.trim();
    if (s === '') continue;
    nonEmpty++;
    if (!NUMBER.test(s)) return encodeCategories(raw);
  }
  if (nonEmpty === 0) return encodeCategories(raw);
  const values = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i]!.trim();
    values[i] = s === '' ? NaN : Number(s);
  }
  return { kind: 'number', values };
}

/** Value of a column at a row as text ('' for missing). */
export function columnText(column: Column, row: number): string {
  if (column.kind === 'number') {
    const v = column.values[row]!;
    return Number.isNaN(v) ? '' : String(v);
  }
  const code = column.codes[row]!;
  return code < 0 ? '' : column.values[code]!;
}

/** Take rows of a column by index (a copy). */
export function takeColumn(column: Column, index: Int32Array): Column {
  if (column.kind === 'number') {
    const values = new Float64Array(index.length);
    for (let i = 0; i < index.length; i++) values[i] = column.values[index[i]!]!;
    return { kind: 'number', values };
  }
  const codes = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) codes[i] = column.codes[index[i]!]!;
  return { kind: 'category', codes, values: column.values };
}
