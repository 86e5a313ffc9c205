// `--engine duckdb` through the real binary: with an events.parquet, `frame` builds the frame in
// DuckDB (the events never loaded in Node) and prints what the native engine prints.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { tempHistory } from '../helpers.js';

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
