import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../../src/errors.js';
import { recommendThreshold, sweepThresholds, tradeOffSentence, type RecommendOptions, type SweepInput } from '../../src/thresholds/index.js';

/** Rows (segment, score, count, conversions) → sweep input; months are fixed by the callers. */
function build(blocks: [number, number, number, number][], values: string[]): SweepInput {
  const scores: number[] = [];
  const labels: number[] = [];
  const codes: number[] = [];
  for (const [segment, score, count, conversions] of blocks) {
    for (let k = 0; k < count; k++) {
      scores.push(score);
      labels.push(k < conversions ? 1 : 0);
      codes.push(segment);
    }
  }
  return { scores: Float64Array.from(scores), labels: Uint8Array.from(labels), asOfMs: new Float64Array(scores.length), segments: { codes: Int32Array.from(codes), values } };
}

// enterprise, by threshold: ≥40 passes 500 (34 conv), ≥50 300 (24), ≥60 200 (22, 11%), ≥70 124 (21, 16.9%)
// smb: 5 conversions only
const input = build([
  [0, 40, 200, 10],
  [0, 50, 100, 2],
  [0, 60, 76, 1],
  [0, 70, 124, 21],
  [1, 30, 50, 2],
  [1, 80, 10, 3],
], ['enterprise', 'smb']);
const sweep = sweepThresholds(input, { months: 10, valuePerConversion: 100, costPerTouch: 10, recommend: { objective: 'capacity', mqlsPerMonth: 1e9 } });
const segment = (s: ReturnType<typeof recommendThreshold>, name: string) => s.segments.find((x) => x.segment === name)!;

