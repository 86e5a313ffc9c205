// Which leads are measured (hand-built cases for every rule of cohort.ts), the numbers of a
// framework measure checked by hand, routing at a date, and the JSON shape key by key.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/errors.js';
import { loadHistory } from '../../src/data/load.js';
import type { History } from '../../src/data/history.js';
import { createRandom } from '../../src/random.js';
import { setWarningSink } from '../../src/warnings.js';
import { wilsonInterval } from '../../src/calibration/index.js';
import {
  capturedAtVolume, loadQualifications, parseFramework, qualificationCohort, qualifyJson, qualifyReport, routeLeads,
  stratifiedSplit, youdenMinMet, type Framework, type Qualifications,
} from '../../src/qualify/index.js';
import { DAY, T0, csv, day, tempHistory } from '../helpers.js';

// L1 measured, won in the horizon; L2 won before t; L3 lost before t; L4 censored;
// L5 won exactly at t + horizon; L6 won just after it; L7 has no records.
const files = {
  'leads.csv': csv('lead_id,created_at', ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'].map((id) => `${id},${day(0)}`)),
  'events.csv': csv('lead_id,type,occurred_at', []),
  'outcomes.csv': csv('lead_id,stage,occurred_at', [`L1,won,${day(50)}`, `L2,won,${day(5)}`, `L3,lost,${day(20.5)}`, `L5,won,${day(191)}`, `L6,won,${day(192)}`]),
  'qualifications.csv': csv('lead_id,occurred_at,criterion,value', [
    `L1,${day(10)},budget,met`, `L1,${day(10)},need,met`,
    `L2,${day(10)},budget,not_met`,
    `L3,${day(20)},budget,met`,
    `L4,${day(300)},budget,met`,
    `L5,${day(10)},budget,met`, `L5,${day(10)},need,unknown`,
    `L6,${day(10)},budget,not_met`,
  ]),
};

const bn: Framework = parseFramework('name: BN\ncriteria:\n  - { id: budget, required: true }\n  - { id: need, required: true }\n', 'bn.yaml');

let history: History;
let q: Qualifications;
const seen: Issue[] = [];
const restore = setWarningSink((i) => seen.push(i));
afterEach(() => {
  seen.length = 0;
});

beforeAll(async () => {
  ({ history } = await loadHistory(tempHistory(files), { untilMs: T0 + 400 * DAY }));
  ({ qualifications: q } = await loadQualifications(history));
  return () => void setWarningSink(restore);
});

describe('qualificationCohort', () => {
  it('keeps open, observable leads at first record + window; labels wins in (t, t + horizon]', () => {
    const c = qualificationCohort(history, q, { target: 'won', horizonDays: 180, windowDays: 1 });
    expect(Array.from(c.lead, (i) => history.leads.ids[i])).toEqual(['L1', 'L5', 'L6']);
    expect(Array.from(c.asOfMs, (t) => (t - T0) / DAY)).toEqual([11, 11, 11]);
    expect(Array.from(c.label)).toEqual([1, 1, 0]);
    expect(c.positives).toBe(2);
    expect(c.candidates).toBe(6);
    expect(c.leftOut).toEqual({ notCreated: 0, converted: 1, closed: 1, censored: 1 });
  });

  it('a longer window moves t and the label window with it', () => {
    const c = qualificationCohort(history, q, { horizonDays: 180, windowDays: 2 });
    expect(Array.from(c.asOfMs, (t) => (t - T0) / DAY)).toEqual([12, 12, 12]);
    expect(Array.from(c.label)).toEqual([1, 1, 1]); // L6's win at day 192 is now exactly t + horizon
    // a quarter-day window: L3 (lost at 20.5) is still open at 20.25; L5's win at 191 is past 190.25
    const short = qualificationCohort(history, q, { horizonDays: 180, windowDays: 0.25 });
    expect(Array.from(short.lead, (i) => history.leads.ids[i])).toEqual(['L1', 'L3', 'L5', 'L6']);
    expect(Array.from(short.label)).toEqual([1, 0, 0, 0]);
    expect(short.leftOut).toEqual({ notCreated: 0, converted: 1, closed: 0, censored: 1 });
  });

  it('rejects bad options with the flag named', () => {
    expect(() => qualificationCohort(history, q, { windowDays: 0 })).toThrow(/window must be a positive number of days; got 0/);
    expect(() => qualificationCohort(history, q, { horizonDays: -1 })).toThrow(/horizon must be a positive number of days; got -1/);
    expect(() => qualificationCohort(history, q, { target: 'sql' as never })).toThrow(/target must be one of won, opportunity; got "sql"/);
  });
});

describe('qualifyReport on the hand-built history', () => {
  it('counts qualified vs nurtured, per-criterion lift and unknown share, and the AUC of the met count', () => {
    const r = qualifyReport(history, q, [bn], { horizonDays: 180 });
    const f = r.frameworks[0]!;
    // L1 (budget, need met; won) qualified; L5 (need unknown; won) and L6 (budget not met) nurtured
    expect([f.qualified.leads, f.qualified.wins, f.nurtured.leads, f.nurtured.wins]).toEqual([1, 1, 2, 1]);
    expect(f.nurtured.interval).toEqual(wilsonInterval(1, 2));
    const [budget, need] = f.criteria;
    expect([budget!.met.leads, budget!.met.wins, budget!.notMet.leads, budget!.notMet.wins, budget!.unknownShare]).toEqual([2, 2, 1, 0, 0]);
    expect(budget!.lift).toBeCloseTo(1 / (2 / 3), 12);
    expect([need!.met.leads, need!.unknown.leads, need!.unknownShare]).toEqual([1, 2, 2 / 3]);
    expect(need!.lift).toBeCloseTo(1.5, 12);
    expect(f.auc).toBe(1); // met counts 2, 1 (wins) vs 0
    expect(r.measured).toEqual({ candidates: 6, leads: 3, wins: 2, leftOut: { notCreated: 0, converted: 1, closed: 1, censored: 1 } });
    expect(seen.map((i) => i.message)).toContain('only 2 won among 3 measured leads: rates, lifts and the recommended subset are rough');
  });

  it('rejects bad options, naming the flag', () => {
    const rejected: [object, RegExp][] = [
      [{ volumeShare: 0 }, /volume must be a share in \(0, 1\]; got 0/],
      [{ volumeShare: 1.5 }, /volume must be a share in \(0, 1\]; got 1.5/],
      [{ holdoutShare: 1 }, /holdout must be a share in \(0, 1\); got 1/],
      [{ seed: 1.5 }, /seed must be an integer; got 1.5/],
      [{ maxCriteria: 0 }, /max criteria must be an integer ≥ 1; got 0/],
      [{ minGain: -1 }, /minGain must be a number ≥ 0; got -1/],
      [{ windowDays: -1 }, /window must be a positive number of days; got -1/],
    ];
    for (const [options, message] of rejected) expect(() => qualifyReport(history, q, [bn], options), JSON.stringify(options)).toThrow(message);
    expect(() => qualifyReport(history, q, [])).toThrow(/at least one framework is needed; got none/);
  });

  it('prints exactly the stable JSON shape, key by key', () => {
    const json = JSON.parse(JSON.stringify(qualifyJson(qualifyReport(history, q, [bn], { horizonDays: 180 }))));
    expect(Object.keys(json).slice(0, 2)).toEqual(['frameworks', 'recommended']);
    const f = json.frameworks[0];
    expect(Object.keys(f).slice(0, 5)).toEqual(['name', 'qualified', 'nurtured', 'auc', 'criteria']);
    expect(f.name).toBe('BN');
    expect(Object.keys(f.qualified).slice(0, 2)).toEqual(['leads', 'wins']);
    expect(Object.keys(f.nurtured).slice(0, 2)).toEqual(['leads', 'wins']);
    expect([f.qualified.leads, f.qualified.wins, f.nurtured.leads, f.nurtured.wins]).toEqual([1, 1, 2, 1]);
    expect(typeof f.auc).toBe('number');
    expect(f.criteria.map((c: { criterion: string }) => c.criterion)).toEqual(['budget', 'need']);
    for (const c of f.criteria) {
      expect(Object.keys(c).slice(0, 5)).toEqual(['criterion', 'met', 'notMet', 'unknownShare', 'lift']);
      expect(Object.keys(c.met).slice(0, 2)).toEqual(['leads', 'wins']);
      expect(Object.keys(c.notMet).slice(0, 2)).toEqual(['leads', 'wins']);
      expect(typeof c.unknownShare).toBe('number');
      expect(typeof c.lift).toBe('number');
    }
    expect(Object.keys(json.recommended).slice(0, 2)).toEqual(['criteria', 'holdoutAuc']);
    expect(Array.isArray(json.recommended.criteria)).toBe(true);
    expect(json.recommended.holdoutAuc === null || typeof json.recommended.holdoutAuc === 'number').toBe(true);
  });

  it('warns about recorded names that look like typos of framework criteria', async () => {
    const { history: h } = await loadHistory(tempHistory({ ...files, 'qualifications.csv': csv('lead_id,occurred_at,criterion,value', [`L1,${day(10)},budgte,met`]) }), { untilMs: T0 + 400 * DAY });
    const { qualifications } = await loadQualifications(h);
    qualifyReport(h, qualifications, [bn], { horizonDays: 180 });
    const texts = seen.map((i) => `${i.message} — ${i.hint}`);
    expect(texts).toContain('criterion "budgte" is not part of BN — did you mean "budget"? Rename it in the table or add it as an alias in a framework file');
    expect(texts).toContain('no qualification record answers criterion budget of BN: every lead counts it unknown — record it as "budget", or add your name for it to aliases');
  });
});

describe('point in time', () => {
  it('records at or after t change nothing at t (no leakage); inputs are not mutated', async () => {
    const later = csv('lead_id,occurred_at,criterion,value', [
      ...files['qualifications.csv'].trim().split('\n').slice(1),
      `L1,${day(11)},budget,not_met`, // exactly at t
      `L1,${day(30)},need,not_met`,
      `L5,${day(12)},need,met`,
    ]);
    const { history: h2 } = await loadHistory(tempHistory({ ...files, 'qualifications.csv': later }), { untilMs: T0 + 400 * DAY });
    const { qualifications: q2 } = await loadQualifications(h2);
    const snapshot = (x: Qualifications): string => JSON.stringify([x.lead, x.occurredMs, x.criterion, x.value, x.offsets].map((a) => Array.from(a)));
    const before = snapshot(q2) + JSON.stringify(Array.from(h2.outcomes.reachMs[3]!));
    const a = qualifyReport(history, q, [bn], { horizonDays: 180 });
    const b = qualifyReport(h2, q2, [bn], { horizonDays: 180 });
    expect(b.frameworks).toEqual(a.frameworks);
    expect(b.measured).toEqual(a.measured);
    expect(snapshot(q2) + JSON.stringify(Array.from(h2.outcomes.reachMs[3]!))).toBe(before);
  });
});

describe('routeLeads', () => {
  it('routes open leads with records before t to pipeline or nurture with the reason', () => {
    const rows = routeLeads(history, q, [bn], T0 + 12 * DAY);
    expect(rows.map((r) => [r.leadId, r.route, r.score, r.reason])).toEqual([
      ['L1', 'pipeline', 100, ''],
      ['L5', 'nurture', 50, 'required not met: need (unknown)'],
      ['L6', 'nurture', 0, 'required not met: budget (not met), need (unknown)'],
    ]); // L2 won on day 5; L3 and L4 have no record before day 12; L7 none at all
    expect(routeLeads(history, q, [bn], T0 + 12 * DAY, ['L7'])[0]).toMatchObject({ leadId: 'L7', route: 'nurture', metCount: 0 });
    expect(() => routeLeads(history, q, [bn], T0, ['L99'])).toThrow(/unknown lead_id "L99"/);
  });
});

describe('helpers of the measure', () => {
  it('capturedAtVolume shares tied places in proportion', () => {
    expect(capturedAtVolume(Uint8Array.of(1, 0, 1, 0), Float64Array.of(3, 2, 2, 1), 0.5)).toEqual({ volumeShare: 0.5, leads: 2, wins: 1.5, shareOfWins: 0.75 });
    expect(capturedAtVolume(Uint8Array.of(1, 0, 1, 0), Float64Array.of(1, 1, 1, 1), 0.5).wins).toBe(1);
  });

  it('stratifiedSplit is seeded and stratified', () => {
    const labels = Uint8Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const a = stratifiedSplit(labels, 0.3, createRandom(5));
    const b = stratifiedSplit(labels, 0.3, createRandom(5));
    expect(a).toEqual(b);
    expect(a.holdout.length).toBe(30);
    expect(Array.from(a.holdout).filter((i) => labels[i]).length).toBe(3);
    expect(new Set([...a.train, ...a.holdout]).size).toBe(100);
    expect(stratifiedSplit(labels, 0.3, createRandom(6))).not.toEqual(a);
  });

  it('youdenMinMet picks the cut with the best TPR − FPR', () => {
    expect(youdenMinMet(Float64Array.of(0, 1, 2, 2), Uint8Array.of(0, 0, 1, 1), Int32Array.of(0, 1, 2, 3), 2)).toBe(2);
    expect(youdenMinMet(Float64Array.of(0, 1, 1, 2), Uint8Array.of(0, 1, 1, 1), Int32Array.of(0, 1, 2, 3), 2)).toBe(1);
  });
});
