// Issue #11: never a model from nothing (guards), a frame that throws away conversions is
// diagnosed, leaks are flagged with their evidence, the scale is one decision (printed points =
// file points, no silent rescaling), and the model carries its frame — each on a small
// hand-built history.
import { describe, expect, it } from 'vitest';
import { chooseFrame, compareScales, diagnoseFrame, buildFrame, historyFromArrays, missingnessByOutcome, separatingAttributes, type History } from '../../src/index.js';
import { fitScoringModel, FIT_GUARDS } from '../../src/fit/fit-model.js';
import { resolveAttributeRule } from '../../src/model/attribute-rule.js';
import { LeadcalError } from '../../src/errors.js';
import { setWarningSink } from '../../src/warnings.js';
import { createRandom } from '../../src/random.js';
import { DAY, T0 } from '../helpers.js';

interface Spec {
  n: number;
  /** Attribute values of lead i. */
  plan: (i: number) => string;
  /** Does lead i reach sql, and after how many days? */
  converts: (i: number, plan: string) => number | undefined;
  /** Lead i closed (lost) after days, if it does not convert. */
  closes?: (i: number) => number | undefined;
  /** Extra category attributes, possibly written after the outcome. */
  extra?: Record<string, (i: number, converted: boolean, closed: boolean) => string>;
}

/** One lead per 0.5 day, attribute `plan` (and optionally `account`), sql outcomes. */
function history(spec: Spec): History {
  const ids: string[] = [];
  const created = new Float64Array(spec.n);
  const planValues: string[] = [];
  const planCodes = new Int32Array(spec.n);
  const extra = Object.entries(spec.extra ?? {}).map(([name, f]) => ({ name, f, values: [] as string[], codes: new Int32Array(spec.n) }));
  const oLead: number[] = [];
  const oStage: number[] = [];
  const oTime: number[] = [];
  for (let i = 0; i < spec.n; i++) {
    ids.push(`L${i}`);
    created[i] = T0 + i * 0.5 * DAY;
    const p = spec.plan(i);
    if (!planValues.includes(p)) planValues.push(p);
    planCodes[i] = planValues.indexOf(p);
    const d = spec.converts(i, p);
    const c = d === undefined ? spec.closes?.(i) : undefined;
    if (d !== undefined) { oLead.push(i); oStage.push(3); oTime.push(created[i]! + d * DAY); } // won (implies sql)
    if (c !== undefined) { oLead.push(i); oStage.push(4); oTime.push(created[i]! + c * DAY); }
    for (const x of extra) {
      const a = x.f(i, d !== undefined, c !== undefined);
      if (a && !x.values.includes(a)) x.values.push(a);
      x.codes[i] = a ? x.values.indexOf(a) : -1;
    }
  }
  return historyFromArrays({
    leads: { ids, createdMs: created, attributes: { plan: { kind: 'category', codes: planCodes, values: planValues }, ...Object.fromEntries(extra.map((x) => [x.name, { kind: 'category' as const, codes: x.codes, values: x.values }])) } },
    outcomes: { lead: Int32Array.from(oLead), stage: Uint8Array.from(oStage), occurredMs: Float64Array.from(oTime) },
    untilMs: T0 + (spec.n * 0.5 + 400) * DAY,
  });
}

const FRAME = { target: 'sql' as const, horizonDays: 60, schedule: { kind: 'asOfAge' as const, days: 1 } };
const quiet = <T>(f: () => T): T => {
  const previous = setWarningSink(() => {});
  try { return f(); } finally { setWarningSink(previous); }
};
const codeOf = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return e instanceof LeadcalError ? e.issues[0]!.code : 'not a LeadcalError'; }
  return undefined;
};

