/**
 * `modelToSql` on hand-built cases: quoting (a model full of single quotes), determinism,
 * rejected options, the helpers' examples, and scoring semantics with values worked out by hand
 * (partial admission under a per-window cap, first-time-only within a lookback, an event and a
 * lead exactly at t, replies at the send's instant / at the deadline / after it / at t, numbers
 * written as "050" in numeric and in mixed columns) on DuckDB and PostgreSQL.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import type { History } from '../../src/data/history.js';
import { LeadcalError } from '../../src/errors.js';
import { parseModel, readModel } from '../../src/model/schema.js';
import { scoreAsOf } from '../../src/model/score.js';
import { modelToSql, sqlIdent, sqlLiteral, sqlNumber, type ModelToSqlOptions } from '../../src/model/sql.js';
import { SQL_DIALECTS, globToLike } from '../../src/model/sql-dialect.js';
import { DAY, T0, csv, day, tempHistory } from '../helpers.js';
import { compareScores, duckdbWith, postgresWith, testPostgres, type ScoreRow, type SqlDatabase } from '../setup/sql-databases.js';

const QUOTED_MODEL = parseModel(`
leadcal: 1
name: "hand's model"
version: "it's 1"
description: "two lines:\\n-- not SQL"
threshold: 10
segments:
  - { name: "it's big", when: { employees: 50 } }
fit:
  - { id: "o'brien", field: industry, points: { "o'brien": 4 } }
  - { id: tier, field: tier, points: { "50": 1, "050": 2 } }
behavior:
  - { id: blog, event: page_view, where: { page: blog }, points: 3, repeatBonus: 2, capPerWindow: { points: 7, days: 10 } }
  - { id: pricing, event: page_view, where: { page: pricing }, points: 10, firstTimeOnly: true, lookbackDays: 8 }
  - { id: "it's", event: page_view, where: { page: "it's" }, points: 1, segments: ["it's big"] }
decay:
  - { id: unanswered, kind: unanswered, event: email_send, response: email_open, withinDays: 2, points: -1 }
`, 'quoted.yaml');

/**
 * A: fit 4 (o'brien) + 1 (tier "50"); segment "it's big" (employees "050" = 50); blog at days
 * 1, 2, 3 (and 10 = t) → raw 3, 5, 5 admitted 3, 4, 0 = 7; pricing at day 1 (older than the
 * lookback), 4 (counted), 6 (not the first) → 10; "it's" page → 1; a send at day 2 answered at
 * the same instant → 0. Total 23.
 * B: fit 2 (tier "050" in a mixed column); with replies due within 2 days, sends at day 1
 * (answered exactly at the deadline, day 3), day 4 (answered 1 ms late), day 8 (answered at
 * day 10 = t, unknown at t) → −2; at t + 1 ms the last reply is known → −1.
 * C: created exactly at day 10 = t → left out at t, scored at t + 1 ms.
 */
const LONG = 'a_lead_attribute_whose_name_is_far_too_long_for_one_identifier';
const HAND_LEADS = csv(`lead_id,created_at,industry,employees,tier,age_ms,${LONG}`, [`A,${day(0)},o'brien,050,50,5,050`, `B,${day(0)},software,12.0,050,x,7`, `C,${day(10)},retail,,gold,,`]);

/** Attributes whose names collide with the query's own columns or exceed PostgreSQL's 63 bytes. */
const NAMES_MODEL = parseModel(`
leadcal: 1
name: names
threshold: 1
fit:
  - { field: age_ms, points: { "5": 1, x: 2 } }
  - { field: ${LONG}, points: { "50": 4 }, other: 8 }
  - { field: ${LONG}, bins: [{ max: 10, points: 16 }] }
`, 'names.yaml');
const NAMES_SCORES = { A: 1 + 4, B: 2 + 8 + 16 };
const HAND_EVENTS = csv('lead_id,type,occurred_at,page', [
  `A,page_view,${day(1)},blog`, `A,page_view,${day(2)},blog`, `A,page_view,${day(3)},blog`, `A,page_view,${day(10)},blog`,
  `A,page_view,${day(1)},pricing`, `A,page_view,${day(4)},pricing`, `A,page_view,${day(6)},pricing`,
  `A,page_view,${day(5)},it's`, `A,email_send,${day(2)},`, `A,email_open,${day(2)},`,
  `B,email_send,${day(1)},`, `B,email_open,${day(3)},`,
  `B,email_send,${day(4)},`, `B,email_open,${new Date(T0 + 6 * DAY + 1).toISOString()},`,
  `B,email_send,${day(8)},`, `B,email_open,${day(10)},`,
]);
const AT_T = T0 + 10 * DAY;
const EXPECTED: { asOfMs: number; scores: Record<string, number> }[] = [
  { asOfMs: AT_T, scores: { A: 23, B: 0 } },
  { asOfMs: AT_T + 1, scores: { A: 23, B: 1, C: 0 } },
];

