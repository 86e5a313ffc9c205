// Acceptance of #15 items 1 and 2 with planted truths: a behaviour's effect halves after a date.
// The backtest shows it (calibration breaks and ranking drops in the windows after the date,
// against the same history without drift) and the publish gate prefers the refit; on the
// unchanged history the gate keeps the old model. Plus the not-enough-data case and bad options.
import { beforeAll, describe, expect, it } from 'vitest';
import { backtest, type BacktestResult, type BacktestWindowResult } from '../../src/review/backtest.js';
import { review, reviewRule, REVIEW_DEFAULTS } from '../../src/review/review.js';
import { setWarningSink, type WarningSink } from '../../src/warnings.js';
import { DRIFT_FROM, driftCase, FRAME, PRICING, type DriftCase } from './drift-fixture.js';

let drifting: DriftCase;
let unchanged: DriftCase;
let fixed: { drifting: BacktestResult; unchanged: BacktestResult };
let refit: { drifting: BacktestResult; unchanged: BacktestResult };
let sink: WarningSink;

const DAY = 86_400_000;
const after = (r: BacktestResult): BacktestWindowResult[] => r.windows.filter((w) => w.status === 'ok' && Date.parse(w.testFrom) >= DRIFT_FROM);
const before = (r: BacktestResult): BacktestWindowResult[] => r.windows.filter((w) => w.status === 'ok' && Date.parse(w.testFrom) < DRIFT_FROM);
const mean = (xs: (number | null)[]): number => xs.reduce<number>((a, b) => a + (b ?? NaN), 0) / xs.length;
/** Quarters, each refitted on the six months of snapshots before it. */
const trailing = (r: BacktestResult) => r.windows.map((w) => ({ trainFromMs: Date.parse(w.testFrom) - 183 * DAY, trainToMs: Date.parse(w.testFrom), testFromMs: Date.parse(w.testFrom), testToMs: Date.parse(w.testFrom) + 90 * DAY }));

beforeAll(async () => {
  sink = setWarningSink(() => {});
  [drifting, unchanged] = [await driftCase(0.5), await driftCase(undefined)];
  fixed = { drifting: backtest(drifting.history, drifting.old, { frame: FRAME }), unchanged: backtest(unchanged.history, unchanged.old, { frame: FRAME }) };
  refit = {
    drifting: backtest(drifting.history, drifting.old, { frame: FRAME, refit: true, windows: trailing(fixed.drifting) }),
    unchanged: backtest(unchanged.history, unchanged.old, { frame: FRAME, refit: true, windows: trailing(fixed.unchanged) }),
  };
  setWarningSink(sink);
  for (const [name, r] of Object.entries({ fixed: fixed.drifting, refit: refit.drifting })) {
    console.info(`${name} backtest (drifting): ${r.windows.map((w) => `${w.testFrom.slice(0, 7)} AUC ${w.auc?.toFixed(3)} ECE ${w.ece?.toFixed(3)}${w.rules ? ` pricing ${w.rules.find((x) => x.label === PRICING)?.coefficient.toFixed(2)}` : ''}`).join('; ')}`);
  }
  console.info(`fixed backtest (unchanged): ${fixed.unchanged.windows.map((w) => `${w.testFrom.slice(0, 7)} AUC ${w.auc?.toFixed(3)} ECE ${w.ece?.toFixed(3)}`).join('; ')}`);
}, 600_000);

