/**
 * Raw tables: a file read into columns before any typing. CSV, CSV.gz, JSON Lines (optionally
 * gzipped) are parsed here, streamed in chunks (text-stream.ts) so that a file may be larger
 * than a JS string; Parquet goes through DuckDB. Text problems (encoding, quoting, ragged rows,
 * bad JSON) become issues with their line; reading never throws on file content.
 */
import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { IssueLog } from '../errors.js';
import { CsvParser } from './csv.js';
import { nativeCsvHead, readWithDuckDB } from './duckdb-reader.js';
import { JsonLinesParser } from './json-lines.js';
import type { RawColumn } from './text-column.js';
import { decodeChunks, fileBytes, type ByteSource, type ReadProgress } from './text-stream.js';

export { isTextColumn, TextColumn, type RawColumn } from './text-column.js';
export type RawKind = 'text' | 'number' | 'time';

export interface RawTable {
  /** The file as shown in messages. */
  file: string;
  header: string[];
  columns: RawColumn[];
  kinds: RawKind[];
  rowCount: number;
  /** Line (CSV, JSONL) or row number + 1 (Parquet) of each row, for messages. */
  lines: Int32Array;
}

export type TableFormat = 'csv' | 'csv.gz' | 'jsonl' | 'jsonl.gz' | 'parquet';
export type TextEncoding = 'utf-8' | 'latin1';

export interface ReadOptions {
  delimiter?: string;
  encoding?: TextEncoding;
  /** Read CSV through DuckDB (faster for very large files, row numbers instead of lines). */
  engine?: 'native' | 'duckdb';
  /** Follows the bytes read of a CSV or JSON Lines file (for a progress bar). */
  onRead?: ReadProgress;
  /**
   * Columns the caller reads as timestamps (the table's `created_at` / `occurred_at`): the
   * DuckDB engine converts such a CSV column to epoch ms in SQL when every value is a complete
   * ISO 8601 timestamp with a zone (the text otherwise, typed by our rules as the native reader's).
   */
  timeColumns?: readonly string[];
}

const SUFFIXES: [string, TableFormat][] = [
  ['.csv', 'csv'],
  ['.csv.gz', 'csv.gz'],
  ['.tsv', 'csv'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.jsonl.gz', 'jsonl.gz'],
  ['.parquet', 'parquet'],
];

/** Format of a file from its name, or undefined. */
export function formatOf(path: string): TableFormat | undefined {
  const lower = path.toLowerCase();
  let best: TableFormat | undefined;
  let bestLength = 0;
  for (const [suffix, format] of SUFFIXES) {
    if (lower.endsWith(suffix) && suffix.length > bestLength) [best, bestLength] = [format, suffix.length];
  }
  return best;
}

/**
 * Find `NAME.csv`, `NAME.csv.gz`, `NAME.jsonl`, `NAME.parquet` … in a folder.
 *
 * @example
 * findTableFile('datasets/sample', 'leads') // => 'datasets/sample/leads.csv'
 */
export function findTableFile(dir: string, name: string): string | undefined {
  for (const [suffix] of SUFFIXES) {
    const path = join(dir, name + suffix);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Show paths relative to the working directory when that is shorter. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}

/**
 * Read a table file into raw columns. Returns undefined (with the issue logged) when the file
 * cannot be read at all.
 *
 * @example
 * const log = new IssueLog(); (await readTable('datasets/sample/leads.csv', log))?.header[0]
 * // => 'lead_id'
 */
export async function readTable(path: string, log: IssueLog, options: ReadOptions = {}): Promise<RawTable | undefined> {
  const file = displayPath(path);
  const format = formatOf(path);
  if (!existsSync(path)) {
    log.error({ code: 'file_missing', file, message: 'file not found', hint: `expected ${basename(path)} in the history folder, or name it in a mapping file` });
    return undefined;
  }
  if (format === undefined) {
    log.error({ code: 'file_unreadable', file, message: 'unknown file type', hint: 'use .csv, .csv.gz, .jsonl, .jsonl.gz or .parquet' });
    return undefined;
  }
  if (format === 'parquet') {
    try {
      return await readWithDuckDB(path, file, 'parquet');
    } catch (e) {
      log.error({ code: 'file_unreadable', file, message: `DuckDB could not read the file: ${(e as Error).message.split('\n')[0]}`, hint: 'check that the file is a valid Parquet file' });
      return undefined;
    }
  }
  if (format === 'csv' && options.engine === 'duckdb') {
    // one contract for both engines: a CSV DuckDB rejects, or whose header it renamed, is read
    // by the native reader, which reports the problem with its line (or reads it correctly)
    try {
      const head = nativeCsvHead(path, options.delimiter);
      const table = await readWithDuckDB(path, file, 'csv', head.delimiter, options.timeColumns === undefined ? {} : { timeColumns: options.timeColumns });
      if (table.header.length === head.header.length && table.header.every((h, j) => h.trim() === head.header[j])) return { ...table, header: head.header };
    } catch {
      // fall through to the native reader
    }
  }
  const delimiter = options.delimiter ?? (path.toLowerCase().endsWith('.tsv') ? '\t' : undefined);
  return readTextTable(fileBytes(path, format.endsWith('.gz'), options.onRead), file, log, format.startsWith('jsonl') ? 'jsonl' : 'csv', {
    ...(delimiter === undefined ? {} : { delimiter }),
    encoding: options.encoding ?? 'utf-8',
  });
}

/**
 * Read CSV or JSON Lines from a byte source (chunks of any size) into raw text columns. Read
 * failures (a missing permission, a truncated gzip, a table too large for memory) are logged
 * as `file_unreadable` with what went wrong.
 *
 * @example
 * (await readTextTable(() => [Buffer.from('id\nA\n')], 'x.csv', log, 'csv'))?.columns[0].get(0) // => 'A'
 */
export async function readTextTable(source: ByteSource, file: string, log: IssueLog, format: 'csv' | 'jsonl', options: { delimiter?: string; encoding?: TextEncoding } = {}): Promise<RawTable | undefined> {
  const parser = format === 'jsonl' ? new JsonLinesParser(file, log) : new CsvParser(file, log, options.delimiter === undefined ? {} : { delimiter: options.delimiter });
  try {
    if (!(await decodeChunks(source, file, log, options.encoding ?? 'utf-8', (text) => parser.push(text)))) return undefined;
    const table = parser.end();
    return { file, header: table.header, columns: table.columns, kinds: table.header.map(() => 'text'), rowCount: table.rowCount, lines: table.lines };
  } catch (e) {
    const error = e as Error & { code?: string };
    const memory = error instanceof RangeError || /allocation failed|out of memory/i.test(error.message);
    log.error({
      code: 'file_unreadable', file,
      message: memory ? `the table does not fit in memory (${error.message})` : `cannot read the file: ${error.message}`,
      hint: memory ? 'give Node more memory (NODE_OPTIONS=--max-old-space-size=8192), or read it with --engine duckdb' : 'check permissions and, for .gz, that it is a complete gzip file',
    });
    return undefined;
  }
}
