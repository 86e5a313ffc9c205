import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/index.js';
import { csv, day, tempHistory } from '../helpers.js';

async function toParquet(csvPath: string, parquetPath: string, select = '*'): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (SELECT ${select} FROM read_csv('${csvPath}', header = true)) TO '${parquetPath}' (FORMAT parquet)`);
  con.closeSync();
  db.closeSync();
}

describe('Parquet and large CSV through DuckDB', () => {
  const leads = csv('lead_id,created_at,employees,industry', [`L1,${day(0)},120,software`, `L2,${day(1)},,retail`]);
  const events = csv('lead_id,type,occurred_at,page', [`L1,page_view,${day(2)},pricing`, `L2,email_open,${day(3)},`, `L1,page_view,${day(1.5)},blog`]);
  const outcomes = csv('lead_id,stage,occurred_at', [`L1,sql,${day(20)}`]);

  it('reads Parquet tables with typed timestamps and numbers into the same history', async () => {
    const src = tempHistory({ 'leads.csv': leads, 'events.csv': events, 'outcomes.csv': outcomes });
    const dir = tempHistory({});
    await toParquet(join(src, 'leads.csv'), join(dir, 'leads.parquet'), "lead_id, created_at::TIMESTAMPTZ AS created_at, employees::INTEGER AS employees, industry");
    await toParquet(join(src, 'events.csv'), join(dir, 'events.parquet'));
    await toParquet(join(src, 'outcomes.csv'), join(dir, 'outcomes.parquet'));
    const fromCsv = (await readHistory(src)).history!;
    const report = await readHistory(dir);
    expect(report.issues).toEqual([]);
    const h = report.history!;
    expect(h.leads.ids).toEqual(fromCsv.leads.ids);
    expect([...h.leads.createdMs]).toEqual([...fromCsv.leads.createdMs]);
    expect(h.leads.attributes.employees!.kind).toBe('number');
    expect([...h.events.occurredMs]).toEqual([...fromCsv.events.occurredMs]);
    expect([...h.events.lead]).toEqual([0, 0, 1]);
    expect(h.outcomes.reachMs[1]![0]).toBe(fromCsv.outcomes.reachMs[1]![0]);
  });

  it('reads CSV with --engine duckdb the same way as the native parser', async () => {
    const dir = tempHistory({ 'leads.csv': leads, 'events.csv': events, 'outcomes.csv': outcomes });
    const native = (await readHistory(dir)).history!;
    const duck = (await readHistory(dir, { engine: 'duckdb' })).history!;
    expect(duck.leads.ids).toEqual(native.leads.ids);
    expect([...duck.events.occurredMs]).toEqual([...native.events.occurredMs]);
    expect(duck.events.type.values).toEqual(native.events.type.values);
  });

  it('both engines give identical frames on datasets/sample (DuckDB read chunk by chunk)', async () => {
    const { buildFrame } = await import('../../src/frame/frame.js');
    const native = (await readHistory('datasets/sample')).history!;
    const duck = (await readHistory('datasets/sample', { engine: 'duckdb' })).history!;
    const options = { target: 'sql' as const, horizonDays: 90, schedule: { kind: 'every' as const, days: 30 } };
    expect(buildFrame(duck, options)).toEqual(buildFrame(native, options));
    expect(duck.events.columns).toEqual(native.events.columns);
    expect(duck.leads.attributes).toEqual(native.leads.attributes);
  });

  it('both engines give identical histories and frames on a synthetic history (CSV, and Parquet typed by DuckDB)', async () => {
    const { buildFrame } = await import('../../src/frame/frame.js');
    const { writeGeneratedHistory } = await import('../../src/synth/write.js');
    const dir = join(tempHistory({}), 'h');
    await writeGeneratedHistory(dir, { leads: 800, seed: 3 });
    const parquet = tempHistory({});
    await toParquet(join(dir, 'leads.csv'), join(parquet, 'leads.parquet'));
    await toParquet(join(dir, 'events.csv'), join(parquet, 'events.parquet'));
    await toParquet(join(dir, 'outcomes.csv'), join(parquet, 'outcomes.parquet'));
    const native = (await readHistory(dir)).history!;
    const options = { horizonDays: 60, schedule: { kind: 'every' as const, days: 21 } };
    for (const duck of [(await readHistory(dir, { engine: 'duckdb' })).history!, (await readHistory(parquet)).history!]) {
      expect(buildFrame(duck, options)).toEqual(buildFrame(native, options));
      expect(duck.leads.ids).toEqual(native.leads.ids);
      expect(duck.events.type).toEqual(native.events.type);
      expect(duck.events.lead).toEqual(native.events.lead);
      expect(duck.events.occurredMs).toEqual(native.events.occurredMs);
      expect(duck.events.columns).toEqual(native.events.columns);
      expect(duck.outcomes.reachMs).toEqual(native.outcomes.reachMs);
    }
    // CSV through DuckDB keeps our typing rules: the attributes are typed exactly as natively
    expect((await readHistory(dir, { engine: 'duckdb' })).history!.leads.attributes).toEqual(native.leads.attributes);
  }, 60_000);

  it('a corrupt Parquet file is an error, not a crash', async () => {
    const dir = tempHistory({ 'leads.parquet': 'not parquet at all', 'events.csv': 'lead_id,type,occurred_at\n', 'outcomes.csv': 'lead_id,stage,occurred_at\n' });
    const report = await readHistory(dir);
    expect(report.issues[0]).toMatchObject({ code: 'file_unreadable', severity: 'error' });
  });
});