describe('modelToSql options', () => {
  const model = readModel('datasets/models/starter.yaml');
  const rejected: [string, unknown][] = [
    ['an unknown dialect', { dialect: 'mysql', asOfMs: AT_T }],
    ['no dialect', { asOfMs: AT_T }],
    ['a dialect that is not a string', { dialect: 1, asOfMs: AT_T }],
    ['an inherited property as dialect', { dialect: 'toString', asOfMs: AT_T }],
    ['NaN as-of', { dialect: 'duckdb', asOfMs: Number.NaN }],
    ['an infinite as-of', { dialect: 'postgres', asOfMs: Infinity }],
    ['an as-of as text', { dialect: 'duckdb', asOfMs: '2025-06-30' }],
    ['an as-of after year 9999', { dialect: 'duckdb', asOfMs: Date.UTC(10000, 0, 1) }],
    ['no options', null],
  ];
  for (const [what, options] of rejected) {
    it(`rejects ${what} with option_invalid`, () => {
      const call = (): string => modelToSql(model, options as ModelToSqlOptions);
      expect(call).toThrow(LeadcalError);
      try {
        call();
      } catch (e) {
        expect((e as LeadcalError).code).toBe('option_invalid');
      }
    });
  }

  it('names the dialects it knows in the error', () => {
    expect(() => modelToSql(model, { dialect: 'sqlite' as 'duckdb', asOfMs: AT_T })).toThrow(/dialect must be one of duckdb, postgres, bigquery, snowflake, redshift, spark, clickhouse; got "sqlite"/);
  });

  it('is deterministic and leaves the model untouched', () => {
    for (const dialect of ['duckdb', 'postgres'] as const) {
      const before = JSON.stringify(QUOTED_MODEL);
      const a = modelToSql(QUOTED_MODEL, { dialect, asOfMs: AT_T });
      const b = modelToSql(structuredClone(QUOTED_MODEL), { dialect, asOfMs: AT_T });
      expect(b).toBe(a);
      expect(JSON.stringify(QUOTED_MODEL)).toBe(before);
      expect(modelToSql(QUOTED_MODEL, { dialect, asOfMs: AT_T + 1 })).not.toBe(a);
    }
  });
});

describe('SQL text', () => {
  const text = modelToSql(QUOTED_MODEL, { dialect: 'duckdb', asOfMs: AT_T });

  it('opens with a header naming the model, its version and the as-of time', () => {
    expect(text.startsWith(`-- leadcal scoring model "hand's model" (version it's 1) as one DuckDB query\n-- two lines: -- not SQL\n`)).toBe(true);
    expect(text).toContain('2025-01-11T00:00:00.000Z');
    expect(text).toContain("SELECT TIMESTAMP '2025-01-11 00:00:00.000' AS as_of, CAST(1736553600000 AS DOUBLE) AS as_of_ms");
  });

  it('names CTEs after rule ids and doubles single quotes in values', () => {
    for (const name of ['behavior_blog AS (', 'behavior_blog_events AS (', 'behavior_blog_admitted AS (', 'behavior_pricing AS (', 'behavior_it_s AS (', 'decay_unanswered AS (']) expect(text).toContain(name);
    expect(text).toContain("WHEN l.\"industry\" = 'o''brien' THEN 4");
    expect(text).toContain("e.\"page\" = 'it''s'");
    expect(text).toContain("e.lead_segment = 'it''s big'");
  });

  it('compares numbers on numeric columns and text on the others when a value looks like a number', () => {
    expect(text).toContain('lead_column_kinds AS (');
    expect(text).toContain(`WHEN l."tier:numeric" AND l."tier:number" = 50 THEN 1`);
    expect(text).toContain(`WHEN NOT l."tier:numeric" AND l."tier" = '050' THEN 2`);
  });
});

