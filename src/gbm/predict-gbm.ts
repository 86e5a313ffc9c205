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
import type { GbmDesign, GbmModel, GbmTree } from './types.js';

/**
 * The ensemble compiled for prediction. Nodes are renumbered breadth-first, so a right child
 * is its left child + 1, and a row at node k moves to `k + (node[k] >> shift) + (x > threshold[k])`:
 * `node[k]` packs the step to the left child (in the high bits) and the block column
 * `node[k] & (2^shift − 1)` of x (feature f with NaN = +∞: missing goes right; features + f
 * with NaN = −∞: missing goes left), one load instead of two per step. A leaf steps 0 with
 * threshold +∞ (it points to itself), so a tree walks a fixed `depth` steps. The step is
 * relative, so the packing is bounded by the nodes of one tree, not of the ensemble: it fits
 * whenever a tree's nodes and twice the features need at most 31 bits together (always up to
 * 8,192 features); `node` is null otherwise and the trees are walked one row at a time.
 */
export interface CompiledEnsemble {
  features: number;
  roots: Int32Array;
  /** Per tree, the depth of its deepest leaf (root at 0). */
  depth: Int32Array;
  /** Per tree, the steps every row takes before the rows at a leaf stop ({@link predictKernel}). */
  split: Int32Array;
  /** Per node, step to its left child << shift | block column (null when it does not fit in 31 bits). */
  node: Int32Array | null;
  shift: number;
  threshold: Float64Array;
  /** Leaf values. */
  value: Float64Array;
}

export function compileEnsemble(model: GbmModel): CompiledEnsemble {
  const F = model.features;
  const nodes = model.trees.reduce((s, t) => s + t.feature.length, 0);
  const shift = Math.max(1, Math.ceil(Math.log2(2 * F)));
  const widest = model.trees.reduce((s, t) => Math.max(s, t.feature.length), 0);
  const fits = widest < 2 ** (31 - shift);
  const c: CompiledEnsemble = {
    features: F, roots: new Int32Array(model.trees.length), depth: new Int32Array(model.trees.length), split: new Int32Array(model.trees.length),
    node: fits ? new Int32Array(nodes) : null, shift, threshold: new Float64Array(nodes), value: new Float64Array(nodes),
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
        c.value[g] = t.value[k]!;
        continue; // node[g] = 0: step 0, column 0
      }
      if (c.node) c.node[g] = ((next - g) << shift) | (t.missingLeft[k] === 1 ? F + f : f);
      c.threshold[g] = t.threshold[k]!;
      next += 2;
      queue.push(t.left[k]!, t.right[k]!);
      level.push(level[j]! + 1, level[j]! + 1);
    }
    c.split[ti] = firstPhase(t, queue, level, c.depth[ti]!);
  });
  return c;
}

/**
 * The steps of a tree's first phase that make the fewest steps per row, from its training rows
 * per leaf (`count`; each leaf alike without them): after s steps, the rows at leaves deeper
 * than s take the remaining steps, and a second phase costs about one step per row in it.
 */
function firstPhase(t: GbmTree, queue: number[], level: number[], depth: number): number {
  const weight = new Float64Array(depth + 1); // rows per leaf depth
  let total = 0;
  for (let j = 0; j < queue.length; j++) {
    const k = queue[j]!;
    if (t.feature[k]! >= 0) continue;
    const w = t.count[k]! > 0 ? t.count[k]! : 0;
    weight[level[j]!] += w;
    total += w;
  }
  if (!(total > 0)) for (let j = 0; j < queue.length; j++) if (t.feature[queue[j]!]! < 0) weight[level[j]!] += 1;
  if (!(total > 0)) total = weight.reduce((a, b) => a + b, 0);
  let best = depth;
  let bestCost = depth;
  let deeper = total; // rows at leaves deeper than s
  for (let s = 0; s < depth; s++) {
    deeper -= weight[s]!;
    const cost = s + (deeper / total) * (depth - s + 1);
    if (cost < bestCost) {
      bestCost = cost;
      best = s;
    }
  }
  return best;
}

