import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IssueLog, detectDelimiter, parseCsv, readHistory } from '../../src/index.js';
import { tempHistory } from '../helpers.js';

// RFC 4180 writer used as the oracle for round trips.
const quote = (s: string): string => (/[",\n\r]/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s);

describe('parseCsv', () => {
  it('parses quoted fields, doubled quotes, CRLF and a BOM', () => {
    const log = new IssueLog();
    const t = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n1,\r\n', 'f.csv', log);
    expect(t.header).toEqual(['a', 'b']);
    expect(t.columns).toEqual([['x, y', '1'], ['say "hi"', '']]);
    expect([...t.lines]).toEqual([2, 3]);
    expect(log.issues).toEqual([]);
  });

  it('detects the delimiter from the header', () => {
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
  });

  it('reports duplicate and empty header names', () => {
    const log = new IssueLog();
    parseCsv('a,a,\n1,2,3\n', 'f.csv', log);
    expect(log.issues.map((i) => i.message)).toEqual(['column name appears twice (fields 1 and 2)', 'header field 3 is empty']);
  });

  it('round-trips any table written by an RFC 4180 writer (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '1') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 8 }), (width, rows) => {
        const header = Array.from({ length: width }, (_, j) => `c${j}`);
        const body = rows.map((r) => r.slice(0, width));
        // a single empty field is a blank line by convention: skip such rows in the oracle
        const kept = body.filter((r) => !(width === 1 && r[0] === ''));
        const text = [header, ...kept].map((r) => r.map(quote).join(',')).join('\n') + '\n';
        const log = new IssueLog();
        const t = parseCsv(text, 'f.csv', log, { delimiter: ',' });
        expect(log.issues).toEqual([]);
        expect(t.rowCount).toBe(kept.length);
        for (let j = 0; j < width; j++) expect(t.columns[j]).toEqual(kept.map((r) => r[j]));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '\n', '\r', '\t', ' ', '\u0000', 'ÿ') , maxLength: 200 }), (text) => {
        const log = new IssueLog();
        const t = parseCsv(text, 'f.csv', log);
        for (const col of t.columns) expect(col.length).toBe(t.rowCount);
        expect(t.lines.length).toBe(t.rowCount);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readHistory never crashes on garbage (fuzz)', () => {
  it('random bytes in every table give issues, not exceptions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200 }), async (a, b, c) => {
        const dir = tempHistory({ 'leads.csv': a, 'events.csv': b, 'outcomes.csv': `lead_id,stage,occurred_at\n${c}` });
        const report = await readHistory(dir);
        expect(Array.isArray(report.issues)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('random edits of a valid history give issues, not exceptions', async () => {
    const base = 'lead_id,created_at,industry\nL1,2025-01-01T00:00:00Z,software\nL2,2025-01-02T00:00:00Z,"re,tail"\n';
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: base.length - 1 }), fc.constantFrom('"', ',', '\n', '', 'x', '\r', '\u00ff'), async (at, ch) => {
        const edited = base.slice(0, at) + ch + base.slice(at + 1);
        const dir = tempHistory({ 'leads.csv': edited, 'events.csv': 'lead_id,type,occurred_at\n', 'outcomes.csv': 'lead_id,stage,occurred_at\nL1,sql,2025-02-01T00:00:00Z\n' });
        const report = await readHistory(dir);
        expect(report.errors + report.warnings).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});
