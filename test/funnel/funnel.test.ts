import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import { LeadcalError } from '../../src/errors.js';
import { funnelCounts, timeToConvert, type FunnelOptions, type TimeToConvertOptions } from '../../src/funnel/index.js';
import { sentWithoutPassing, type PassedInput } from '../../src/thresholds/index.js';
import { DAY, T0, csv, day, tempHistory } from '../helpers.js';

// until = day 100. Lead: created, segment, outcomes (days)
const leads = csv('lead_id,created_at,segment,employees', [
  `A,${day(0)},ent,500`, // mql 10, sql 20, opportunity 30, won 50
  `B,${day(0)},ent,400`, // mql 10, sql 40
  `C,${day(0)},smb,20`, // mql 20, lost 30: censored at closing
  `D,${day(10)},smb,15`, // mql 30, still open at until
  `E,${day(10)},ent,900`, // won 60 only: mql, sql, opportunity implied at 60
  `F,${day(20)},smb,5`, // lost 25, never mql
  `G,${day(50)},,50`, // segment missing; mql 60, sql 70
  `H,${day(30)},smb,8`, // nothing (created 2025-01-31)
]);
const outcomes = csv('lead_id,stage,occurred_at', [
  `A,mql,${day(10)}`, `A,sql,${day(20)}`, `A,opportunity,${day(30)}`, `A,won,${day(50)}`,
  `B,mql,${day(10)}`, `B,sql,${day(40)}`,
  `C,mql,${day(20)}`, `C,lost,${day(30)}`,
  `D,mql,${day(30)}`,
  `E,won,${day(60)}`,
  `F,lost,${day(25)}`,
  `G,mql,${day(60)}`, `G,sql,${day(70)}`,
]);
const events = csv('lead_id,type,occurred_at', [`A,email_open,${day(5)}`]);

async function load() {
  const dir = tempHistory({ 'leads.csv': leads, 'events.csv': events, 'outcomes.csv': outcomes });
  return (await loadHistory(dir, { untilMs: T0 + 100 * DAY })).history;
}
const history = await load();

describe('funnelCounts', () => {
  it('counts leads reaching each stage (later stages imply earlier ones) and step rates', () => {
    const { rows } = funnelCounts(history);
    expect(rows).toEqual([{ group: 'total', kind: 'total', leads: 8, mql: 6, sql: 4, opportunity: 2, won: 2, closed: 2, leadToMql: 6 / 8, mqlToSql: 4 / 6, sqlToOpportunity: 2 / 4, opportunityToWon: 1 }]);
  });

  it('groups by attribute with (missing) last and a totals row', () => {
    const { rows } = funnelCounts(history, { groupBy: { attribute: 'segment' } });
    expect(rows.map((r) => [r.group, r.kind, r.leads, r.mql, r.sql, r.opportunity, r.won, r.closed, r.mqlToSql])).toEqual([
      ['ent', 'group', 3, 3, 3, 2, 2, 0, 1],
      ['smb', 'group', 4, 2, 0, 0, 0, 2, 0],
      ['(missing)', 'group', 1, 1, 1, 0, 0, 0, 1],
      ['total', 'total', 8, 6, 4, 2, 2, 2, 4 / 6],
    ]);
    expect(rows[1]!.sqlToOpportunity).toBeNull();
  });

  it('groups by creation cohort', () => {
    const { rows } = funnelCounts(history, { groupBy: { cohort: 'month' } });
    expect(rows.map((r) => [r.group, r.leads, r.mql])).toEqual([['2025-01', 7, 5], ['2025-02', 1, 1], ['total', 8, 6]]);
    expect(funnelCounts(history, { groupBy: { cohort: 'quarter' } }).rows.map((r) => [r.group, r.leads])).toEqual([['2025-Q1', 8], ['total', 8]]);
  });

  it('ignores what happens after an earlier until', () => {
    const { rows } = funnelCounts(history, { untilMs: T0 + 35 * DAY });
    // G is not created yet; by day 35: mql A B C D, sql A (20) — B's sql is at 40; opportunity A (30); closed C F
    expect(rows[0]).toMatchObject({ leads: 7, mql: 4, sql: 1, opportunity: 1, won: 0, closed: 2 });
  });

  it.each([
    ['unknown attribute', { groupBy: { attribute: 'segmnt' } }, 'groupBy.attribute must name a lead attribute; got "segmnt" — did you mean "segment"?'],
    ['numeric attribute', { groupBy: { attribute: 'employees' } }, 'groupBy.attribute must be a category column; got numeric "employees"'],
    ['bad cohort', { groupBy: { cohort: 'week' } }, 'groupBy.cohort must be "month" or "quarter"; got "week"'],
    ['bad until', { untilMs: NaN }, 'untilMs must be a finite epoch time in ms; got NaN'],
  ])('rejects %s', (_name, options, message) => {
    expect(() => funnelCounts(history, options as FunnelOptions)).toThrow(LeadcalError);
    expect(() => funnelCounts(history, options as FunnelOptions)).toThrow(message);
  });

  it('marks stages no outcome records as implied, and gives no step rate into or out of them', async () => {
    // like Olist: MQLs and won deals only; sql and opportunity are implied by won
    const dir = tempHistory({
      'leads.csv': csv('lead_id,created_at', [`A,${day(0)}`, `B,${day(0)}`, `C,${day(0)}`, `D,${day(0)}`]),
      'events.csv': csv('lead_id,type,occurred_at', []),
      'outcomes.csv': csv('lead_id,stage,occurred_at', [`A,mql,${day(1)}`, `B,mql,${day(1)}`, `C,mql,${day(1)}`, `A,won,${day(9)}`]),
    });
    const only = (await loadHistory(dir, { untilMs: T0 + 100 * DAY })).history;
    const { rows, recorded } = funnelCounts(only);
    expect(recorded).toEqual(['mql', 'won']);
    expect(rows[0]).toMatchObject({ leads: 4, mql: 3, sql: 1, opportunity: 1, won: 1, leadToMql: 3 / 4, mqlToSql: null, sqlToOpportunity: null, opportunityToWon: null });
    expect(funnelCounts(history).recorded).toEqual(['mql', 'sql', 'opportunity', 'won']);
  });
});

