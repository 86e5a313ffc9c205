/**
 * Grow one tree leaf-wise (best gain first) on binned features: the kernel of one boosting
 * iteration. Rows live in one index array that each split partitions in place (stably), so
 * a node is a segment [start, end) of it; histograms come from a pool, the smaller child is
 * built from rows and the larger by subtraction from the parent's buffer.
 */
import { buildHistogram, subtractHistogram, type HistogramHelper, type HistogramMemory } from './histogram.js';
import { findBestSplit, type SplitInfo, type SplitRules } from './split-finder.js';
import type { GbmTree } from './types.js';
import type { WasmKernels } from './arena.js';

/** Everything one iteration reads; allocated once per fit. */
export interface GrowContext {
  /** The binned rows, the gradients and the gathering buffers. */
  memory: HistogramMemory;
  /** The training rows; reordered by every tree (the set stays the same). */
  rows: Uint32Array;
  scratch: Uint32Array;
  /** Room for the gradients and hessians of the right rows of a partition (2 per row). */
  ghScratch: Float64Array;
  cuts: Float64Array[];
  rules: SplitRules;
  learningRate: number;
  maxLeafNodes: number;
  maxDepth: number;
  pool: Float64Array[];
  histogramSize: number;
  /** The WebAssembly kernels when the fit's arrays live in their memory (./arena.ts), else null. */
  wasm: WasmKernels | null;
  /** A worker thread that builds part of each histogram and partition (same bits as without). */
  helper?: (HistogramHelper & PartitionHelper) | undefined;
}

interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  G: number;
  H: number;
  depth: number;
  hist: Float64Array | null;
  split: SplitInfo | null;
}

/** A grown tree, the bin of each split (for binned prediction) and its leaves' row segments. */
export interface GrownTree {
  tree: GbmTree;
  bin: number[];
  leaves: { start: number; end: number; value: number }[];
}

function takeHistogram(ctx: GrowContext): Float64Array {
  return ctx.pool.pop() ?? new Float64Array(ctx.histogramSize);
}

function release(ctx: GrowContext, leaf: OpenLeaf): void {
  if (leaf.hist) ctx.pool.push(leaf.hist);
  leaf.hist = null;
}

/**
 * Stable partition of rows[from..to) by "bin ≤ `bin`, or missing and `missingLeft`" (`col`
 * the feature's column of bins), their gradients and hessians (gh[2i], gh[2i + 1] with rows[i])
 * moving with them: the left rows go to `lefts` from `leftAt` on (in place when `lefts` is
 * `rows` and `leftAt` is `from`), the right rows to `rights` from 0, and their gradients to
 * `ghLefts` and `ghRights` at twice those positions; returns the number of left rows. With
 * `wasm` (every array then in its memory) the WebAssembly twin of the loop runs (`partition` in
 * ./kernels.wat, same result, about three times faster). Self-contained: worker threads run its
 * source text.
 */
export function partitionRows(rows: Uint32Array, gh: Float64Array, col: Uint8Array, bin: number, missingLeft: number, from: number, to: number, lefts: Uint32Array, ghLefts: Float64Array, leftAt: number, rights: Uint32Array, ghRights: Float64Array, wasm: WasmKernels | null = null): number {
  if (wasm) return wasm.partition(rows.byteOffset + 4 * from, gh.byteOffset + 16 * from, col.byteOffset, bin, missingLeft, to - from, lefts.byteOffset + 4 * leftAt, ghLefts.byteOffset + 16 * leftAt, rights.byteOffset, ghRights.byteOffset);
  let l = leftAt;
  let r = 0;
  // without branches (a split sends rows either way at random): each row is written to both
  // sides and only its side's position moves on (in place, position l ≤ i was read already);
  // bin ≤ 254, so a missing value is never ≤ bin
  for (let i = from; i < to; i++) {
    const row = rows[i]!;
    const v = col[row]!;
    const left = +(v <= bin) | (+(v === 255) & missingLeft);
    const g = gh[2 * i]!;
    const h = gh[2 * i + 1]!;
    lefts[l] = row;
    ghLefts[2 * l] = g;
    ghLefts[2 * l + 1] = h;
    rights[r] = row;
    ghRights[2 * r] = g;
    ghRights[2 * r + 1] = h;
    l += left;
    r += 1 - left;
  }
  return l - leftAt;
}

/**
 * Add each leaf's value to the raw scores of its rows, for the positions [from, to) of the
 * row index: leaf l holds rows[starts[l]..ends[l]), so no tree is walked (scikit-learn's
 * `_update_raw_predictions`). Every row gets one addition, so splitting the positions among
 * threads gives the same bits. Self-contained: worker threads run its source text.
 */
export function addLeafValues(rows: Uint32Array, raw: Float64Array, starts: Int32Array, ends: Int32Array, values: Float64Array, leaves: number, from: number, to: number): void {
  for (let l = 0; l < leaves; l++) {
    const a = starts[l]! > from ? starts[l]! : from;
    const b = ends[l]! < to ? ends[l]! : to;
    const v = values[l]!;
    for (let i = a; i < b; i++) raw[rows[i]!] += v;
  }
}

/** Partitions the upper part of a node's rows on another thread (see {@link ./fit-threads.ts}). */
export interface PartitionHelper {
  /** Start partitioning rows[mid..end) (the caller partitions rows[start..mid)). */
  startPartition(mid: number, end: number, feature: number, bin: number, missingLeft: number): void;
  /** Wait for the helper's partition: its left rows in order and their gradients and hessians (it places its right rows at rows[mid + its left rows..end) itself). */
  finishPartition(): { lefts: Uint32Array; ghLefts: Float64Array };
  /** Wait until the helper has placed its right rows. */
  finishPlacing(): void;
}

