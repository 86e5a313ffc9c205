import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../src/errors.js';
import { CsvParser } from '../../src/data/csv.js';
import { BLOCK_CELLS, INTERN_CHECK, TextColumn } from '../../src/data/text-column.js';

describe('TextColumn', () => {
  it('stays a dictionary while values repeat, with codes in order of first appearance', () => {
    const texts = Array.from({ length: 50_000 }, (_, i) => ['email_open', 'page_view', '', 'é😀'][i % 4]!);
    const c = TextColumn.from(texts);
    expect(c.length).toBe(texts.length);
    expect(c.dictionary?.values).toEqual(['email_open', 'page_view', '', 'é😀']);
    expect([...c.dictionary!.codes.subarray(0, 5)]).toEqual([0, 1, 2, 3, 0]);
    expect(c.toArray()).toEqual(texts);
  });

  it('switches to packed blocks once mostly distinct, and reads every cell back across many blocks', () => {
    const n = 5 * BLOCK_CELLS + 123;
    const texts = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? '' : `2025-01-01T00:00:${String(i).padStart(6, '0')}Z${i % 3 === 0 ? ' é' : ''}`));
    const c = new TextColumn();
    for (let i = 0; i < n; i++) {
      c.push(texts[i]!);
      // readable at any time, in the dictionary, in closed blocks and in the open one
      if (i === INTERN_CHECK || i === BLOCK_CELLS - 1 || i === BLOCK_CELLS || i === n - 1) {
        for (const k of [0, i >> 1, i - 1, i].filter((k) => k >= 0)) expect(c.get(k)).toBe(texts[k]);
      }
    }
    c.seal();
    expect(c.dictionary).toBeUndefined();
    for (let i = 0; i < n; i++) if (c.get(i) !== texts[i]) expect(c.get(i)).toBe(texts[i]);
    // block edges: the last cell of a block, the first of the next
    for (const k of [BLOCK_CELLS - 1, BLOCK_CELLS, 2 * BLOCK_CELLS - 1, 5 * BLOCK_CELLS]) expect(c.get(k)).toBe(texts[k]);
    expect(c.take(Int32Array.of(n - 1, 0, BLOCK_CELLS)).toArray()).toEqual([texts[n - 1], texts[0], texts[BLOCK_CELLS]]);
  });

  it('holds canonical UTC timestamps as epoch ms, writes them back exactly, and turns packed at the first other text', () => {
    const n = 3 * INTERN_CHECK;
    const texts = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? '' : new Date(Date.UTC(2025, 0, 1) + i * 61_000).toISOString().replace('.000Z', 'Z')));
    const c = TextColumn.from(texts);
    expect(c.form).toBe('instant');
    expect(c.toArray()).toEqual(texts);
    expect(c.instantAt(1)).toBe(Date.UTC(2025, 0, 1) + 61_000);
    expect(c.instantAt(0)).toBeNaN();
    expect(c.take([5, 0]).toArray()).toEqual([texts[5], '']);
    // not the canonical shape: a zone offset, a fraction, a leap second, a date alone
    for (const odd of ['2025-01-01T00:00:00+01:00', '2025-01-01T00:00:00.5Z', '2025-01-01T00:00:60Z', '2025-01-01']) {
      const d = TextColumn.from(texts);
      d.push(odd);
      d.push(texts[1]!);
      expect(d.form).toBe('packed');
      expect(d.toArray()).toEqual([...texts, odd, texts[1]]);
      expect(d.instantAt(1)).toBeNaN();
    }
    // a column with one odd value among the first thousands never becomes instant
    expect(TextColumn.from(['2025-13-01T00:00:00Z', ...texts]).form).toBe('packed');
  });

  it('a packed column appends after seal, and fromCodes reads negative codes as empty', () => {
    const c = TextColumn.from(['a', 'b'], true);
    c.push('c');
    expect(c.toArray()).toEqual(['a', 'b', 'c']);
    const d = TextColumn.fromCodes(Int32Array.of(1, -1, 0), ['x', 'y']);
    expect(d.toArray()).toEqual(['y', '', 'x']);
    d.push('z');
    d.push('y');
    expect(d.toArray()).toEqual(['y', '', 'x', 'z', 'y']);
    expect(d.take([3, 1]).toArray()).toEqual(['z', '']);
  });

  it('any sequence of pushes reads back the same through get (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '😀', ' ', ''), maxLength: 30 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 300 }), fc.boolean(), (texts, packed) => {
        const c = new TextColumn(packed);
        for (const t of texts) c.push(t);
        expect(c.toArray()).toEqual(texts);
        expect(c.seal().toArray()).toEqual(texts);
      }),
      { numRuns: 200 },
    );
  });
});

describe('CsvParser into text columns', () => {
  it('a column past the dictionary limit, cut into pieces at every size, reads back cell by cell', () => {
    const rows = 3 * BLOCK_CELLS + 17;
    const lines = Array.from({ length: rows }, (_, i) => `L${i % 100},"t ${i}, ""q""",${i % 5 === 0 ? '' : `x${i}`}\r\n`);
    const text = `id,note,extra\r\n${lines.join('')}`;
    for (const size of [1, 7, 64, 4096]) {
      const log = new IssueLog();
      const parser = new CsvParser('f.csv', log);
      for (let at = 0; at < text.length; at += size) parser.push(text.slice(at, at + size));
      const t = parser.end();
      expect(log.issues).toEqual([]);
      expect(t.rowCount).toBe(rows);
      expect(t.columns[0]!.dictionary?.values.length).toBe(100);
      expect(t.columns[1]!.dictionary).toBeUndefined();
      for (let i = 0; i < rows; i += 97) {
        expect(t.columns[0]!.get(i)).toBe(`L${i % 100}`);
        expect(t.columns[1]!.get(i)).toBe(`t ${i}, "q"`);
        expect(t.columns[2]!.get(i)).toBe(i % 5 === 0 ? '' : `x${i}`);
      }
      expect(t.lines[rows - 1]).toBe(rows + 1);
    }
  });
});
