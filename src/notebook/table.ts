/**
 * HTML tables in a notebook, drawn by the report's own table markup (`report/page.ts`) and cell
 * formats (`report/format.ts`): rows of records, an arquero table or a report table. Numeric
 * columns get a format from their values (whole numbers with thousands separators, others to
 * three decimals) unless one is given; text is escaped.
 */
import { ColumnTable } from 'arquero';
import { tableHtml } from '../report/page.js';
import type { Cell, ColumnFormat, ReportColumn, ReportTable } from '../report/types.js';
import { notebookDisplay } from './display.js';

export interface TableOptions {
  /** A caption above the table. */
  title?: string;
  /** Column key → format (`integer`, `number`, `percent`, `auc`, `pvalue`, `days`, `points`, `ratio`, `text`). */
  formats?: Readonly<Record<string, ColumnFormat>>;
  /** Rows shown at the most (default 50); the caption says how many there are. */
  limit?: number;
}

/** Rows, an arquero table or a report table. */
export type Displayable = readonly object[] | ColumnTable | ReportTable;

function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return JSON.stringify(value);
}

function inferFormat(rows: readonly Record<string, Cell>[], key: string): ColumnFormat {
  let numbers = 0;
  let integers = true;
  for (const row of rows) {
    const v = row[key];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return 'text';
    numbers++;
    if (Number.isFinite(v) && !Number.isInteger(v)) integers = false;
  }
  return numbers === 0 ? 'text' : integers ? 'integer' : 'number';
}

/**
 * The input as a report table: its columns (every key, in first-seen order) with their formats
 * and the first `limit` rows as cells.
 *
 * @example
 * asReportTable([{ a: 1200, b: 0.5 }]).columns // => [{ key: 'a', label: 'a', format: 'integer' }, { key: 'b', label: 'b', format: 'number' }]
 */
export function asReportTable(data: Displayable, options: TableOptions = {}): ReportTable {
  const limit = options.limit ?? 50;
  if (!(data instanceof ColumnTable) && !Array.isArray(data)) {
    const t = data as ReportTable;
    return { ...t, title: options.title ?? t.title, rows: t.rows.slice(0, limit) };
  }
  const total = data instanceof ColumnTable ? data.numRows() : data.length;
  const objects: object[] = data instanceof ColumnTable ? data.objects({ limit }) : (data as object[]).slice(0, limit);
  const keys: string[] = data instanceof ColumnTable ? data.columnNames() : [];
  if (!(data instanceof ColumnTable)) for (const o of objects) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
  const rows = objects.map((o) => {
    const r: Record<string, Cell> = {};
    for (const k of keys) r[k] = cell((o as Record<string, unknown>)[k]);
    return r;
  });
  const columns: ReportColumn[] = keys.map((key) => ({ key, label: key, format: options.formats?.[key] ?? inferFormat(rows, key) }));
  const title = (options.title ?? '') + (total > rows.length ? `${options.title ? ' ' : ''}(first ${rows.length} of ${total.toLocaleString('en-US')} rows)` : '');
  return { id: 'notebook', page: 'overview', title, columns, rows };
}

/** The table's HTML (what `table` shows). */
export function tableMarkup(data: Displayable, options: TableOptions = {}): string {
  return tableHtml(asReportTable(data, options)).text;
}

/**
 * Show rows, an arquero table or a report table as an HTML table.
 *
 * @example
 * table(toArquero(sweep).filter((d) => d.recommended), { limit: 10 })
 */
export function table(data: Displayable, options: TableOptions = {}): void {
  notebookDisplay().html(tableMarkup(data, options));
}
