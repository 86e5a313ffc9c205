/**
 * Test helpers for SQL parity: load a history folder's `leads.csv` and `events.csv` into an
 * embedded DuckDB or a PostgreSQL schema (timestamps as `TIMESTAMP` in UTC), run a query, and
 * compare its `lead_id, score, fit, behavior, decay, segment` rows with the JavaScript scorer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { inject } from 'vitest';
import { IssueLog } from '../../src/errors.js';
import { parseCsv } from '../../src/data/csv.js';
import type { History } from '../../src/data/history.js';
import type { ScoreTable } from '../../src/model/score.js';
import { sqlIdent, sqlLiteral } from '../../src/model/sql.js';

export interface ScoreRow {
  lead_id: string;
  score: number;
  fit: number;
  behavior: number;
  decay: number;
  segment: string;
}

export interface SqlDatabase {
  name: string;
  query(sql: string): Promise<ScoreRow[]>;
  /** The query's rows as the driver returns them (SQL NULL as null). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const TIME_COLUMN: Record<string, string> = { leads: 'created_at', events: 'occurred_at' };

/**
 * DuckDB in memory with `leads` and `events` read by `read_csv`: column types auto-detected
 * (numbers become BIGINT/DOUBLE) or, with `allVarchar`, every column text; timestamps cast.
 */
export async function duckdbWith(dir: string, options: { allVarchar?: boolean } = {}): Promise<SqlDatabase> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  for (const table of ['leads', 'events']) {
    const time = TIME_COLUMN[table]!;
    const path = sqlLiteral(join(dir, `${table}.csv`));
    const varchar = options.allVarchar ? ', all_varchar = true' : '';
    await con.run(`CREATE TABLE ${table} AS SELECT * REPLACE (CAST(${time} AS TIMESTAMP) AS ${time}) FROM read_csv(${path}, header = true, types = {'${time}': 'VARCHAR'}${varchar})`);
  }
  return {
    name: options.allVarchar ? 'duckdb (all VARCHAR)' : 'duckdb',
    async query(sql) {
      const reader = await con.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((r) => ({ lead_id: String(r.lead_id), score: Number(r.score), fit: Number(r.fit), behavior: Number(r.behavior), decay: Number(r.decay), segment: String(r.segment) }));
    },
    async rows(sql) {
      return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    },
    async close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}

let schemaCounter = 0;

/**
 * PostgreSQL: a fresh schema holding `leads` and `events` inserted from the CSV files as TEXT
 * (empty fields as NULL), timestamps turned into `TIMESTAMP` (UTC), and the columns named in
 * `types` converted (e.g. `{ leads: { employees: 'BIGINT' } }`). The schema is dropped on close.
 */
