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
import { arenaBytes, fitAllocator, type WasmKernels, type WasmShare } from './arena.js';
import { checkDesign } from './check.js';
import { predictOnWorker } from './predict-threads.js';
import type { GbmDesign, GbmModel } from './types.js';

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
    features: F, roots: new Int32Array(model.trees.length), depth: new Int32Array(model.trees.length),
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
  });
  return c;
}

/**
 * Add the trees' leaf values to `raw[i]` for rows [from, to) (columns[f][i − offset]): per
 * block of `block` rows, copy the block into `scratch` (block · 2 · features), then add every
 * tree's leaf value in tree order, eight rows at a time so their walks overlap. Self-contained
 * (no imports, no closures): the worker thread runs its source text.
 */
export function predictKernel(columns: Float64Array[], offset: number, features: number, roots: Int32Array, depth: Int32Array, node: Int32Array, shift: number, threshold: Float64Array, value: Float64Array, raw: Float64Array, from: number, to: number, scratch: Float64Array, block: number): void {
  const stride = 2 * features;
  const mask = (1 << shift) - 1;
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
        for (let s = 0; s < d; s++) {
          const p = node[k]!;
          k += (p >> shift) + +(scratch[r + (p & mask)]! > threshold[k]!);
        }
        raw[i] += value[k]!;
      }
    }
  }
}

/** Rows per block: a block's values (8 bytes × 2 per feature and row) stay in the L1 cache. */
export const BLOCK = 128;

/**
 * A design's rows and the compiled ensemble in a shared WebAssembly memory (./arena.ts), for the
 * WebAssembly twin of {@link predictKernel} (`predict` in ./kernels.wat, the same bits, about
 * twice as fast).
 */
export interface PredictMemory {
  kernels: WasmKernels;
  share: WasmShare;
  /** `rows` rows of every feature, column-major (feature f's from f · rows), to be filled in. */
  columns: Float64Array[];
  rows: number;
  /** Raw scores of the rows, to be filled with the baseline. */
  raw: Float64Array;
  /** One block buffer per thread. */
  scratch: Float64Array[];
  roots: Int32Array;
  depth: Int32Array;
  node: Int32Array;
  threshold: Float64Array;
  value: Float64Array;
}

/** A {@link PredictMemory} for `rows` rows and `threads` threads, or null (no WebAssembly memory, or an ensemble too wide to pack). */
export function predictMemory(c: CompiledEnsemble, rows: number, threads: number): PredictMemory | null {
  if (!c.node) return null;
  const F = c.features;
  const scratch = BLOCK * 2 * F;
  const alloc = fitAllocator(arenaBytes([8 * F * rows, 8 * rows, 4 * c.roots.length, 4 * c.depth.length, 4 * c.node.length, 8 * c.threshold.length, 8 * c.value.length, ...Array(threads).fill(8 * scratch)]), true);
  if (!alloc.kernels || !alloc.share) return null;
  const copy = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
    to.set(from);
    return to;
  };
  return {
    kernels: alloc.kernels,
    share: alloc.share,
    // one block: the kernel finds feature f's column at f · rows
    columns: ((all) => Array.from({ length: F }, (_, f) => all.subarray(f * rows, (f + 1) * rows)))(alloc.float64(F * rows)),
    rows,
    raw: alloc.float64(rows),
    scratch: Array.from({ length: threads }, () => alloc.float64(scratch)),
    roots: copy(c.roots, alloc.int32(c.roots.length)),
    depth: copy(c.depth, alloc.int32(c.depth.length)),
    node: copy(c.node, alloc.int32(c.node.length)),
    threshold: copy(c.threshold, alloc.float64(c.threshold.length)),
    value: copy(c.value, alloc.float64(c.value.length)),
  };
}

/**
 * Add the trees' leaf values to the raw scores of rows [from, to) of a {@link PredictMemory}
 * (its columns filled in), with block buffer `scratch`. Self-contained: the worker runs its
 * source text (with its own instance's kernels).
 */
export function predictRows(kernels: WasmKernels, m: Pick<PredictMemory, 'columns' | 'rows' | 'raw' | 'roots' | 'depth' | 'node' | 'threshold' | 'value'>, shift: number, from: number, to: number, scratch: Float64Array, block: number): void {
  kernels.predict(m.columns[0]!.byteOffset, m.rows, m.columns.length, m.roots.byteOffset, m.depth.byteOffset, m.roots.length, m.node.byteOffset, shift, m.threshold.byteOffset, m.value.byteOffset, m.raw.byteOffset, from, to, scratch.byteOffset, block);
}
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
  if (!c.node) return walkTrees(model, X);
  const threads = n >= THREADED_ROWS && availableParallelism() >= 2 ? 2 : 1;
  const memory = predictMemory(c, n, threads);
  if (threads === 2) {
    const threaded = predictOnWorker(c, X, model.baseline, BLOCK, memory);
    if (threaded) return threaded;
    // a worker that did not answer may still write its memory: the JavaScript kernel alone, below
  } else if (memory) {
    X.columns.forEach((col, f) => memory.columns[f]!.set(col));
    memory.raw.fill(model.baseline);
    predictRows(memory.kernels, memory, c.shift, 0, n, memory.scratch[0]!, BLOCK);
    return memory.raw.slice();
  }
  const raw = new Float64Array(n).fill(model.baseline);
  predictKernel(X.columns, 0, c.features, c.roots, c.depth, c.node, c.shift, c.threshold, c.value, raw, 0, n, new Float64Array(BLOCK * 2 * c.features), BLOCK);
  return raw;
}

/** The trees walked node by node, row by row (same bits): for ensembles too wide to pack ({@link CompiledEnsemble}). */
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
