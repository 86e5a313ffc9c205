/** Hand-built cases for the probability-calibration metrics. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/errors.js';
import {
  brierDecomposition,
  brierScore,
  calibrationCurve,
  calibrationSlopeIntercept,
  expectedCalibrationError,
  logLoss,
  maxCalibrationError,
  wilsonInterval,
} from '../../src/calibration/index.js';
import { createRandom } from '../../src/random.js';
import { setWarningSink, type WarningSink } from '../../src/warnings.js';

describe('brierScore and logLoss', () => {
  it('allow a single class and weight rows', () => {
    expect(brierScore([1, 1], [0.5, 1])).toBe(0.125);
    expect(brierScore([0, 1], [0.2, 0.6], { weights: [3, 1] })).toBeCloseTo((3 * 0.04 + 0.16) / 4, 15);
    expect(logLoss([1], [0.5])).toBeCloseTo(Math.LN2, 15);
  });

  it('clip probabilities of exactly 0 and 1 at 2.22e-16, as scikit-learn', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
    expect(logLoss([1, 0], [1, 0])).toBeCloseTo(-Math.log(1 - Number.EPSILON), 20);
    expect(logLoss([1], [0], { eps: 1e-6 })).toBeCloseTo(-Math.log(1e-6), 12);
    expect(logLoss([1], [0], { eps: 0 })).toBe(Infinity);
  });
});

describe('calibrationCurve', () => {
  it('drops empty bins and reports counts, edges and Wilson bands', () => {
    const curve = calibrationCurve([0, 0, 1, 1, 1], [0.05, 0.15, 0.85, 0.95, 0.9], { bins: 5 });
    expect(Array.from(curve.bin)).toEqual([0, 4]);
    expect(Array.from(curve.count)).toEqual([2, 3]);
    expect(Array.from(curve.positives)).toEqual([0, 3]);
    expect(Array.from(curve.probTrue)).toEqual([0, 1]);
    expect(curve.probPred[1]).toBeCloseTo(0.9, 15);
    expect(Array.from(curve.binLower)).toEqual([0, 0.8]);
    expect(Array.from(curve.binUpper)).toEqual([0.2, 1]);
    expect(curve.edges.length).toBe(6);
    expect(wilsonInterval(0, 0)).toEqual([NaN, NaN]); // empty group: no interval (stats/wilson.ts)
    const [lo, hi] = wilsonInterval(3, 3);
    expect(curve.lower[1]).toBe(lo);
    expect(curve.upper[1]).toBe(hi);
    expect(curve.lower[0]).toBe(0);
    expect(curve).toMatchObject({ strategy: 'uniform', level: 0.95 });
  });

  it('widens the Wilson band with the level', () => {
    const narrow = calibrationCurve([0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5], { level: 0.5 });
    const wide = calibrationCurve([0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5], { level: 0.99 });
    expect(wide.upper[0]! - wide.lower[0]!).toBeGreaterThan(narrow.upper[0]! - narrow.lower[0]!);
  });
});

describe('expected and maximum calibration error', () => {
  it('weight bin gaps by bin size (ECE) or take the largest (MCE)', () => {
    // Bin [0, 0.5]: p = 0.2, y = 0 (gap 0.2, 1 row); bin (0.5, 1]: mean p 0.7667, rate 1 (gap 0.2333, 3 rows).
    expect(expectedCalibrationError([0, 1, 1, 1], [0.2, 0.6, 0.8, 0.9], { bins: 2 })).toBeCloseTo(0.25 * 0.2 + 0.75 * (1 - 2.3 / 3), 15);
    expect(maxCalibrationError([0, 1, 1, 1], [0.2, 0.6, 0.8, 0.9], { bins: 2 })).toBeCloseTo(1 - 2.3 / 3, 15);
  });
});

describe('brierDecomposition', () => {
  it('is exact on distinct values and leaves a within-bin residual on wide bins', () => {
    const random = createRandom(4);
    const p = Array.from({ length: 500 }, () => random.next());
    const y = p.map((v) => (random.next() < v ? 1 : 0));
    const exact = brierDecomposition(y, p, { bins: 'distinct' });
    expect(exact.groups).toBe(500);
    expect(Math.abs(exact.residual)).toBeLessThan(1e-14);
    const binned = brierDecomposition(y, p);
    expect(binned.groups).toBe(10);
    expect(binned.brier).toBe(exact.brier);
    expect(Math.abs(binned.residual)).toBeGreaterThan(1e-6);
    expect(binned.uncertainty).toBe(exact.uncertainty);
  });
});

describe('calibrationSlopeIntercept', () => {
  let restore: WarningSink | undefined;
  afterEach(() => {
    if (restore) setWarningSink(restore);
    restore = undefined;
  });

  it('gives slope ≈ 1 and intercept ≈ 0 for calibrated probabilities, and reads over- and under-confidence', () => {
    const random = createRandom(8);
    const n = 20_000;
    const logits = Array.from({ length: n }, () => random.normal() * 1.5 - 1);
    const y = logits.map((z) => (random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0));
    const calibrated = calibrationSlopeIntercept(y, logits.map((z) => 1 / (1 + Math.exp(-z))));
    expect(calibrated.converged).toBe(true);
    expect(calibrated.slope).toBeCloseTo(1, 1);
    expect(calibrated.intercept).toBeCloseTo(0, 1);
    const extreme = calibrationSlopeIntercept(y, logits.map((z) => 1 / (1 + Math.exp(-2 * z))));
    expect(extreme.slope).toBeCloseTo(0.5, 1);
    const low = calibrationSlopeIntercept(y, logits.map((z) => 1 / (1 + Math.exp(-(z - 1)))));
    expect(low.intercept).toBeGreaterThan(0.8);
  });

  it('warns and reports non-convergence under perfect separation', () => {
    const seen: Issue[] = [];
    restore = setWarningSink((issue) => seen.push(issue));
    const result = calibrationSlopeIntercept([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
    expect(result.converged).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.message).toMatch(/did not converge/);
  });
});
