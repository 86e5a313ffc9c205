import { describe, expect, it } from 'vitest';
import { percentileSorted, quantile, quantileSorted } from '../../src/stats/quantile.js';
import { reference } from './reference.js';

describe('quantileSorted (numpy linear, type 7)', () => {
  it.each(reference.quantiles)('$name at p = $p equals np.quantile bit for bit', ({ values, p, quantile: want }) => {
    const sorted = Float64Array.from(values).sort();
    expect(quantileSorted(sorted, p)).toBe(want);
    expect(quantile(Float64Array.from(values), p)).toBe(want);
  });

  it('matches its @examples', () => {
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
    expect(percentileSorted(Float64Array.of(1, 2, 3, 4), 50)).toBe(2.5);
    expect(quantile(Float64Array.of(40, 10, 30, 20, 50), 0.8)).toBe(42);
  });

  it('is NaN for an empty sample; quantile leaves NaN out and does not modify its input', () => {
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
    expect(quantile(Float64Array.of(NaN, NaN), 0.5)).toBeNaN();
    const values = Float64Array.of(3, NaN, 1, 2);
    expect(quantile(values, 0.5)).toBe(2);
    expect([...values]).toEqual([3, NaN, 1, 2]);
  });
});