describe('backtest on a history whose pricing-page effect halves on 2025-10-01', () => {
  it('has a window per quarter, with intervals around each AUC', () => {
    expect(fixed.drifting.windows.length).toBeGreaterThanOrEqual(6);
    expect(before(fixed.drifting).length).toBeGreaterThanOrEqual(2);
    expect(after(fixed.drifting).length).toBeGreaterThanOrEqual(3);
    for (const w of after(fixed.drifting)) {
      expect(w.aucLower!).toBeLessThan(w.auc!);
      expect(w.aucUpper!).toBeGreaterThan(w.auc!);
      expect(w.recommended.threshold === null || w.recommended.perMonth! > 0).toBe(true);
      expect(w.rankOrder.bands).not.toBeNull();
    }
  });

  it('the fixed model goes out of calibration after the date, and not without the drift', () => {
    const eceBefore = mean(before(fixed.drifting).map((w) => w.ece));
    const eceAfter = mean(after(fixed.drifting).map((w) => w.ece));
    const eceControl = mean(after(fixed.unchanged).map((w) => w.ece));
    expect(eceAfter).toBeGreaterThan(2 * eceBefore);
    expect(eceAfter).toBeGreaterThan(2 * eceControl);
  });

  it('the score ranks worse after the date than the same windows without the drift', () => {
    expect(mean(after(fixed.drifting).map((w) => w.auc))).toBeLessThan(mean(after(fixed.unchanged).map((w) => w.auc)));
    expect(mean(after(refit.drifting).map((w) => w.auc))).toBeLessThan(mean(after(refit.unchanged).map((w) => w.auc)) - 0.01);
  });

  it('refits report each window\'s rules, the same skeleton as the model', () => {
    const ok = refit.drifting.windows.filter((w) => w.status === 'ok');
    expect(ok.length).toBeGreaterThanOrEqual(3);
    for (const w of ok) expect(w.rules!.some((r) => r.label === PRICING)).toBe(true);
    // a window with no training snapshots says why it was skipped
    for (const w of refit.drifting.windows.filter((x) => x.status === 'skipped')) expect(w.reason).toMatch(/refit refused|single class/);
  });
});

describe('the publish gate', () => {
  it('prefers the refit on the drifting history (publish)', () => {
    const r = review(drifting.old, drifting.refit, drifting.history, { frame: FRAME });
    console.info(`drifting: ${r.verdict}: ${r.reasons.join('; ')}`);
    expect(r.verdict).toBe('publish');
    expect(r.period.positives).toBeGreaterThanOrEqual(REVIEW_DEFAULTS.minPositives);
    expect(r.new.ece!).toBeLessThan(r.old.ece!);
    expect(r.volume.at(-1)!.segment).toBe('total');
    expect(r.rule).toBe(reviewRule(REVIEW_DEFAULTS));
  });

  it('keeps the old model on the unchanged history (keep)', () => {
    const r = review(unchanged.old, unchanged.refit, unchanged.history, { frame: FRAME });
    console.info(`unchanged: ${r.verdict}: ${r.reasons.join('; ')}`);
    expect(r.verdict).toBe('keep');
    expect(r.deLong!.upper).toBeGreaterThan(0);
  });

  it('keeps a model against itself: no difference, no evidence', () => {
    const r = review(unchanged.old, unchanged.old, unchanged.history, { frame: FRAME });
    expect(r.verdict).toBe('keep');
    expect(r.deLong!.difference).toBe(0);
    expect(r.volume.at(-1)!.up + r.volume.at(-1)!.down).toBe(0);
    expect(r.psi.newVsOld.psi).toBeCloseTo(0, 12);
  });

  it('says not-enough-data below the minimum positives, whatever the models', () => {
    const r = review(drifting.old, drifting.refit, drifting.history, { frame: FRAME, minPositives: 100_000 });
    expect(r.verdict).toBe('not-enough-data');
    expect(r.reasons[0]).toMatch(/at least 100000/);
  });

  it('rejects bad options and windows', () => {
    expect(() => review(drifting.old, drifting.refit, drifting.history, { minPositives: 1 })).toThrow(/minPositives must be a whole number ≥ 2/);
    expect(() => review(drifting.old, drifting.refit, drifting.history, { eceMargin: -1 })).toThrow(/eceMargin/);
    expect(() => backtest(drifting.history, drifting.old, { windows: [] })).toThrow(/non-empty/);
    expect(() => backtest(drifting.history, drifting.old, { windows: [{ trainToMs: DRIFT_FROM + DAY, testFromMs: DRIFT_FROM, testToMs: DRIFT_FROM + 90 * DAY }] })).toThrow(/trainTo/);
  });
});
