/** DeLong and bootstrap AUC intervals beyond the fixture: edge cases and behaviour. */
import { describe, expect, it } from 'vitest';
import { bootstrapAuc, deLongAuc, deLongTest, rocAuc } from '../../src/calibration/index.js';
import { createRandom } from '../../src/random.js';

function sample(n: number, seed: number, shift = 1): { labels: Uint8Array; scores: Float64Array; noisy: Float64Array } {
  const random = createRandom(seed);
  const labels = new Uint8Array(n);
  const scores = new Float64Array(n);
  const noisy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = random.next() < 0.3 ? 1 : 0;
    scores[i] = random.normal() + shift * labels[i]!;
    noisy[i] = scores[i]! + random.normal();
  }
  return { labels, scores, noisy };
}

describe('deLongAuc', () => {
  it('clips the interval to [0, 1] and narrows with a lower level', () => {
    const perfect = deLongAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
    expect(perfect).toMatchObject({ auc: 1, variance: 0, lower: 1, upper: 1, positives: 2, negatives: 2 });
    const { labels, scores } = sample(400, 1);
    const wide = deLongAuc(labels, scores, { level: 0.99 });
    const narrow = deLongAuc(labels, scores, { level: 0.8 });
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
    expect(wide.auc).toBeCloseTo(rocAuc(labels, scores), 14);
  });
});

describe('deLongTest', () => {
  it('finds no difference between a scorer and itself', () => {
    const { labels, scores } = sample(200, 2);
    expect(deLongTest(labels, scores, scores)).toMatchObject({ difference: 0, variance: 0, z: 0, pValue: 1, lower: 0, upper: 0 });
  });

  it('detects a better scorer and is antisymmetric', () => {
    const { labels, scores, noisy } = sample(3000, 3);
    const ab = deLongTest(labels, scores, noisy);
    const ba = deLongTest(labels, noisy, scores);
    expect(ab.difference).toBeGreaterThan(0);
    expect(ab.pValue).toBeLessThan(1e-6);
    expect(ba.z).toBeCloseTo(-ab.z, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 15);
    expect(ab.correlation).toBeGreaterThan(0.5);
    expect(ab.correlation).toBeLessThan(1);
  });
});

describe('bootstrapAuc', () => {
  it('brackets the AUC and agrees with DeLong on a large sample', () => {
    const { labels, scores } = sample(5000, 4);
    const boot = bootstrapAuc(labels, scores, { random: createRandom(9), resamples: 400 });
    const delong = deLongAuc(labels, scores);
    expect(boot.auc).toBeCloseTo(delong.auc, 14);
    expect(boot.valid).toBe(400);
    expect(boot.lower).toBeLessThan(boot.auc);
    expect(boot.upper).toBeGreaterThan(boot.auc);
    expect(boot.standardError / delong.standardError).toBeGreaterThan(0.85);
    expect(boot.standardError / delong.standardError).toBeLessThan(1.15);
  });

  it('handles ties through runs and skips resamples without both classes', () => {
    const boot = bootstrapAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9], { random: createRandom(2), resamples: 500 });
    const skipped = Array.from(boot.values).filter(Number.isNaN).length;
    expect(boot.valid).toBe(500 - skipped);
    expect(skipped).toBeGreaterThan(0); // P(one class) = 2/16 per resample
    for (const v of boot.values) if (!Number.isNaN(v)) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('consumes the caller\'s random stream, so successive calls differ', () => {
    const { labels, scores } = sample(300, 5);
    const random = createRandom(1);
    const first = bootstrapAuc(labels, scores, { random, resamples: 5 });
    const second = bootstrapAuc(labels, scores, { random, resamples: 5 });
    expect(Array.from(first.values)).not.toEqual(Array.from(second.values));
  });
});
