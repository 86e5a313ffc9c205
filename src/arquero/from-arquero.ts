/**
 * arquero tables in: a table (filtered, ordered or not) becomes the loader's raw table, so a
 * history built in a notebook with arquero verbs goes through the same mapping, validation and
 * typing as files do (`readHistoryTables`). Numeric columns of an unfiltered table that already
 * are `Float64Array`s are used as they are (zero-copy); other columns are read once, in the
 * table's row order.
 */
import type { ColumnTable } from 'arquero';
import type { Issue } from '../errors.js';
import { historyOrThrow, readHistory, type LoadOptions, type LoadReport } from '../data/load.js';
import type { History } from '../data/history.js';
import type { RawKind, RawTable } from '../data/raw-table.js';
import { TextColumn, type RawColumn } from '../data/text-column.js';

/** The values of one column in the table's row order (filter and orderby applied). */
function columnValues(table: ColumnTable, name: string): ArrayLike<unknown> {
  const column = table.column(name)!;
  if (!table.isFiltered() && !table.isOrdered() && ArrayBuffer.isView(column)) return column as unknown as ArrayLike<unknown>;
  return table.array(name) as ArrayLike<unknown>;
}

/**
 * Type a column as the readers do: numbers (typed arrays, or only numbers and nulls) as
 * `number`, dates as `time` (epoch ms), anything else as text (null → empty).
 */
export function rawColumn(values: ArrayLike<unknown>): { column: RawColumn; kind: RawKind } {
  if (values instanceof Float64Array) return { column: values, kind: 'number' };
  if (ArrayBuffer.isView(values)) return { column: Float64Array.from(values as ArrayLike<number | bigint>, Number), kind: 'number' };
  let numbers = true;
  let dates = true;
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    any = true;
    if (typeof v !== 'number' && typeof v !== 'bigint') numbers = false;
    if (!(v instanceof Date)) dates = false;
    if (!numbers && !dates) break;
  }
  const n = values.length;
  if (any && (numbers || dates)) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = v === null || v === undefined ? NaN : v instanceof Date ? v.getTime() : Number(v);
    }
    return { column: out, kind: numbers ? 'number' : 'time' };
  }
  const text = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    text[i] = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  }
  return { column: TextColumn.from(text), kind: 'text' };
}

/**
 * An arquero table as the loader's raw table: one column per column name, rows in table order;
 * `line` is the row number + 1 (as for Parquet), `file` names the table in messages.
 *
 * @example
 * rawTableFromArquero(aq.table({ lead_id: ['A'], created_at: ['2025-01-01'] }), 'leads').header
 * // => ['lead_id', 'created_at']
 */
export function rawTableFromArquero(table: ColumnTable, name: string): RawTable {
  const header = table.columnNames();
  const columns: RawColumn[] = [];
  const kinds: RawKind[] = [];
  for (const h of header) {
    const { column, kind } = rawColumn(columnValues(table, h));
    columns.push(column);
    kinds.push(kind);
  }
  const rowCount = table.numRows();
  const lines = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) lines[i] = i + 2;
  return { file: `tables.${name}`, header, columns, kinds, rowCount, lines };
}

/** arquero tables by the file name the mapping gives (`leads`, `events`, `outcomes` without one). */
export type ArqueroTables = Readonly<Record<string, ColumnTable>>;

function rawTables(tables: ArqueroTables): Record<string, RawTable> {
  const out: Record<string, RawTable> = Object.create(null);
  for (const [name, table] of Object.entries(tables)) out[name] = rawTableFromArquero(table, name);
  return out;
}

/**
 * Read and validate a history from arquero tables instead of files: what `readHistory` does
 * for a folder (mapping, contract checks, issues with the table name and row), never throwing
 * on bad content.
 *
 * @example
 * const report = await readHistoryTables({ leads: aq.table({ lead_id: ['A'], created_at: ['2025-01-01T00:00:00Z'] }) });
 * report.history?.leads.count // => 1
 */
export async function readHistoryTables(tables: ArqueroTables, options: Omit<LoadOptions, 'tables'> = {}): Promise<LoadReport> {
  return readHistory('(arquero tables)', { ...options, tables: rawTables(tables) });
}

/**
 * `readHistoryTables`, throwing a LeadcalError listing the errors when there are any.
 *
 * @throws {LeadcalError} when the tables have errors
 * @example
 * const { history } = await loadHistoryTables({ leads, events, outcomes }); history.leads.count // => 1200
 */
export async function loadHistoryTables(tables: ArqueroTables, options: Omit<LoadOptions, 'tables'> = {}): Promise<{ history: History; warnings: Issue[] }> {
  return historyOrThrow(await readHistoryTables(tables, options));
}
