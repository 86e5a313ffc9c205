/**
 * RFC 4180 CSV text for generated tables: fields containing a comma, quote, CR or LF are
 * quoted (quotes doubled), lines end with `\n`, and the last line ends with `\n` too.
 */
import type { Table } from './columns.js';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field.
 *
 * @example
 * csvField('plain'); // => 'plain'
 * csvField('a,"b"'); // => '"a,""b"""'
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * One CSV line (with its `\n`).
 *
 * @example
 * csvLine(['a', 'b c', 'x,y']); // => 'a,b c,"x,y"\n'
 */
export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i += 1) {
    if (i > 0) line += ',';
    line += csvField(fields[i] ?? '');
  }
  return `${line}\n`;
}

/**
 * CSV text of a table in chunks of about `rowsPerChunk` rows (the header opens the first).
 *
 * @example
 * [...csvChunks({ header: ['a'], rows: [['1'], ['2']] }, 1)]; // => ['a\n1\n', '2\n']
 */
export function* csvChunks(table: Table, rowsPerChunk = 10_000): Generator<string> {
  let chunk = csvLine(table.header);
  let inChunk = 0;
  for (const row of table.rows) {
    chunk += csvLine(row);
    inChunk += 1;
    if (inChunk >= rowsPerChunk) {
      yield chunk;
      chunk = '';
      inChunk = 0;
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * Whole CSV text of a table.
 *
 * @example
 * tableToCsv({ header: ['id', 'note'], rows: [['1', 'say "hi"']] }); // => 'id,note\n1,"say ""hi"""\n'
 */
export function tableToCsv(table: Table): string {
  let text = '';
  for (const chunk of csvChunks(table)) text += chunk;
  return text;
}
