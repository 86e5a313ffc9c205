/** Invariants of the calibration metrics, checked with fast-check on random inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyIsotonic,
  bootstrapAuc,
  brierDecomposition,
  deLongAuc,
  expectedCalibrationError,
  fitIsotonic,
  liftTable,
  maxCalibrationError,
  rocAuc,
} from '../../src/calibration/index.js';
import { countsAuc, multinomialCounts, seedStream } from '../../src/calibration/bootstrap-kernel.js';
import { argsortAscending } from '../../src/calibration/sort.js';
import { createRandom } from '../../src/random.js';

/** Rows with both classes and small-integer scores (so monotone maps stay exactly injective). */
const labelledScores = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -40, max: 40 })), { minLength: 2, maxLength: 80 })
  .filter((rows) => rows.some(([y]) => y === 1) && rows.some(([y]) => y === 0))
  .map((rows) => ({ labels: rows.map(([y]) => y), scores: rows.map(([, s]) => s) }));

/** Brute-force Mann–Whitney AUC with optional weights. */
function pairwiseAuc(labels: number[], scores: number[], weights?: number[]): number {
  let num = 0;
  let pos = 0;
  let neg = 0;
  const w = (i: number): number => weights?.[i] ?? 1;
  labels.forEach((y, i) => (y ? (pos += w(i)) : (neg += w(i))));
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j]) continue;
      num += w(i) * w(j) * (scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0);
    }
  }
  return num / (pos * neg);
}

describe('AUC', () => {
  it('equals the pairwise Mann–Whitney statistic, weighted or not', () => {
    fc.assert(
      fc.property(labelledScores, fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 80, maxLength: 80 }), ({ labels, scores }, w) => {
        const weights = w.slice(0, labels.length);
        expect(rocAuc(labels, scores)).toBeCloseTo(pairwiseAuc(labels, scores), 12);
        expect(rocAuc(labels, scores, { weights })).toBeCloseTo(pairwiseAuc(labels, scores, weights), 12);
      }),
    );
  });

  it('is invariant under strictly increasing transforms of the score', () => {
    const transforms = [(s: number) => 3 * s + 7, (s: number) => Math.exp(s / 8), (s: number) => s ** 3, (s: number) => Math.atan(s / 50)];
    fc.assert(
      fc.property(labelledScores, fc.integer({ min: 0, max: transforms.length - 1 }), ({ labels, scores }, k) => {
        expect(rocAuc(labels, scores.map(transforms[k]!))).toBeCloseTo(rocAuc(labels, scores), 12);
      }),
    );
  });

  it('satisfies AUC(s) = 1 − AUC(−s)', () => {
    fc.assert(
      fc.property(labelledScores, ({ labels, scores }) => {
        expect(rocAuc(labels, scores.map((s) => -s))).toBeCloseTo(1 - rocAuc(labels, scores), 12);
      }),
    );
  });

  it('has DeLong placements that average to the AUC', () => {
    fc.assert(
      fc.property(
        labelledScores.filter(({ labels }) => labels.filter((y) => y).length >= 2 && labels.filter((y) => !y).length >= 2),
        ({ labels, scores }) => {
          expect(deLongAuc(labels, scores).auc).toBeCloseTo(rocAuc(labels, scores), 12);
        },
      ),
    );
  });

  it('of a count-weighted resample equals rocAuc of the expanded sample', () => {
    fc.assert(
      fc.property(labelledScores, fc.integer({ min: 0, max: 2 ** 31 }), ({ labels, scores }, seed) => {
        const s = Float64Array.from(scores);
        const order = argsortAscending(s);
        const sorted = Uint8Array.from(order, (i) => labels[i]!);
        const runEnd = Uint8Array.from(order, (i, k) => (k === order.length - 1 || s[order[k + 1]!] !== s[i] ? 1 : 0));
        const counts = new Uint16Array(labels.length);
        multinomialCounts(seedStream(createRandom(seed)), counts);
        const expandedLabels: number[] = [];
        const expandedScores: number[] = [];
        order.forEach((i, k) => {
          for (let c = 0; c < counts[k]!; c++) {
            expandedLabels.push(labels[i]!);
            expandedScores.push(scores[i]!);
          }
        });
        const auc = countsAuc(sorted, runEnd, counts);
        if (expandedLabels.includes(1) && expandedLabels.includes(0)) expect(auc).toBeCloseTo(rocAuc(expandedLabels, expandedScores), 12);
        else expect(auc).toBeNaN();
      }),
    );
  });
});