describe('recommendThreshold', () => {
  it('targetRate: the lowest threshold meeting the rate, with the trade-off against current', () => {
    const r = recommendThreshold(sweep, { objective: 'targetRate', rate: 0.15, current: { enterprise: 60 } });
    const ent = segment(r, 'enterprise').recommended!;
    expect(ent).toMatchObject({ objective: 'targetRate', threshold: 70, passed: 124, conversions: 21 });
    expect(ent.conversionRateLow).toBeLessThan(ent.conversionRate);
    expect(ent.conversionRateHigh).toBeGreaterThan(ent.conversionRate);
    expect(ent.current).toEqual({ threshold: 60, passed: 200, passedPerMonth: 20, conversions: 22, conversionRate: 0.11, recall: 22 / 34 });
    expect(ent.tradeOff).toBe('raising enterprise from 60 to 70 cuts volume 38% and lifts conversion from 11% to 17%, but no longer passes 5% of the conversions passed now (caught: 65% → 62% of all conversions)');
    // overall: ≥30 passes 560 (39 conv), ≥40 510 (37, 7.3%), ≥50 310 (27), ≥60 210 (25, 11.9%), ≥70 134 (24, 17.9%), ≥80 10 (3)
    expect(segment(r, 'overall').recommended).toMatchObject({ threshold: 70, passed: 134 });
    expect(segment(r, 'overall').recommended!.tradeOff).toBeUndefined();
  });

  it('targetRate with the Wilson lower bound is more cautious, and says when nothing qualifies', () => {
    // at 11%: ≥60 has exactly 22/200 = 11% (Wilson 7.4%–16.1%), ≥70 has 21/124 (Wilson 11.4%–24.5%)
    const estimate = recommendThreshold(sweep, { objective: 'targetRate', rate: 0.11 });
    expect(segment(estimate, 'enterprise').recommended).toMatchObject({ threshold: 60 });
    const lower = recommendThreshold(sweep, { objective: 'targetRate', rate: 0.11, bound: 'lower' });
    expect(segment(lower, 'enterprise').recommended).toMatchObject({ threshold: 70 });
    const none = recommendThreshold(sweep, { objective: 'targetRate', rate: 0.2 });
    expect(segment(none, 'enterprise').recommended).toBeNull();
    expect(segment(none, 'enterprise').reason).toBe('no threshold reaches a conversion rate of 20% in enterprise (highest: 17% at 70)');
  });

  it('capacity: the lowest threshold whose monthly volume fits', () => {
    const r = recommendThreshold(sweep, { objective: 'capacity', mqlsPerMonth: 25, current: 40 });
    expect(segment(r, 'enterprise').recommended).toMatchObject({ threshold: 60, passedPerMonth: 20 });
    expect(segment(r, 'enterprise').recommended!.tradeOff).toBe('raising enterprise from 40 to 60 cuts volume 60% and lifts conversion from 6.8% to 11%, but no longer passes 35% of the conversions passed now (caught: 100% → 65% of all conversions)');
    expect(segment(r, 'overall').recommended!.tradeOff).toBe('raising the overall threshold from 40 to 60 cuts volume 59% and lifts conversion from 7.3% to 12%, but no longer passes 32% of the conversions passed now (caught: 95% → 64% of all conversions)');
    const tight = recommendThreshold(sweep, { objective: 'capacity', mqlsPerMonth: 10 });
    expect(segment(tight, 'enterprise').recommended).toBeNull();
    expect(segment(tight, 'enterprise').reason).toBe('even the highest threshold (70) passes 12.4 a month in enterprise, above the capacity of 10');
  });

  it('expectedValue: the highest expected value, none when passing nobody is better', () => {
    // value 100, cost 10: ≥40 −1600, ≥50 −600, ≥60 200, ≥70 860
    const r = recommendThreshold(sweep, { objective: 'expectedValue' });
    expect(segment(r, 'enterprise').recommended).toMatchObject({ threshold: 70, expectedValue: 860 });
    const costly = sweepThresholds(input, { months: 10, valuePerConversion: 10, costPerTouch: 10, recommend: { objective: 'expectedValue' } });
    expect(segment(costly, 'enterprise').recommended).toBeNull();
    expect(segment(costly, 'enterprise').reason).toBe('no threshold has a positive expected value in enterprise (best: -1030 at 70): passing nobody is better');
  });

  it('expectedValue ties go to the higher threshold', () => {
    const tie = sweepThresholds({ scores: Float64Array.of(1, 2, 3), labels: Uint8Array.of(0, 1, 1), asOfMs: new Float64Array(3) }, { valuePerConversion: 10, costPerTouch: 5, recommend: { objective: 'expectedValue', minConversions: 0 } });
    // ≥1: 20 − 15 = 5, ≥2: 20 − 10 = 10, ≥3: 10 − 5 = 5 → 2; with cost 0: ≥1 and ≥2 tie at 20 → 2
    expect(tie.segments[0]!.recommended!.threshold).toBe(2);
    const free = sweepThresholds({ scores: Float64Array.of(1, 2, 3), labels: Uint8Array.of(0, 1, 1), asOfMs: new Float64Array(3) }, { valuePerConversion: 10, costPerTouch: 0, recommend: { objective: 'expectedValue', minConversions: 0 } });
    expect(free.segments[0]!.recommended!.threshold).toBe(2);
  });

  it('gives a segment under minConversions no recommendation, with the reason, whatever the objective', () => {
    for (const options of [{ objective: 'expectedValue' }, { objective: 'targetRate', rate: 0.01 }, { objective: 'capacity', mqlsPerMonth: 1e6 }] as RecommendOptions[]) {
      const smb = segment(recommendThreshold(sweep, options), 'smb');
      expect(smb.recommended).toBeNull();
      expect(smb.reason).toBe('smb has 5 conversions, fewer than minConversions (30): too few to set a threshold on');
    }
    const lower = recommendThreshold(sweep, { objective: 'capacity', mqlsPerMonth: 1e6, minConversions: 5 });
    expect(segment(lower, 'smb').recommended).toMatchObject({ threshold: 30 });
    expect('reason' in segment(lower, 'smb')).toBe(false);
  });

  it('is pure: the given sweep is unchanged', () => {
    const before = JSON.stringify(sweep);
    recommendThreshold(sweep, { objective: 'targetRate', rate: 0.15, current: 65 });
    expect(JSON.stringify(sweep)).toBe(before);
  });

  const rejected: [string, unknown, string][] = [
    ['no options', undefined, 'recommend must be an object with an objective; got undefined'],
    ['unknown objective', { objective: 'f1' }, 'objective must be one of "expectedValue", "targetRate", "capacity"; got "f1"'],
    ['rate above 1', { objective: 'targetRate', rate: 15 }, 'rate must be a conversion rate in (0, 1]; got 15'],
    ['rate missing', { objective: 'targetRate' }, 'rate must be a conversion rate in (0, 1]; got undefined'],
    ['bad bound', { objective: 'targetRate', rate: 0.1, bound: 'upper' }, 'bound must be one of "estimate", "lower"; got "upper"'],
    ['capacity zero', { objective: 'capacity', mqlsPerMonth: 0 }, 'mqlsPerMonth must be a positive number; got 0'],
    ['minConversions fraction', { objective: 'capacity', mqlsPerMonth: 5, minConversions: 2.5 }, 'minConversions must be an integer ≥ 0; got 2.5'],
    ['current unknown segment', { objective: 'capacity', mqlsPerMonth: 5, current: { enterprize: 60 } }, 'current must name segments of the sweep; got "enterprize" — did you mean "enterprise"?'],
    ['current NaN', { objective: 'capacity', mqlsPerMonth: 5, current: NaN }, 'current must be a finite threshold; got NaN'],
    ['current value text', { objective: 'capacity', mqlsPerMonth: 5, current: { smb: '60' } }, 'current.smb must be a finite threshold; got "60"'],
  ];
  it.each(rejected)('rejects %s', (_name, options, message) => {
    expect(() => recommendThreshold(sweep, options as RecommendOptions)).toThrow(LeadcalError);
    expect(() => recommendThreshold(sweep, options as RecommendOptions)).toThrow(message);
  });

  it('rejects expectedValue on a sweep without value and cost', () => {
    const plain = sweepThresholds(input);
    expect(() => recommendThreshold(plain, { objective: 'expectedValue' })).toThrow('objective "expectedValue" must come with valuePerConversion and costPerTouch in the sweep');
  });
});

