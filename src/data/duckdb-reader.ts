/**
 * Read Parquet (and, on request, large CSV) through DuckDB into raw columns: timestamps and
 * dates arrive as epoch milliseconds in Float64Array, numbers as Float64Array, the rest as text
 * (dictionary-encoded by DuckDB: one string per distinct value). Results are read a chunk at a time.
 * Rows are numbered from 2 so that `FILE:ROW` reads like a CSV line (the header being line 1).
 * DuckDB is imported on the first read, not when this module loads: most histories are CSV
 * read without it, and loading its native binding costs a noticeable part of a second.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { IssueLog } from '../errors.js';
import { ChunkedArray } from './columns.js';
import { detectDelimiter, parseCsv } from './csv.js';
import type { RawTable } from './raw-table.js';
import { TextColumn } from './text-column.js';

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
/** A complete ISO 8601 timestamp with its zone and at most milliseconds (what the DuckDB engine converts in SQL). */
const ZONED_ISO = String.raw`\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})`;
const NUMBER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * Load one file with DuckDB. `format` is 'parquet' or 'csv' (CSV read with every column as
 * text so that typing rules stay ours).
 *
 * Typed through the chunk API: times arrive as epoch ms and numbers as DOUBLE vectors, text as
 * INTEGER codes into a dictionary DuckDB computed (an ENUM of the column's distinct values),
 * so the hot loop reads typed vectors and makes no string per cell. A text cell in the table
 * is the dictionary's string (shared by every row holding that value); NULL is ''.
 *
 * @example
 * const t = await readWithDuckDB('events.parquet', 'events.parquet', 'parquet'); t.rowCount
 * // => 1000000
 */
export async function readWithDuckDB(path: string, displayName: string, format: 'parquet' | 'csv', delimiter = ',', options: { timeColumns?: readonly string[] } = {}): Promise<RawTable> {
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
    // CSV is parsed once into a temporary table that the dictionary and value queries share
    await connection.run(format === 'parquet' ? `CREATE TEMP VIEW src AS SELECT * FROM ${source}` : `CREATE TEMP TABLE src AS SELECT * FROM ${source}`);
    const describe = await connection.runAndReadAll('DESCRIBE SELECT * FROM src');
    const rows = describe.getRowObjectsJS() as { column_name: string; column_type: string }[];
    const kinds: ('text' | 'number' | 'time' | 'zoned')[] = rows.map((r) => (TIME_TYPES.test(r.column_type) ? 'time' : NUMBER_TYPES.test(r.column_type) ? 'number' : 'text'));
    // a CSV time column of complete, zoned ISO 8601 timestamps only: converted in SQL (the same
    // instant the native parser reads: the zone is written, milliseconds at most); else text
    if (format === 'csv') {
      for (let j = 0; j < rows.length; j++) {
        if (!options.timeColumns?.includes(rows[j]!.column_name)) continue;
        const id = quoteIdent(rows[j]!.column_name);
        const check = await connection.runAndReadAll(`SELECT count(*) FILTER (WHERE ${id} IS NOT NULL AND (NOT regexp_full_match(${id}, ${sqlString(ZONED_ISO)}) OR TRY_CAST(${id} AS TIMESTAMPTZ) IS NULL))::DOUBLE FROM src`);
        if (Number(check.getRows()[0]![0]) === 0) kinds[j] = 'zoned';
      }
    }
    const dictionaries: (string[] | undefined)[] = [];
    const selects: string[] = [];
    for (let j = 0; j < rows.length; j++) {
      const id = quoteIdent(rows[j]!.column_name);
      if (kinds[j] === 'time') selects.push(`coalesce(epoch_ms(${id}::TIMESTAMP)::DOUBLE, 'NaN'::DOUBLE)`);
      else if (kinds[j] === 'zoned') selects.push(`coalesce(epoch_ms(${id}::TIMESTAMPTZ)::DOUBLE, 'NaN'::DOUBLE)`);
      else if (kinds[j] === 'number') selects.push(`coalesce(${id}::DOUBLE, 'NaN'::DOUBLE)`);
      else {
        await connection.run(`CREATE TYPE dictionary_${j} AS ENUM (SELECT DISTINCT ${id}::VARCHAR FROM src WHERE ${id} IS NOT NULL)`);
        dictionaries[j] = await readStrings(connection, `SELECT unnest(enum_range(NULL::dictionary_${j}))`);
        selects.push(`coalesce(enum_code(${id}::VARCHAR::dictionary_${j})::INTEGER, -1)`);
      }
    }
    // chunk by chunk (2048 rows) straight into typed columns (no NULLs: every select coalesces)
    const numbers = kinds.map((k) => (k === 'text' ? undefined : new ChunkedArray(new Float64Array(1024), (n) => new Float64Array(n))));
    const codes = kinds.map((k) => (k === 'text' ? new ChunkedArray(new Int32Array(1024), (n) => new Int32Array(n)) : undefined));
    let rowCount = 0;
    await forEachChunk(connection, `SELECT ${selects.length ? selects.join(', ') : '1'} FROM src`, (columns, n) => {
      for (let j = 0; j < kinds.length; j++) (numbers[j] ?? codes[j]!).pushAll(columns[j]!);
      rowCount += n;
    });
    const columns = kinds.map((_, j) => {
      const dictionary = dictionaries[j];
      if (!dictionary) return numbers[j]!.done();
      return TextColumn.fromCodes(codes[j]!.done(), dictionary);
    });
    const lines = new Int32Array(rowCount);
    for (let i = 0; i < rowCount; i++) lines[i] = i + 2;
    return { file: displayName, header: rows.map((r) => r.column_name), columns, kinds: kinds.map((k) => (k === 'zoned' ? 'time' : k)), rowCount, lines };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The parts of a DuckDB connection that {@link forEachChunk} reads through. */
interface ChunkSource {
  stream(sql: string): Promise<{ fetchChunk(): Promise<{ rowCount: number; columnCount: number; getColumnVector(i: number): { getItem(i: number): unknown; items?: ArrayLike<number> } } | null> }>;
}

/**
 * Each chunk of a query's numeric columns (no NULLs) as whole arrays: the vectors' typed views
 * when the client offers them (valid until the next chunk), else their items one by one.
 * Shared by the DuckDB reader and the frame pushdown (`features/duckdb-frame.ts`).
 */
export async function forEachChunk(connection: ChunkSource, sql: string, visit: (columns: ArrayLike<number>[], rows: number) => void): Promise<void> {
  const result = await connection.stream(sql);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    const columns: ArrayLike<number>[] = [];
    for (let j = 0; j < chunk.columnCount; j++) {
      const vector = chunk.getColumnVector(j);
      columns.push(vector.items && vector.items.length === n ? vector.items : Float64Array.from({ length: n }, (_, i) => vector.getItem(i) as number));
    }
    visit(columns, n);
  }
}

/** The strings of a one-column query, in order (a dictionary: one string per distinct value). */
async function readStrings(connection: { stream(sql: string): Promise<{ fetchChunk(): Promise<{ rowCount: number; getColumnVector(i: number): { getItem(i: number): unknown } } | null> }> }, sql: string): Promise<string[]> {
  const out: string[] = [];
  const result = await connection.stream(sql);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const vector = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) out.push(String(vector.getItem(i)));
  }
  return out;
}
