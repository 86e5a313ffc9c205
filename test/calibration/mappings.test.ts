/** Score → probability mappings: semantics beyond the fixture, and plain-JSON round trips. */
import { describe, expect, it } from 'vitest';
import { applyIsotonic, applyPlatt, fitIsotonic, fitPlatt, type IsotonicMapping, type PlattMapping } from '../../src/calibration/index.js';
import { pava } from '../../src/calibration/fit-isotonic.js';

describe('fitIsotonic', () => {
  it('averages tied scores with their weights before pooling', () => {
    const mapping = fitIsotonic([0.2, 0.2, 0.2, 0.5, 0.5, 0.9], [1, 0, 0, 1, 0, 0], { weights: [1, 2, 0, 1, 1, 3] });
    // sklearn 1.2: X_thresholds_ = [0.2, 0.9], y_thresholds_ = [0.25, 0.25]
    expect(mapping).toEqual({ kind: 'isotonic', x: [0.2, 0.9], y: [0.25, 0.25] });
  });

  it('merges scores closer than 1e-15, as scikit-learn does', () => {
    expect(fitIsotonic([0, 1e-16, 0.5, 1], [0, 1, 0, 1]).x).toEqual([0, 0.5, 1]);
  });

  it('fits a single point as a constant and accepts real-valued targets', () => {
    const constant = fitIsotonic([3, 3, 3], [0, 1, 1]);
    expect(constant.x).toEqual([3]);
    expect(constant.y[0]).toBeCloseTo(2 / 3, 15);
    expect(Array.from(applyIsotonic(constant, [-10, 3, 10]))).toEqual([constant.y[0], constant.y[0], constant.y[0]]);
    expect(fitIsotonic([1, 2, 3], [5, -1, 2]).y).toEqual([2, 2]);
  });

  it('pools adjacent violators', () => {
    const y = Float64Array.of(4, 3, 2, 1, 5);
    pava(y, Float64Array.of(1, 1, 1, 1, 2));
    expect(Array.from(y)).toEqual([2.5, 2.5, 2.5, 2.5, 5]);
  });
});

describe('applyIsotonic', () => {
  const mapping: IsotonicMapping = { kind: 'isotonic', x: [0.1, 0.2, 0.4], y: [0, 0.5, 1] };
  it('clips outside the fitted range and interpolates linearly inside', () => {
    // np.interp gives 0.24999999999999994 at 0.15 too (slope·(0.15 − 0.1) in floating point).
    expect(Array.from(applyIsotonic(mapping, [-1, 0.1, 0.15, 0.2, 0.3, 0.4, 7]))).toEqual([0, 0, 0.24999999999999994, 0.5, 0.75, 1, 1]);
  });
});

describe('fitPlatt / applyPlatt', () => {
  it('sets a = 0 when every score is equal, predicting the smoothed base rate', () => {
    const { a, b } = fitPlatt([2, 2, 2, 2], [1, 0, 0, 0]);
    expect(a).toBe(0);
    // Smoothed targets: 2/3 for the positive, 1/5 for the negatives → mean 0.3166…
    expect(applyPlatt({ kind: 'platt', a, b }, [2])[0]).toBeCloseTo((2 / 3 + 3 / 5) / 4, 12);
  });

  it('maps higher scores to higher probabilities when they convert more', () => {
    const mapping = fitPlatt([-2, -1, 0, 1, 2, 3], [0, 0, 1, 0, 1, 1]);
    expect(mapping.a).toBeLessThan(0);
    const p = applyPlatt(mapping, [-3, 0, 3]);
    expect(p[0]).toBeLessThan(p[1]!);
    expect(p[1]).toBeLessThan(p[2]!);
  });
});

describe('mappings are plain JSON', () => {
  it('round-trips through JSON with identical predictions', () => {
    const scores = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95];
    const labels = [0, 0, 1, 0, 1, 1, 1];
    const isotonic = fitIsotonic(scores, labels);
    const platt = fitPlatt(scores, labels);
    const stored = JSON.parse(JSON.stringify({ isotonic, platt })) as { isotonic: IsotonicMapping; platt: PlattMapping };
    expect(stored.isotonic).toEqual(isotonic);
    expect(stored.platt).toEqual(platt);
    expect(Object.keys(platt).sort()).toEqual(['a', 'b', 'kind']);
    expect(applyIsotonic(stored.isotonic, scores)).toEqual(applyIsotonic(isotonic, scores));
    expect(applyPlatt(stored.platt, scores)).toEqual(applyPlatt(platt, scores));
  });
});