/** Rows from which a partition is worth waking the helper. */
const HELPED_ROWS = 32_768;

/** Stable in-place partition of rows[start..end) (and of their gradients) by a split; returns the first right row. */
function partition(ctx: GrowContext, start: number, end: number, split: SplitInfo): number {
  const { rows, scratch, ghScratch } = ctx;
  const gh = ctx.memory.gh;
  const f = split.feature;
  const col = ctx.memory.columns[f]!;
  const missingLeft = split.missingLeft ? 1 : 0;
  const helper = ctx.helper;
  if (!helper || end - start < HELPED_ROWS) {
    const l = partitionRows(rows, gh, col, split.bin, missingLeft, start, end, rows, gh, start, scratch, ghScratch, ctx.wasm);
    rows.set(scratch.subarray(0, end - start - l), start + l);
    gh.set(ghScratch.subarray(0, 2 * (end - start - l)), 2 * (start + l));
    return start + l;
  }
  // both halves at once: [L0 R0 | L1 R1] becomes [L0 L1 R0 R1]
  const mid = start + ((end - start) >> 1);
  helper.startPartition(mid, end, f, split.bin, missingLeft);
  const l0 = partitionRows(rows, gh, col, split.bin, missingLeft, start, mid, rows, gh, start, scratch, ghScratch, ctx.wasm);
  // the helper places R1 while the caller places L1 and R0
  const upper = helper.finishPartition();
  const r0 = mid - start - l0;
  let at = start + l0;
  rows.set(upper.lefts, at);
  gh.set(upper.ghLefts, 2 * at);
  at += upper.lefts.length;
  rows.set(scratch.subarray(0, r0), at);
  gh.set(ghScratch.subarray(0, 2 * r0), 2 * at);
  helper.finishPlacing();
  return at;
}

function addNode(tree: GbmTree, bin: number[], count: number): number {
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.missingLeft.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(0);
  tree.count.push(count);
  bin.push(0);
  return tree.feature.length - 1;
}

/** Grow one tree on the current gradients and hessians. */
export function growTree(ctx: GrowContext, G: number, H: number): GrownTree {
  const tree: GbmTree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [], count: [] };
  const bin: number[] = [];
  const n = ctx.rows.length;
  const root: OpenLeaf = { node: addNode(tree, bin, n), start: 0, end: n, G, H, depth: 0, hist: takeHistogram(ctx), split: null };
  buildHistogram(root.hist!, ctx.memory, ctx.rows, 0, n, G, H, ctx.helper, ctx.wasm);
  root.split = canSplit(ctx, root) ? findBestSplit(root.hist!, G, H, n, ctx.rules) : null;
  const open: OpenLeaf[] = [root];
  const closed: OpenLeaf[] = [];
  let leaves = 1;
  while (leaves < ctx.maxLeafNodes) {
    let pick = -1;
    for (let i = 0; i < open.length; i++) if (open[i]!.split && (pick < 0 || open[i]!.split!.gain > open[pick]!.split!.gain)) pick = i;
    if (pick < 0) break;
    const leaf = open.splice(pick, 1)[0]!;
    const s = leaf.split!;
    const mid = partition(ctx, leaf.start, leaf.end, s);
    const left: OpenLeaf = { node: addNode(tree, bin, mid - leaf.start), start: leaf.start, end: mid, G: s.leftG, H: s.leftH, depth: leaf.depth + 1, hist: null, split: null };
    const right: OpenLeaf = { node: addNode(tree, bin, leaf.end - mid), start: mid, end: leaf.end, G: leaf.G - s.leftG, H: leaf.H - s.leftH, depth: leaf.depth + 1, hist: null, split: null };
    const k = leaf.node;
    tree.feature[k] = s.feature;
    const cuts = ctx.cuts[s.feature]!;
    // the cut above bin b; "every non-missing value left" has no cut above it
    tree.threshold[k] = s.bin < cuts.length ? cuts[s.bin]! : Number.MAX_VALUE;
    tree.missingLeft[k] = s.missingLeft ? 1 : 0;
    tree.left[k] = left.node;
    tree.right[k] = right.node;
    bin[k] = s.bin;
    leaves++;
    const splittable = leaves < ctx.maxLeafNodes && (canSplit(ctx, left) || canSplit(ctx, right));
    if (splittable) {
      const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
      small.hist = takeHistogram(ctx);
      buildHistogram(small.hist, ctx.memory, ctx.rows, small.start, small.end, small.G, small.H, ctx.helper, ctx.wasm);
      subtractHistogram(leaf.hist!, small.hist);
      large.hist = leaf.hist;
      leaf.hist = null;
      for (const child of [left, right]) {
        child.split = canSplit(ctx, child) ? findBestSplit(child.hist!, child.G, child.H, child.end - child.start, ctx.rules) : null;
        if (!child.split) release(ctx, child);
      }
    } else release(ctx, leaf);
    for (const child of [left, right]) (child.split ? open : closed).push(child);
  }
  const out: GrownTree = { tree, bin, leaves: [] };
  for (const leaf of [...open, ...closed]) {
    release(ctx, leaf);
    const value = (-ctx.learningRate * leaf.G) / (leaf.H + ctx.rules.l2);
    tree.value[leaf.node] = value;
    out.leaves.push({ start: leaf.start, end: leaf.end, value });
  }
  return out;
}

function canSplit(ctx: GrowContext, leaf: OpenLeaf): boolean {
  return leaf.depth < ctx.maxDepth && leaf.end - leaf.start >= 2 * ctx.rules.minSamplesLeaf;
}
