/**
 * A strict RFC 4180 CSV parser that fills columns directly (no row objects) and reports every
 * malformed record with its line: ragged rows, a quote inside an unquoted field, text after a
 * closing quote, an unterminated quoted field. Bad records are skipped and reported; the parser
 * never throws on input text.
 *
 * Text arrives in pieces of any size (`CsvParser.push`): a record cut by a piece's end is parsed
 * again, whole, when the next piece arrives, so only one piece plus one record is ever held as
 * text, and the table and issues do not depend on where the pieces were cut.
 */
import type { Issue, IssueLog } from '../errors.js';
import { TextColumn } from './text-column.js';

/** A parsed CSV: header names, one string array per column, and each row's starting line. */
export interface CsvTable {
  header: string[];
  columns: string[][];
  /** 1-based physical line on which each kept record starts (the header is line 1). */
  lines: Int32Array;
  rowCount: number;
  delimiter: string;
}

/** What the streaming parser returns: {@link CsvTable} with compact text columns. */
export interface CsvColumns extends Omit<CsvTable, 'columns'> {
  columns: TextColumn[];
}

export interface CsvOptions {
  /** Field delimiter; detected from the header line (`,` `;` tab or `|`) when omitted. */
  delimiter?: string;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Guess the delimiter from the first line: the candidate seen most often outside quotes.
 *
 * @example
 * detectDelimiter('a;b;c\n1;2;3') // => ';'
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0], ['|', 0]]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [d, n] of counts) if (n > bestCount) [best, bestCount] = [d, n];
  return best;
}

/**
 * Parse CSV text into columns. Problems go to `log` as `csv_malformed` errors naming the line.
 *
 * Reference: RFC 4180 (quotes doubled inside quoted fields; CRLF or LF line ends accepted).
 * Complexity: O(length of text).
 *
 * @example
 * parseCsv('id,n\nA,1\nB,2\n', 'x.csv', log).columns // => [['A', 'B'], ['1', '2']]
 */
export function parseCsv(text: string, file: string, log: IssueLog, options: CsvOptions = {}): CsvTable {
  const parser = new CsvParser(file, log, options);
  parser.push(text);
  const table = parser.end();
  return { ...table, columns: table.columns.map((c) => c.toArray()) };
}

type RecordIssue = Omit<Issue, 'severity'>;

/**
 * The streaming form of {@link parseCsv}: `push` pieces of text as they are decoded, then `end`.
 *
 * @example
 * const p = new CsvParser('x.csv', log); p.push('id,n\nA,'); p.push('1\n'); p.end().columns[1].get(0) // => '1'
 */
export class CsvParser {
  private text = '';
  private started = false;
  private delimiter: string | undefined;
  private line = 1;
  private header: string[] | undefined;
  /** Compact columns (text-column.ts): dictionary-encoded while values repeat, packed otherwise. */
  private columns: TextColumn[] = [];
  private width = 0;
  private lines = new Int32Array(1024);
  private rowCount = 0;
  /** Fields of the record being read, put into the columns once the record is whole and kept. */
  private readonly pending: string[] = [];
  private fieldCount = 0;
  /** Issues of the record being read, logged once the record is whole. */
  private readonly issues: RecordIssue[] = [];

  constructor(private readonly file: string, private readonly log: IssueLog, options: CsvOptions = {}) {
    this.delimiter = options.delimiter;
  }

  /** Characters held as text now: the unparsed tail (at most one piece plus one record). */
  get bufferedLength(): number {
    return this.text.length;
  }

  /** Parse a piece of text; a record it cuts is kept for the next piece. */
  push(piece: string): void {
    this.text = this.text.length === 0 ? piece : this.text + piece;
    this.parse(false);
  }

  /** Parse what is left and return the table. */
  end(): CsvColumns {
    this.parse(true);
    this.text = '';
    const delimiter = this.delimiter ?? ',';
    for (const column of this.columns) column.seal();
    return { header: this.header ?? [], columns: this.columns, lines: this.lines.slice(0, this.rowCount), rowCount: this.rowCount, delimiter };
  }

  private put(value: string): void {
    // fields past the header's width are only counted (the record is dropped as ragged)
    if (this.header === undefined || this.fieldCount < this.width) this.pending.push(value);
    this.fieldCount++;
  }