/**
 * Add the trees' leaf values to `raw[i]` for rows [from, to) (columns[f][i − offset]): per
 * block of `block` rows, copy the block into `scratch` (block · 2 · features), then add every
 * tree's leaf value in tree order, eight rows at a time so their walks overlap. A tree is walked
 * in two phases: every row takes the first `split[t]` steps; the rows that reached a leaf add its
 * value, and only the others (listed as they go, without branches) take the remaining
 * `depth[t] − split[t]` steps, so the few deep leaves of a leaf-wise tree do not make every row
 * walk their depth. A row still walking has added an internal node's value, +0, which leaves
 * its sum unchanged (it is never −0: see {@link predictGbmRaw}). Self-contained (no imports,
 * no closures): the worker thread runs its source text.
 */
export function predictKernel(columns: Float64Array[], offset: number, features: number, roots: Int32Array, depth: Int32Array, split: Int32Array, node: Int32Array, shift: number, threshold: Float64Array, value: Float64Array, raw: Float64Array, from: number, to: number, scratch: Float64Array, block: number): void {
  const stride = 2 * features;
  const mask = (1 << shift) - 1;
  // the rows still walking after the first phase: scratch offset, node, row
  const pos = new Int32Array(block);
  const at = new Int32Array(block);
  const row = new Int32Array(block);
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
      const d1 = split[t]!;
      let m = 0;
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
        for (let s = 0; s < d1; s++) {
          const p0 = node[k0]!;
          k0 += (p0 >> shift) + +(scratch[r + (p0 & mask)]! > threshold[k0]!);
          const p1 = node[k1]!;
          k1 += (p1 >> shift) + +(scratch[r + stride + (p1 & mask)]! > threshold[k1]!);
          const p2 = node[k2]!;
          k2 += (p2 >> shift) + +(scratch[r + 2 * stride + (p2 & mask)]! > threshold[k2]!);
          const p3 = node[k3]!;
          k3 += (p3 >> shift) + +(scratch[r + 3 * stride + (p3 & mask)]! > threshold[k3]!);
          const p4 = node[k4]!;
          k4 += (p4 >> shift) + +(scratch[r + 4 * stride + (p4 & mask)]! > threshold[k4]!);
          const p5 = node[k5]!;
          k5 += (p5 >> shift) + +(scratch[r + 5 * stride + (p5 & mask)]! > threshold[k5]!);
          const p6 = node[k6]!;
          k6 += (p6 >> shift) + +(scratch[r + 6 * stride + (p6 & mask)]! > threshold[k6]!);
          const p7 = node[k7]!;
          k7 += (p7 >> shift) + +(scratch[r + 7 * stride + (p7 & mask)]! > threshold[k7]!);
        }
        raw[i] += value[k0]!;
        pos[m] = r;
        at[m] = k0;
        row[m] = i;
        m += +(node[k0] !== 0);
        raw[i + 1] += value[k1]!;
        pos[m] = r + stride;
        at[m] = k1;
        row[m] = i + 1;
        m += +(node[k1] !== 0);
        raw[i + 2] += value[k2]!;
        pos[m] = r + 2 * stride;
        at[m] = k2;
        row[m] = i + 2;
        m += +(node[k2] !== 0);
        raw[i + 3] += value[k3]!;
        pos[m] = r + 3 * stride;
        at[m] = k3;
        row[m] = i + 3;
        m += +(node[k3] !== 0);
        raw[i + 4] += value[k4]!;
        pos[m] = r + 4 * stride;
        at[m] = k4;
        row[m] = i + 4;
        m += +(node[k4] !== 0);
        raw[i + 5] += value[k5]!;
        pos[m] = r + 5 * stride;
        at[m] = k5;
        row[m] = i + 5;
        m += +(node[k5] !== 0);
        raw[i + 6] += value[k6]!;
        pos[m] = r + 6 * stride;
        at[m] = k6;
        row[m] = i + 6;
        m += +(node[k6] !== 0);
        raw[i + 7] += value[k7]!;
        pos[m] = r + 7 * stride;
        at[m] = k7;
        row[m] = i + 7;
        m += +(node[k7] !== 0);
      }
      for (; i < b1; i++, r += stride) {
        let k = root;
        for (let s = 0; s < d1; s++) {
          const p = node[k]!;
          k += (p >> shift) + +(scratch[r + (p & mask)]! > threshold[k]!);
        }
        raw[i] += value[k]!;
        pos[m] = r;
        at[m] = k;
        row[m] = i;
        m += +(node[k] !== 0);
      }
      let q = 0;
      for (; q + 7 < m; q += 8) {
        const o0 = pos[q]!;
        let k0 = at[q]!;
        const o1 = pos[q + 1]!;
        let k1 = at[q + 1]!;
        const o2 = pos[q + 2]!;
        let k2 = at[q + 2]!;
        const o3 = pos[q + 3]!;
        let k3 = at[q + 3]!;
        const o4 = pos[q + 4]!;
        let k4 = at[q + 4]!;
        const o5 = pos[q + 5]!;
        let k5 = at[q + 5]!;
        const o6 = pos[q + 6]!;
        let k6 = at[q + 6]!;
        const o7 = pos[q + 7]!;
        let k7 = at[q + 7]!;
        for (let s = d1; s < d; s++) {
          const p0 = node[k0]!;
          k0 += (p0 >> shift) + +(scratch[o0 + (p0 & mask)]! > threshold[k0]!);
          const p1 = node[k1]!;
          k1 += (p1 >> shift) + +(scratch[o1 + (p1 & mask)]! > threshold[k1]!);
          const p2 = node[k2]!;
          k2 += (p2 >> shift) + +(scratch[o2 + (p2 & mask)]! > threshold[k2]!);
          const p3 = node[k3]!;
          k3 += (p3 >> shift) + +(scratch[o3 + (p3 & mask)]! > threshold[k3]!);
          const p4 = node[k4]!;
          k4 += (p4 >> shift) + +(scratch[o4 + (p4 & mask)]! > threshold[k4]!);
          const p5 = node[k5]!;
          k5 += (p5 >> shift) + +(scratch[o5 + (p5 & mask)]! > threshold[k5]!);
          const p6 = node[k6]!;
          k6 += (p6 >> shift) + +(scratch[o6 + (p6 & mask)]! > threshold[k6]!);
          const p7 = node[k7]!;
          k7 += (p7 >> shift) + +(scratch[o7 + (p7 & mask)]! > threshold[k7]!);
        }
        raw[row[q]!] += value[k0]!;
        raw[row[q + 1]!] += value[k1]!;
        raw[row[q + 2]!] += value[k2]!;
        raw[row[q + 3]!] += value[k3]!;
        raw[row[q + 4]!] += value[k4]!;
        raw[row[q + 5]!] += value[k5]!;
        raw[row[q + 6]!] += value[k6]!;
        raw[row[q + 7]!] += value[k7]!;
      }
      for (; q < m; q++) {
        const o = pos[q]!;
        let k = at[q]!;
        for (let s = d1; s < d; s++) {
          const p = node[k]!;
          k += (p >> shift) + +(scratch[o + (p & mask)]! > threshold[k]!);
        }
        raw[row[q]!] += value[k]!;
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
  // the kernel adds +0 for rows still walking, which would turn a baseline of −0 into +0
  if (!c.node || Object.is(model.baseline, -0)) return walkTrees(model, X);
  const threaded = n >= THREADED_ROWS && availableParallelism() >= 2 ? predictOnWorker(c, X, model.baseline, BLOCK) : null;
  if (threaded) return threaded;
  const raw = new Float64Array(n).fill(model.baseline);
  predictKernel(X.columns, 0, c.features, c.roots, c.depth, c.split, c.node, c.shift, c.threshold, c.value, raw, 0, n, new Float64Array(BLOCK * 2 * c.features), BLOCK);
  return raw;
}

/** The trees walked node by node, row by row (same bits): for ensembles too wide to pack ({@link CompiledEnsemble}) and a baseline of −0. */
function walkTrees(model: GbmModel, X: GbmDesign): Float64Array {
  const raw = new Float64Array(X.rows).fill(model.baseline);
  for (const t of model.trees) {
    for (let i = 0; i < X.rows; i++) {
      let k = 0;
      while (t.feature[k]! >= 0) {
        const x = X.columns[t.feature[k]!]![i]!;
        k = x <= t.threshold[k]! || (x !== x && t.missingLeft[k] === 1) ? t.left[k]! : t.right[k]!;
      }
      raw[i] += t.value[k]!;
    }
  }
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
