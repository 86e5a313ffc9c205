/**
 * Golden SQL: the query `modelToSql` writes for the representative model
 * `test/fixtures/sql/model.yaml` in every dialect, committed as `test/fixtures/sql/<dialect>.sql`.
 * A change to the generated SQL shows up here as a diff to review; after reviewing, regenerate
 * the files with
 *
 *     LEADCAL_UPDATE_GOLDEN=1 npx vitest run test/model/sql-golden.test.ts
 *
 * DuckDB, PostgreSQL (and ClickHouse where a recent server is installed) also run the query in
 * the parity tests; for the others the golden text and the primitive tests in
 * `sql-dialects.test.ts` are the check.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readModel } from '../../src/model/schema.js';
import { modelToSql } from '../../src/model/sql.js';
import { SQL_DIALECTS, sqlLines, type SqlDialectName } from '../../src/model/sql-dialect.js';

const DIR = 'test/fixtures/sql';
const model = readModel(`${DIR}/model.yaml`);
const asOfMs = Date.UTC(2025, 5, 30, 12, 0, 0, 250);
const update = process.env.LEADCAL_UPDATE_GOLDEN === '1';
const names = Object.keys(SQL_DIALECTS) as SqlDialectName[];

describe('golden SQL per dialect', () => {
  for (const dialect of names) {
    it(`${dialect}: matches ${DIR}/${dialect}.sql`, () => {
      const sql = modelToSql(model, { dialect, asOfMs });
      const file = `${DIR}/${dialect}.sql`;
      if (update || !existsSync(file)) writeFileSync(file, sql);
      expect(sql).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('golden SQL with reason codes per dialect', () => {
  // the query with reason codes is the plain query's CTE chain (checked against it here), then
  // the score query as the CTE `scores` and the reason CTEs; the golden file holds the header
  // and that tail only, so the chain is not stored twice
  for (const dialect of names) {
    it(`${dialect}: the plain query's CTEs, then ${DIR}/${dialect}-reasons.sql`, () => {
      const plain = modelToSql(model, { dialect, asOfMs });
      const sql = modelToSql(model, { dialect, asOfMs, reasons: 2 });
      const chain = plain.slice(plain.indexOf('\nWITH\n'), plain.lastIndexOf(')\nSELECT') + 1);
      const start = sql.indexOf('\nWITH\n');
      expect(sql.slice(start, start + chain.length)).toBe(chain);
      expect(sql.slice(start + chain.length, start + chain.length + 13)).toBe(',\nscores AS (');
      const tail = `${sql.slice(0, start)}\n-- WITH … (the CTEs of ${dialect}.sql),\n${sql.slice(start + chain.length + 2)}`;
      const file = `${DIR}/${dialect}-reasons.sql`;
      if (update || !existsSync(file)) writeFileSync(file, tail);
      expect(tail).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('the golden queries use only what their engine has', () => {
  // the query with reason codes holds the plain one, plus the reason CTEs
  const sqlOf = (d: SqlDialectName): string => modelToSql(model, { dialect: d, asOfMs, reasons: 2 });
  /** The query with comments and the contents of literals and quoted identifiers removed. */
  const code = (sql: string): string => sqlLines(sql).map((l) => l.replace(/--.*$/, '')).join('\n').replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`/g, '?');

  it('uses FILTER and bool_and only on DuckDB and PostgreSQL', () => {
    for (const d of names) {
      const uses = /FILTER \(|bool_and\(/.test(code(sqlOf(d)));
      expect(uses, d).toBe(d === 'duckdb' || d === 'postgres');
    }
  });

  it('uses correlated subqueries (EXISTS, a scalar count) only where the engine has them', () => {
    for (const d of names) {
      const uses = /EXISTS \(|\(SELECT count\(\*\)/.test(code(sqlOf(d)));
      expect(uses, d).toBe(SQL_DIALECTS[d].correlated);
    }
  });

  it("quotes identifiers the engine's way", () => {
    expect(sqlOf('bigquery')).not.toMatch(/[a-z]\."/);
    expect(sqlOf('bigquery')).toContain('`industry`');
    expect(sqlOf('spark')).toContain('`industry`');
    for (const d of ['duckdb', 'postgres', 'snowflake', 'redshift', 'clickhouse'] as const) expect(sqlOf(d), d).toContain('"industry"');
  });

  it("writes BigQuery aliases as letters, digits and _ only", () => {
    const aliases = [...sqlOf('bigquery').matchAll(/ AS `([^`]*)`/g)].map((m) => m[1]!);
    expect(aliases.length).toBeGreaterThan(0);
    for (const a of aliases) expect(a).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('never backslash-escapes a quote (so line layout cannot split a literal)', () => {
    // in the engines where backslash escapes: an odd run of backslashes before a quote
    for (const d of ['bigquery', 'snowflake', 'redshift', 'spark', 'clickhouse'] as const) expect(sqlOf(d), d).not.toMatch(/(?<!\\)(\\\\)*\\'/);
  });

  it('asks ClickHouse for NULLs on unmatched outer-join rows', () => {
    expect(sqlOf('clickhouse').trimEnd().endsWith('ORDER BY lead_id SETTINGS join_use_nulls = 1;')).toBe(true);
  });
});
