/**
 * A raw text column held compactly, so that a table of tens of millions of cells fits in V8's
 * heap: no JS string per cell is kept.
 *
 * - **Dictionary form** while values repeat (ids, event types, pages): an Int32Array of codes
 *   into the distinct values, one string per distinct value.
 * - **Instant form** for a mostly distinct column whose every cell is a UTC timestamp written
 *   the one way {@link formatTimestamp} writes it (`2025-01-09T18:23:36Z`) or is empty: the
 *   epoch ms in a Float64Array (NaN for empty), 8 bytes per cell; the text is written back
 *   exactly on `get`.
 * - **Packed form** for other mostly distinct columns (notes, ids): the cells of each block of
 *   {@link BLOCK_CELLS} are joined into one string, with each cell's start in an Int32Array,
 *   so memory is about the characters plus 4 bytes per cell.
 *
 * A column starts as a dictionary and leaves it, for good, when it has more than
 * {@link INTERN_CHECK} distinct values and they are more than {@link INTERN_MAX_SHARE} of its
 * cells: to the instant form when every cell so far fits it, else to the packed form (an
 * instant column turns packed at its first cell that does not fit). Whatever the form,
 * `get(i)` gives the cell's text; the dictionary form also shows its codes and values
 * (`dictionary`), so that a consumer can work once per distinct value, and the instant form
 * its epoch ms (`instantAt`), so that a loader need not parse the text again.
 */
import { formatTimestamp, parseTimestamp } from './timestamp.js';

/** Distinct values a column may reach before the dictionary is judged worth it or not. */
export const INTERN_CHECK = 4096;
/** The dictionary is dropped when more than this share of a column's cells are distinct. */
export const INTERN_MAX_SHARE = 0.25;
const BLOCK_SHIFT = 12;
/** Cells per joined string of the packed form. */
export const BLOCK_CELLS = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK_CELLS - 1;
const Z = 90;
const DASH = 45;
const COLON = 58;
const T = 84;

/**
 * Epoch ms of a cell in the exact shape `YYYY-MM-DDTHH:MM:SSZ` (what formatTimestamp writes
 * for a whole second), NaN for anything else. Such a text is `formatTimestamp` of its value.
 */
function canonicalInstant(s: string): number {
  if (s.length !== 20 || s.charCodeAt(19) !== Z || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== T || s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON) return NaN;
  return parseTimestamp(s);
}

function grownFloat(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  const next = new Float64Array(Math.max(need, a.length * 2, 64));
  next.set(a);
  return next;
}

/** The codes (one per cell) and distinct values of a dictionary-encoded text column. */
export interface TextDictionary {
  codes: Int32Array;
  values: readonly string[];
}

function grown(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2, 64));
  next.set(a);
  return next;
}

/**
 * A column of text cells, appended one at a time, read with `get`.
 *
 * @example
 * const c = TextColumn.from(['a', 'b', 'a']); c.get(2) // => 'a'
 * c.dictionary?.codes // => Int32Array [0, 1, 0]
 */
export class TextColumn {
  private n = 0;
  // dictionary form (codes undefined once packed)
  private codes: Int32Array | undefined = new Int32Array(0);
  private values: string[] = [];
  private index: Map<string, number> | undefined = new Map();
  // instant form (epoch ms, NaN = empty cell)
  private times: Float64Array | undefined;
  // packed form
  private blocks: string[] = [];
  private starts = new Int32Array(0);
  private open: string[] = [];

  /** An empty column; `packed` skips the dictionary (for values known to be mostly distinct). */
  constructor(packed = false) {
    if (packed) this.leaveDictionary(false);
  }

  /**
   * A column of the given texts.
   *
   * @example
   * TextColumn.from(['x', 'y']).toArray() // => ['x', 'y']
   */
  static from(texts: ArrayLike<string>, packed = false): TextColumn {
    const column = new TextColumn(packed);
    for (let i = 0; i < texts.length; i++) column.push(texts[i]!);
    return column.seal();
  }

