/**
 * Raw tables: a file read into columns before any typing. CSV, CSV.gz, JSON Lines (optionally
 * gzipped) are parsed here; Parquet goes through DuckDB. Text problems (encoding, quoting,
 * ragged rows, bad JSON) become issues with their line; reading never throws on file content.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { IssueLog } from '../errors.js';
import { parseCsv } from './csv.js';
import { nativeCsvHead, readWithDuckDB } from './duckdb-reader.js';

/** A column before typing: text, or numbers / epoch ms already typed by the reader. */
export type RawColumn = string[] | Float64Array;
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

function decode(bytes: Uint8Array, file: string, log: IssueLog, encoding: TextEncoding): string | undefined {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    log.error({ code: 'encoding_invalid', file, line: 1, message: 'file is UTF-16 encoded', hint: 'save it as UTF-8 (Excel: "CSV UTF-8")' });
    return undefined;
  }
  if (encoding === 'latin1') return new TextDecoder('latin1').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // locate the first invalid byte sequence for the message
    let offset = 0;
    const chunk = 1 << 16;
    let line = 1;
    let col = 1;
    const lenient = new TextDecoder('utf-8');
    while (offset < bytes.length) {
      const end = Math.min(bytes.length, offset + chunk);
      const text = lenient.decode(bytes.subarray(offset, end), { stream: end < bytes.length });
      const bad = text.indexOf('\ufffd');
      const upto = bad >= 0 ? text.slice(0, bad) : text;
      for (let i = 0; i < upto.length; i++) {
        if (upto.charCodeAt(i) === 10) {
          line++;
          col = 1;
        } else col++;
      }
      if (bad >= 0) break;
      offset = end;
    }
    log.error({ code: 'encoding_invalid', file, line, position: col, message: 'text is not valid UTF-8', hint: 're-save the file as UTF-8, or set `encoding: latin1` for this table in a mapping file' });
    return undefined;
  }
}

function parseJsonLines(text: string, file: string, log: IssueLog): RawTable {
  const header: string[] = [];
  const index = new Map<string, number>();
  const columns: string[][] = [];
  const lines: number[] = [];
  let line = 0;
  let rowCount = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const body = text.slice(start, end).trim();
    start = end + 1;
    if (body === '') {
      if (end === text.length) break;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      log.error({ code: 'json_malformed', file, line, message: `not valid JSON (${(e as Error).message})`, hint: 'each line must be one JSON object' });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      log.error({ code: 'json_malformed', file, line, message: 'line is not a JSON object', hint: 'each line must be one JSON object such as {"lead_id": "L1", …}' });
      continue;
    }
    for (const [key, v] of Object.entries(value)) {
      let j = index.get(key);
      if (j === undefined) {
        j = header.length;
        header.push(key);
        index.set(key, j);
        columns.push(new Array<string>(rowCount).fill(''));
      }
      columns[j]![rowCount] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    rowCount++;
    for (const col of columns) if (col.length < rowCount) col.push('');
    lines.push(line);
  }
  return { file, header, columns, kinds: header.map(() => 'text'), rowCount, lines: Int32Array.from(lines) };
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
      const table = await readWithDuckDB(path, file, 'csv', head.delimiter);
      if (table.header.length === head.header.length && table.header.every((h, j) => h.trim() === head.header[j])) return { ...table, header: head.header };
    } catch {
      // fall through to the native reader
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
    if (format.endsWith('.gz')) bytes = gunzipSync(bytes);
  } catch (e) {
    log.error({ code: 'file_unreadable', file, message: `cannot read the file: ${(e as Error).message}`, hint: 'check permissions and, for .gz, that it is a complete gzip file' });
    return undefined;
  }
  const text = decode(bytes, file, log, options.encoding ?? 'utf-8');
  if (text === undefined) return undefined;
  if (format === 'jsonl' || format === 'jsonl.gz') return parseJsonLines(text, file, log);
  const delimiter = options.delimiter ?? (path.toLowerCase().endsWith('.tsv') ? '\t' : undefined);
  const csv = parseCsv(text, file, log, delimiter === undefined ? {} : { delimiter });
  return { file, header: csv.header, columns: csv.columns, kinds: csv.header.map(() => 'text'), rowCount: csv.rowCount, lines: csv.lines };
}
