/** The private kernels: normal distribution, numpy percentile, sort and multinomial resampling. */
import { describe, expect, it } from 'vitest';
import { countsAuc, multinomialCounts, seedStream } from '../../src/calibration/bootstrap-kernel.js';
import { erfc, normalCdf, normalQuantile, normalSurvival } from '../../src/calibration/normal.js';
import { percentileSorted } from '../../src/stats/quantile.js';
import { binEdges, binSums } from '../../src/calibration/probability-bins.js';
import { argsortAscending } from '../../src/calibration/sort.js';
import { createRandom } from '../../src/random.js';

describe('normal distribution', () => {
  // Reference values from scipy.special.erfc / scipy.stats.norm (scipy 1.10).
  it.each([
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028516],
    [1.9, 0.007209570764742531],
    [2.1, 0.0029794666563329845],
    [3, 2.2090496998585445e-5],
    [6, 2.1519736712498913e-17],
    [-1, 1.8427007929497148],
  ])('erfc(%s) = %s', (x, expected) => {
    expect(Math.abs(erfc(x) - expected)).toBeLessThanOrEqual(1e-13 * expected);
  });

  it('inverts the CDF and keeps tail accuracy', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999999]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 11);
    }
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalSurvival(1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(normalSurvival(8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
  });
});

describe('percentileSorted (numpy linear)', () => {
  const a = Float64Array.of(0.1, 0.2, 0.2, 0.7, 0.9);
  it.each([
    [0, 0.1],
    [25, 0.2],
    [50, 0.2],
    [62.5, 0.45],
    [100, 0.9],
    [99.99, 0.89992],
  ])('p%s = %s', (q, expected) => expect(percentileSorted(a, q)).toBeCloseTo(expected, 14));
});

describe('calibration bins', () => {
  it('uses numpy linspace edges and puts values on an inner edge in the lower bin', () => {
    const edges = binEdges(new Float64Array(0), 10, 'uniform');
    expect(edges[3]).toBe(0.30000000000000004); // 3 × 0.1, as np.linspace
    expect(edges[10]).toBe(1);
    const sums = binSums(Uint8Array.of(0, 1, 1, 0), Float64Array.of(0, 0.2, 0.2000001, 1), binEdges(new Float64Array(0), 5, 'uniform'));
    expect(Array.from(sums.count)).toEqual([2, 1, 0, 0, 1]);
  });

  it('takes quantile edges from the data', () => {
    expect(Array.from(binEdges(Float64Array.of(0.5, 0.1, 0.3), 2, 'quantile'))).toEqual([0.1, 0.3, 0.5]);
  });
});

describe('argsortAscending', () => {
  it('orders values that share their top 32 bits by the low word, stably', () => {
    const random = createRandom(8);
    // 0.5 + k·2^-45 differ only in the low word: one long run (comparison sort) ...
    const dense = Float64Array.from({ length: 5000 }, () => 0.5 + random.int(1000) * 2 ** -45);
    // ... and pairs that share a high word (insertion sort).
    const pairs = Float64Array.from({ length: 5000 }, (_, i) => 0.25 + (i >> 1) * 2 ** -20 + random.int(3) * 2 ** -40);
    for (const values of [dense, pairs]) {
      const expected = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]! || a - b);
      expect(Array.from(argsortAscending(values))).toEqual(expected);
    }
  });

  it('handles signs, zeros and infinities in the radix path', () => {
    const n = 5000;
    const random = createRandom(3);
    const values = Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? [-0, 0, Infinity, -Infinity, 1e-300, -1e300][i % 6]! : random.normal() * 10 ** random.int(8)));
    const order = argsortAscending(values);
    for (let k = 1; k < n; k++) {
      const a = values[order[k - 1]!]!;
      const b = values[order[k]!]!;
      expect(a <= b).toBe(true);
      if (a === b) expect(order[k - 1]!).toBeLessThan(order[k]!);
    }
  });
});

describe('multinomialCounts', () => {
  it('draws Multinomial(3; 1/3, 1/3, 1/3) exactly (chi-square over the 10 outcomes)', () => {
    const stream = seedStream(createRandom(11));
    const counts = new Uint16Array(3);
    const seen = new Map<string, number>();
    const draws = 27_000;
    for (let r = 0; r < draws; r++) {
      multinomialCounts(stream, counts);
      const key = counts.join(',');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const probability = (key: string): number => {
      const c = key.split(',').map(Number);
      const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
      return 6 / (factorial(c[0]!) * factorial(c[1]!) * factorial(c[2]!)) / 27;
    };
    expect(seen.size).toBe(10);
    let chi2 = 0;
    for (const [key, observed] of seen) {
      const expected = draws * probability(key);
      chi2 += (observed - expected) ** 2 / expected;
    }
    expect(chi2).toBeLessThan(27.9); // 9 degrees of freedom, p = 0.001
  });

  it('always throws exactly n balls, with mean 1 and variance 1 − 1/n per cell', () => {
    const n = 2000;
    const stream = seedStream(createRandom(5));
    const counts = new Uint16Array(n);
    let sum = 0;
    let sumSq = 0;
    const resamples = 200;
    for (let r = 0; r < resamples; r++) {
      multinomialCounts(stream, counts);
      let total = 0;
      for (const c of counts) {
        total += c;
        sum += c;
        sumSq += c * c;
      }
      expect(total).toBe(n);
    }
    const cells = n * resamples;
    const mean = sum / cells;
    expect(mean).toBe(1);
    expect(sumSq / cells - 1).toBeCloseTo(1 - 1 / n, 1);
  });

  it('gives NaN for a resample without both classes', () => {
    expect(countsAuc(Uint8Array.of(0, 1), null, Uint16Array.of(2, 0))).toBeNaN();
    expect(countsAuc(Uint8Array.of(0, 1, 1), Uint8Array.of(1, 0, 1), Uint16Array.of(1, 1, 1))).toBe(1);
    expect(countsAuc(Uint8Array.of(0, 1, 1), Uint8Array.of(0, 1, 1), Uint16Array.of(1, 1, 1))).toBe(0.75);
  });
});