describe('guards: never a model from nothing', () => {
  const random = createRandom(5);
  const few = history({ n: 600, plan: (i) => (i % 3 ? 'free' : 'pro'), converts: (i) => (i % 20 === 0 && i < 600 ? 10 : undefined) });

  it(`fewer than ${FIT_GUARDS.minPositives} positives: refused with a clear message`, () => {
    const frame = buildFrame(few, FRAME);
    expect(frame.positives).toBeLessThan(FIT_GUARDS.minPositives);
    expect(codeOf(() => quiet(() => fitScoringModel(few, { frame: FRAME })))).toBe('too_little_signal');
    expect(() => quiet(() => fitScoringModel(few, { frame: FRAME }))).toThrow(/too little signal: \d+ positive training snapshots \(at least 40 needed\).*--force fits anyway/);
  });

  it('with force: fitted, and the report says so in its warnings', () => {
    const r = quiet(() => fitScoringModel(few, { frame: FRAME, force: true }));
    expect(r.report.warnings.map((w) => w.code)).toContain('too_little_signal');
  });

  it('a test period with too few positives for its AUC to mean anything is refused', () => {
    const h = history({ n: 1200, plan: (i) => (i % 3 ? 'free' : 'pro'), converts: (i, p) => (random.next() < (p === 'pro' ? 0.3 : 0.1) && i < 1100 ? 10 : undefined) });
    const testFromMs = T0 + 560 * DAY; // leads 1,120+ only: none converts
    expect(() => quiet(() => fitScoringModel(h, { frame: FRAME, testFromMs }))).toThrow(/positive test snapshots \(at least 20 for a test AUC to mean anything\)/);
  });

  it('an empty frame is refused even with force, proposing another target', () => {
    // every lead is at sql when created (Maven: every opportunity starts past sql); some win later
    const h = historyFromArrays({
      leads: { ids: ['A', 'B', 'C'], createdMs: Float64Array.of(T0, T0 + DAY, T0 + 2 * DAY) },
      outcomes: { lead: Int32Array.of(0, 1, 2, 0), stage: Uint8Array.of(1, 1, 1, 3), occurredMs: Float64Array.of(T0, T0 + DAY, T0 + 2 * DAY, T0 + 20 * DAY) },
      untilMs: T0 + 400 * DAY,
    });
    expect(() => quiet(() => fitScoringModel(h, { frame: FRAME, force: true }))).toThrow(/cannot fit: the training frame has 0 snapshots and 0 positives.*3 leads are already at or past sql when created.*--target (opportunity|won)/s);
  });
});

describe('pooled rare levels are regularised like everything else (defect 2)', () => {
  it('rare levels with too few snapshots together join the reference: no extreme `other`', () => {
    // five rare levels of 3 leads each, all converting: 15 snapshots < the 30 a level needs
    const random = createRandom(21);
    const h = history({
      n: 2000, plan: (i) => (i < 15 ? `rare${i % 5}` : ['a', 'b', 'c'][i % 3]!),
      converts: (i, p) => (i < 15 || random.next() < (p === 'a' ? 0.2 : 0.1) ? 10 : undefined),
    });
    const r = quiet(() => fitScoringModel(h, { frame: FRAME }));
    const rule = r.model.fit.find((x) => x.field === 'plan')!;
    expect(rule.other).toBe(0);
    expect(r.report.rules.some((x) => x.label === 'plan=(other)')).toBe(false);
    for (const c of resolveAttributeRule(rule, 'plan').cases) expect(Math.abs(c.points), c.label).toBeLessThan(60);
  });

  it('a rule resting on a handful of conversions is named in the warnings', () => {
    const random = createRandom(22);
    // level d: 200 leads, 2 conversions
    const h = history({ n: 2000, plan: (i) => (i % 10 === 0 ? 'd' : ['a', 'b'][i % 2]!), converts: (i, p) => (p === 'd' ? (i % 1000 === 0 ? 10 : undefined) : random.next() < 0.12 ? 10 : undefined) });
    const r = quiet(() => fitScoringModel(h, { frame: FRAME }));
    const thin = r.report.warnings.find((w) => w.code === 'fit_thin_rule');
    expect(thin?.message).toMatch(/plan=d \(-?\d+ points, 2 of 200 converting\)/);
  });
});

