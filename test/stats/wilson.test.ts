import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/calibration/normal.js';
import { wilsonBounds, Z_95 } from '../../src/stats/wilson.js';
import { reference } from './reference.js';

describe('wilsonBounds', () => {
  it.each(reference.wilson)('$successes of $trials matches scipy binomtest(...).proportion_ci("wilson") to 1e-13', ({ successes, trials, low, high }) => {
    const [lo, hi] = wilsonBounds(successes, trials);
    expect(lo).toBeCloseTo(low, 13);
    expect(hi).toBeCloseTo(high, 13);
  });

  it('has one empty-group policy: no trials, no interval (NaN bounds)', () => {
    expect(wilsonBounds(0, 0)).toEqual([NaN, NaN]);
  });

  it('stays inside [0, 1] at k = 0 and k = n', () => {
    expect(wilsonBounds(0, 5)[0]).toBe(0);
    expect(wilsonBounds(5, 5)[1]).toBe(1);
  });

  it('Z_95 is Φ⁻¹(0.975) (scipy.stats.norm.ppf(0.975) = 1.959963984540054)', () => {
    expect(Z_95).toBeCloseTo(normalQuantile(0.975), 14);
  });
});
