/**
 * Read Parquet (and, on request, large CSV) through DuckDB into raw columns: timestamps and
 * dates arrive as epoch milliseconds in Float64Array, numbers as Float64Array, the rest as text
 * (one string per distinct value while values repeat). Results are read a chunk at a time.
 * Rows are numbered from 2 so that `FILE:ROW` reads like a CSV line (the header being line 1).
 * DuckDB is imported on the first read, not when this module loads: most histories are CSV
 * read without it, and loading its native binding costs a noticeable part of a second.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { IssueLog } from '../errors.js';
import { GrowableFloat64 } from './columns.js';
import { detectDelimiter, parseCsv } from './csv.js';
import type { RawTable } from './raw-table.js';

/** Bytes of a CSV file read to find its header and delimiter natively. */
const HEAD_BYTES = 1 << 20;

/**
 * The header and delimiter of a CSV file as the native reader sees them (from its first MB), so
 * that DuckDB reads with the same dialect and a header DuckDB renamed (a duplicate `industry`
 * read as `industry_1`) is noticed.
 */
export function nativeCsvHead(path: string, delimiter?: string): { header: string[]; delimiter: string } {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(HEAD_BYTES);
  let n: number;
  try {
    n = readSync(fd, buffer, 0, HEAD_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  let text = buffer.subarray(0, n).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const end = text.indexOf('\n');
  const d = delimiter ?? detectDelimiter(text);
  // the first line is the header unless it holds a quoted line break (then the whole first MB)
  const csv = parseCsv(end >= 0 && !text.slice(0, end).includes('"') ? text.slice(0, end + 1) : text, path, new IssueLog(), { delimiter: d });
  return { header: csv.header, delimiter: d };
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function quoteIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

const TIME_TYPES = /^(TIMESTAMP|DATE|TIMESTAMP WITH TIME ZONE|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMPTZ)/;
const NUMBER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * Load one file with DuckDB. `format` is 'parquet' or 'csv' (CSV read with every column as
 * text so that typing rules stay ours).
 *
 * @example
 * const t = await readWithDuckDB('events.parquet', 'events.parquet', 'parquet'); t.rowCount
 * // => 1000000
 */
export async function readWithDuckDB(path: string, displayName: string, format: 'parquet' | 'csv', delimiter = ','): Promise<RawTable> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    // time-zone-aware timestamps are instants: cast them in UTC, whatever the machine's zone
    await connection.run("SET TimeZone = 'UTC'");
    // the native reader's CSV dialect, strictly: a broken quote or ragged row is an error, not a value
    const source = format === 'parquet'
      ? `read_parquet(${sqlString(path)})`
      : `read_csv(${sqlString(path)}, all_varchar = true, header = true, delim = ${sqlString(delimiter)}, quote = '"', escape = '"', strict_mode = true, null_padding = false, max_line_size = 1073741824)`;
    const describe = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const rows = describe.getRowObjectsJS() as { column_name: string; column_type: string }[];
    const kinds: ('text' | 'number' | 'time')[] = [];
    const selects = rows.map((r) => {
      const id = quoteIdent(r.column_name);
      if (TIME_TYPES.test(r.column_type)) {
        kinds.push('time');
        return `epoch_ms(${id}::TIMESTAMP)::DOUBLE AS ${id}`;
      }
      if (NUMBER_TYPES.test(r.column_type)) {
        kinds.push('number');
        return `${id}::DOUBLE AS ${id}`;
      }
      kinds.push('text');
      return `${id}::VARCHAR AS ${id}`;
    });
    // chunk by chunk (2048 rows) straight into typed columns: numbers and times land in
    // Float64Array, repeated text is one string per distinct value; no array of all values
    const result = await connection.stream(`SELECT ${selects.join(', ')} FROM ${source}`);
    const numbers = kinds.map((k) => (k === 'text' ? undefined : new GrowableFloat64()));
    const texts = kinds.map((k) => (k === 'text' ? [] as string[] : undefined));
    const interned = kinds.map(() => new Map<string, string>() as Map<string, string> | undefined);
    let rowCount = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const n = chunk.rowCount;
      for (let j = 0; j < kinds.length; j++) {
        const vector = chunk.getColumnVector(j);
        const out = numbers[j];
        if (out) {
          for (let i = 0; i < n; i++) {
            const v = vector.getItem(i);
            out.push(v === null || v === undefined ? NaN : Number(v));
          }
          continue;
        }
        const col = texts[j]!;
        for (let i = 0; i < n; i++) {
          const v = vector.getItem(i);
          let s = v === null || v === undefined ? '' : String(v);
          const seen = interned[j];
          if (seen) {
            const same = seen.get(s);
            if (same === undefined) {
              seen.set(s, s);
              // mostly distinct values (timestamps as text) are not worth the lookups
              if (seen.size > 4096 && seen.size > (rowCount + i) / 4) interned[j] = undefined;
            } else s = same;
          }
          col.push(s);
        }
      }
      rowCount += n;
    }
    const columns = kinds.map((_, j) => texts[j] ?? numbers[j]!.view());
    const lines = new Int32Array(rowCount);
    for (let i = 0; i < rowCount; i++) lines[i] = i + 2;
    return { file: displayName, header: rows.map((r) => r.column_name), columns, kinds, rowCount, lines };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
