// Binned-free compiled prediction: the same bits as walking each tree node by node on the raw
// values, in one thread or two, with missing values sent either way and extreme values.
import { describe, expect, it } from 'vitest';
import { fitGbm, predictGbmRaw, type GbmDesign, type GbmModel } from '../../src/gbm/index.js';
import { createRandom } from '../../src/random.js';
import { synthetic } from './gbm-synthetic.js';

/** The definition: baseline, then each tree's leaf added in tree order, walking node by node. */
function walk(model: GbmModel, X: GbmDesign): Float64Array {
  const raw = new Float64Array(X.rows).fill(model.baseline);
  for (const t of model.trees) {
    for (let i = 0; i < X.rows; i++) {
      let k = 0;
      while (t.feature[k]! >= 0) {
        const x = X.columns[t.feature[k]!]![i]!;
        k = x <= t.threshold[k]! || (Number.isNaN(x) && t.missingLeft[k] === 1) ? t.left[k]! : t.right[k]!;
      }
      raw[i] += t.value[k]!;
    }
  }
  return raw;
}

/** Same bits (toEqual alone would accept −0 for 0). */
function expectBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual).toEqual(expected);
  expect(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
}

describe('predictGbmRaw', () => {
  it('gives the bits of the node-by-node walk, on one thread and on two', () => {
    const { X, y } = synthetic(8000, 7);
    const { model } = fitGbm(X, y, { seed: 1, maxIter: 30 });
    expect(model.trees.some((t) => t.missingLeft.some((m, k) => m === 1 && t.feature[k]! >= 0))).toBe(true);
    const small = synthetic(1003, 8).X; // below the threaded size; a ragged last block
    expectBits(predictGbmRaw(model, small), walk(model, small));
    const big = synthetic(150_001, 9).X; // two threads
    expectBits(predictGbmRaw(model, big), walk(model, big));
  });

  it('handles ±∞, a threshold of Number.MAX_VALUE, stumps and a one-leaf tree', () => {
    const leaf = { feature: [-1], threshold: [0], missingLeft: [0], left: [-1], right: [-1], value: [0.25], count: [10] };
    const model: GbmModel = {
      kind: 'gbm', features: 2, names: ['a', 'b'], baseline: -0.5,
      trees: [
        { feature: [0, -1, -1], threshold: [Number.MAX_VALUE, 0, 0], missingLeft: [0, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 1, 2], count: [10, 5, 5] },
        { feature: [1, -1, 0, -1, -1], threshold: [0.5, 0, -1, 0, 0], missingLeft: [1, 0, 0, 0, 0], left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1], value: [0, 0.1, 0, 0.3, 0.7], count: [10, 4, 6, 3, 3] },
        leaf,
      ],
    };
    const random = createRandom(3);
    const pick = [Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, -1, 0.5, 0];
    const X: GbmDesign = { rows: 500, columns: [0, 1].map(() => Float64Array.from({ length: 500 }, () => (random.next() < 0.5 ? pick[random.int(pick.length)]! : random.normal()))) };
    expectBits(predictGbmRaw(model, X), walk(model, X));
  });
});
