/**
 * Read Parquet (and, on request, large CSV) through DuckDB into raw columns: timestamps and
 * dates arrive as epoch milliseconds in Float64Array, numbers as Float64Array, the rest as text.
 * Rows are numbered from 2 so that `FILE:ROW` reads like a CSV line (the header being line 1).
 * DuckDB is imported on the first read, not when this module loads: most histories are CSV
 * read without it, and loading its native binding costs a noticeable part of a second.
 */
import type { RawTable } from './raw-table.js';

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
export async function readWithDuckDB(path: string, displayName: string, format: 'parquet' | 'csv'): Promise<RawTable> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const source = format === 'parquet'
      ? `read_parquet(${sqlString(path)})`
      : `read_csv(${sqlString(path)}, all_varchar = true, header = true)`;
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
    const reader = await connection.runAndReadAll(`SELECT ${selects.join(', ')} FROM ${source}`);
    const raw = reader.getColumnsJS();
    const rowCount = reader.currentRowCount;
    const columns = raw.map((values, j) => {
      if (kinds[j] === 'text') {
        const out = new Array<string>(rowCount);
        for (let i = 0; i < rowCount; i++) {
          const v = values[i];
          out[i] = v === null || v === undefined ? '' : String(v);
        }
        return out;
      }
      const out = new Float64Array(rowCount);
      for (let i = 0; i < rowCount; i++) {
        const v = values[i];
        out[i] = v === null || v === undefined ? NaN : Number(v);
      }
      return out;
    });
    const lines = new Int32Array(rowCount);
    for (let i = 0; i < rowCount; i++) lines[i] = i + 2;
    return { file: displayName, header: rows.map((r) => r.column_name), columns, kinds, rowCount, lines };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
