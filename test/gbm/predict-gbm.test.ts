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
  it('gives the bits of the node-by-node walk, on one thread and on two, with the WebAssembly kernel and the JavaScript one', () => {
    const { X, y } = synthetic(8000, 7);
    const { model } = fitGbm(X, y, { seed: 1, maxIter: 30 });
    expect(model.trees.some((t) => t.missingLeft.some((m, k) => m === 1 && t.feature[k]! >= 0))).toBe(true);
    const small = synthetic(1003, 8).X; // below the threaded size; a ragged last block
    const big = synthetic(150_001, 9).X; // two threads
    const saved = process.env.LEADCAL_GBM_WASM;
    try {
      for (const wasm of [undefined, '0']) {
        if (wasm === undefined) delete process.env.LEADCAL_GBM_WASM;
        else process.env.LEADCAL_GBM_WASM = wasm;
        expectBits(predictGbmRaw(model, small), walk(model, small));
        expectBits(predictGbmRaw(model, big), walk(model, big));
      }
    } finally {
      if (saved === undefined) delete process.env.LEADCAL_GBM_WASM;
      else process.env.LEADCAL_GBM_WASM = saved;
    }
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
  it('gives the same bits as the walk for a tree too wide to pack (walked row by row) and for a baseline of −0', () => {
    // 2^20 features leave 10 bits for a node's step: a chain of 600 splits does not fit
    const features = 2 ** 20;
    const t = { feature: [] as number[], threshold: [] as number[], missingLeft: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[], count: [] as number[] };
    for (let k = 0; k < 600; k++) {
      const at = t.feature.length;
      t.feature.push((k * 7919) % features, -1);
      t.threshold.push((k % 11) / 10 - 0.5, 0);
      t.missingLeft.push(k % 2, 0);
      t.left.push(at + 1, -1);
      t.right.push(at + 2, -1);
      t.value.push(0, k / 1000);
      t.count.push(1, 1);
    }
    t.feature.push(-1);
    t.threshold.push(0);
    t.missingLeft.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(-1);
    t.count.push(1);
    const random = createRandom(4);
    const column = Float64Array.from({ length: 50 }, () => (random.next() < 0.1 ? Number.NaN : random.normal()));
    const X: GbmDesign = { rows: 50, columns: Array.from({ length: features }, () => column) };
    const wide: GbmModel = { kind: 'gbm', features, names: [], baseline: 0.5, trees: [t] };
    expectBits(predictGbmRaw(wide, X), walk(wide, X));
    const zero: GbmModel = { kind: 'gbm', features: 1, names: ['a'], baseline: -0, trees: [{ feature: [0, -1, -1], threshold: [0, 0, 0], missingLeft: [0, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, -0, 1], count: [2, 1, 1] }] };
    const small: GbmDesign = { rows: 4, columns: [Float64Array.of(-1, 1, Number.NaN, 0)] };
    expectBits(predictGbmRaw(zero, small), walk(zero, small));
    expect(Object.is(predictGbmRaw(zero, small)[0], -0)).toBe(true);
  });
});