describe('timeToConvert', () => {
  const row = (rows: ReturnType<typeof timeToConvert>['rows'], step: string, group = 'total') => rows.find((r) => r.step === step && r.group === group)!;

  it('mql → sql: Kaplan–Meier with closed leads censored at closing', () => {
    // entered: A 10, B 10, C 20, D 30, E 60, G 60. Durations: E 0 (event), A 10, G 10 (events),
    // C 10 (censored at closing, day 30), B 30 (event), D 70 (censored at until).
    // S(0) = 5/6, S(10) = 5/6 · 3/5 = 1/2, S(30) = 1/2 · 1/2 = 1/4 → p25 10, median 10, p75 30
    const { rows } = timeToConvert(history);
    expect(row(rows, 'mql → sql')).toEqual({ group: 'total', kind: 'total', from: 'mql', to: 'sql', step: 'mql → sql', leads: 6, converted: 4, censored: 2, closed: 1, shareConverted: 4 / 6, p25Days: 10, medianDays: 10, p75Days: 30 });
  });

  it('created → mql: a lead closed before its MQL is censored at closing', () => {
    // durations: A 10, B 10, C 20, D 20, E 50, G 10 (events); F 5 (closed), H 70 (open) censored.
    // S(5) = 1, S(10) = 4/7, S(20) = 4/7 · 2/4 = 2/7, S(50) = 2/7 · 1/2 = 1/7 → 10, 20, 50
    const { rows } = timeToConvert(history);
    expect(row(rows, 'created → mql')).toMatchObject({ leads: 8, converted: 6, censored: 2, closed: 1, shareConverted: 0.75, p25Days: 10, medianDays: 20, p75Days: 50 });
    // skipped steps take 0 days: E reached sql and opportunity with its won at 60
    expect(row(rows, 'sql → opportunity')).toMatchObject({ leads: 4, converted: 2, p25Days: 0 });
    expect(row(rows, 'opportunity → won')).toMatchObject({ leads: 2, converted: 2, p25Days: 0, medianDays: 0, p75Days: 20 });
  });

  it('closedLeads: neverConvert keeps closed leads at risk until until', () => {
    // C now censored at day 100 (80 days): S(0) = 5/6, S(10) = 1/2, S(30) = 1/2 · 2/3 = 1/3 → p75 not reached
    const { rows } = timeToConvert(history, { closedLeads: 'neverConvert', steps: [{ from: 'mql', to: 'sql' }] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ leads: 6, converted: 4, p25Days: 10, medianDays: 10, p75Days: null });
  });

  it('per group, with a totals row per step', () => {
    const { rows } = timeToConvert(history, { groupBy: { attribute: 'segment' }, steps: [{ from: 'mql', to: 'sql' }] });
    expect(rows.map((r) => [r.group, r.leads, r.converted, r.p25Days, r.medianDays, r.p75Days])).toEqual([
      ['ent', 3, 3, 0, 10, 30], // E 0, A 10, B 30: S = 2/3, 1/3, 0
      ['smb', 2, 0, null, null, null], // C censored at 10, D at 70
      ['(missing)', 1, 1, 10, 10, 10],
      ['total', 6, 4, 10, 10, 30],
    ]);
  });

  it.each([
    ['bad closedLeads', { closedLeads: 'drop' }, 'closedLeads must be one of "censored", "neverConvert"; got "drop"'],
    ['empty steps', { steps: [] }, 'steps must be a non-empty array of { from, to }; got an array of length 0'],
    ['unknown stage', { steps: [{ from: 'lead', to: 'sql' }] }, 'steps[0].from must be one of "created", "mql", "sql", "opportunity", "won"; got "lead"'],
    ['backwards step', { steps: [{ from: 'sql', to: 'mql' }] }, 'steps[0].to must be a later stage than from; got sql → mql'],
    ['closing stage as target', { steps: [{ from: 'mql', to: 'lost' }] }, 'steps[0].to must be one of "mql", "sql", "opportunity", "won"; got "lost"'],
  ])('rejects %s', (_name, options, message) => {
    expect(() => timeToConvert(history, options as TimeToConvertOptions)).toThrow(LeadcalError);
    expect(() => timeToConvert(history, options as TimeToConvertOptions)).toThrow(message);
  });
});

