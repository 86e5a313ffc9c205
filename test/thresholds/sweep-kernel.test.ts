import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankScores, sweepCounts } from '../../src/thresholds/sweep-kernel.js';

// The two ranking paths (integer presence table, sort + binary search) and the two counting
// paths (histogram, radix sort) must agree; sweep.test.ts checks the result against brute force.
const data = fc.record({
  scores: fc.oneof(
    fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 50 }),
    fc.array(fc.integer({ min: -2e9, max: 2e9 }), { minLength: 1, maxLength: 50 }),
    fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 50 }),
  ),
  segments: fc.integer({ min: 0, max: 4 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

describe('sweep kernel', () => {
  it('ranks scores by value, highest first, on both paths', () => {
    fc.assert(
      fc.property(data, ({ scores }) => {
        const s = Float64Array.from(scores);
        const { distinctDesc, rank } = rankScores(s);
        const expected = [...new Set(scores.map((x) => (x === 0 ? 0 : x)))].sort((a, b) => b - a);
        expect([...distinctDesc].map((x) => (x === 0 ? 0 : x))).toEqual(expected);
        s.forEach((x, i) => expect(distinctDesc[rank[i]!]).toBe(x));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('counts the same with the histogram and the radix sort', () => {
    fc.assert(
      fc.property(data, ({ scores, segments, seed }) => {
        const n = scores.length;
        const labels = Uint8Array.from({ length: n }, (_, i) => ((i * 7 + seed) % 3 === 0 ? 1 : 0));
        const codes = Int32Array.from({ length: n }, (_, i) => ((i * 13 + seed) % (segments + 2)) - 1);
        const s = Float64Array.from(scores);
        expect(sweepCounts(s, labels, codes, segments + 1, 'histogram')).toEqual(sweepCounts(s, labels, codes, segments + 1, 'radix'));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