  /**
   * A dictionary column from codes into `values` (taken as they are, not copied); a negative
   * code is the empty text.
   *
   * @example
   * TextColumn.fromCodes(Int32Array.of(1, -1), ['a', 'b']).toArray() // => ['b', '']
   */
  static fromCodes(codes: Int32Array, values: readonly string[]): TextColumn {
    const column = new TextColumn();
    let empty = -1;
    let own = codes;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i]! >= 0) continue;
      if (empty < 0) {
        empty = values.indexOf('');
        if (empty < 0) {
          values = [...values, ''];
          empty = values.length - 1;
        }
        own = Int32Array.from(codes);
      }
      own[i] = empty;
    }
    column.codes = own;
    column.values = values as string[];
    column.index = undefined;
    column.n = codes.length;
    return column;
  }

  /** Number of cells. */
  get length(): number {
    return this.n;
  }

  /** Codes and distinct values while the column is dictionary-encoded; undefined once packed. */
  get dictionary(): TextDictionary | undefined {
    return this.codes === undefined ? undefined : { codes: this.codes.subarray(0, this.n), values: this.values };
  }

  /** The form the column is held in (see the module's comment). */
  get form(): 'dictionary' | 'instant' | 'packed' {
    return this.codes !== undefined ? 'dictionary' : this.times !== undefined ? 'instant' : 'packed';
  }

  /**
   * Epoch ms of cell i when the column is in the instant form and the cell is not empty (the
   * value `parseTimestamp` gives its text, a zoned one); NaN otherwise (read the text then).
   */
  instantAt(i: number): number {
    return this.times === undefined ? NaN : this.times[i]!;
  }

  /** The text of cell i (0 ≤ i < length). */
  get(i: number): string {
    if (this.codes !== undefined) return this.values[this.codes[i]!]!;
    if (this.times !== undefined) {
      const ms = this.times[i]!;
      return Number.isNaN(ms) ? '' : formatTimestamp(ms);
    }
    const b = i >>> BLOCK_SHIFT;
    if (b >= this.blocks.length) return this.open[i & BLOCK_MASK]!;
    const block = this.blocks[b]!;
    return block.slice(this.starts[i]!, (i & BLOCK_MASK) === BLOCK_MASK ? block.length : this.starts[i + 1]!);
  }

  /** Append a cell. */
  push(text: string): void {
    if (this.times !== undefined) {
      const ms = text === '' ? NaN : canonicalInstant(text);
      if (text === '' || !Number.isNaN(ms)) {
        if (this.n === this.times.length) this.times = grownFloat(this.times, this.n + 1);
        this.times[this.n++] = ms;
        return;
      }
      this.instantToPacked();
    }
    if (this.codes === undefined) {
      this.pushPacked(text);
      return;
    }
    const index = (this.index ??= new Map(this.values.map((v, k) => [v, k])));
    let code = index.get(text);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(text);
      index.set(text, code);
    }
    if (this.n === this.codes.length) this.codes = grown(this.codes, this.n + 1);
    this.codes[this.n++] = code;
    // a column of mostly distinct values (timestamps, notes) is not worth the dictionary
    if (this.values.length > INTERN_CHECK && this.values.length > this.n * INTERN_MAX_SHARE) this.leaveDictionary(true);
  }

  /**
   * Done appending for now: drops the dictionary's lookup map and copies its values out of the
   * text they were cut from. Appending again still works. Returns the column.
   */
  seal(): this {
    // capacity beyond a quarter of the cells is given back
    const n = this.n;
    if (this.codes !== undefined && this.codes.length > n * 1.25 + 64) this.codes = this.codes.slice(0, n);
    if (this.times !== undefined && this.times.length > n * 1.25 + 64) this.times = this.times.slice(0, n);
    if (this.starts.length > n * 1.25 + 64) this.starts = this.starts.slice(0, n);
    if (this.codes !== undefined && this.index !== undefined) {
      this.index = undefined;
      // values cut from a large decoded piece of text may keep it alive; one joined copy does not
      const joined = this.values.join('');
      let at = 0;
      for (let k = 0; k < this.values.length; k++) {
        const length = this.values[k]!.length;
        this.values[k] = joined.slice(at, at + length);
        at += length;
      }
    }
    return this;
  }

  /** The cells at `rows`, in that order, as a new column. */
  take(rows: ArrayLike<number>): TextColumn {
    if (this.codes !== undefined) {
      const codes = new Int32Array(rows.length);
      for (let k = 0; k < rows.length; k++) codes[k] = this.codes[rows[k]!]!;
      return TextColumn.fromCodes(codes, this.values);
    }
    if (this.times !== undefined) {
      const out = new TextColumn(true);
      out.blocks = [];
      out.times = new Float64Array(rows.length);
      for (let k = 0; k < rows.length; k++) out.times[k] = this.times[rows[k]!]!;
      out.n = rows.length;
      return out;
    }
    const out = new TextColumn(true);
    for (let k = 0; k < rows.length; k++) out.push(this.get(rows[k]!));
    return out;
  }

  /** Every cell as a string (one string per cell: for tests and small tables). */
  toArray(): string[] {
    return Array.from({ length: this.n }, (_, i) => this.get(i));
  }

  private pushPacked(text: string): void {
    this.open.push(text);
    this.n++;
    if (this.open.length === BLOCK_CELLS) this.closeBlock();
  }

  private closeBlock(): void {
    const open = this.open;
    const first = this.blocks.length << BLOCK_SHIFT;
    this.starts = grown(this.starts, first + open.length);
    let at = 0;
    for (let k = 0; k < open.length; k++) {
      this.starts[first + k] = at;
      at += open[k]!.length;
    }
    this.blocks.push(open.join(''));
    this.open = [];
  }

  /** Dictionary → instant form (when `instant` and every value fits it) or packed form. */
  private leaveDictionary(instant: boolean): void {
    const { codes, values, n } = this;
    this.codes = undefined;
    this.values = [];
    this.index = undefined;
    const ms = instant ? values.map((v) => (v === '' ? NaN : canonicalInstant(v))) : [];
    if (instant && ms.every((t, k) => !Number.isNaN(t) || values[k] === '')) {
      this.times = new Float64Array(Math.max(64, n * 2));
      for (let i = 0; i < n; i++) this.times[i] = ms[codes![i]!]!;
      return;
    }
    this.n = 0;
    for (let i = 0; i < n; i++) this.pushPacked(values[codes![i]!]!);
  }

  private instantToPacked(): void {
    const { times, n } = this;
    this.times = undefined;
    this.n = 0;
    for (let i = 0; i < n; i++) this.pushPacked(Number.isNaN(times![i]!) ? '' : formatTimestamp(times![i]!));
  }
}

/** A raw column before typing: text, or numbers / epoch ms already typed by the reader. */
export type RawColumn = TextColumn | Float64Array;

/**
 * Is this raw column text (not typed by the reader)?
 *
 * @example
 * isTextColumn(TextColumn.from(['a'])) // => true
 * isTextColumn(Float64Array.of(1)) // => false
 */
export function isTextColumn(column: RawColumn): column is TextColumn {
  return column instanceof TextColumn;
}
