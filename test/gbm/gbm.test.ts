// Gradient-boosted trees: fits, determinism, missing values, JSON round trip, contributions that add up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/calibration/index.js';
import { fitGbm, gbmContributions, predictGbm, predictGbmRaw, type GbmDesign } from '../../src/gbm/index.js';
import { synthetic } from './gbm-synthetic.js';
import { LeadcalError } from '../../src/errors.js';

function rows(X: GbmDesign, from: number, to: number): GbmDesign {
  return { rows: to - from, columns: X.columns.map((c) => c.slice(from, to)) };
}

describe('fitGbm', () => {
  const { X, y } = synthetic(12_000, 1);
  const train = rows(X, 0, 8000);
  const test = rows(X, 8000, 12_000);
  const fit = fitGbm(train, y.slice(0, 8000), { seed: 3 });

  it('learns the interaction, the non-linearity and the missing-value signal', () => {
    const auc = rocAuc(y.slice(8000), predictGbm(fit.model, test));
    expect(auc).toBeGreaterThan(0.7);
    expect(fit.diagnostics.trainLoss.at(-1)!).toBeLessThan(fit.diagnostics.trainLoss[0]!);
    // 8,000 rows less the validation share: the loss is tracked on every training row
    expect(fit.diagnostics.trainLossRows).toBe(fit.diagnostics.trainRows);
    const p = predictGbm(fit.model, train);
    let loss = 0;
    for (let i = 0; i < 8000; i++) loss -= y[i] ? Math.log(p[i]!) : Math.log(1 - p[i]!);
    expect(fit.diagnostics.trainLoss.at(-1)!).toBeGreaterThan(0);
    expect(Math.abs(fit.diagnostics.trainLoss.at(-1)! - loss / 8000)).toBeLessThan(1e-9);
    expect(fit.model.trees.every((t) => t.value.filter((_, k) => t.feature[k]! < 0).length <= 31)).toBe(true);
  });

  it('is deterministic and the model round-trips through JSON', () => {
    const again = fitGbm(train, y.slice(0, 8000), { seed: 3 });
    expect(JSON.stringify(again.model)).toBe(JSON.stringify(fit.model));
    const back = JSON.parse(JSON.stringify(fit.model));
    expect(predictGbmRaw(back, test)).toEqual(predictGbmRaw(fit.model, test));
  });

  it('gives the same bits on one or two threads, with and without early stopping', () => {
    const big = synthetic(40_000, 4);
    for (const earlyStopping of [false, true]) {
      const one = fitGbm(big.X, big.y, { maxIter: 12, seed: 2, earlyStopping, threads: 1 });
      const two = fitGbm(big.X, big.y, { maxIter: 12, seed: 2, earlyStopping, threads: 2 });
      expect(JSON.stringify(two.model)).toBe(JSON.stringify(one.model));
      expect(two.diagnostics).toEqual(one.diagnostics);
    }
    // above 10,000 training rows the loss is tracked on a seeded sample of 10,000
    const one = fitGbm(big.X, big.y, { maxIter: 3, seed: 2, earlyStopping: false, threads: 1 });
    expect(one.diagnostics.trainLossRows).toBe(10_000);
    expect(one.diagnostics.trainLoss).toHaveLength(4);
    expect(() => fitGbm(train, y.slice(0, 8000), { threads: 3 })).toThrow(LeadcalError);
  });

  it('respects min samples per leaf and stops early on the validation share', () => {
    for (const t of fit.model.trees) for (let k = 0; k < t.feature.length; k++) expect(t.count[k]!).toBeGreaterThanOrEqual(20);
    const big = synthetic(30_000, 2);
    const r = fitGbm(big.X, big.y, { maxIter: 1000, seed: 1 });
    expect(r.diagnostics.stoppedEarly).toBe(true);
    expect(r.diagnostics.validationRows).toBe(3000);
    expect(r.diagnostics.iterations).toBeLessThan(1000);
  });

  it('does not mutate its input', () => {
    const before = train.columns.map((c) => Array.from(c).join());
    fitGbm(train, y.slice(0, 8000), { maxIter: 5 });
    expect(train.columns.map((c) => Array.from(c).join())).toEqual(before);
  });

  it('rejects bad arguments', () => {
    const bad: [GbmDesign, Uint8Array, object][] = [
      [train, new Uint8Array(8000), {}],
      [train, y.slice(0, 10), {}],
      [{ rows: 3, columns: [new Float64Array(2)] }, new Uint8Array([0, 1, 0]), {}],
      [train, y.slice(0, 8000), { maxLeafNodes: 1 }],
      [train, y.slice(0, 8000), { learningRate: 0 }],
      [train, y.slice(0, 8000), { maxBins: 256 }],
      [train, y.slice(0, 8000), { validationFraction: 1 }],
    ];
    for (const [a, b, c] of bad) expect(() => fitGbm(a, b, c)).toThrow(LeadcalError);
  });
});

describe('gbmContributions', () => {
  it('contributions plus the expected value add up to the raw score for every prediction', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2, max: 31 }), (seed, leaves) => {
        const { X, y } = synthetic(600, seed);
        const { model } = fitGbm(X, y, { maxIter: 8, maxLeafNodes: leaves, minSamplesLeaf: 5, seed });
        const raw = predictGbmRaw(model, X);
        const { expectedValue, contributions } = gbmContributions(model, X);
        for (let i = 0; i < X.rows; i++) {
          let s = expectedValue;
          for (const c of contributions) s += c[i]!;
          expect(s).toBeCloseTo(raw[i]!, 9);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('gives a feature the tree never splits on no contribution, and matches brute-force Shapley values on one tree', () => {
    const { X, y } = synthetic(400, 5);
    const { model } = fitGbm(X, y, { maxIter: 1, maxLeafNodes: 6, minSamplesLeaf: 10 });
    const tree = model.trees[0]!;
    const used = new Set(tree.feature.filter((f) => f >= 0));
    const { contributions } = gbmContributions(model, X);
    for (let j = 0; j < 6; j++) if (!used.has(j)) expect(contributions[j]!.every((v) => v === 0)).toBe(true);
    // brute force: v(S) = E[f | x_S] by the tree's covers, Shapley over all subsets
    const value = (row: number, S: Set<number>, k = 0): number => {
      if (tree.feature[k]! < 0) return tree.value[k]!;
      const f = tree.feature[k]!;
      if (S.has(f)) {
        const x = X.columns[f]![row]!;
        const left = x <= tree.threshold[k]! || (Number.isNaN(x) && tree.missingLeft[k] === 1);
        return value(row, S, left ? tree.left[k]! : tree.right[k]!);
      }
      const l = tree.left[k]!;
      const r = tree.right[k]!;
      return (tree.count[l]! * value(row, S, l) + tree.count[r]! * value(row, S, r)) / tree.count[k]!;
    };
    const features = [...used];
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    const M = 6;
    for (const row of [0, 1, 2, 17]) {
      for (const j of features) {
        let phi = 0;
        const others = [...Array(M).keys()].filter((k) => k !== j);
        for (let mask = 0; mask < 1 << others.length; mask++) {
          const S = new Set(others.filter((_, b) => mask & (1 << b)));
          phi += ((fact(S.size) * fact(M - S.size - 1)) / fact(M)) * (value(row, new Set([...S, j])) - value(row, S));
        }
        expect(contributions[j]![row]!).toBeCloseTo(phi, 10);
      }
    }
  });
});
