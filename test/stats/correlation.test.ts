// Pearson correlation: numpy's corrcoef values, and 0 for a column without spread.
import { describe, expect, it } from 'vitest';
import { correlation } from '../../src/stats/correlation.js';

describe('correlation', () => {
  it('matches numpy.corrcoef', () => {
    // numpy.corrcoef([1, 2, 3], [2, 4, 7])[0, 1] = 0.9933992677987828
    expect(correlation(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 7))).toBeCloseTo(0.9933992677987828, 14);
    expect(correlation(Float64Array.of(1, 2, 3, 4), Float64Array.of(4, 3, 2, 1))).toBeCloseTo(-1, 14);
  });
  it('is 0 when a column is constant', () => {
    expect(correlation(Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3))).toBe(0);
  });
});
