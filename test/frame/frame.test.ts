import { describe, expect, it } from 'vitest';
import { behaviorPairs, buildFrame, checkModel, compileModel, decayedColumn, frameSummary, loadHistory, scoreSnapshots } from '../../src/index.js';
import { T0, DAY, csv, day, tempHistory } from '../helpers.js';

// Hand-built cases, every=30, horizon=60, target=sql, until=day 200 (see README "frames").
const leads = csv('lead_id,created_at,segment', [
  `A,${day(0)},smb`, // open all along: kept at 30,60,90,120; censored at 150,180
  `B,${day(0)},smb`, // sql at 75: positive at 30 and 60, converted at 90
  `C,${day(0)},smb`, // sql exactly at 30: converted at its first snapshot
  `D,${day(0)},smb`, // sql exactly at 90 = 30 + horizon: positive at 30 (inclusive) and 60
  `E,${day(0)},smb`, // sql at 91: negative at 30, positive at 60 and 90
  `F,${day(0)},smb`, // won at 100 only: later stage implies sql
  `G,${day(0)},smb`, // lost at 45: kept (negative) at 30, closed at 60
  `H,${day(0)},smb`, // disqualified exactly at 30: closed at its first snapshot
  `I,${day(150)},smb`, // first snapshot 180: censored
  `J,${day(0)},smb`, // mql 20 then sql 50: positive at 30
  `K,${day(0)},smb`, // sql at 50 although lost at 40: positive at 30 (label is about reaching sql)
]);
const outcomes = csv('lead_id,stage,occurred_at', [
  `B,sql,${day(75)}`,
  `C,sql,${day(30)}`,
  `D,sql,${day(90)}`,
  `E,sql,${day(91)}`,
  `F,won,${day(100)}`,
  `G,lost,${day(45)}`,
  `H,disqualified,${day(30)}`,
  `J,mql,${day(20)}`,
  `J,sql,${day(50)}`,
  `K,lost,${day(40)}`,
  `K,sql,${day(50)}`,
]);
const events = csv('lead_id,type,occurred_at', [
  `A,email_open,${day(29)}`,
  `A,email_open,${day(30)}`, // exactly at t=30: not known at t
  `A,email_open,${day(59.5)}`,
  `B,demo_request,${day(10)}`,
]);

async function load(untilDay = 200) {
  const dir = tempHistory({ 'leads.csv': leads, 'events.csv': events, 'outcomes.csv': outcomes });
  return (await loadHistory(dir, { untilMs: T0 + untilDay * DAY })).history;
}

describe('buildFrame: every 30 days, horizon 60, target sql', () => {
  it('gives exactly the counts the semantics define', async () => {
    const frame = buildFrame(await load(), { target: 'sql', horizonDays: 60, schedule: { kind: 'every', days: 30 } });
    expect(frameSummary(frame)).toEqual({ snapshots: 17, positives: 10, leftOut: { notCreated: 0, converted: 7, closed: 2, censored: 3 } });
  });

  it('labels each snapshot as the rules say', async () => {
    const history = await load();
    const frame = buildFrame(history, { target: 'sql', horizonDays: 60, schedule: { kind: 'every', days: 30 } });
    const got: Record<string, string> = {};
    for (let s = 0; s < frame.count; s++) {
      const id = history.leads.ids[frame.lead[s]!]!;
      got[id] = (got[id] ?? '') + `${(frame.asOfMs[s]! - T0) / DAY}:${frame.label[s]} `;
    }
    expect(got).toEqual({
      A: '30:0 60:0 90:0 120:0 ',
      B: '30:1 60:1 ',
      D: '30:1 60:1 ',
      E: '30:0 60:1 90:1 ',
      F: '30:0 60:1 90:1 ',
      G: '30:0 ',
      J: '30:1 ',
      K: '30:1 ',
    });
  });

  it('uses only events strictly before t', async () => {
    const history = await load();
    const frame = buildFrame(history, { target: 'sql', horizonDays: 60, schedule: { kind: 'every', days: 30 } });
    const a = history.leads.index.get('A')!;
    // the fit's path: (snapshot, age) pairs, plain counts
    const pairs = behaviorPairs(history, frame, { splitColumn: null, minPairs: 1, minSnapshots: 1 });
    const b = pairs.plans.findIndex((p) => p.label === 'email_open');
    const fitted = decayedColumn(pairs.snapshot[b]!, pairs.ageDays[b]!, frame.count, Infinity).values;
    // the scorer's path: one point per open
    const model = checkModel({ leadcal: 1, name: 'opens', threshold: 0, behavior: [{ event: 'email_open', points: 1 }] });
    const scored = scoreSnapshots(compileModel(model, history), frame.lead, frame.asOfMs).score;
    for (const values of [fitted, scored]) {
      expect([...values].filter((_, s) => frame.lead[s] === a)).toEqual([1, 3, 3, 3]); // the open at exactly day 30 counts from t=60 on
    }
  });

  it('counts candidates after until as nothing and censors t + horizon > until', async () => {
    const frame = buildFrame(await load(119), { target: 'sql', horizonDays: 60, schedule: { kind: 'every', days: 30 } });
    // until 119: only t=30 and t=59… (t + 60 ≤ 119) are labelable
    expect(frame.asOfMs.every((t) => t + 60 * DAY <= T0 + 119 * DAY)).toBe(true);
    expect(frame.leftOut.censored).toBeGreaterThan(0);
  });
});

describe('buildFrame: one snapshot per lead', () => {
  it('--as-of DATE: leads created before it, open at it', async () => {
    const frame = buildFrame(await load(), { target: 'sql', horizonDays: 60, schedule: { kind: 'asOf', ms: T0 + 80 * DAY } });
    // open at 80: A, E (sql 91 → positive), F (won 100 → positive); I created at 150 → notCreated
    // converted: B(75), C(30), J(50), K(50); closed: G(45), H(30); D (sql 90 → positive)
    expect(frameSummary(frame)).toEqual({ snapshots: 4, positives: 3, leftOut: { notCreated: 1, converted: 4, closed: 2, censored: 0 } });
  });

  it('--as-of-age DAYS: t = created + DAYS; late leads are censored', async () => {
    const frame = buildFrame(await load(), { target: 'sql', horizonDays: 60, schedule: { kind: 'asOfAge', days: 30 } });
    // same as the first every-30 snapshot: A0 B1 D1 E0 F0 G0 J1 K1 kept; C converted; H closed; I censored
    expect(frameSummary(frame)).toEqual({ snapshots: 8, positives: 4, leftOut: { notCreated: 0, converted: 1, closed: 1, censored: 1 } });
  });

  it('target won: only won counts', async () => {
    const frame = buildFrame(await load(), { target: 'won', horizonDays: 120, schedule: { kind: 'asOfAge', days: 30 } });
    expect(frame.positives).toBe(1); // F (won at 100, within (30, 150])
  });
});

describe('buildFrame: options are checked', () => {
  it.each([
    [{ horizonDays: 0 }, /horizon must be a positive/],
    [{ horizonDays: Number.NaN }, /horizon must be a positive/],
    [{ schedule: { kind: 'every', days: -1 } as const }, /days must be positive/],
    [{ target: 'lost' as never }, /target must be one of/],
  ])('rejects %o', async (options, message) => {
    const history = await load();
    expect(() => buildFrame(history, options)).toThrow(message);
  });
});
