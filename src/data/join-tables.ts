/**
 * Joins: further tables brought into the leads table by a key (Maven: `accounts.csv` on
 * `account`, `sales_teams.csv` on `sales_agent`), so their columns become lead attributes.
 * Many-to-one only: a key must appear once in the joined table. A non-empty lead key without a
 * match is an error naming the leads file and line and the joined file; an empty key leaves the
 * joined columns empty. Works on raw tables, before typing, and never mutates its inputs.
 */
import type { IssueLog } from '../errors.js';
import { suggest } from '../suggest.js';
import type { JoinSpec } from './mapping.js';
import type { RawTable } from './raw-table.js';
import { isTextColumn, TextColumn, type RawColumn } from './text-column.js';

function cell(col: RawColumn, i: number): string {
  if (isTextColumn(col)) return col.get(i).trim();
  const v = col[i]!;
  return Number.isNaN(v) ? '' : String(v);
}

function missingColumn(log: IssueLog, table: RawTable, name: string, what: string, why = ''): void {
  const near = suggest(name, table.header);
  log.error({ code: 'column_missing', file: table.file, line: 1, column: name, message: `${what} "${name}" is missing${why}`, hint: near ? `did you mean "${near}"?` : `available columns: ${table.header.slice(0, 12).join(', ')}${table.header.length > 12 ? ', …' : ''}` });
}

/**
 * The leads table with the joined table's columns appended (text, typed later like any
 * attribute). Returns the names of the added columns too; undefined when the join cannot be made.
 * Complexity: O(rows of both tables).
 *
 * @example
 * joinTable(pipeline, accounts, { file: 'accounts.csv', on: 'account' }, log)?.added // => ['sector', 'year_established', …]
 */
export function joinTable(leads: RawTable, other: RawTable, spec: JoinSpec, log: IssueLog): { table: RawTable; added: string[] } | undefined {
  const key = spec.key ?? spec.on;
  const jLeads = leads.header.indexOf(spec.on);
  const jOther = other.header.indexOf(key);
  if (jLeads < 0) missingColumn(log, leads, spec.on, `join key`);
  if (jOther < 0) missingColumn(log, other, key, 'join key', ` (needed to join ${leads.file} on "${spec.on}")`);
  if (jLeads < 0 || jOther < 0) return undefined;
  const names = spec.columns ?? other.header.filter((h) => h !== key);
  const picked: number[] = [];
  for (const name of names) {
    const j = other.header.indexOf(name);
    if (j < 0) missingColumn(log, other, name, 'joined column');
    else if (leads.header.includes(name)) log.error({ code: 'mapping_invalid', file: other.file, line: 1, column: name, message: `joined column "${name}" is already a column of ${leads.file}`, hint: `list the columns to bring in with \`columns: [...]\` in the join, leaving "${name}" out` });
    else picked.push(j);
  }
  // key → row of the joined table (a key twice is an error: the join would be ambiguous)
  const rowOf = new Map<string, number>();
  const keyCol = other.columns[jOther]!;
  for (let r = 0; r < other.rowCount; r++) {
    const k = cell(keyCol, r);
    if (k === '') continue;
    const first = rowOf.get(k);
    if (first !== undefined) {
      log.error({ code: 'duplicate_id', file: other.file, line: other.lines[r]!, column: key, message: `key "${k}" appears twice (first on line ${other.lines[first]!})`, hint: 'a joined table needs one row per key' });
      continue;
    }
    rowOf.set(k, r);
  }
  const leadKey = leads.columns[jLeads]!;
  const match = new Int32Array(leads.rowCount).fill(-1);
  for (let i = 0; i < leads.rowCount; i++) {
    const k = cell(leadKey, i);
    if (k === '') continue;
    const r = rowOf.get(k);
    if (r === undefined) {
      const near = suggest(k, [...rowOf.keys()]);
      log.error({ code: 'unknown_lead', file: leads.file, line: leads.lines[i]!, column: spec.on, message: `"${k}" has no row in ${other.file} (joined on ${key})`, hint: near ? `did you mean "${near}"? Fix the key or add the row to ${other.file}` : `add a row for "${k}" to ${other.file}, or fix the key` });
      continue;
    }
    match[i] = r;
  }
  const added = picked.map((j) => other.header[j]!);
  const columns = picked.map((j) => TextColumn.from(Array.from(match, (r) => (r < 0 ? '' : cell(other.columns[j]!, r)))));
  return {
    table: { ...leads, header: [...leads.header, ...added], columns: [...leads.columns, ...columns], kinds: [...leads.kinds, ...added.map(() => 'text' as const)] },
    added,
  };
}