describe('sentWithoutPassing', () => {
  // score at MQL: A 80, B 50, C 70, D 40, E unscored, G 65; F and H never MQL
  const scores = Float64Array.of(80, 50, 70, 40, NaN, NaN, 65, NaN);

  it('compares MQL → SQL of leads that passed with those sent without passing', () => {
    const result = sentWithoutPassing(history, { scores, threshold: 60 });
    // passed: A (sql), C (no), G (sql) → 2/3; sent without passing: B (sql), D (no) → 1/2
    expect(result.rows.map((r) => [r.group, r.mqls, r.sqls, r.rate])).toEqual([
      ['passed', 3, 2, 2 / 3],
      ['sentWithoutPassing', 2, 1, 0.5],
      ['total', 5, 3, 0.6],
    ]);
    expect(result.rateRatio).toBeCloseTo(4 / 3, 14);
    expect(result.unscored).toBe(1);
    expect(result.censored).toBe(0);
    expect(result.rows[0]!.rateLow).toBeLessThan(2 / 3);
  });

  it('takes a passed flag per lead instead of scores', () => {
    const passed = Uint8Array.of(1, 0, 1, 0, 1, 0, 1, 0);
    expect(sentWithoutPassing(history, { passed }).rows.map((r) => [r.mqls, r.sqls])).toEqual([[4, 3], [2, 1], [6, 4]]);
  });

  it('counts SQLs within a horizon and leaves out MQLs whose window passes until', () => {
    // horizon 45: G (mql 60) is censored; A sql within, B (40 ≤ 55) within
    expect(sentWithoutPassing(history, { scores, threshold: 60 }, { horizonDays: 45 })).toMatchObject({ censored: 1, unscored: 1 });
    // horizon 20: B's sql at 40 is after 10 + 20; nobody sent without passing converts
    const r = sentWithoutPassing(history, { scores, threshold: 60 }, { horizonDays: 20 });
    expect(r.rows.map((x) => [x.group, x.mqls, x.sqls])).toEqual([['passed', 3, 2], ['sentWithoutPassing', 2, 0], ['total', 5, 2]]);
    expect(r.rateRatio).toBeNull();
  });

  it.each([
    ['no input', undefined, 'input must be { scores, threshold } or { passed }'],
    ['scores per snapshot', { scores: Float64Array.of(1, 2), threshold: 1 }, 'scores must have one row per row of leads (8); got 2'],
    ['missing threshold', { scores }, 'threshold must be a finite number; got undefined'],
    ['passed not 0/1', { passed: new Uint8Array(8).fill(2) }, 'passed must hold 0 or 1; got 2 at row 0'],
    ['passed plain array', { passed: [1, 0] }, 'passed must be a Uint8Array of 0 and 1; got an array of length 2'],
  ])('rejects %s', (_name, input, message) => {
    expect(() => sentWithoutPassing(history, input as PassedInput)).toThrow(LeadcalError);
    expect(() => sentWithoutPassing(history, input as PassedInput)).toThrow(message);
  });

  it('rejects a bad horizon', () => {
    expect(() => sentWithoutPassing(history, { scores, threshold: 60 }, { horizonDays: -5 })).toThrow('horizonDays must be a positive number; got -5');
  });
});