describe('bootstrapAuc', () => {
  it('is reproducible with the same seed and differs with another', () => {
    fc.assert(
      fc.property(labelledScores, fc.integer({ min: 0, max: 2 ** 31 }), ({ labels, scores }, seed) => {
        const a = bootstrapAuc(labels, scores, { random: createRandom(seed), resamples: 20 });
        const b = bootstrapAuc(labels, scores, { random: createRandom(seed), resamples: 20 });
        expect(Array.from(a.values)).toEqual(Array.from(b.values));
        expect(a.lower).toBe(b.lower);
        expect(a.upper).toBe(b.upper);
      }),
      { numRuns: 50 },
    );
  });
});

describe('isotonic regression', () => {
  const data = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 60 }).filter((rows) => rows.some(([, , w]) => w > 0));

  it('fits a non-decreasing mapping whose weighted mean equals the targets\' weighted mean', () => {
    fc.assert(
      fc.property(data, (rows) => {
        const x = rows.map(([v]) => v / 10);
        const y = rows.map(([, t]) => t);
        const weights = rows.map(([, , w]) => w);
        const mapping = fitIsotonic(x, y, { weights });
        for (let i = 1; i < mapping.y.length; i++) expect(mapping.y[i]).toBeGreaterThanOrEqual(mapping.y[i - 1]!);
        const grid = Array.from({ length: 41 }, (_, i) => -0.5 + i * 0.1);
        const out = applyIsotonic(mapping, grid);
        for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1]! - 1e-12);
        const fitted = applyIsotonic(mapping, x);
        let fittedMean = 0;
        let targetMean = 0;
        let total = 0;
        weights.forEach((w, i) => {
          fittedMean += w * fitted[i]!;
          targetMean += w * y[i]!;
          total += w;
        });
        expect(fittedMean / total).toBeCloseTo(targetMean / total, 9);
      }),
    );
  });
});

describe('binned calibration', () => {
  // Groups of m rows at probability k/m holding exactly k positives: whichever bins the groups
  // share, each bin's positives equal the sum of its probabilities.
  const calibratedBins = fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 10 });

  it('gives ECE = MCE = 0 for perfectly calibrated bins', () => {
    fc.assert(
      fc.property(calibratedBins, (bins) => {
        const labels: number[] = [];
        const probabilities: number[] = [];
        for (const [bin, m] of bins) {
          const k = Math.min(m, Math.max(0, Math.round(((bin + 0.5) / 10) * m)));
          for (let i = 0; i < m; i++) {
            labels.push(i < k ? 1 : 0);
            probabilities.push(k / m);
          }
        }
        for (const strategy of ['uniform', 'quantile'] as const) {
          expect(expectedCalibrationError(labels, probabilities, { strategy })).toBeCloseTo(0, 12);
          expect(maxCalibrationError(labels, probabilities, { strategy })).toBeCloseTo(0, 12);
        }
      }),
    );
  });

  it('splits the Brier score exactly (REL − RES + UNC) on distinct forecasts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 100 }), (rows) => {
        const labels = rows.map(([y]) => y);
        const probabilities = rows.map(([, p]) => p / 20);
        const d = brierDecomposition(labels, probabilities, { bins: 'distinct' });
        expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(d.brier, 12);
        expect(d.residual).toBeCloseTo(0, 12);
      }),
    );
  });
});

describe('liftTable', () => {
  it('partitions the rows and captures every positive', () => {
    fc.assert(
      fc.property(labelledScores, fc.integer({ min: 1, max: 12 }), ({ labels, scores }, g) => {
        const groups = Math.min(g, labels.length);
        const table = liftTable(labels, scores, { groups });
        const positives = labels.reduce((a, b) => a + b, 0);
        expect(table.rows.reduce((a, r) => a + r.count, 0)).toBe(labels.length);
        expect(table.rows.reduce((a, r) => a + r.positives, 0)).toBe(positives);
        expect(table.rows.at(-1)!.cumulativeGain).toBeCloseTo(1, 12);
        expect(table.rows.at(-1)!.cumulativeLift).toBeCloseTo(1, 12);
        for (let i = 1; i < table.rows.length; i++) expect(table.rows[i]!.maxScore).toBeLessThan(table.rows[i - 1]!.minScore);
      }),
    );
  });
});

describe('argsortAscending', () => {
  it('sorts stably like a comparison sort, below and above the radix threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }), fc.constant(-0)), { maxLength: 3000 }),
        fc.boolean(),
        (values, pad) => {
          const v = Float64Array.from(pad ? [...values, ...Array.from({ length: 2100 }, (_, i) => (i % 7) - 3.5)] : values);
          const expected = Array.from(v.keys()).sort((a, b) => (v[a]! < v[b]! ? -1 : v[a]! > v[b]! ? 1 : a - b));
          expect(Array.from(argsortAscending(v))).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