describe('a raise that lowers conversion', () => {
  // ≥40 passes 200 (35 conversions, 17.5%); ≥50 passes 100 (5, 5%): raising the bar converts worse
  const worse = sweepThresholds(build([[0, 40, 100, 30], [0, 50, 100, 5]], ['bank']), { months: 10 });
  it('is never recommended: the segment gets no recommendation and a reason that names the cost', () => {
    const r = recommendThreshold(worse, { objective: 'capacity', mqlsPerMonth: 15, current: 40 });
    for (const name of ['bank', 'overall']) {
      expect(segment(r, name).recommended).toBeNull();
      expect(segment(r, name).reason).toMatch(/would lower conversion \(18% → 5%\) and pass fewer conversions \(35 → 5\): no raise is recommended/);
    }
    expect(segment(r, 'bank').reason).toMatch(/^raising bank from 40 to 50 /);
  });
  it('is still recommended without a current threshold to compare with, and a lowering is allowed', () => {
    expect(segment(recommendThreshold(worse, { objective: 'capacity', mqlsPerMonth: 15 }), 'bank').recommended).toMatchObject({ threshold: 50 });
    const lower = recommendThreshold(worse, { objective: 'capacity', mqlsPerMonth: 100, current: 50 });
    expect(segment(lower, 'bank').recommended!.tradeOff).toBe('lowering bank from 50 to 40 grows volume 100% and lifts conversion from 5% to 18%, and passes 600% more conversions (caught: 14% → 100% of all conversions)');
  });
});

describe('tradeOffSentence', () => {
  const side = (threshold: number, passed: number, conversionRate: number | null) => ({ threshold, passed, passedPerMonth: passed / 2, conversionRate });
  it.each([
    ['enterprise', side(60, 100, 0.11), side(70, 62, 0.17), 'raising enterprise from 60 to 70 cuts volume 38% and lifts conversion from 11% to 17%'],
    ['smb', side(70, 80, 0.2), side(55, 100, 0.18), 'lowering smb from 70 to 55 grows volume 25% and lowers conversion from 20% to 18%'],
    ['smb', side(62, 80, 0.2), side(65, 80, 0.2), 'raising smb from 62 to 65 leaves volume unchanged and keeps conversion at 20%'],
    ['mid', side(60, 80, 0.2), side(60, 80, 0.2), 'keeping mid at 60 leaves volume unchanged and keeps conversion at 20%'],
    ['mid', side(95, 0, null), side(70, 30, 0.0449), 'lowering mid from 95 to 70 grows volume from none to 15 a month at 4.5% conversion'],
    ['mid', side(0.5, 1000, 0.031), side(0.625, 500, 0.052), 'raising mid from 0.5 to 0.625 cuts volume 50% and lifts conversion from 3.1% to 5.2%'],
    ['overall', { ...side(62, 1000, 0.04), conversions: 40, recall: 0.31 }, { ...side(95, 130, 0.07), conversions: 9, recall: 0.07 }, 'raising overall from 62 to 95 cuts volume 87% and lifts conversion from 4% to 7%, but no longer passes 78% of the conversions passed now (caught: 31% → 7% of all conversions)'],
    ['mid', { ...side(60, 1000, 0.04), conversions: 400 }, { ...side(61, 999, 0.04), conversions: 399 }, 'raising mid from 60 to 61 leaves volume unchanged and keeps conversion at 4%, but no longer passes under 1% of the conversions passed now'],
  ])('%s: %s', (subject, current, next, text) => {
    expect(tradeOffSentence(subject as string, current as ReturnType<typeof side>, next as ReturnType<typeof side>)).toBe(text);
  });
});
