import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed } from '../src/random.js';

function draws(seed: number, n: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('createRandom', () => {
  it('gives identical streams for equal seeds and different ones otherwise', () => {
    expect(draws(42, 100)).toEqual(draws(42, 100));
    expect(draws(42, 100)).not.toEqual(draws(43, 100));
    expect(draws(2 ** 40, 10)).not.toEqual(draws(0, 10));
  });

  it('keeps next() in [0, 1) with a uniform mean', () => {
    const values = draws(1, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 1);
  });

  it('draws int(n) in 0..n-1, covering every value', () => {
    const random = createRandom(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i += 1) {
      const value = random.int(6);
      expect(Number.isInteger(value) && value >= 0 && value < 6).toBe(true);
      seen.add(value);
    }
    expect(seen.size).toBe(6);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const random = createRandom(9);
    const values = Array.from({ length: 40_000 }, () => random.normal());
    const m = mean(values);
    expect(m).toBeCloseTo(0, 1);
    expect(mean(values.map((v) => (v - m) ** 2))).toBeCloseTo(1, 1);
  });

  it.each([0.05, 0.7, 4, 25, 300])('draws poisson(%d) with mean and variance λ', (lambda) => {
    const random = createRandom(11);
    const values = Array.from({ length: 30_000 }, () => random.poisson(lambda));
    const m = mean(values);
    const variance = mean(values.map((v) => (v - m) ** 2));
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(Math.abs(m - lambda) / lambda).toBeLessThan(0.05);
    expect(Math.abs(variance - lambda) / lambda).toBeLessThan(0.1);
  });

  it('returns 0 from poisson for λ ≤ 0', () => {
    expect(createRandom(1).poisson(0)).toBe(0);
    expect(createRandom(1).poisson(-1)).toBe(0);
  });

  it('picks indices in proportion to the weights', () => {
    const random = createRandom(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i += 1) {
      const index = random.pick([1, 0, 3, 0]);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    expect((counts[2] ?? 0) / 40_000).toBeCloseTo(0.75, 1);
    expect(() => createRandom(1).pick([0, 0])).toThrow(/positive/);
  });

  it('draws exponentials with the given mean', () => {
    const random = createRandom(4);
    expect(mean(Array.from({ length: 40_000 }, () => random.exponential(3)))).toBeCloseTo(3, 0);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('rejects seed %d', (seed) => {
    expect(() => createRandom(seed)).toThrow(/seed must be a safe integer/);
  });
});

describe('deriveSeed', () => {
  it('derives distinct, reproducible sub-stream seeds', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => deriveSeed(7, i));
    expect(new Set(seeds).size).toBe(1000);
    expect(deriveSeed(7, 3)).toBe(seeds[3]);
    expect(deriveSeed(8, 3)).not.toBe(seeds[3]);
  });
});
