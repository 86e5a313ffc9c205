/**
 * SQL parity: the query `modelToSql` writes gives, on a real embedded DuckDB and a real
 * PostgreSQL server, the scores `scoreAsOf` computes in JavaScript — same leads, same segments,
 * every part equal within 1e-9 (absolute) — for the starter model and for a model that uses
 * every feature, at several as-of times (one equal to an event time, one equal to a lead's
 * creation, one where a reply lands exactly on t, one with a fractional millisecond).
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import type { History } from '../../src/data/history.js';
import { compileModel } from '../../src/model/compile.js';
import { parseModel, type ScoringModel } from '../../src/model/schema.js';
import { explainScore, leadsCreatedBefore, scoreAsOf } from '../../src/model/score.js';
import { scoreReasons } from '../../src/model/reasons.js';
import { modelToSql, modelToSqlIn, type ModelToSqlOptions } from '../../src/model/sql.js';
import { SQL_DIALECTS } from '../../src/model/sql-dialect.js';
import { clickhouseQuery, clickhouseVersion, clickhouseWith, compareScores, duckdbWith, postgresWith, testClickHouse, testPostgres, type SqlDatabase } from '../setup/sql-databases.js';
import { writeParityHistory, type ParityHistory } from '../setup/sql-history.js';

const DAY = 86_400_000;
const TOLERANCE = 1e-9;

/** A model that uses every rule kind and option at least once (and quotes, `%`, `_`, `\`). */
const FEATURES_MODEL = `
leadcal: 1
name: "every feature (it's a test)"
version: "2"
threshold: 50
segments:
  - name: big
    when: { employees: { min: 1000 } }
  - name: "o'mid"
    when: { segment: mid_market, country: { not: [us, "x'y"] } }
  - name: tiered
    when: { tier: { missing: false }, industry: { matches: "*a?e*" } }
  - name: numeric_region
    when: { region_code: [50, "12"] }
fit:
  - { id: industry, field: industry, points: { software: 20, "o'reilly": 7, finance: 15 }, missing: -3, other: 1 }
  - { id: size, field: employees, bins: [{ max: 10, points: -5 }, { min: 10, max: 1000, points: 4 }, { min: 1000, points: 9 }], missing: -2, other: 0.5 }
  - { id: region, field: region_code, points: { "50": 5, "12": 3, "7.0": 99, "-4": -4 }, other: -1, missing: 2 }
  - { id: tier level, field: tier, points: { "50": 11, gold: 6, "050": 13, "it's": 2 }, other: 0.25 }
  - { id: big_only, field: job_level, points: { vp: 12, c_level: 18 }, segments: [big] }
  - { id: revenue, field: revenue, bins: [{ min: 0, max: 1.5e6, points: 1.5 }, { min: 1.5e6, points: 4.75 }], missing: -0.1, other: -0.3 }
  - { field: country, points: { de: 2.2, fr: 1.1 }, segments: ["o'mid", tiered] }
behavior:
  - { id: pricing_first, event: page_view, where: { page: pricing }, points: 40, firstTimeOnly: true, halfLifeDays: 21 }
  - { id: web_window, event: page_view, where: { page: [blog, home, docs] }, points: 3, repeatBonus: 2, capPerWindow: { points: 7, days: 10 }, halfLifeDays: 45, lookbackDays: 120 }
  - { id: not_pages, event: page_view, where: { page: { not: [careers, pricing] } }, points: 1, cap: 12.5, segments: [big, "o'mid"] }
  - { id: promo, event: page_view, where: { page: { matches: "promo_50%*" } }, points: 8 }
  - { id: quote_page, event: page_view, where: { page: "blog/it's-new" }, points: 6, halfLifeDays: 3.5 }
  - { id: quote_glob, event: page_view, where: { page: { matches: "blog/it's*" } }, points: 2, firstTimeOnly: true }
  - { id: backslash, event: page_view, where: { page: { matches: "docs\\\\*" } }, points: 1.25 }
  - { id: careers_q, event: page_view, where: { page: { matches: "careers?jobs" } }, points: -9, cap: 20 }
  - { id: sales_no_channel, event: sales_call, where: { channel: { missing: true } }, points: -4, lookbackDays: 30 }
  - { id: duration_range, event: page_view, where: { duration: { min: 30, max: 300 } }, points: 0.5, repeatBonus: 0.25, capPerWindow: { points: 2, days: 7 }, halfLifeDays: 10, cap: 6 }
  - { id: duration_sixty, event: page_view, where: { duration: "60" }, points: 2, lookbackDays: 45.5 }
  - { id: duration_not, event: page_view, where: { duration: { not: [60, "120"] }, page: { missing: false } }, points: 0.3 }
  - { id: duration_glob, event: page_view, where: { duration: { matches: "1?0" } }, points: 1 }
  - { id: email_click, event: email_click, points: 15, capPerWindow: { points: 20, days: 30 }, lookbackDays: 90, segments: [default, big] }
  - { id: download_first, event: download, points: 30, firstTimeOnly: true, capPerWindow: { points: 20, days: 30 }, halfLifeDays: 60 }
  - { id: pricing_when, event: page_view, where: { page: pricing }, points: 5, halfLifeDays: 30, when: { industry: [software, finance], employees: { min: 10 } } }
  - { id: webinar_negative, event: webinar, points: -7, cap: 10, halfLifeDays: 5 }
  - { id: nobody, event: page_view, points: 100, segments: [] }
  - { event: email_open, points: 1, capPerWindow: { points: 2.5, days: 0.7 } }
decay:
  - { id: inactive_web, kind: inactivity, points: -3, everyDays: 7, events: [page_view, email_click], segments: [big, default] }
  - { kind: inactivity, points: -1.5, everyDays: 2.5 }
  - { id: no_pricing, kind: noEvent, event: page_view, where: { page: pricing }, withinDays: 20, points: -6 }
  - { id: unanswered, kind: unanswered, event: email_send, response: email_open, withinDays: 14, points: -2 }
  - { id: unanswered_short, kind: unanswered, event: email_send, response: email_click, withinDays: 0.7, points: -0.5, segments: [tiered] }
decayFloor: -20
basePoints: 7.5
`;