export async function postgresWith(url: string, dir: string, types: Record<string, Record<string, string>> = {}): Promise<SqlDatabase> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `parity_${process.pid}_${++schemaCounter}`;
  await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  for (const table of ['leads', 'events']) {
    const csv = parseCsv(readFileSync(join(dir, `${table}.csv`), 'utf8'), `${table}.csv`, new IssueLog());
    const columns = csv.header.map((h) => sqlIdent(h));
    await client.query(`CREATE TABLE ${table} (${columns.map((c) => `${c} TEXT`).join(', ')})`);
    const arrays = csv.columns.map((col) => col.map((v) => (v === '' ? null : v)));
    await client.query(`INSERT INTO ${table} SELECT * FROM unnest(${columns.map((_, j) => `$${j + 1}::text[]`).join(', ')})`, arrays);
    const time = sqlIdent(TIME_COLUMN[table]!);
    await client.query(`ALTER TABLE ${table} ALTER COLUMN ${time} TYPE TIMESTAMP USING (${time}::timestamptz AT TIME ZONE 'UTC')`);
    for (const [column, type] of Object.entries(types[table] ?? {})) {
      const c = sqlIdent(column);
      await client.query(`ALTER TABLE ${table} ALTER COLUMN ${c} TYPE ${type} USING (trim(${c})::${type})`);
    }
  }
  return {
    name: 'postgres',
    async query(sql) {
      const result = await client.query(sql);
      return result.rows.map((r: Record<string, unknown>) => ({ lead_id: String(r.lead_id), score: Number(r.score), fit: Number(r.fit), behavior: Number(r.behavior), decay: Number(r.decay), segment: String(r.segment) }));
    },
    async rows(sql) {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    },
    async close() {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

export interface Parity {
  /** Leads scored by JavaScript. */
  leads: number;
  /** Lead ids the scorer has and the query lacks, and the other way round. */
  missing: string[];
  extra: string[];
  /** Largest absolute differences, per column. */
  maxAbsDiff: { score: number; fit: number; behavior: number; decay: number };
  /** Leads whose segment differs, as `id: js ≠ sql`. */
  segmentMismatches: string[];
  /** The lead with the largest score difference. */
  worst: string;
}

/** Compare the query's rows with `scoreAsOf` (absolute differences). */
export function compareScores(history: History, table: ScoreTable, rows: ScoreRow[]): Parity {
  const byId = new Map(rows.map((r) => [r.lead_id, r]));
  const seen = new Set<string>();
  const out: Parity = { leads: table.count, missing: [], extra: [], maxAbsDiff: { score: 0, fit: 0, behavior: 0, decay: 0 }, segmentMismatches: [], worst: '' };
  for (let i = 0; i < table.count; i++) {
    const id = history.leads.ids[table.lead[i]!]!;
    seen.add(id);
    const row = byId.get(id);
    if (!row) {
      out.missing.push(id);
      continue;
    }
    for (const key of ['score', 'fit', 'behavior', 'decay'] as const) {
      const d = Math.abs(row[key] - table[key][i]!);
      // NaN fails the tolerance check below
      const diff = Number.isNaN(d) ? Infinity : d;
      if (diff > out.maxAbsDiff[key]) {
        out.maxAbsDiff[key] = diff;
        if (key === 'score') out.worst = id;
      }
    }
    const segment = table.segmentNames[table.segment[i]!]!;
    if (row.segment !== segment) out.segmentMismatches.push(`${id}: ${segment} ≠ ${row.segment}`);
  }
  for (const r of rows) if (!seen.has(r.lead_id)) out.extra.push(r.lead_id);
  return out;
}

/** A test server from the global setup: its URL, or why there is none and whether tests may skip. */
export interface TestServer {
  url: string;
  problem: string;
  skip: boolean;
  /** A describe block's name, with the skip reason when skipping. */
  title: (name: string) => string;
  /** The URL, or an error saying why there is none. */
  require: () => string;
}

function testServer(label: string, url: string, problem: string, skip: boolean): TestServer {
  return {
    url,
    problem,
    skip,
    title: (name) => (skip ? `${name} (skipped: ${problem})` : name),
    require: () => {
      if (!url) throw new Error(problem || `no ${label} server`);
      return url;
    },
  };
}

/**
 * The test PostgreSQL server from the global setup: its URL, or why there is none and whether
 * tests may skip (only outside CI when PostgreSQL is not installed).
 */
export function testPostgres(): TestServer {
  return testServer('PostgreSQL', inject('postgresUrl'), inject('postgresProblem'), inject('postgresSkip'));
}

/** The test ClickHouse server from the global setup (`clickhouse.ts`), with the same policy. */
export function testClickHouse(): TestServer {
  return testServer('ClickHouse', inject('clickhouseUrl'), inject('clickhouseProblem'), inject('clickhouseSkip'));
}

/** One statement over ClickHouse's HTTP interface; rows of `FORMAT JSONEachRow` when it has one. */
export async function clickhouseQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(url, { method: 'POST', body: sql });
  const text = await response.text();
  if (!response.ok) throw new Error(`ClickHouse: ${text.trim()}`);
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The server's version as numbers (`[18, 16, 1]`). */
export async function clickhouseVersion(url: string): Promise<number[]> {
  const [row] = await clickhouseQuery(url, 'SELECT version() AS v FORMAT JSONEachRow');
  return String(row!.v).split('.').map(Number);
}

/**
 * ClickHouse: a fresh database holding `leads` and `events` from the CSV files, every column
 * `Nullable(String)` (empty fields as NULL) except the times, `DateTime64(3, 'UTC')`. Dropped on
 * close. Needs ClickHouse 21.9 or later (DateTime64 in JSON input, the query's CTEs and windows).
 */
export async function clickhouseWith(url: string, dir: string): Promise<SqlDatabase> {
  const database = `parity_${process.pid}_${++schemaCounter}`;
  const base = new URL(url);
  await clickhouseQuery(url, `CREATE DATABASE ${database}`);
  const inDb = new URL(base);
  inDb.searchParams.set('database', database);
  const at = inDb.toString();
  for (const table of ['leads', 'events']) {
    const csv = parseCsv(readFileSync(join(dir, `${table}.csv`), 'utf8'), `${table}.csv`, new IssueLog());
    const time = TIME_COLUMN[table]!;
    const columns = csv.header.map((h) => `${sqlIdent(h, 'clickhouse')} ${h === time ? "DateTime64(3, 'UTC')" : h === 'lead_id' ? 'String' : 'Nullable(String)'}`);
    await clickhouseQuery(at, `CREATE TABLE ${table} (${columns.join(', ')}) ENGINE = Memory`);
    const rows: string[] = [];
    for (let i = 0; i < (csv.columns[0]?.length ?? 0); i++) {
      const row: Record<string, string | null> = {};
      for (const [j, h] of csv.header.entries()) {
        const v = csv.columns[j]![i]!;
        row[h] = h === time ? new Date(v).toISOString().replace('T', ' ').replace('Z', '') : v === '' ? null : v;
      }
      rows.push(JSON.stringify(row));
    }
    await clickhouseQuery(at, `INSERT INTO ${table} FORMAT JSONEachRow\n${rows.join('\n')}`);
  }
  return {
    name: 'clickhouse',
    async query(sql) {
      const rows = await clickhouseQuery(at, `${sql.trimEnd().replace(/;$/, '')}\nFORMAT JSONEachRow`);
      return rows.map((r) => ({ lead_id: String(r.lead_id), score: Number(r.score), fit: Number(r.fit), behavior: Number(r.behavior), decay: Number(r.decay), segment: String(r.segment) }));
    },
    async rows(sql) {
      return clickhouseQuery(at, `${sql.trimEnd().replace(/;$/, '')}\nFORMAT JSONEachRow`);
    },
    async close() {
      await clickhouseQuery(url, `DROP DATABASE ${database}`);
    },
  };
}
