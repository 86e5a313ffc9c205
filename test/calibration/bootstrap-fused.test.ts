/**
 * The unit-based bootstrap resampler, checked two ways: by replay (a plain re-implementation
 * draws the same random numbers in the same order, materialises row counts, and must give the
 * same AUC through `countsAuc`), and by distribution (its AUCs match the two-pass kernels').
 */
import { describe, expect, it } from 'vitest';
import { createAucResampler, FUSED_MIN_ROWS, groupUnits, MAX_PIECE, poissonTables, poissonWeights, sortCells, uniformBelow } from '../../src/calibration/bootstrap-fused.js';
import { countsAuc, multinomialCounts, nextUint32, seedStream, type StreamState } from '../../src/calibration/bootstrap-kernel.js';
import { createRandom } from '../../src/random.js';

/** Row counts with the AUC of the resampler's draw from `stream`, built the slow and obvious way. */
function replayCounts(labels: Uint8Array, runEnd: Uint8Array | null, stream: StreamState): Uint16Array {
  const n = labels.length;
  const counts = new Uint16Array(n);
  const D = Math.ceil(14 * Math.sqrt(n)) + 16;
  const bits = Math.ceil(Math.log2(n));
  const candidates = Array.from({ length: D }, () => uniformBelow(stream, n, bits)).sort((a, b) => a - b);
  const { cut, alias } = poissonTables(1 - 6 / Math.sqrt(n));
  const draw = (rows: number): number => {
    let total = 0;
    for (; rows > 0; rows -= MAX_PIECE) {
      const s = Math.min(rows, MAX_PIECE);
      const x = nextUint32(stream) >>> 1;
      const column = Math.floor(x / 2 ** 23);
      total += x % 2 ** 23 < cut[s * 256 + column]! ? column : alias[s * 256 + column]!;
    }
    return total;
  };
  // Units, recomputed here: first row of each class in each unit carries the unit's total.
  const { positives, negatives, unitOf } = groupUnits(labels, runEnd);
  const firstPos = new Int32Array(positives.length).fill(-1);
  const firstNeg = new Int32Array(positives.length).fill(-1);
  for (let i = n - 1; i >= 0; i--) (labels[i] ? firstPos : firstNeg)[unitOf[i]!] = i;
  let total = 0;
  for (let u = 0; u < positives.length; u++) {
    const p = draw(positives[u]!);
    const q = draw(negatives[u]!);
    if (p) counts[firstPos[u]!] = p;
    if (q) counts[firstNeg[u]!] = q;
    total += p + q;
  }
  let needed = n - total;
  if (needed < 0 || needed > D) {
    multinomialCounts(stream, counts);
    return counts;
  }
  for (let q = 0; q < D && needed > 0; q++) {
    if (nextUint32(stream) * (D - q) < needed * 2 ** 32) {
      counts[candidates[q]!]!++;
      needed--;
    }
  }
  return counts;
}

function rows(n: number, seed: number, ties: boolean, rate = 0.2): { labels: Uint8Array; runEnd: Uint8Array | null } {
  const random = createRandom(seed);
  const labels = Uint8Array.from({ length: n }, (_, i) => (random.next() < rate + (0.5 * i) / n ? 1 : 0));
  if (!ties) return { labels, runEnd: null };
  // Runs of 1–4 tied rows, and one long mixed run.
  const runEnd = Uint8Array.from({ length: n }, (_, i) => (i > 1000 && i < 1800 ? 0 : random.int(3) === 0 ? 1 : 0));
  runEnd[1800] = 1;
  runEnd[n - 1] = 1;
  return { labels, runEnd };
}

