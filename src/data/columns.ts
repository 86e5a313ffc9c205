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

/**
 * Is a category column identifier-like (or free text): more distinct values than
 * max(50, 20% of rows)? Such columns carry no reusable signal; fits and leak checks skip them.
 *
 * @example
 * isIdentifierLike(encodeCategories(ids), ids.length) // => true
 */
export function isIdentifierLike(column: Column, rows: number): boolean {
  return column.kind === 'category' && column.values.length > Math.max(50, 0.2 * rows);
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

/**
 * A typed array filled a chunk at a time (a DuckDB vector's data): grows by doubling and hands
 * out an exact-length array when done.
 *
 * @example
 * const a = new ChunkedArray(new Int32Array(4), (n) => new Int32Array(n)); a.pushAll([1, 2]); a.done() // => Int32Array [1, 2]
 */
export class ChunkedArray<T extends Int32Array | Float64Array | Uint8Array> {
  length = 0;
  constructor(private data: T, private readonly make: (n: number) => T) {}
  pushAll(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      const next = this.make(Math.max(1024, 2 * this.data.length, this.length + values.length));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }
  done(): T {
    return this.data.length === this.length ? this.data : (this.data.slice(0, this.length) as T);
  }
}

/** Growable typed arrays, for loaders that do not know their row count in advance. */
export class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Make room for `more` values beyond the current length (one allocation of the exact size). */
  reserve(more: number): void {
    if (this.length + more <= this.data.length) return;
    const next = new Int32Array(this.length + more);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
  /** The values at `order` (a copy), emptying this array so that its memory can go at once. */
  drain(order: Int32Array): Int32Array {
    const out = new Int32Array(order.length);
    const data = this.data;
    for (let k = 0; k < order.length; k++) out[k] = data[order[k]!]!;
    this.data = new Int32Array(16);
    this.length = 0;
    return out;
  }
}

export class GrowableFloat64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Make room for `more` values beyond the current length (one allocation of the exact size). */
  reserve(more: number): void {
    if (this.length + more <= this.data.length) return;
    const next = new Float64Array(this.length + more);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
  /** The values at `order` (a copy), emptying this array so that its memory can go at once. */
  drain(order: Int32Array): Float64Array {
    const out = new Float64Array(order.length);
    const data = this.data;
    for (let k = 0; k < order.length; k++) out[k] = data[order[k]!]!;
    this.data = new Float64Array(16);
    this.length = 0;
    return out;
  }
}

/**
 * Dictionary-encodes text values as they arrive (no per-row strings kept) and types the
 * column at the end the same way as {@link inferColumn}: numbers when every non-empty value
 * is a plain number, categories otherwise.
 */
export class ColumnBuilder {
  private readonly codes = new GrowableInt32();
  private readonly index = new Map<string, number>();
  private readonly values: string[] = [];
  private allNumeric = true;

  /** Add a value ('' or blanks = missing). */
  push(raw: string): void {
    let s = raw;
    if (s.length > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32)) s = s.trim();
    if (s === '') {
      this.codes.push(-1);
      return;
    }
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(s);
      this.index.set(s, code);
      if (this.allNumeric && !NUMBER.test(s)) this.allNumeric = false;
    }
    this.codes.push(code);
  }

  get length(): number {
    return this.codes.length;
  }

  /** Make room for `more` values (see GrowableInt32.reserve). */
  reserve(more: number): void {
    this.codes.reserve(more);
  }

  /**
   * The typed column, rows in the order given by `order` (all rows in arrival order by default).
   * `release` empties the builder's codes afterwards, so that their memory can go at once.
   */
  finish(order?: Int32Array, release = false): Column {
    const column = this.typed(order);
    if (release) this.codes.drain(new Int32Array(0));
    return column;
  }

  private typed(order?: Int32Array): Column {
    const codes = this.codes.view();
    const n = order ? order.length : codes.length;
    if (this.allNumeric && this.values.length > 0) {
      const numbers = this.values.map(Number);
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = codes[order ? order[i]! : i]!;
        values[i] = c < 0 ? NaN : numbers[c]!;
      }
      return { kind: 'number', values };
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = codes[order ? order[i]! : i]!;
    return { kind: 'category', codes: out, values: this.values };
  }
}
