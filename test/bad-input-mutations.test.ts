// Issue #20, acceptance: fast-check mutations of a small clean history (random bytes, cut lines,
// swapped columns, outlier dates, extreme numbers, hostile names). Every mutation ends in a
// clear error (an error issue naming its file, and its line or column, never an internal
// error) or a correct result (the history loads, the model scores every lead with finite
// points, the SQL export runs); the input files are unchanged afterwards.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeadcalError, fitScoringModel, modelToSql, readHistory, readModel, scoreAsOf } from '../src/index.js';
import { setWarningSink } from '../src/warnings.js';

const BASE = resolve(import.meta.dirname, 'fixtures', 'bad', 'base');
const TABLES = ['leads.csv', 'events.csv', 'outcomes.csv'] as const;
const model = readModel(join(BASE, 'model.yaml'));

type Mutation =
  | { kind: 'bytes'; table: number; at: number; bytes: number[] }
  | { kind: 'cut'; table: number; at: number }
  | { kind: 'dropLine'; table: number; line: number }
  | { kind: 'swapColumns'; table: number; a: number; b: number }
  | { kind: 'date'; table: number; line: number; year: number }
  | { kind: 'number'; line: number; value: string }
  | { kind: 'name'; line: number; value: string };

const HOSTILE = ['__proto__', 'constructor', 'toString', "'; DROP TABLE leads; --", '=cmd|\' /C calc\'!A0', '"multi\nline"', '"a ""quoted"" value"', 'ünïcødé ✓', '\\', '$$', '-- comment'];
const EXTREME = ['1e308', '-1e308', '1e-320', '0', '-0', '9007199254740993', '123456789012345678901234567890', '1e999', 'NaN', ' 7 ', '+5', '.5', '5.'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('bytes' as const), table: fc.nat(2), at: fc.nat(4000), bytes: fc.array(fc.nat(255), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('cut' as const), table: fc.nat(2), at: fc.nat(4000) }),
  fc.record({ kind: fc.constant('dropLine' as const), table: fc.nat(2), line: fc.nat(60) }),
  fc.record({ kind: fc.constant('swapColumns' as const), table: fc.nat(2), a: fc.nat(3), b: fc.nat(3) }),
  fc.record({ kind: fc.constant('date' as const), table: fc.nat(2), line: fc.integer({ min: 1, max: 25 }), year: fc.constantFrom(1900, 1969, 2052, 2125, 9999) }),
  fc.record({ kind: fc.constant('number' as const), line: fc.integer({ min: 1, max: 60 }), value: fc.constantFrom(...EXTREME) }),
  fc.record({ kind: fc.constant('name' as const), line: fc.integer({ min: 1, max: 60 }), value: fc.constantFrom(...HOSTILE) }),
);

/** Apply a mutation to the text of one table (by line and CSV cell, or by byte). */
function apply(m: Mutation, files: Record<string, Buffer>): void {
  const name = m.kind === 'number' || m.kind === 'name' ? 'leads.csv' : TABLES[m.table]!;
  const buf = files[name]!;
  if (m.kind === 'bytes') {
    const at = m.at % buf.length;
    files[name] = Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(at + m.bytes.length)]);
    return;
  }
  if (m.kind === 'cut') { files[name] = buf.subarray(0, m.at % buf.length); return; }
  const lines = buf.toString('utf8').split('\n');
  const at = (line: number): number => 1 + (line % Math.max(1, lines.length - 2));
  if (m.kind === 'dropLine') lines.splice(at(m.line), 1);
  else if (m.kind === 'swapColumns') {
    const header = lines[0]!.split(',');
    const a = m.a % header.length;
    const b = m.b % header.length;
    [header[a], header[b]] = [header[b]!, header[a]!];
    lines[0] = header.join(',');
  } else {
    const k = at(m.line);
    const cells = lines[k]!.split(',');
    if (m.kind === 'date') {
      const j = cells.findIndex((c) => /^\d{4}-\d\d-\d\dT/.test(c));
      if (j >= 0) cells[j] = `${m.year}${cells[j]!.slice(4)}`;
    } else if (m.kind === 'number') cells[3] = m.value;
    else cells[2] = m.value;
    lines[k] = cells.join(',');
  }
  files[name] = Buffer.from(lines.join('\n'), 'utf8');
}

