// Spearman's rank correlation against scipy.stats.spearmanr (scripts/fixtures/spearman_scipy.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { averageRanks, spearmanCorrelation } from '../../src/stats/index.js';

const reference = JSON.parse(readFileSync(new URL('../fixtures/scipy/spearman.json', import.meta.url), 'utf8')) as { cases: { name: string; x: number[]; y: number[]; rho: number; ranksX: number[] }[] };

describe('spearmanCorrelation', () => {
  for (const c of reference.cases) {
    it(`${c.name}: ρ equals scipy's to 1e-12`, () => {
      expect(spearmanCorrelation(c.x, c.y)).toBeCloseTo(c.rho, 12);
      expect([...averageRanks(c.x)]).toEqual(c.ranksX);
    });
  }
  it('is NaN without an order to compare', () => {
    expect(spearmanCorrelation([1], [2])).toBeNaN();
    expect(spearmanCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearmanCorrelation([1, 2], [1, 2, 3])).toBeNaN();
    expect(spearmanCorrelation([1, NaN, 3], [1, 2, 3])).toBeNaN();
  });
  it('is invariant under monotone maps', () => {
    const x = [0.3, 0.1, 0.7, 0.2, 0.9];
    const y = [2, 5, 1, 4, 3];
    expect(spearmanCorrelation(x.map((v) => Math.exp(5 * v)), y)).toBeCloseTo(spearmanCorrelation(x, y), 12);
  });
});
