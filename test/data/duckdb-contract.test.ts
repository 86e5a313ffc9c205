// Finding 7 of issue #20: one contract for both engines. A CSV that the native reader rejects
// gets the same errors, with the same file:line, through --engine duckdb (DuckDB used to keep
// `"healthcare` as a value and rename a duplicate header to industry_1); a valid 10 MB quoted
// field reads; Parquet TIMESTAMPTZ columns are instants whatever the machine's time zone.
import { spawnSync } from 'node:child_process';
import { cpSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/data/load.js';
import { formatIssue } from '../../src/errors.js';
import { tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BAD = join(ROOT, 'test', 'fixtures', 'bad');

describe('the DuckDB engine gives the native reader\'s errors', () => {
  for (const file of ['leads.unterminated-quote.csv', 'leads.duplicate-header.csv', 'leads.ragged-row.csv']) {
    it(file, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'leadcal-engines-'));
      cpSync(join(BAD, 'base'), dir, { recursive: true });
      copyFileSync(join(BAD, file), join(dir, 'leads.csv'));
      const native = await readHistory(dir);
      const duckdb = await readHistory(dir, { engine: 'duckdb' });
      expect(native.errors).toBeGreaterThan(0);
      expect(duckdb.issues.map(formatIssue)).toEqual(native.issues.map(formatIssue));
    });
  }

  it('a valid 10 MB quoted field is read, not an error', async () => {
    const big = 'x'.repeat(10_000_000);
    const dir = tempHistory({
      'leads.csv': `lead_id,created_at,note\nL1,2025-01-01T00:00:00Z,a\nL2,2025-01-02T00:00:00Z,b\nL3,2025-01-03T00:00:00Z,"${big}"\n`,
      'events.csv': 'lead_id,type,occurred_at\n',
      'outcomes.csv': 'lead_id,stage,occurred_at\n',
    });
    const r = await readHistory(dir, { engine: 'duckdb' });
    expect(r.errors).toBe(0);
    const note = r.history!.leads.attributes.note!;
    expect(note.kind === 'category' && note.values[note.codes[2]!]!.length).toBe(big.length);
  });
});

describe('CSV time columns through DuckDB (#22: converted in SQL when every value is zoned ISO 8601)', () => {
  const same = async (files: Record<string, string>, timezone?: string) => {
    const dir = tempHistory(files);
    const options = timezone === undefined ? {} : { timezone };
    const native = await readHistory(dir, options);
    const duckdb = await readHistory(dir, { ...options, engine: 'duckdb' });
    expect(duckdb.issues.map(formatIssue)).toEqual(native.issues.map(formatIssue));
    expect(Array.from(duckdb.history?.events.occurredMs ?? [])).toEqual(Array.from(native.history?.events.occurredMs ?? []));
    expect(Array.from(duckdb.history?.leads.createdMs ?? [])).toEqual(Array.from(native.history?.leads.createdMs ?? []));
    return native;
  };
  const leads = 'lead_id,created_at\nL1,2025-01-01T00:00:00Z\nL2,2025-01-02 10:00:00+02:00\n';
  it('zoned values, offsets, a space separator and milliseconds give the native instants', async () => {
    const r = await same({ 'leads.csv': leads, 'events.csv': 'lead_id,type,occurred_at\nL1,visit,2025-01-03T10:00:00.250Z\nL2,visit,2025-01-04T23:59:59-05:00\nL1,visit,2025-01-05 00:00:00+14:00\n', 'outcomes.csv': 'lead_id,stage,occurred_at\nL1,mql,2025-02-01T00:00:00Z\n' });
    expect(r.errors).toBe(0);
  });
  it('a column with a zoneless, an invalid or an empty value is read as text: the same notes and errors at the same lines', async () => {
    await same({ 'leads.csv': leads, 'events.csv': 'lead_id,type,occurred_at\nL1,visit,2025-01-03T10:00:00Z\nL2,visit,2025-01-04T10:00:00\n', 'outcomes.csv': 'lead_id,stage,occurred_at\n' }, '+02:00');
    const bad = await same({ 'leads.csv': leads, 'events.csv': 'lead_id,type,occurred_at\nL1,visit,2025-02-30T10:00:00Z\nL2,visit,\nL2,visit,2025-01-04T24:00:00Z\n', 'outcomes.csv': 'lead_id,stage,occurred_at\n' });
    expect(bad.errors).toBe(3);
  });
});

describe('Parquet TIMESTAMPTZ is read as instants', () => {
  it('under TZ=America/New_York and TZ=Asia/Kolkata as under UTC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadcal-tz-'));
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    await con.run("SET TimeZone = 'UTC'");
    await con.run(`COPY (SELECT 'L1' AS lead_id, TIMESTAMPTZ '2025-03-01 12:00:00+00' AS created_at, TIMESTAMP '2025-03-02 08:30:00' AS plain) TO '${join(dir, 'leads.parquet')}' (FORMAT parquet)`);
    con.closeSync();
    instance.closeSync();
    const script = join(dir, 'read.mts');
    writeFileSync(script, `import { readTable } from ${JSON.stringify(join(ROOT, 'src', 'data', 'raw-table.ts'))};\nimport { IssueLog } from ${JSON.stringify(join(ROOT, 'src', 'errors.ts'))};\nconst t = await readTable(process.argv[2]!, new IssueLog());\nconsole.log(JSON.stringify([t!.columns[1]![0], t!.columns[2]![0]]));\n`);
    for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, join(dir, 'leads.parquet')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: tz } });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout), tz).toEqual([Date.UTC(2025, 2, 1, 12), Date.UTC(2025, 2, 2, 8, 30)]);
    }
  }, 60_000);
});
