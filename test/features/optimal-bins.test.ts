// Supervised binning (issue #21, item 1): the DP merge is exact (checked against brute force over
// every partition), a zero-inflated column keeps its minimum alone, the trend is chosen by the data.
import { describe, expect, it } from 'vitest';
import { ivTerm, optimalBins, type BinTrend } from '../../src/features/optimal-bins.js';
import { createRandom } from '../../src/random.js';

/** Max IV over every partition of K equal pre-bins (values 0…K−1) meeting the constraints and trend. */
function bruteForce(n: number[], e: number[], trend: BinTrend, minCount: number, minEvents: number): number {
  const K = n.length;
  const E = e.reduce((a, b) => a + b, 0);
  const N = n.reduce((a, b) => a + b, 0) - E;
  let best = -Infinity;
  for (let mask = 0; mask < 1 << (K - 1); mask++) {
    const bins: { n: number; e: number }[] = [{ n: 0, e: 0 }];
    for (let k = 0; k < K; k++) {
      if (k > 0 && mask & (1 << (k - 1))) bins.push({ n: 0, e: 0 });
      bins[bins.length - 1]!.n += n[k]!;
      bins[bins.length - 1]!.e += e[k]!;
    }
    if (bins.some((b) => b.n < minCount || b.e < minEvents || b.n - b.e < minEvents)) continue;
    const r = bins.map((b) => b.e / b.n);
    const d = r.slice(1).map((x, j) => Math.sign(x - r[j]!));
    const ok = trend === 'ascending' ? d.every((x) => x > 0)
      : trend === 'descending' ? d.every((x) => x < 0)
      : trend === 'peak' ? d.every((x) => x !== 0) && d.findIndex((x) => x < 0) === -1 || d.slice(d.findIndex((x) => x < 0)).every((x) => x < 0) && d.every((x) => x !== 0)
      : d.every((x) => x !== 0) && (d.findIndex((x) => x > 0) === -1 || d.slice(d.findIndex((x) => x > 0)).every((x) => x > 0));
    if (!ok) continue;
    best = Math.max(best, bins.reduce((a, b) => a + ivTerm(b.e, b.n - b.e, E, N), 0));
  }
  return best;
}

describe('optimalBins', () => {
  it('the dynamic programme finds the IV-optimal binning for each trend (vs brute force over all partitions)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const random = createRandom(seed);
      const K = 9;
      const per = 200;
      const rate = Array.from({ length: K }, () => 0.05 + 0.4 * random.next());
      const values = new Float64Array(K * per);
      const labels = new Uint8Array(K * per);
      const n = new Array<number>(K).fill(per);
      const e = new Array<number>(K).fill(0);
      for (let k = 0; k < K; k++) for (let i = 0; i < per; i++) {
        values[k * per + i] = k;
        labels[k * per + i] = random.next() < rate[k]! ? 1 : 0;
        e[k]! += labels[k * per + i]!;
      }
      for (const trend of ['ascending', 'descending', 'peak', 'valley'] as const) {
        const bins = optimalBins(values, labels, { maxPrebins: K, minShare: 0.1, minEvents: 5, trend, specialShare: 1 });
        const brute = bruteForce(n, e, trend, Math.ceil(0.1 * K * per), 5);
        if (brute === -Infinity) expect(bins.edges).toEqual([-Infinity, Infinity]);
        else expect(bins.iv, `seed ${seed} ${trend}`).toBeCloseTo(brute, 10);
      }
    }
  });

  it('a zero-inflated column gets [−∞, ε) for its zeros alone, then bins over the tail', () => {
    const random = createRandom(5);
    const n = 20_000;
    const values = new Float64Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = random.next() < 0.78 ? 0 : Math.round(1 + 3000 * random.next() ** 2);
      values[i] = v;
      labels[i] = random.next() < (v === 0 ? 0.05 : 0.1 + 0.5 * Math.min(1, v / 3000)) ? 1 : 0;
    }
    const bins = optimalBins(values, labels);
    let eps = Infinity;
    for (const v of values) if (v > 0 && v < eps) eps = v;
    expect(bins.special).toBe(true);
    expect(bins.edges[1]).toBe(eps);
    expect(bins.counts[0]).toBe([...values].filter((v) => v === 0).length);
    expect(bins.edges.length - 1).toBeGreaterThanOrEqual(4); // the tail is cut, not one 150-point rule
    expect(bins.trend).toBe('ascending');
    for (let j = 0; j < bins.counts.length; j++) {
      expect(bins.counts[j]).toBeGreaterThanOrEqual(0.05 * n);
      expect(bins.positives[j]).toBeGreaterThanOrEqual(5);
    }
  });

  it('chooses a peak when the rate rises then falls, ascending when it only rises', () => {
    const random = createRandom(9);
    const n = 20_000;
    const values = new Float64Array(n);
    const peak = new Uint8Array(n);
    const up = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = random.next() * 100;
      values[i] = v;
      peak[i] = random.next() < 0.05 + 0.3 * Math.exp(-(((v - 50) / 15) ** 2)) ? 1 : 0;
      up[i] = random.next() < 0.05 + 0.003 * v ? 1 : 0;
    }
    expect(optimalBins(values, peak).trend).toBe('peak');
    expect(optimalBins(values, up).trend).toBe('ascending');
  });

  it('no bin without events or non-events: too few events give one bin', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i);
    const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 250 === 0 ? 1 : 0)); // 4 events
    expect(optimalBins(values, labels).edges).toEqual([-Infinity, Infinity]);
  });
});