function checksum(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

describe('fast-check mutations of a clean history (#20)', () => {
  it('every mutation ends in a clear error or a correct result, and the inputs are untouched', async () => {
    const previous = setWarningSink(() => {});
    const seen = { thrown: 0, errors: 0, correct: 0 };
    try {
      await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const dir = mkdtempSync(join(tmpdir(), 'leadcal-mutant-'));
        cpSync(BASE, dir, { recursive: true });
        const files = Object.fromEntries(TABLES.map((t) => [t, readFileSync(join(dir, t))]));
        for (const m of mutations) apply(m, files);
        for (const t of TABLES) writeFileSync(join(dir, t), files[t]!);
        const before = checksum(dir);
        let report;
        try {
          report = await readHistory(dir);
        } catch (e) {
          // only a LeadcalError that names what is wrong may escape, never an internal error
          expect(e, String(e)).toBeInstanceOf(LeadcalError);
          expect((e as LeadcalError).issues.every((i) => i.code !== 'internal'), String(e)).toBe(true);
          seen.thrown++;
          return;
        }
        expect(checksum(dir)).toBe(before);
        const errors = report.issues.filter((i) => i.severity === 'error');
        for (const i of errors) {
          expect(i.code, JSON.stringify(i)).not.toBe('internal');
          expect(i.file ?? i.column, `an error names where: ${JSON.stringify(i)}`).toBeTruthy();
          if (i.file && i.code !== 'file_missing' && i.code !== 'table_empty') expect(i.line !== undefined || i.column !== undefined, JSON.stringify(i)).toBe(true);
        }
        if (errors.length || !report.history) { seen.errors++; return; }
        seen.correct++;
        // a correct result: every lead scores with finite points, and the SQL export builds
        const h = report.history;
        const table = scoreAsOf(model, h, h.untilMs + 1);
        for (let k = 0; k < table.count; k++) expect(Number.isFinite(table.score[k]!), `score of ${h.leads.ids[table.lead[k]!]}`).toBe(true);
        expect(modelToSql(model, { dialect: 'duckdb', asOfMs: h.untilMs + 1 })).toMatch(/^--|WITH/);
      }), { numRuns: 150, seed: 20 });
      console.info(`mutations: ${seen.errors} clear errors, ${seen.thrown} thrown LeadcalErrors, ${seen.correct} correct results`);
      // the generator must exercise both outcomes, or the property proves nothing
      expect(seen.errors).toBeGreaterThan(10);
      expect(seen.correct).toBeGreaterThan(10);
    } finally {
      setWarningSink(previous);
    }
  }, 120_000);
});

describe('resource abuse (#20 finding 8)', () => {
  it('5,000 extra columns: validated and fitted in seconds, each column typed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadcal-wide-'));
    cpSync(BASE, dir, { recursive: true });
    const lines = readFileSync(join(dir, 'leads.csv'), 'utf8').trimEnd().split('\n');
    const extra = (j: number): string => Array.from({ length: 5000 }, (_, i) => (j < 0 ? `x${i}` : String((j * 7 + i) % 13))).join(',');
    writeFileSync(join(dir, 'leads.csv'), `${lines.map((l, j) => `${l},${extra(j - 1)}`).join('\n')}\n`);
    const started = Date.now();
    const report = await readHistory(dir);
    expect(report.errors).toBe(0);
    expect(Object.keys(report.history!.leads.attributes).length).toBe(5002);
    const previous = setWarningSink(() => {});
    try {
      fitScoringModel(report.history!, { frame: { target: 'sql', horizonDays: 30, schedule: { kind: 'asOfAge', days: 1 } }, force: true, intervals: false });
    } finally {
      setWarningSink(previous);
    }
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
