/**
 * A strict RFC 4180 CSV parser that fills columns directly (no row objects) and reports every
 * malformed record with its line: ragged rows, a quote inside an unquoted field, text after a
 * closing quote, an unterminated quoted field. Bad records are skipped and reported; the parser
 * never throws on input text.
 */
import type { IssueLog } from '../errors.js';

/** A parsed CSV: header names, one string array per column, and each row's starting line. */
export interface CsvTable {
  header: string[];
  columns: string[][];
  /** 1-based physical line on which each kept record starts (the header is line 1). */
  lines: Int32Array;
  rowCount: number;
  delimiter: string;
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
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const DELIM = delimiter.charCodeAt(0);
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  let header: string[] | undefined;
  let columns: string[][] = [];
  let width = 0;
  let lines = new Int32Array(1024);
  let rowCount = 0;
  // fields of a data record go straight into the columns (rolled back when the record is bad);
  // the header record is collected in `pending`
  const pending: string[] = [];
  let fieldCount = 0;
  const put = (value: string): void => {
    if (header === undefined) pending.push(value);
    else if (fieldCount < width) columns[fieldCount]!.push(value);
    fieldCount++;
  };

  while (pos < n) {
    const recordLine = line;
    pending.length = 0;
    fieldCount = 0;
    let ok = true;
    // read one record
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
            value += text.slice(chunk, pos);
            pos++;
            closed = true;
            break;
          }
          if (c === LF) line++;
          pos++;
        }
        if (!closed) {
          log.error({ code: 'csv_malformed', file, line: openLine, message: 'quoted field is never closed (unterminated quote)', hint: 'close the quote or double the quote characters inside the field ("")' });
          ok = false;
          break;
        }
        put(value);
        if (pos < n) {
          const c = text.charCodeAt(pos);
          if (c !== DELIM && c !== LF && c !== CR) {
            if (ok) log.error({ code: 'csv_malformed', file, line, message: `unexpected text after a closing quote in field ${fieldCount}`, hint: 'quote the whole field and double any quote inside it ("")' });
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
            log.error({ code: 'csv_malformed', file, line, message: `stray quote inside unquoted field ${fieldCount + 1}`, hint: 'wrap the field in quotes and double the quote ("")' });
            ok = false;
          }
          pos++;
        }
        put(pos > start ? text.slice(start, pos) : '');
      }
      if (pos >= n) break;
      const c = text.charCodeAt(pos);
      if (c === DELIM) {
        pos++;
        continue;
      }
      if (c === CR) pos++;
      if (pos < n && text.charCodeAt(pos) === LF) pos++;
      line++;
      break;
    }
    if (header === undefined) {
      if (!ok || (pending.length === 1 && pending[0] === '')) continue; // blank lines before the header
      header = pending.map((h) => h.trim());
      width = header.length;
      columns = header.map(() => []);
      const seen = new Map<string, number>();
      header.forEach((h, i) => {
        if (h === '') log.error({ code: 'csv_malformed', file, line: recordLine, message: `header field ${i + 1} is empty`, hint: 'give every column a name' });
        if (seen.has(h)) log.error({ code: 'csv_malformed', file, line: recordLine, column: h, message: `column name appears twice (fields ${seen.get(h)! + 1} and ${i + 1})`, hint: 'rename one of them' });
        seen.set(h, i);
      });
      continue;
    }
    // a record of one empty field is a blank line
    const blank = fieldCount === 1 && columns[0]![columns[0]!.length - 1] === '';
    if (!ok || blank || fieldCount !== width) {
      for (let j = 0; j < Math.min(fieldCount, width); j++) columns[j]!.pop();
      if (ok && !blank) {
        log.error({ code: 'csv_malformed', file, line: recordLine, message: `row has ${fieldCount} fields, the header has ${width}`, hint: 'check for an unquoted delimiter or a missing field; quote fields that contain the delimiter' });
      }
      continue;
    }
    if (rowCount === lines.length) {
      const grown = new Int32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[rowCount++] = recordLine;
  }
  return { header: header ?? [], columns, lines: lines.slice(0, rowCount), rowCount, delimiter };
}