describe('a frame that throws away conversions', () => {
  it('most leads convert before the first snapshot: diagnosed, with an as-of age that keeps them', () => {
    const h = history({ n: 800, plan: (i) => (i % 2 ? 'a' : 'b'), converts: (i) => (i % 4 === 0 ? 5 + (i % 9) : undefined) });
    const frame = buildFrame(h, { target: 'sql', horizonDays: 60, schedule: { kind: 'every', days: 30 } });
    const d = diagnoseFrame(h, frame);
    expect(d.convertingLeads).toBe(200);
    expect(d.lostBeforeFirstSnapshot).toBe(200);
    expect(d.issue?.code).toBe('frame_loses_conversions');
    expect(d.issue?.message).toMatch(/200 of 200 leads that reach sql do so before their first snapshot \(median 9 days/);
    expect(d.issue?.hint).toMatch(/--as-of-age 5/);
    // the proposed frame keeps them
    expect(diagnoseFrame(h, buildFrame(h, { target: 'sql', horizonDays: 60, schedule: { kind: 'asOfAge', days: 5 } })).issue).toBeUndefined();
  });
});

describe('leaks', () => {
  const random = createRandom(9);
  // `account` is filled in only once a deal is won or lost (Maven's pattern); `tags` is set by
  // sales and says who will convert (X Education's pattern)
  const h = history({
    n: 2000, plan: (i) => ['a', 'b', 'c'][i % 3]!,
    converts: (_, p) => (random.next() < (p === 'a' ? 0.25 : 0.12) ? 20 : undefined),
    closes: () => (random.next() < 0.6 ? 40 : undefined),
    extra: {
      account: (i, converted, closed) => (converted || closed ? `acct${i % 7}` : ''),
      tags: (i, converted) => (converted ? 'will revert' : ['ringing', 'busy', 'cold'][i % 3]!),
    },
  });

  it('missingness only among open leads is named with its evidence', () => {
    const w = missingnessByOutcome(h, h.untilMs);
    expect(w.map((x) => x.column)).toEqual(['account']);
    expect(w[0]!.message).toMatch(/"account" is empty for [\d,]+ leads, 100% of them still open \(vs 0% of the others\)/);
    expect(w[0]!.hint).toMatch(/--exclude account/);
  });

  it('an attribute that alone separates outcomes is flagged with its evidence; honest ones are not', () => {
    const frame = buildFrame(h, FRAME);
    const flagged = separatingAttributes(h, frame).map((x) => x.column);
    expect(flagged).toEqual(['tags']);
  });

  it('fit carries the flags in report.warnings, once per attribute, and excluding the field silences them', () => {
    const r = quiet(() => fitScoringModel(h, { frame: FRAME }));
    const leaks = r.report.warnings.filter((w) => w.code === 'leak_suspected');
    expect(leaks.map((w) => w.field).sort()).toEqual(['account', 'tags']);
    const clean = quiet(() => fitScoringModel(h, { frame: FRAME, exclude: ['account', 'tags'] }));
    expect(clean.report.warnings.filter((w) => w.code === 'leak_suspected')).toEqual([]);
  });
});

describe('the scale is one decision; the model carries its frame', () => {
  const random = createRandom(13);
  const h = history({ n: 3000, plan: (i) => ['a', 'b', 'c', 'd'][i % 4]!, converts: (_, p) => (random.next() < { a: 0.05, b: 0.1, c: 0.2, d: 0.3 }[p]! ? 10 : undefined) });

  it('printed (report) points equal the file\'s, the factor is PDO / ln 2, and scores stay in the scale\'s range', () => {
    const r = quiet(() => fitScoringModel(h, { frame: FRAME, scale: { kind: 'pdo', pdo: 20 } }));
    expect(r.report.scale.factor).toBeCloseTo(20 / Math.LN2, 12);
    expect(r.model.scale?.pointsPerLogOdds).toBeCloseTo(20 / Math.LN2, 12);
    const rule = r.model.fit.find((x) => x.field === 'plan')!;
    for (const c of resolveAttributeRule(rule, 'plan').cases) {
      if (c.kind !== 'level') continue;
      const reported = r.report.rules.find((x) => x.label === `plan=${c.level}`);
      expect(c.points, c.level).toBe(reported ? reported.points : 0);
    }
    expect(Math.abs(r.model.basePoints!)).toBeLessThan(300);
  });

  it('a 0–100 range scale puts every training score in [0, 100] (up to rounding)', () => {
    const r = quiet(() => fitScoringModel(h, { frame: FRAME, scale: { kind: 'range', min: 0, max: 100 } }));
    const rule = r.model.fit.find((x) => x.field === 'plan')!;
    const pts = resolveAttributeRule(rule, 'plan').cases.filter((c) => c.kind === 'level').map((c) => r.model.basePoints! + c.points);
    expect(Math.min(...pts)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...pts)).toBeLessThanOrEqual(101);
  });

  it('the model file records target, horizon, schedule and test period; explicit options win and are named', () => {
    const testFromMs = T0 + 1200 * 0.5 * DAY;
    const r = quiet(() => fitScoringModel(h, { frame: FRAME, testFromMs }));
    expect(r.model).toMatchObject({ target: 'sql', horizonDays: 60, schedule: { asOfAge: 1 }, testFrom: new Date(testFromMs).toISOString().replace('.000Z', 'Z') });
    const same = chooseFrame(r.model, {});
    expect(same.frame).toEqual({ target: 'sql', horizonDays: 60, schedule: { kind: 'asOfAge', days: 1 } });
    expect(same.testFromMs).toBe(testFromMs);
    expect(same.overrides).toEqual([]);
    expect(chooseFrame(r.model, { horizonDays: 90 }).overrides).toEqual(['horizon 90 days (the model was fitted with 60)']);
  });

  it('diff compares points only on one scale', () => {
    const a = quiet(() => fitScoringModel(h, { frame: FRAME, scale: { kind: 'pdo', pdo: 20 } })).model;
    const b = quiet(() => fitScoringModel(h, { frame: FRAME, scale: { kind: 'pdo', pdo: 40 } })).model;
    expect(compareScales(a, a).comparable).toBe(true);
    expect(compareScales(a, b)).toMatchObject({ comparable: false });
    expect(compareScales(a, b).message).toMatch(/not on one scale/);
  });
});