const featuresModel = parseModel(FEATURES_MODEL, 'features.yaml');
const noFloorModel = parseModel(FEATURES_MODEL.replace('decayFloor: -20', ''), 'features-no-floor.yaml');
const selfReplyModel = parseModel(FEATURES_MODEL.replace('decay:\n', 'decay:\n  - { id: self_reply, kind: unanswered, event: email_open, response: email_open, withinDays: 3, points: -1.25 }\n'), 'features-self-reply.yaml');
const starterModel = parseModel(readFileSync('datasets/models/starter.yaml', 'utf8'), 'starter.yaml');

let data: ParityHistory;
let history: History;
let asOfs: { label: string; ms: number }[];

beforeAll(async () => {
  data = await writeParityHistory({ leads: 500, seed: 11, days: 360, sendReplyDays: 14 });
  history = (await loadHistory(data.dir)).history;
  asOfs = [
    { label: 'day 60', ms: data.startMs + 60 * DAY },
    { label: 'exactly an event time', ms: data.eventMs },
    { label: 'a reply exactly at t', ms: data.sendMs + 14 * DAY },
    { label: "exactly a lead's creation", ms: data.createdMs },
    { label: 'a fractional millisecond', ms: data.startMs + 150 * DAY + 0.25 },
    { label: 'end of the period', ms: data.endMs },
  ];
});

/** Parity of one model at every as-of time on one database; returns the largest score difference. */
async function expectParity(db: SqlDatabase, model: ScoringModel, dialect: 'duckdb' | 'postgres' | 'clickhouse', times: { label: string; ms: number }[], toSql = modelToSql): Promise<number> {
  let worst = 0;
  for (const { label, ms } of times) {
    const js = scoreAsOf(model, history, ms);
    const rows = await db.query(toSql(model, { dialect, asOfMs: ms }));
    const p = compareScores(history, js, rows);
    const context = `${db.name}, model ${model.name}, as of ${label}`;
    expect(p.missing, context).toEqual([]);
    expect(p.extra, context).toEqual([]);
    expect(rows.length, context).toBe(js.count);
    expect(p.segmentMismatches, context).toEqual([]);
    for (const [part, diff] of Object.entries(p.maxAbsDiff)) expect(diff, `${context}: ${part} (worst lead ${p.worst})`).toBeLessThanOrEqual(TOLERANCE);
    worst = Math.max(worst, ...Object.values(p.maxAbsDiff));
  }
  return worst;
}

/**
 * Reason codes: the query with `reasons: k` gives, for every lead, the labels, points and rest
 * `scoreReasons` gives (labels equal, points and rest within 1e-9, an empty slot NULL).
 */
