/**
 * Missing-value tokens: exports write "no value" as `Select`, `N/A`, `unknown` or `-`. A mapping
 * lists them globally or per column, and this step reads them as empty before any typing, so a
 * numeric column with `N/A` stays numeric and a category does not gain a fake level. It works
 * on raw tables and never mutates its input (a table read once may serve several sources).
 */
import type { MissingTokens } from './mapping.js';
import type { RawTable } from './raw-table.js';
import { isTextColumn, TextColumn } from './text-column.js';

/** Tokens per column name; `'*'` applies to every column. */
export type TokenSets = Map<string, Set<string>>;

/**
 * Merge token lists (the mapping's global list, then a source's own) into sets per column.
 * Tokens are compared after trimming the cell; an empty token is ignored.
 *
 * @example
 * missingTokenSets(['Select'], { Tags: ['-'] }).get('Tags') // => Set { '-' }
 */
export function missingTokenSets(...lists: (MissingTokens | undefined)[]): TokenSets {
  const out: TokenSets = new Map();
  const add = (column: string, tokens: string[]): void => {
    const set = out.get(column) ?? new Set<string>();
    for (const t of tokens) if (t.trim() !== '') set.add(t.trim());
    if (set.size) out.set(column, set);
  };
  for (const list of lists) {
    if (list === undefined) continue;
    if (Array.isArray(list)) add('*', list);
    else for (const [column, tokens] of Object.entries(list)) add(column, tokens);
  }
  return out;
}

/**
 * The raw table with every token cell replaced by the empty string (columns without a token
 * are shared, not copied). Also returns how many cells were blanked, per column.
 * Complexity: O(cells of the affected text columns).
 *
 * @example
 * blankMissingTokens(raw, missingTokenSets(['Select'])).table.columns[2].toArray() // => ['', 'India', '']
 */
export function blankMissingTokens(raw: RawTable, tokens: TokenSets): { table: RawTable; blanked: Map<string, number> } {
  const blanked = new Map<string, number>();
  if (tokens.size === 0) return { table: raw, blanked };
  const all = tokens.get('*');
  const columns = raw.columns.map((col, j) => {
    if (!isTextColumn(col)) return col;
    const own = tokens.get(raw.header[j]!);
    if (!all && !own) return col;
    const isToken = (s: string): boolean => {
      if (s === '') return false;
      const t = s.trim();
      return (all?.has(t) ?? false) || (own?.has(t) ?? false);
    };
    const { column, count } = blankCells(col, isToken);
    if (count) blanked.set(raw.header[j]!, count);
    return column;
  });
  return { table: blanked.size ? { ...raw, columns } : raw, blanked };
}

/** The column with the cells for which `isToken` holds made empty (the column itself when none does); once per distinct value when dictionary-encoded. */
function blankCells(col: TextColumn, isToken: (s: string) => boolean): { column: TextColumn; count: number } {
  let count = 0;
  const dictionary = col.dictionary;
  if (dictionary) {
    const { codes, values } = dictionary;
    const token = values.map(isToken);
    for (let i = 0; i < codes.length; i++) if (token[codes[i]!]) count++;
    if (count === 0) return { column: col, count };
    return { column: TextColumn.fromCodes(Int32Array.from(codes, (c) => (token[c] ? -1 : c)), values), count };
  }
  for (let i = 0; i < col.length; i++) if (isToken(col.get(i))) count++;
  if (count === 0) return { column: col, count };
  const out = new TextColumn(true);
  for (let i = 0; i < col.length; i++) {
    const s = col.get(i);
    out.push(isToken(s) ? '' : s);
  }
  return { column: out.seal(), count };
}
