// Pearson correlation: numpy's corrcoef values, and 0 for a column without spread.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { correlation, sparseCorrelation, sparseStandardDeviation } from '../../src/stats/correlation.js';

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

describe('sparseCorrelation, sparseStandardDeviation', () => {
  const sparse = (x: Float64Array) => {
    const rows = [...x.keys()].filter((i) => x[i] !== 0);
    return { rows: Int32Array.from(rows), values: Float64Array.from(rows, (i) => x[i]!) };
  };
  it('equal the dense formulas on columns with zeros', () => {
    const column = (n: number) => fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 }).map((v) => v / 7)), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(column(n), column(n))), ([a, b]) => {
      const n = a.length;
      const dense = correlation(a, b);
      const got = sparseCorrelation(sparse(a), sparse(b), n);
      expect(Math.abs(got - dense)).toBeLessThan(1e-9);
      const mean = a.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
      expect(Math.abs(sparseStandardDeviation(sparse(a), n) - sd)).toBeLessThan(1e-9 * (1 + sd));
    }));
  });
});
