/**
 * Issue target: score 1M leads with 20M events at one as-of time in under 10 s.
 * Peer: the same scoring done by DuckDB running the model's SQL export (`modelToSql`) on the
 * same data in the same run. The data are generated inside DuckDB (deterministic hashes) and
 * read into leadcal's columns, so both sides score identical histories; scores are compared.
 */
import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { historyFromArrays, modelToSql, readModel, compileModel, scoreAsOf, type History } from '../src/index.js';
import { median, time, type BenchResult } from './lib.js';

const TYPES = ['page_view', 'email_open', 'email_click', 'download', 'webinar', 'demo_request', 'social', 'unsubscribe'];
const PAGES = ['pricing', 'product', 'blog', 'careers', 'home', 'docs'];
const INDUSTRIES = ['software', 'finance', 'healthcare', 'manufacturing', 'retail', 'education', 'government', 'other'];
const LEVELS = ['student', 'individual', 'manager', 'director', 'vp', 'c_level'];
const SEGMENTS = ['smb', 'mid_market', 'enterprise'];
const SOURCES = ['organic', 'paid_search', 'referral', 'event', 'outbound'];
const list = (xs: string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

export async function generate(con: DuckDBConnection, leads: number, events: number): Promise<void> {
  await con.run(`CREATE OR REPLACE TABLE leads AS SELECT
      i AS idx, 'L' || i AS lead_id,
      TIMESTAMP '2024-06-01' + to_milliseconds((hash(i) % 31536000000)::BIGINT) AS created_at,
      ${list(INDUSTRIES)}[(1 + hash(i * 3 + 1) % ${INDUSTRIES.length})::BIGINT] AS industry,
      (10 + hash(i * 5 + 2) % 8000)::INTEGER AS employees,
      ${list(LEVELS)}[(1 + hash(i * 7 + 3) % ${LEVELS.length})::BIGINT] AS job_level,
      ${list(SEGMENTS)}[(1 + hash(i * 11 + 4) % ${SEGMENTS.length})::BIGINT] AS segment,
      ${list(SOURCES)}[(1 + hash(i * 13 + 5) % ${SOURCES.length})::BIGINT] AS source
    FROM range(${leads}) r(i)`);
  await con.run(`CREATE OR REPLACE TABLE events AS SELECT
      l.idx, l.lead_id,
      (1 + hash(k * 17 + 6) % ${TYPES.length})::INTEGER AS type_code,
      l.created_at + to_milliseconds((hash(k * 19 + 7) % 34560000000)::BIGINT) AS occurred_at
    FROM range(${events}) r(k) JOIN leads l ON l.idx = (hash(k) % ${leads})::BIGINT`);
  await con.run(`ALTER TABLE events ADD COLUMN type VARCHAR; ALTER TABLE events ADD COLUMN page VARCHAR`);
  await con.run(`UPDATE events SET type = ${list(TYPES)}[type_code], page = CASE WHEN type_code = 1 THEN ${list(PAGES)}[(1 + hash(occurred_at) % ${PAGES.length})::BIGINT] END`);
}

export async function toHistory(con: DuckDBConnection, leads: number, events: number): Promise<History> {
  const L = await con.runAndReadAll(`SELECT epoch_ms(created_at)::DOUBLE AS c, industry, employees::DOUBLE AS e, job_level, segment, source FROM leads ORDER BY idx`);
  const lc = L.getColumnsJS();
  const cat = (values: string[], column: unknown[]) => {
    const codes = new Int32Array(column.length);
    column.forEach((v, i) => (codes[i] = values.indexOf(v as string)));
    return { kind: 'category' as const, codes, values };
  };
  const ids = Array.from({ length: leads }, (_, i) => `L${i}`);
  const lead = new Int32Array(events);
  const typeCodes = new Int32Array(events);
  const pageCodes = new Int32Array(events);
  const occurred = new Float64Array(events);
  const chunk = 2_000_000;
  for (let off = 0; off < events; off += chunk) {
    const r = await con.runAndReadAll(`SELECT idx::INTEGER AS i, type_code::INTEGER AS t, coalesce(list_position(${list(PAGES)}, page), 0)::INTEGER AS p, epoch_ms(occurred_at)::DOUBLE AS o FROM events ORDER BY rowid LIMIT ${chunk} OFFSET ${off}`);
    const [i, t, p, o] = r.getColumnsJS() as number[][];
    for (let k = 0; k < i!.length; k++) {
      lead[off + k] = i![k]!;
      typeCodes[off + k] = t![k]! - 1;
      pageCodes[off + k] = p![k]! - 1;
      occurred[off + k] = o![k]!;
    }
  }
  return historyFromArrays({
    leads: { ids, createdMs: Float64Array.from(lc[0] as number[]), attributes: { industry: cat(INDUSTRIES, lc[1]!), employees: { kind: 'number', values: Float64Array.from(lc[2] as number[]) }, job_level: cat(LEVELS, lc[3]!), segment: cat(SEGMENTS, lc[4]!), source: cat(SOURCES, lc[5]!) } },
    events: { lead, type: { kind: 'category', codes: typeCodes, values: TYPES }, occurredMs: occurred, columns: { page: { kind: 'category', codes: pageCodes, values: PAGES } } },
  });
}

export async function benchScore(runs = 3, leads = 1_000_000, events = 20_000_000): Promise<BenchResult> {
  const model = readModel(resolve(import.meta.dirname, '..', 'datasets', 'models', 'starter.yaml'));
  const asOfMs = Date.UTC(2025, 5, 1);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await generate(con, leads, events);
    const history = await toHistory(con, leads, events);
    let scores: Float64Array = new Float64Array(0);
    const ours = await time(() => {
      scores = scoreAsOf(compileModel(model, history), history, asOfMs).score;
    }, runs);
    const sql = modelToSql(model, { dialect: 'duckdb', asOfMs });
    const peer = await time(async () => {
      await con.run(`CREATE OR REPLACE TABLE sql_scores AS ${sql.replace(/ORDER BY lead_id;\s*$/, '')}`);
    }, runs);
    const check = await con.runAndReadAll(`SELECT count(*)::INTEGER AS n, sum(score)::DOUBLE AS s FROM sql_scores`);
    const row = check.getRowObjectsJS()[0] as { n: number; s: number };
    let ourSum = 0;
    for (const s of scores) ourSum += s;
    if (row.n !== scores.length || Math.abs(row.s - ourSum) > 1e-6 * Math.max(1, Math.abs(ourSum))) throw new Error(`scores differ: DuckDB ${row.n} leads, sum ${row.s}; leadcal ${scores.length}, sum ${ourSum}`);
    return {
      name: 'score with the starter model',
      workload: `${(leads / 1e6).toFixed(0)}M leads, ${(events / 1e6).toFixed(0)}M events, one as-of time`,
      ms: median(ours), runs: ours,
      peer: { name: 'DuckDB running the model\'s SQL export', ms: median(peer), runs: peer },
      targetMs: 10_000,
      note: 'compile + score (15 behaviour rules with caps, windows and decay, 3 decay rules, segments); same lead count and score sum checked on both sides; DuckDB uses both cores',
    };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