describe('SQL helpers', () => {
  it('quote literals and identifiers', () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral('a\\b')).toBe("'a\\b'");
    expect(sqlLiteral("a\\'b", 'postgres')).toBe("E'a\\\\''b'");
    expect(sqlIdent('job level')).toBe('"job level"');
    expect(sqlIdent('a"b')).toBe('"a""b"');
    expect(() => sqlLiteral('a\u0000b')).toThrow(LeadcalError);
  });

  it('write numbers the databases read back as the same double', () => {
    expect(sqlNumber(-15, SQL_DIALECTS.duckdb)).toBe('-15');
    expect(sqlNumber(0.5, SQL_DIALECTS.postgres)).toBe('CAST(0.5 AS DOUBLE PRECISION)');
    expect(sqlNumber(0.7 * DAY, SQL_DIALECTS.duckdb)).toBe("CAST('60479999.99999999' AS DOUBLE)");
    expect(sqlNumber(1e-7, SQL_DIALECTS.duckdb)).toBe("CAST('1e-7' AS DOUBLE)");
    expect(() => sqlNumber(Number.NaN, SQL_DIALECTS.duckdb)).toThrow(LeadcalError);
  });

  it('turn globs into LIKE patterns', () => {
    expect(globToLike('careers*')).toBe('careers%');
    expect(globToLike('50%_off?')).toBe('50\\%\\_off_');
    expect(globToLike('a\\*')).toBe('a\\\\%');
  });
});

let history: History;
let dir: string;

beforeAll(async () => {
  dir = tempHistory({ 'leads.csv': HAND_LEADS, 'events.csv': HAND_EVENTS, 'outcomes.csv': csv('lead_id,stage,occurred_at', []) });
  history = (await loadHistory(dir)).history;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function byLead(rows: ScoreRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.lead_id, r.score]));
}

async function expectHandScores(db: SqlDatabase, dialect: 'duckdb' | 'postgres'): Promise<void> {
  const names = scoreAsOf(NAMES_MODEL, history, AT_T);
  expect(Object.fromEntries(Array.from(names.lead, (l, i) => [history.leads.ids[l]!, names.score[i]!]))).toEqual(NAMES_SCORES);
  for (const { asOfMs, scores } of EXPECTED) {
    const js = scoreAsOf(QUOTED_MODEL, history, asOfMs);
    expect(Object.fromEntries(Array.from(js.lead, (l, i) => [history.leads.ids[l]!, js.score[i]!]))).toEqual(scores);
    const rows = await db.query(modelToSql(QUOTED_MODEL, { dialect, asOfMs }));
    expect(byLead(rows)).toEqual(scores);
    const parity = compareScores(history, js, rows);
    expect(parity.segmentMismatches).toEqual([]);
    expect(rows.find((r) => r.lead_id === 'A')?.segment).toBe("it's big");
  }
}

describe('hand-built semantics on DuckDB', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await duckdbWith(dir);
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives the hand-computed scores, as scoreAsOf does', async () => {
    await expectHandScores(db, 'duckdb');
  });

  it('returns nothing before the first lead is created', async () => {
    expect(await db.query(modelToSql(QUOTED_MODEL, { dialect: 'duckdb', asOfMs: T0 }))).toEqual([]);
  });

  it('copes with attribute names that collide with its own columns or are very long', async () => {
    expect(byLead(await db.query(modelToSql(NAMES_MODEL, { dialect: 'duckdb', asOfMs: AT_T })))).toEqual(NAMES_SCORES);
  });
});

const postgres = testPostgres();

describe.skipIf(postgres.skip)(postgres.title('hand-built semantics on PostgreSQL'), () => {
  let connected: SqlDatabase | undefined;
  // without a server each test fails with the reason (a failing hook would only skip them)
  const db = (): SqlDatabase => {
    postgres.require();
    return connected!;
  };
  beforeAll(async () => {
    if (postgres.url) connected = await postgresWith(postgres.url, dir);
  });
  afterAll(async () => {
    await connected?.close();
  });

  it('gives the hand-computed scores, as scoreAsOf does', async () => {
    await expectHandScores(db(), 'postgres');
  });

  it('copes with attribute names that collide with its own columns or are very long', async () => {
    expect(byLead(await db().query(modelToSql(NAMES_MODEL, { dialect: 'postgres', asOfMs: AT_T })))).toEqual(NAMES_SCORES);
  });

  it('reads a backslash in a value the same with standard_conforming_strings off', async () => {
    const model = parseModel(`leadcal: 1\nname: m\nthreshold: 1\nfit:\n  - { field: industry, points: { "o'brien\\\\x": 1, "o'brien": 2 } }\n`);
    await db().query('SET standard_conforming_strings = off');
    try {
      const rows = await db().query(modelToSql(model, { dialect: 'postgres', asOfMs: AT_T }));
      expect(byLead(rows)).toEqual({ A: 2, B: 0 });
    } finally {
      await db().query('SET standard_conforming_strings = on');
    }
  });
});