  /** Whether the header line is complete enough to detect the delimiter from it. */
  private headerLineSeen(): boolean {
    const text = this.text;
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) quoted = !quoted;
      else if (!quoted && (c === LF || c === CR)) return true;
    }
    return false;
  }

  private parse(final: boolean): void {
    if (!this.started) {
      if (this.text.length === 0 && !final) return;
      if (this.text.charCodeAt(0) === 0xfeff) this.text = this.text.slice(1);
      this.started = true;
    }
    if (this.delimiter === undefined) {
      if (!final && !this.headerLineSeen()) return;
      this.delimiter = detectDelimiter(this.text);
    }
    const text = this.text;
    const file = this.file;
    const DELIM = this.delimiter.charCodeAt(0);
    const n = text.length;
    const issues = this.issues;
    let pos = 0;
    let line = this.line;

    while (pos < n) {
      const recordStart = pos;
      const recordLine = line;
      this.pending.length = 0;
      this.fieldCount = 0;
      issues.length = 0;
      let ok = true;
      let cut = false;
      // read one record; `cut` when the text ends before the record does (more may come)
      for (;;) {
        if (pos < n && text.charCodeAt(pos) === QUOTE) {
          const openLine = line;
          pos++;
          let value = '';
          let chunk = pos;
          let closed = false;
          while (pos < n) {
            const c = text.charCodeAt(pos);
            if (c === QUOTE) {
              if (pos + 1 < n && text.charCodeAt(pos + 1) === QUOTE) {
                value += text.slice(chunk, pos + 1);
                pos += 2;
                chunk = pos;
                continue;
              }
              if (pos + 1 === n && !final) break; // a doubled quote or a closing one: wait
              value += text.slice(chunk, pos);
              pos++;
              closed = true;
              break;
            }
            if (c === LF) line++;
            pos++;
          }
          if (!closed) {
            if (!final) {
              cut = true;
              break;
            }
            issues.push({ code: 'csv_malformed', file, line: openLine, message: 'quoted field is never closed (unterminated quote)', hint: 'close the quote or double the quote characters inside the field ("")' });
            ok = false;
            break;
          }
          this.put(value);
          if (pos < n) {
            const c = text.charCodeAt(pos);
            if (c !== DELIM && c !== LF && c !== CR) {
              if (ok) issues.push({ code: 'csv_malformed', file, line, message: `unexpected text after a closing quote in field ${this.fieldCount}`, hint: 'quote the whole field and double any quote inside it ("")' });
              ok = false;
              while (pos < n) {
                const d = text.charCodeAt(pos);
                if (d === DELIM || d === LF || d === CR) break;
                pos++;
              }
            }
          }
        } else {
          const start = pos;
          while (pos < n) {
            const c = text.charCodeAt(pos);
            if (c === DELIM || c === LF || c === CR) break;
            if (c === QUOTE && ok) {
              issues.push({ code: 'csv_malformed', file, line, message: `stray quote inside unquoted field ${this.fieldCount + 1}`, hint: 'wrap the field in quotes and double the quote ("")' });
              ok = false;
            }
            pos++;
          }
          this.put(pos > start ? text.slice(start, pos) : '');
        }
        if (pos >= n) {
          if (!final) cut = true;
          break;
        }
        const c = text.charCodeAt(pos);
        if (c === DELIM) {
          pos++;
          continue;
        }
        if (c === CR) {
          if (pos + 1 === n && !final) {
            cut = true; // CR now, perhaps LF in the next piece
            break;
          }
          pos++;
        }
        if (pos < n && text.charCodeAt(pos) === LF) pos++;
        line++;
        break;
      }
      if (cut) {
        // the partial record is read again, whole, with the next piece
        pos = recordStart;
        line = recordLine;
        break;
      }
      for (const issue of issues) this.log.error(issue);
      this.record(ok, recordLine);
    }
    this.line = line;
    this.text = pos === 0 ? text : text.slice(pos);
  }

  /** Keep a whole record (or the header), or drop it with its issue. */
  private record(ok: boolean, recordLine: number): void {
    const { file, log, columns } = this;
    const fieldCount = this.fieldCount;
    if (this.header === undefined) {
      const pending = this.pending;
      if (!ok || (pending.length === 1 && pending[0] === '')) return; // blank lines before the header
      const header = pending.map((h) => h.trim());
      this.header = header;
      this.width = header.length;
      this.columns = header.map(() => new TextColumn());
      const seen = new Map<string, number>();
      header.forEach((h, i) => {
        if (h === '') log.error({ code: 'csv_malformed', file, line: recordLine, message: `header field ${i + 1} is empty`, hint: 'give every column a name' });
        if (seen.has(h)) log.error({ code: 'csv_malformed', file, line: recordLine, column: h, message: `column name appears twice (fields ${seen.get(h)! + 1} and ${i + 1})`, hint: 'rename one of them' });
        seen.set(h, i);
      });
      return;
    }
    const width = this.width;
    const pending = this.pending;
    // a record of one empty field is a blank line
    const blank = fieldCount === 1 && pending[0] === '';
    if (!ok || blank || fieldCount !== width) {
      if (ok && !blank) {
        log.error({ code: 'csv_malformed', file, line: recordLine, message: `row has ${fieldCount} fields, the header has ${width}`, hint: 'check for an unquoted delimiter or a missing field; quote fields that contain the delimiter' });
      }
      return;
    }
    for (let j = 0; j < width; j++) columns[j]!.push(pending[j]!);
    if (this.rowCount === this.lines.length) {
      const grown = new Int32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[this.rowCount++] = recordLine;
  }
}
