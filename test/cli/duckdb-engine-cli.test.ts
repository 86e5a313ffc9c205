// `--engine duckdb` through the real binary: with an events.parquet (or events.csv), `frame`
// builds the frame in DuckDB and `fit` fits from the pushed-down frame and pairs (the events
// never loaded in Node), printing and writing what the native engine does.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { synthWithParquetEvents, tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('leadcal frame --engine duckdb', () => {
  it('prints the same frame from Parquet events as the native engine from CSV (datasets/sample)', async () => {
    const dir = tempHistory({});
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    for (const table of ['leads', 'events', 'outcomes']) {
      await con.run(`COPY (SELECT * FROM read_csv('datasets/sample/${table}.csv.gz', header = true)) TO '${join(dir, `${table}.parquet`)}' (FORMAT parquet)`);
    }
    con.closeSync();
    db.closeSync();
    const native = leadcal('frame', 'datasets/sample', '--json', '--horizon', '60', '--every', '14');
    const duck = leadcal('frame', dir, '--engine', 'duckdb', '--json', '--horizon', '60', '--every', '14');
    expect(native.code).toBe(0);
    expect(duck.code, duck.stderr).toBe(0);
    expect(JSON.parse(duck.stdout)).toEqual(JSON.parse(native.stdout));
  }, 120_000);
});

/**
 * Equal JSON, numbers to `tolerance` (relative): the pair scorer sums each behaviour's weights
 * then multiplies by its points where the scorer adds each event's points, so scores, and the
 * probabilities and losses made from them, may differ in the last bits.
 */
function expectClose(actual: unknown, expected: unknown, tolerance: number, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))) expect(actual, path).toBe(expected);
    return;
  }
  if (expected && typeof expected === 'object' && actual && typeof actual === 'object') {
    expect(Object.keys(actual as object), path).toEqual(Object.keys(expected as object));
    for (const [k, v] of Object.entries(expected as object)) expectClose((actual as Record<string, unknown>)[k], v, tolerance, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

/** Native `fit` on `nativeDir` and `fit --engine duckdb` on `duckDir`: the same model file, the same report (AUCs exactly); returns the model file. */
function expectSameFit(nativeDir: string, duckDir: string, args: string[]): string {
  const out = tempHistory({});
  const native = leadcal('fit', nativeDir, ...args, '--json', '--out', join(out, 'native.yaml'));
  const duck = leadcal('fit', duckDir, '--engine', 'duckdb', ...args, '--json', '--out', join(out, 'duck.yaml'));
  expect(native.code, native.stderr).toBe(0);
  expect(duck.code, duck.stderr).toBe(0);
  expect(readFileSync(join(out, 'duck.yaml'), 'utf8')).toBe(readFileSync(join(out, 'native.yaml'), 'utf8'));
  const [n, d] = [JSON.parse(native.stdout), JSON.parse(duck.stdout)];
  expect(d.metrics.train.auc).toBe(n.metrics.train.auc);
  expect(d.metrics.test.auc).toBe(n.metrics.test.auc);
  expectClose(d, n, 1e-12);
  return join(out, 'native.yaml');
}

describe('leadcal fit --engine duckdb', () => {
  it('fits datasets/sample from its events.csv.gz pushed down: the same model file and test AUC as the native fit', () => {
    const args = ['--test-from', '2025-08-01', '--no-intervals'];
    const model = expectSameFit('datasets/sample', 'datasets/sample', args);
    // shrunk toward a fitted model (last quarter's): its prior AUC scored from the pairs too
    expectSameFit('datasets/sample', 'datasets/sample', [...args, '--prior', model, '--l2', '3']);
    // the path taken: the events were never loaded in Node
    const text = leadcal('fit', 'datasets/sample', '--engine', 'duckdb', ...args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/frame and behaviours built in DuckDB from datasets\/sample\/events\.csv\.gz: 2\d\d,\d{3} events \(not loaded\)/);
    expect(text.stdout).toMatch(/test AUC 0\.\d{3}/);
  }, 240_000);

  it('fits a synthetic history from events.parquet: the same model, test AUC and folds with a stratified split', async () => {
    const dir = await synthWithParquetEvents(1500, 5);
    const pushed = tempHistory({});
    for (const table of ['leads', 'outcomes']) copyFileSync(join(dir, 'h', `${table}.csv`), join(pushed, `${table}.csv`));
    copyFileSync(join(dir, 'events.parquet'), join(pushed, 'events.parquet'));
    expectSameFit(join(dir, 'h'), pushed, ['--test-share', '0.3', '--folds', '3', '--every', '14', '--horizon', '60', '--min-support', '30']);
  }, 240_000);

  it('says what DuckDB could not read, and where the row-level report is', () => {
    const dir = tempHistory({ 'leads.csv': 'lead_id,created_at\nL1,2025-01-01T00:00:00Z\n', 'events.csv': 'lead_id,type,occurred_at\nL1,visit,yesterday\n', 'outcomes.csv': 'lead_id,stage,occurred_at\nL1,sql,2025-02-01T00:00:00Z\n' });
    const r = leadcal('fit', dir, '--engine', 'duckdb');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/events\.csv: DuckDB could not read the events: .*"yesterday".* — run without --engine duckdb/);
  }, 60_000);
});