async function expectReasonParity(db: SqlDatabase, model: ScoringModel, dialect: 'duckdb' | 'postgres' | 'clickhouse', times: { label: string; ms: number }[], k: number): Promise<number> {
  let filled = 0;
  for (const { label, ms } of times) {
    const compiled = compileModel(model, history);
    const lead = leadsCreatedBefore(history, ms);
    const { scores, reasons } = scoreReasons(compiled, lead, new Float64Array(lead.length).fill(ms), k);
    const rows = await db.rows(modelToSql(model, { dialect, asOfMs: ms, reasons: k }));
    expect(rows.length).toBe(scores.count);
    const byId = new Map(rows.map((r) => [String(r.lead_id), r]));
    for (let i = 0; i < scores.count; i++) {
      const id = history.leads.ids[lead[i]!]!;
      const row = byId.get(id)!;
      const context = `${db.name}, model ${model.name}, as of ${label}, lead ${id}`;
      for (const [side, labels, points] of [['up', reasons.upLabel, reasons.upPoints], ['down', reasons.downLabel, reasons.downPoints]] as const) {
        for (let j = 0; j < k; j++) {
          const at = i * k + j;
          const name = `reason_${side}_${j + 1}`;
          if (labels[at]! < 0) {
            expect([row[name], row[`${name}_points`]], `${context}: ${name}`).toEqual([null, null]);
            continue;
          }
          filled++;
          expect(row[name], `${context}: ${name}`).toBe(reasons.labels[labels[at]!]);
          expect(Math.abs(Number(row[`${name}_points`]) - points[at]!), `${context}: ${name}_points`).toBeLessThanOrEqual(TOLERANCE);
        }
      }
      expect(Math.abs(Number(row.reason_rest) - reasons.rest[i]!), `${context}: reason_rest`).toBeLessThanOrEqual(TOLERANCE);
    }
  }
  return filled;
}

const report: string[] = [];
afterAll(() => {
  rmSync(data.dir, { recursive: true, force: true });
  if (report.length) console.info(`SQL parity, max |sql − js| over score/fit/behavior/decay:\n  ${report.join('\n  ')}`);
});

describe('the test history exercises every feature', () => {
  it('makes every rule of the features model fire (except the one restricted to no segment)', () => {
    const compiled = compileModel(featuresModel, history);
    const fired = new Set<string>();
    let floored = 0;
    for (const { ms } of asOfs) {
      for (let i = 0; i < history.leads.count; i++) {
        if (history.leads.createdMs[i]! >= ms) continue;
        for (const line of explainScore(compiled, history.leads.ids[i]!, ms).lines) {
          if (line.after !== 0) fired.add(line.rule);
          if (line.group === 'floor') floored++;
        }
      }
    }
    const all = [...compiled.fitIds, ...compiled.behavior.map((b) => b.id), ...compiled.decay.map((d) => d.id)];
    expect(all.filter((id) => !fired.has(id))).toEqual(['nobody']);
    expect(floored).toBeGreaterThan(0);
    expect(new Set(compiled.segmentOfLead).size).toBe(compiled.segmentNames.length);
  });
});

describe('SQL parity on DuckDB', () => {
  for (const allVarchar of [false, true]) {
    it(`matches scoreAsOf with ${allVarchar ? 'every column read as VARCHAR' : 'column types detected by read_csv'}`, async () => {
      const db = await duckdbWith(data.dir, { allVarchar });
      try {
        const worst = Math.max(
          await expectParity(db, starterModel, 'duckdb', asOfs),
          await expectParity(db, featuresModel, 'duckdb', asOfs),
          await expectParity(db, noFloorModel, 'duckdb', asOfs.slice(0, 2)),
        );
        report.push(`${db.name}: ${worst.toExponential(2)}`);
      } finally {
        await db.close();
      }
    });
  }
});

describe('reason codes in SQL on DuckDB', () => {
  it('equal scoreReasons for every lead (labels, points, rest)', async () => {
    const db = await duckdbWith(data.dir, { allVarchar: true });
    try {
      const filled = (await expectReasonParity(db, starterModel, 'duckdb', asOfs.slice(0, 3), 3)) + (await expectReasonParity(db, featuresModel, 'duckdb', asOfs, 2));
      expect(filled).toBeGreaterThan(1000);
    } finally {
      await db.close();
    }
  });
});