describe('groupUnits', () => {
  it('merges same-class rows across runs and keeps mixed runs apart', () => {
    const units = groupUnits(Uint8Array.of(0, 0, 1, 0, 1, 1, 1, 0), Uint8Array.of(1, 1, 0, 1, 1, 1, 0, 1));
    // runs: [0] [0] [1 0] [1] [1] [1 0]
    expect(Array.from(units.positives)).toEqual([0, 1, 2, 1]);
    expect(Array.from(units.negatives)).toEqual([2, 1, 0, 1]);
    expect(Array.from(units.unitOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe('createAucResampler', () => {
  it.each([
    ['distinct scores', false, 0.2],
    ['tied scores', true, 0.2],
    ['rare positives (long units, split in pieces)', false, 0.002],
  ] as const)('matches the replayed counts exactly (%s)', (_, ties, rate) => {
    const n = 6000;
    expect(n).toBeGreaterThanOrEqual(FUSED_MIN_ROWS);
    const { labels, runEnd } = rows(n, ties ? 2 : 1, ties, rate);
    const resample = createAucResampler(labels, runEnd);
    const stream = seedStream(createRandom(ties ? 4 : 3));
    for (let r = 0; r < 25; r++) {
      const copy = Int32Array.from(stream);
      const auc = resample(stream);
      const counts = replayCounts(labels, runEnd, copy);
      expect(Array.from(copy)).toEqual(Array.from(stream)); // same draws consumed
      expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
      expect(auc).toBeCloseTo(countsAuc(labels, runEnd, counts), 12);
    }
  });

  it('gives the same AUC distribution as the two-pass multinomial kernels', () => {
    const n = 5000;
    const { labels, runEnd } = rows(n, 9, true);
    const fused = createAucResampler(labels, runEnd);
    const stream = seedStream(createRandom(10));
    const counts = new Uint16Array(n);
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < 1500; r++) {
      a.push(fused(stream));
      multinomialCounts(stream, counts);
      b.push(countsAuc(labels, runEnd, counts));
    }
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    const sd = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1));
    expect(Math.abs(mean(a) - mean(b)) / (sd(b) / Math.sqrt(750))).toBeLessThan(4);
    expect(sd(a) / sd(b)).toBeGreaterThan(0.9);
    expect(sd(a) / sd(b)).toBeLessThan(1.1);
    // Two-sample Kolmogorov–Smirnov distance (critical value ≈ 0.06 at the 1% level).
    a.sort((x, y) => x - y);
    b.sort((x, y) => x - y);
    let i = 0;
    let j = 0;
    let ks = 0;
    while (i < a.length && j < b.length) {
      if (a[i]! <= b[j]!) i++;
      else j++;
      ks = Math.max(ks, Math.abs(i / a.length - j / b.length));
    }
    expect(ks).toBeLessThan(0.06);
  });

  it('uses the two-pass kernels below the size threshold', () => {
    const { labels } = rows(100, 5, false);
    const stream = seedStream(createRandom(6));
    const copy = Int32Array.from(stream);
    const counts = new Uint16Array(100);
    multinomialCounts(copy, counts);
    expect(createAucResampler(labels, null)(stream)).toBe(countsAuc(labels, null, counts));
  });
});

describe('poissonTables', () => {
  it('give every value exactly its 31-bit Poisson weight', () => {
    const lambda = 0.95;
    const { cut, alias } = poissonTables(lambda);
    for (let s = 1; s <= MAX_PIECE; s++) {
      const weights = poissonWeights(lambda * s);
      expect(weights.reduce((a, b) => a + b, 0)).toBe(2 ** 31);
      const got = new Float64Array(256);
      for (let c = 0; c < 256; c++) {
        got[c]! += cut[s * 256 + c]!;
        got[alias[s * 256 + c]!]! += 2 ** 23 - cut[s * 256 + c]!;
      }
      expect(Array.from(got)).toEqual(Array.from({ length: 256 }, (_, k) => weights[k] ?? 0));
      let mean = 0;
      weights.forEach((w, k) => (mean += (k * w) / 2 ** 31));
      expect(mean).toBeCloseTo(lambda * s, 6);
    }
  });
});

describe('sortCells', () => {
  it.each([10, 3000, 5_000_000])('radix-sorts cell indices below %s', (n) => {
    const random = createRandom(n);
    const cells = Uint32Array.from({ length: 2000 }, () => random.int(n));
    const expected = Array.from(cells).sort((a, b) => a - b);
    sortCells(cells, new Uint32Array(cells.length), n);
    expect(Array.from(cells)).toEqual(expected);
  });
});
