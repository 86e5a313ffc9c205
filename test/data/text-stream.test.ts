import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../src/errors.js';
import { CsvParser, parseCsv } from '../../src/data/csv.js';
import { JsonLinesParser } from '../../src/data/json-lines.js';
import { readTable, readTextTable, type RawTable } from '../../src/data/raw-table.js';
import { TextColumn } from '../../src/data/text-column.js';
import { firstInvalidUtf8 } from '../../src/data/text-stream.js';
import { tempHistory } from '../helpers.js';

/** The bytes cut into pieces of the given sizes (cycled), as a re-readable source. */
const pieces = (bytes: Uint8Array, sizes: number[]) => (): Uint8Array[] => {
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
};

/** A raw table with its text columns read out cell by cell (`get`), to compare tables by value. */
const plain = (table: RawTable | undefined) => table && { ...table, columns: table.columns.map((c) => (c instanceof TextColumn ? c.toArray() : c)) };

const oneChunk = (text: string, format: 'csv' | 'jsonl') => {
  const log = new IssueLog();
  const bytes = Buffer.from(text);
  return readTextTable(() => [bytes], 'f', log, format).then((table) => ({ table: plain(table), issues: log.issues }));
};

const chunked = (text: string, format: 'csv' | 'jsonl', sizes: number[]) => {
  const log = new IssueLog();
  return readTextTable(pieces(Buffer.from(text), sizes), 'f', log, format).then((table) => ({ table: plain(table), issues: log.issues }));
};

// CSV made of the characters that matter at a chunk boundary: quotes, CR, LF, delimiters and
// characters of 2, 3 and 4 UTF-8 bytes
const csvText = fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '"', '""', '\n', '\r\n', '\r', ' ', 'é', '€', '😀', '1'), maxLength: 160 });
const sizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 });

