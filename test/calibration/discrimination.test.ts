/** Hand-built cases for the ranking metrics and tables. */
import { describe, expect, it } from 'vitest';
import { averagePrecision, conversionByBand, gini, ksStatistic, liftTable, precisionRecallCurve, rocAuc, rocCurve } from '../../src/calibration/index.js';

const labels = [0, 0, 1, 1];
const scores = [0.1, 0.4, 0.35, 0.8];

describe('rocCurve', () => {
  it('returns scikit-learn 1.2 points, with max + 1 as the first threshold', () => {
    const roc = rocCurve(labels, scores);
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([1.8, 0.8, 0.4, 0.35, 0.1]);
  });

  it('drops collinear points only when asked', () => {
    const y = [1, 1, 0, 1, 0, 0];
    const s = [6, 5, 4, 3, 2, 1];
    expect(rocCurve(y, s).fpr.length).toBe(7);
    const dropped = rocCurve(y, s, { dropIntermediate: true });
    expect(Array.from(dropped.thresholds)).toEqual([7, 6, 5, 4, 3, 1]); // sklearn: threshold 2 is collinear
  });
});

describe('rocAuc and gini', () => {
  it('count ties as one half', () => {
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 1], [0.2, 0.2])).toBe(0.5);
    expect(rocAuc([0, 1, 1], [0.3, 0.3, 0.9])).toBe(0.75);
  });

  it('gives Gini = 2·AUC − 1 and handles inverted rankings', () => {
    expect(gini(labels, scores)).toBe(0.5);
    expect(gini([1, 0], [0.1, 0.9])).toBe(-1);
  });

  it('ignores rows with weight 0 and weights the rest', () => {
    expect(rocAuc([0, 1, 0, 1], [0.1, 0.2, 0.9, 0.8], { weights: [1, 1, 0, 1] })).toBe(1);
    expect(rocAuc([0, 1, 1], [0.5, 0.1, 0.9], { weights: [1, 3, 1] })).toBe(0.25);
  });
});

describe('precision–recall', () => {
  it('keeps every threshold (scikit-learn 1.2 does not stop at full recall)', () => {
    const pr = precisionRecallCurve(labels, scores);
    expect(Array.from(pr.recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(pr.thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
  });

  it('gives AP = 1 for a perfect ranking and the base rate for all-equal scores', () => {
    expect(averagePrecision([0, 1, 1], [0.1, 0.8, 0.9])).toBe(1);
    expect(averagePrecision([0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3])).toBe(0.25);
    expect(averagePrecision([1, 1], [0.3, 0.6])).toBe(1);
  });
});

describe('ksStatistic', () => {
  it('reports the gap and the highest threshold reaching it', () => {
    const ks = ksStatistic([0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 6]);
    expect(ks).toEqual({ statistic: 1, threshold: 4, tpr: 1, fpr: 0 });
    expect(ksStatistic([0, 1], [0.5, 0.5]).statistic).toBe(0);
  });
});

describe('liftTable', () => {
  it('builds deciles from the top, with cumulative gains and lift', () => {
    const y = Array.from({ length: 20 }, (_, i) => (i >= 16 || i === 9 ? 1 : 0));
    const s = Array.from({ length: 20 }, (_, i) => i);
    const table = liftTable(y, s);
    expect(table.total).toEqual({ count: 20, positives: 5, rate: 0.25 });
    expect(table.rows.map((r) => r.group)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(table.rows[0]).toMatchObject({ minScore: 18, maxScore: 19, count: 2, positives: 2, rate: 1, lift: 4, capturedShare: 0.4, cumulativeGain: 0.4, cumulativeLift: 4 });
    expect(table.rows[1]).toMatchObject({ count: 2, positives: 2, cumulativeCount: 4, cumulativePositives: 4, cumulativeRate: 1, cumulativeGain: 0.8 });
    expect(table.rows[5]).toMatchObject({ minScore: 8, maxScore: 9, positives: 1, cumulativeGain: 1 });
  });

  it('never splits tied scores, so a long tie can swallow a group', () => {
    const table = liftTable([1, 0, 1, 0, 0, 1], [9, 5, 5, 5, 5, 1], { groups: 3 });
    expect(table.rows.map((r) => [r.group, r.count, r.positives])).toEqual([
      [1, 1, 1],
      [2, 4, 1],
      [3, 1, 1],
    ]);
    const swallowed = liftTable([1, 0, 1, 0, 0, 1, 0, 0, 0], [9, 5, 5, 5, 5, 5, 5, 5, 1], { groups: 3 });
    expect(swallowed.rows.map((r) => [r.group, r.count])).toEqual([
      [1, 1],
      [2, 7],
      [3, 1],
    ]);
    const gap = liftTable([1, 0, 1, 0, 0, 1], [9, 8, 5, 5, 5, 5], { groups: 6 });
    expect(gap.rows.map((r) => r.group)).toEqual([1, 2, 4]);
  });
});

describe('conversionByBand', () => {
  it('counts half-open bands, closes the last one, and names them', () => {
    const table = conversionByBand([0, 1, 1, 0, 1, 0], [0, 39.9, 40, 60, 100, 99], [0, 40, 60, 80, 100], { names: ['D', 'C', 'B', 'A'] });
    expect(table.rows.map((r) => [r.name, r.count, r.positives])).toEqual([
      ['D', 2, 1],
      ['C', 1, 1],
      ['B', 1, 0],
      ['A', 2, 1],
    ]);
    expect(table.rows[1]).toMatchObject({ lower: 40, upper: 60, rate: 1, lift: 2, shareOfRows: 1 / 6, shareOfPositives: 1 / 3 });
    expect(table.total).toEqual({ count: 6, positives: 3, rate: 0.5 });
  });

  it('accepts open outer edges and reports empty bands with NaN rates', () => {
    const table = conversionByBand([1, 0], [-5, 500], [-Infinity, 0, 10, Infinity]);
    expect(table.rows.map((r) => r.count)).toEqual([1, 0, 1]);
    expect(table.rows[1]!.rate).toBeNaN();
    expect(table.rows[1]!.lift).toBeNaN();
    expect('name' in table.rows[0]!).toBe(false);
  });
});