describe('the portable query shape (no correlated subqueries, counted booleans) on DuckDB', () => {
  // the shape BigQuery, Snowflake, Redshift, Spark and ClickHouse get, with DuckDB's primitives
  const portable = (model: ScoringModel, options: ModelToSqlOptions): string =>
    modelToSqlIn(model, options, { ...SQL_DIALECTS.duckdb, correlated: false, allWhere: SQL_DIALECTS.bigquery.allWhere, alias: SQL_DIALECTS.bigquery.alias, likeEscape: SQL_DIALECTS.duckdb.likeEscape });
  it('matches scoreAsOf', async () => {
    const withSelf = scoreAsOf(selfReplyModel, history, data.endMs);
    const without = scoreAsOf(featuresModel, history, data.endMs);
    expect(withSelf.decay.some((d, i) => d !== without.decay[i]), 'the self-reply rule fires').toBe(true);
    const db = await duckdbWith(data.dir, { allVarchar: true });
    try {
      const worst = Math.max(
        await expectParity(db, featuresModel, 'duckdb', asOfs, portable),
        await expectParity(db, starterModel, 'duckdb', asOfs.slice(0, 2), portable),
        // a send that is also of the response type does not answer itself, in both shapes
        await expectParity(db, selfReplyModel, 'duckdb', asOfs, portable),
        await expectParity(db, selfReplyModel, 'duckdb', asOfs),
      );
      report.push(`duckdb (portable shape): ${worst.toExponential(2)}`);
    } finally {
      await db.close();
    }
  });
});

const postgres = testPostgres();

describe.skipIf(postgres.skip)(postgres.title('SQL parity on PostgreSQL'), () => {
  it('matches scoreAsOf with text columns and numbers stored as BIGINT / DOUBLE PRECISION', async () => {
    const db = await postgresWith(postgres.require(), data.dir, { leads: { employees: 'BIGINT', revenue: 'DOUBLE PRECISION' }, events: { duration: 'DOUBLE PRECISION' } });
    try {
      const worst = Math.max(
        await expectParity(db, starterModel, 'postgres', asOfs),
        await expectParity(db, featuresModel, 'postgres', asOfs),
        await expectParity(db, noFloorModel, 'postgres', asOfs.slice(0, 2)),
      );
      report.push(`${db.name}: ${worst.toExponential(2)}`);
      expect((await expectReasonParity(db, starterModel, 'postgres', asOfs.slice(0, 2), 3)) + (await expectReasonParity(db, featuresModel, 'postgres', asOfs, 2))).toBeGreaterThan(1000);
    } finally {
      await db.close();
    }
  });
});

const clickhouse = testClickHouse();

describe.skipIf(clickhouse.skip)(clickhouse.title('SQL parity on ClickHouse'), () => {
  // The query needs CTEs over subqueries, window functions and DateTime64 (ClickHouse 21.9 or
  // later). Debian 12 ships 18.16, which has none of them: there the test pins exactly what fails
  // (sql-dialects.test.ts runs the primitives it can), and runs full parity on a newer server.
  it('matches scoreAsOf on a recent server; on an older one, fails only for the query shape', async () => {
    const url = clickhouse.require();
    const [major = 0, minor = 0] = await clickhouseVersion(url);
    if (major < 21 || (major === 21 && minor < 9)) {
      const sql = modelToSql(featuresModel, { dialect: 'clickhouse', asOfMs: asOfs[0]!.ms });
      await expect(clickhouseQuery(url, sql.replace(/;\s*$/, ''))).rejects.toThrow(/Syntax error: failed at position \d+[^:]*: \(\s*-- the as-of time t/);
      report.push(`clickhouse ${major}.${minor}: too old for the query shape (WITH name AS (SELECT …) is a syntax error); primitives only`);
      return;
    }
    const db = await clickhouseWith(url, data.dir);
    try {
      const worst = Math.max(
        await expectParity(db, starterModel, 'clickhouse', asOfs),
        await expectParity(db, featuresModel, 'clickhouse', asOfs),
        await expectParity(db, noFloorModel, 'clickhouse', asOfs.slice(0, 2)),
      );
      expect(await expectReasonParity(db, featuresModel, 'clickhouse', asOfs, 2)).toBeGreaterThan(1000);
      report.push(`${db.name} ${major}.${minor}: ${worst.toExponential(2)}`);
    } finally {
      await db.close();
    }
  });
});
