/**
 * Prediction with a fitted ensemble over a column-major design: raw scores (log-odds) and
 * probabilities. The trees are compiled into typed arrays of nodes walked without branches;
 * rows go in blocks: a block is copied row-major into a small buffer holding each value twice,
 * with NaN as +∞ and as −∞ (so a node reading the right copy sends a missing value its learned
 * way with a plain `x > threshold`), then every tree in order adds its leaf value to each row.
 * A row's raw score is the baseline plus the trees' values in tree order, the same bits
 * however rows are split. Large inputs are shared with a worker thread in chunks of rows
 * ({@link ./predict-threads.ts}).
 */
import { availableParallelism } from 'node:os';
import { sigmoid } from '../stats/logistic.js';
import { checkDesign } from './check.js';
import { predictOnWorker } from './predict-threads.js';
import type { GbmDesign, GbmModel } from './types.js';

/**
 * The ensemble compiled for prediction. Nodes are renumbered breadth-first, so a right child
 * is its left child + 1, and a row at node k moves to `left[k] + (x > threshold[k])`, x the
 * block column `column[k]` (feature f with NaN = +∞: missing goes right; features + f with
 * NaN = −∞: missing goes left). A leaf points to itself with threshold +∞, so a tree walks a
 * fixed `depth` steps.
 */
export interface CompiledEnsemble {
  features: number;
  roots: Int32Array;
  /** Per tree, the depth of its deepest leaf (root at 0). */
  depth: Int32Array;
  column: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  /** Leaf values. */
  value: Float64Array;
}

export function compileEnsemble(model: GbmModel): CompiledEnsemble {
  const F = model.features;
  const nodes = model.trees.reduce((s, t) => s + t.feature.length, 0);
  const c: CompiledEnsemble = {
    features: F, roots: new Int32Array(model.trees.length), depth: new Int32Array(model.trees.length),
    column: new Int32Array(nodes), threshold: new Float64Array(nodes), left: new Int32Array(nodes), value: new Float64Array(nodes),
  };
  let next = 0;
  model.trees.forEach((t, ti) => {
    // breadth-first: queue[j] is the original node of global node base + j
    const base = next;
    const queue = [0];
    const level = [0];
    c.roots[ti] = base;
    next++;
    for (let j = 0; j < queue.length; j++) {
      const k = queue[j]!;
      const g = base + j;
      const f = t.feature[k]!;
      c.depth[ti] = Math.max(c.depth[ti]!, level[j]!);
      if (f < 0) {
        c.threshold[g] = Infinity;
        c.left[g] = g;
        c.value[g] = t.value[k]!;
        continue;
      }
      c.column[g] = t.missingLeft[k] === 1 ? F + f : f;
      c.threshold[g] = t.threshold[k]!;
      c.left[g] = next;
      next += 2;
      queue.push(t.left[k]!, t.right[k]!);
      level.push(level[j]! + 1, level[j]! + 1);
    }
  });
  return c;
}

/**
 * Add the trees' leaf values to `raw[i]` for rows [from, to) (columns[f][i − offset]): per
 * block of `block` rows, copy the block into `scratch` (block · 2 · features), then add every
 * tree's leaf value in tree order, eight rows at a time so their walks overlap. Self-contained
 * (no imports, no closures): the worker thread runs its source text.
 */
export function predictKernel(columns: Float64Array[], offset: number, features: number, roots: Int32Array, depth: Int32Array, column: Int32Array, threshold: Float64Array, left: Int32Array, value: Float64Array, raw: Float64Array, from: number, to: number, scratch: Float64Array, block: number): void {
  const stride = 2 * features;
  for (let b0 = from; b0 < to; b0 += block) {
    const b1 = Math.min(to, b0 + block);
    for (let f = 0; f < features; f++) {
      const col = columns[f]!;
      for (let i = b0 - offset, o = f, end = b1 - offset; i < end; i++, o += stride) {
        const x = col[i]!;
        const nan = x !== x;
        scratch[o] = nan ? Infinity : x;
        scratch[o + features] = nan ? -Infinity : x;
      }
    }
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t]!;
      const d = depth[t]!;
      let i = b0;
      let r = 0;
      for (; i + 7 < b1; i += 8, r += 8 * stride) {
        let k0 = root;
        let k1 = root;
        let k2 = root;
        let k3 = root;
        let k4 = root;
        let k5 = root;
        let k6 = root;
        let k7 = root;
        for (let s = 0; s < d; s++) {
          k0 = left[k0]! + +(scratch[r + column[k0]!]! > threshold[k0]!);
          k1 = left[k1]! + +(scratch[r + stride + column[k1]!]! > threshold[k1]!);
          k2 = left[k2]! + +(scratch[r + 2 * stride + column[k2]!]! > threshold[k2]!);
          k3 = left[k3]! + +(scratch[r + 3 * stride + column[k3]!]! > threshold[k3]!);
          k4 = left[k4]! + +(scratch[r + 4 * stride + column[k4]!]! > threshold[k4]!);
          k5 = left[k5]! + +(scratch[r + 5 * stride + column[k5]!]! > threshold[k5]!);
          k6 = left[k6]! + +(scratch[r + 6 * stride + column[k6]!]! > threshold[k6]!);
          k7 = left[k7]! + +(scratch[r + 7 * stride + column[k7]!]! > threshold[k7]!);
        }
        raw[i] += value[k0]!;
        raw[i + 1] += value[k1]!;
        raw[i + 2] += value[k2]!;
        raw[i + 3] += value[k3]!;
        raw[i + 4] += value[k4]!;
        raw[i + 5] += value[k5]!;
        raw[i + 6] += value[k6]!;
        raw[i + 7] += value[k7]!;
      }
      for (; i < b1; i++, r += stride) {
        let k = root;
        for (let s = 0; s < d; s++) k = left[k]! + +(scratch[r + column[k]!]! > threshold[k]!);
        raw[i] += value[k]!;
      }
    }
  }
}

/** Rows per block: a block's values (8 bytes × 2 per feature and row) stay in the L1 cache. */
export const BLOCK = 128;
/** Rows from which prediction uses a second thread. */
const THREADED_ROWS = 100_000;

/**
 * Raw scores (log-odds) of the ensemble: baseline + the sum of the trees' leaf values.
 *
 * @example
 * predictGbmRaw(model, { rows: 2, columns: [Float64Array.of(0, 1)] }) // => Float64Array [-1.2, 0.8]
 */
export function predictGbmRaw(model: GbmModel, X: GbmDesign): Float64Array {
  checkDesign(X, 'X', model.features);
  const c = compileEnsemble(model);
  const n = X.rows;
  const threaded = n >= THREADED_ROWS && availableParallelism() >= 2 ? predictOnWorker(c, X, model.baseline, BLOCK) : null;
  if (threaded) return threaded;
  const raw = new Float64Array(n).fill(model.baseline);
  predictKernel(X.columns, 0, c.features, c.roots, c.depth, c.column, c.threshold, c.left, c.value, raw, 0, n, new Float64Array(BLOCK * 2 * c.features), BLOCK);
  return raw;
}

/**
 * Conversion probabilities of the ensemble, sigmoid of the raw scores.
 *
 * @example
 * const { model } = fitGbm(X, y); predictGbm(model, X) // => Float64Array of probabilities
 */
export function predictGbm(model: GbmModel, X: GbmDesign): Float64Array {
  const raw = predictGbmRaw(model, X);
  for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]!);
  return raw;
}
