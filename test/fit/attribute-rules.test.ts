// Issue #11 defect 1 / #19: what the fitted file says is what the scorer, the SQL export, the
// rule table and the explanations do — for the reference level, pooled `other`, missing values
// and the numeric reference bin — through fit → model file → score → SQL, on a small
// hand-built history where each group converts at its own rate.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel, explainScore, loadHistory, modelToSql, modelToYaml, parseModel, ruleTable, scoreAsOf, type History, type ScoringModel } from '../../src/index.js';
import { fitScoringModel, type FitResult } from '../../src/fit/fit-model.js';
import { createRandom } from '../../src/random.js';
import { compareScores, duckdbWith } from '../setup/sql-databases.js';
import { csv, day, tempHistory } from '../helpers.js';

const N = 3000;
const RARE = ['divorced', 'widowed', 'separated', 'civil union', 'engaged', 'partner', 'annulled', 'common law', 'remarried', 'cohabiting', 'estranged', 'unknown'];
const FRAME = { target: 'sql' as const, horizonDays: 30, schedule: { kind: 'asOfAge' as const, days: 1 } };
let dir: string;
let history: History;
let fitted: FitResult;
let model: ScoringModel;

/** married (reference, 60%) converts least; single 25%; 12 rare levels (5%, pooled) most; 10% missing. */
function marital(u: number): string {
  if (u < 0.6) return 'married';
  if (u < 0.85) return 'single';
  if (u < 0.9) return RARE[Math.floor((u - 0.85) / 0.05 * RARE.length)]!;
  return '';
}
const RATE: Record<string, number> = { married: 0.04, single: 0.15, '': 0.1 };

beforeAll(async () => {
  const random = createRandom(11);
  const leads: string[] = [];
  const outcomes: string[] = [];
  for (let i = 0; i < N; i++) {
    const m = marital(random.next());
    const employees = Math.round(Math.exp(2 + 5 * random.next()));
    const rate = (RATE[m] ?? 0.35) * (employees > 500 ? 1.8 : 1);
    leads.push(`L${i},${day(i % 300)},${m},${employees}`);
    if (random.next() < rate) outcomes.push(`L${i},sql,${day((i % 300) + 10)}`);
  }
  dir = tempHistory({
    'leads.csv': csv('lead_id,created_at,marital,employees', leads),
    'events.csv': csv('lead_id,type,occurred_at', ['L0,email_open,' + day(0.5)]),
    'outcomes.csv': csv('lead_id,stage,occurred_at', outcomes),
  });
  history = (await loadHistory(dir)).history;
  fitted = fitScoringModel(history, { frame: FRAME, intervals: false });
  // through the file: what a user saves and reloads
  model = parseModel(modelToYaml(fitted.model), 'fitted.yaml');
}, 120_000);

describe('a fitted attribute rule writes every case out', () => {
  it('the reference level is listed with 0 points, pooled levels and missing have their own', () => {
    const rule = model.fit.find((r) => r.field === 'marital')!;
    expect(rule.points!.married).toBe(0);
    expect(rule.points!.single).toBeGreaterThan(0);
    expect(rule.other).toBeGreaterThan(rule.points!.single!); // pooled rare levels convert most
    expect(rule.missing).toBeDefined();
    for (const level of RARE) expect(Object.hasOwn(rule.points!, level)).toBe(false);
  });

  it('the scorer gives reference-level leads 0 points, pooled levels `other`, missing `missing`', () => {
    const compiled = compileModel(model, history);
    const f = model.fit.findIndex((r) => r.field === 'marital');
    const rule = model.fit[f]!;
    const column = history.leads.attributes.marital!;
    expect(column.kind).toBe('category');
    if (column.kind !== 'category') return;
    for (let i = 0; i < history.leads.count; i++) {
      const c = column.codes[i]!;
      const level = c < 0 ? '' : column.values[c]!;
      const expected = level === '' ? rule.missing : level === 'married' ? 0 : level === 'single' ? rule.points!.single : rule.other;
      expect(compiled.fitPoints[f]![i], `${history.leads.ids[i]} (${level || 'missing'})`).toBe(expected);
    }
  });

  it('numeric bins cover every number, the reference bin at 0, and a hand-edited `other` moves nothing', () => {
    const rule = model.fit.find((r) => r.field === 'employees')!;
    expect(rule.bins!.some((b) => b.points === 0)).toBe(true);
    expect(rule.bins![0]!.min).toBeUndefined();
    expect(rule.bins![rule.bins!.length - 1]!.max).toBeUndefined();
    for (let j = 1; j < rule.bins!.length; j++) expect(rule.bins![j]!.min).toBe(rule.bins![j - 1]!.max);
    const edited = { ...model, fit: model.fit.map((r) => (r.field === 'employees' ? { ...r, other: 5 } : r)) };
    const at = Date.UTC(2026, 0, 1);
    expect(Array.from(scoreAsOf(edited, history, at).score)).toEqual(Array.from(scoreAsOf(model, history, at).score));
  });

  it('the model ranks the training snapshots as the fit did (no level scored as another)', () => {
    expect(fitted.report.metrics.train.auc).toBeGreaterThan(fitted.report.metrics.train.aucBeforeRounding - 0.005);
    expect(fitted.report.metrics.train.auc).toBeGreaterThan(0.6);
  });

  it('the rule table lists the reference level with its 0 and every case of every rule', () => {
    const rows = ruleTable(model).filter((r) => r.section === 'fit' && r.rule === 'marital');
    expect(rows.find((r) => r.criterion === 'marital = married')!.points).toBe(0);
    expect(rows.find((r) => r.criterion === 'marital: any other value')!.points).toBe(model.fit.find((r) => r.field === 'marital')!.other);
    expect(rows.find((r) => r.criterion === 'marital is empty')).toBeDefined();
  });

  it('explanations name the case: a pooled level reads as "any other value"', () => {
    const compiled = compileModel(model, history);
    const column = history.leads.attributes.marital!;
    if (column.kind !== 'category') throw new Error('category expected');
    const pooledLead = history.leads.ids[column.codes.findIndex((c) => c >= 0 && RARE.includes(column.values[c]!))]!;
    const line = explainScore(compiled, pooledLead, Date.UTC(2026, 0, 1)).lines.find((l) => l.rule === 'marital')!;
    expect(line.detail).toMatch(/any other value/);
    expect(line.after).toBe(model.fit.find((r) => r.field === 'marital')!.other);
  });

  it('DuckDB scores every lead as the scorer does', async () => {
    const asOfMs = Date.UTC(2026, 0, 1);
    const db = await duckdbWith(join(dir));
    try {
      const parity = compareScores(history, scoreAsOf(model, history, asOfMs), await db.query(modelToSql(model, { dialect: 'duckdb', asOfMs })));
      expect(parity.missing).toEqual([]);
      expect(parity.maxAbsDiff.fit).toBeLessThan(1e-9);
      expect(parity.maxAbsDiff.score).toBeLessThan(1e-9);
    } finally {
      await db.close();
    }
  });
});