describe('streaming readers', () => {
  it('CSV read in chunks of 1–64 bytes gives the same table and issues as one chunk (property)', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, sizes, async (text, cuts) => {
        expect(await chunked(text, 'csv', cuts)).toEqual(await oneChunk(text, 'csv'));
      }),
      { numRuns: 1500 },
    );
  });

  it('one chunk through the byte path equals parseCsv on the string', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        const log = new IssueLog();
        const t = parseCsv(text, 'f', log);
        const { table, issues } = await oneChunk(text, 'csv');
        expect(issues).toEqual(log.issues);
        expect(table!.columns).toEqual(t.columns);
        expect([...table!.lines]).toEqual([...t.lines]);
      }),
      { numRuns: 300 },
    );
  });

  it('JSON Lines read in chunks of 1–64 bytes gives the same table and issues as one chunk (property)', async () => {
    const value = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'é', '😀', '"', '\\', ' ') }), fc.integer(), fc.constant(null));
    const line = fc.oneof(
      fc.dictionary(fc.constantFrom('a', 'b', 'ç'), value).map((o) => JSON.stringify(o)),
      fc.constantFrom('', '  ', '{"a": oops}', '[1]', '{"a":1}\r'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.boolean(), sizes, async (lines, last, cuts) => {
        const text = lines.join('\n') + (last ? '\n' : '');
        expect(await chunked(text, 'jsonl', cuts)).toEqual(await oneChunk(text, 'jsonl'));
      }),
      { numRuns: 500 },
    );
  });

  it('a quoted field, a CRLF and a 4-byte character cut at every byte', async () => {
    const text = 'id,note\r\nA,"x\r\ny ""😀"" z"\r\nB,€\r\n';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const log = new IssueLog();
      const source = () => [bytes.subarray(0, cut), bytes.subarray(cut)];
      const t = await readTextTable(source, 'f', log, 'csv');
      expect(log.issues).toEqual([]);
      expect(plain(t)!.columns).toEqual([['A', 'B'], ['x\r\ny "😀" z', '€']]);
      expect([...t!.lines]).toEqual([2, 4]);
    }
  });

  it('holds at most one piece plus one record as text, however long the file (no string ceiling)', () => {
    // 200k pieces of 64 characters = 12.8 M characters pushed; never more than ~2 pieces held
    const log = new IssueLog();
    const parser = new CsvParser('big.csv', log);
    parser.push('lead_id,type,occurred_at\n');
    const record = 'L123456,email_open,2025-01-01T00:00:00Z\n';
    const stream = record.repeat(64);
    let held = 0;
    for (let k = 0; k < 3_000; k++) {
      for (let at = 0; at < stream.length; at += 64) {
        parser.push(stream.slice(at, at + 64));
        held = Math.max(held, parser.bufferedLength);
      }
    }
    const t = parser.end();
    expect(log.issues).toEqual([]);
    expect(t.rowCount).toBe(3_000 * 64);
    expect(held).toBeLessThan(64 + record.length);
  });

  it('locates bad UTF-8 with its line, position and byte offset, whatever the chunking', async () => {
    const bytes = Buffer.concat([Buffer.from('id,city\nA,Zé'), Buffer.from([0xfc]), Buffer.from('rich\n')]);
    for (const size of [1, 2, 3, 5, 64]) {
      const log = new IssueLog();
      expect(await readTextTable(pieces(bytes, [size]), 'f.csv', log, 'csv')).toBeUndefined();
      expect(log.issues).toMatchObject([{ code: 'encoding_invalid', line: 2, position: 5, message: 'text is not valid UTF-8 (byte 0xFC at byte offset 13)' }]);
    }
    // overlong, surrogate, past U+10FFFF, truncated at the end
    expect(await firstInvalidUtf8(() => [Buffer.from([0x61, 0xc0, 0x80])])).toMatchObject({ offset: 1 });
    expect(await firstInvalidUtf8(() => [Buffer.from([0x61, 0xed, 0xa0, 0x80])])).toMatchObject({ offset: 1 });
    expect(await firstInvalidUtf8(() => [Buffer.from([0xf4, 0x90, 0x80, 0x80])])).toMatchObject({ offset: 0 });
    expect(await firstInvalidUtf8(() => [Buffer.from('a😀\n'), Buffer.from([0x62, 0xe2, 0x82])])).toMatchObject({ line: 2, position: 2, offset: 7 });
    expect(await firstInvalidUtf8(() => [Buffer.from('a😀€\nb')])).toBeUndefined();
  });

  it('a UTF-16 byte-order mark is found when the first chunk is one byte', async () => {
    const log = new IssueLog();
    await readTextTable(pieces(Buffer.from([0xff, 0xfe, 0x6c, 0x00]), [1]), 'f.csv', log, 'csv');
    expect(log.issues[0]!.message).toMatch(/UTF-16/);
  });

  it('reads .csv.gz through a gunzip stream, and reports a truncated one', async () => {
    const text = `id,n\n${Array.from({ length: 5000 }, (_, i) => `L${i},${i}`).join('\n')}\n`;
    const gz = gzipSync(text);
    const dir = tempHistory({ 'a.csv.gz': gz, 'b.csv.gz': gz.subarray(0, gz.length >> 1) });
    const log = new IssueLog();
    const t = await readTable(`${dir}/a.csv.gz`, log);
    expect(t!.rowCount).toBe(5000);
    expect((t!.columns[1] as TextColumn).get(4999)).toBe('4999');
    expect(await readTable(`${dir}/b.csv.gz`, log)).toBeUndefined();
    expect(log.issues).toMatchObject([{ code: 'file_unreadable' }]);
  });

  it('the JSON Lines parser takes pieces', () => {
    const log = new IssueLog();
    const p = new JsonLinesParser('e.jsonl', log);
    p.push('{"a":1}\n{"a"');
    p.push(':2}\n');
    expect(p.end().columns.map((c) => c.toArray())).toEqual([['1', '2']]);
  });
});
