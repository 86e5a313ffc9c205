/**
 * JSON Lines (one JSON object per line) into text columns, fed in pieces of any size like the
 * CSV parser: a line cut by a piece's end waits for the next piece. Keys become columns in the
 * order first seen; a line that is not a JSON object is reported with its line and skipped.
 */
import type { IssueLog } from '../errors.js';
import { TextColumn } from './text-column.js';

/** Text columns read from JSON Lines, with each kept row's line. */
export interface JsonLinesTable {
  header: string[];
  columns: TextColumn[];
  lines: Int32Array;
  rowCount: number;
}

/**
 * The streaming JSON Lines reader: `push` pieces of text, then `end`.
 *
 * @example
 * const p = new JsonLinesParser('e.jsonl', log); p.push('{"a":1}\n{"a"'); p.push(':2}\n'); p.end().columns[0].toArray() // => ['1', '2']
 */
export class JsonLinesParser {
  private text = '';
  private started = false;
  private line = 0;
  private readonly header: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly columns: TextColumn[] = [];
  /** The cells of the line being read, by column. */
  private readonly cells: string[] = [];
  private readonly lines: number[] = [];
  private rowCount = 0;

  constructor(private readonly file: string, private readonly log: IssueLog) {}

  /** Parse the whole lines of a piece of text; the last, cut line waits for the next piece. */
  push(piece: string): void {
    this.text = this.text.length === 0 ? piece : this.text + piece;
    if (!this.started && this.text.length > 0) {
      if (this.text.charCodeAt(0) === 0xfeff) this.text = this.text.slice(1);
      this.started = true;
    }
    const text = this.text;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      this.readLine(text.slice(start, end));
      start = end + 1;
    }
    this.text = start === 0 ? text : text.slice(start);
  }

  /** Parse the last line (when not empty) and return the table. */
  end(): JsonLinesTable {
    if (this.text.trim() !== '') this.readLine(this.text);
    this.text = '';
    for (const column of this.columns) column.seal();
    return { header: this.header, columns: this.columns, lines: Int32Array.from(this.lines), rowCount: this.rowCount };
  }

  private readLine(lineText: string): void {
    const { file, log, columns } = this;
    const line = ++this.line;
    const body = lineText.trim();
    if (body === '') return;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      log.error({ code: 'json_malformed', file, line, message: `not valid JSON (${(e as Error).message})`, hint: 'each line must be one JSON object' });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      log.error({ code: 'json_malformed', file, line, message: 'line is not a JSON object', hint: 'each line must be one JSON object such as {"lead_id": "L1", …}' });
      return;
    }
    const cells = this.cells;
    for (const [key, v] of Object.entries(value)) {
      let j = this.index.get(key);
      if (j === undefined) {
        j = this.header.length;
        this.header.push(key);
        this.index.set(key, j);
        const column = new TextColumn();
        for (let i = 0; i < this.rowCount; i++) column.push('');
        columns.push(column);
        cells.push('');
      }
      cells[j] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    for (let j = 0; j < columns.length; j++) {
      columns[j]!.push(cells[j]!);
      cells[j] = '';
    }
    this.rowCount++;
    this.lines.push(line);
  }
}
