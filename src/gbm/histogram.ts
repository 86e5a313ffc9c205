/**
 * Gradient histograms, the hot loop of histogram boosting. A node's histogram holds, per
 * feature and bin (256 slots: the non-missing bins and bin 255 for missing values), the sum of
 * gradients, the sum of hessians and the row count, interleaved in one Float64Array (with one
 * slot more, after the last feature, that absorbs the empty places of a pass). A sibling's
 * histogram is the parent's minus the other child's (the subtraction trick), so only the
 * smaller child is ever built from rows. A node's gradients and hessians are one stretch of an
 * interleaved array (g, h, g, h, …) kept in the order of the row index (partitioned with the
 * rows, so never gathered).
 *
 * The features are summed in passes over the node's rows ({@link histogramPlan}): a pass takes
 * up to five wide features, each row adding to one of their bins, and up to three binary
 * features (two bins, never missing: indicators, the common case of a lead-scoring design),
 * whose bin-1 sums stay in registers; their bin 0 is the node's total less bin 1, as LightGBM
 * fills in a feature's most frequent bin (`FixHistogram`). A pass of binary features only takes
 * six. The bins are read one of three ways: the root of a fit without a validation share reads
 * the row-major bins as they are (all of a row's bins in one cache line, see `binRows` in
 * ./bin-mapper.ts); a node holding at least {@link DENSE_SHARE} of the rows reads the
 * column-major bins through the row index (its rows lie close together in each column); a
 * sparser node gathers its rows' row-major lines into a compact buffer first (one cache miss
 * per row rather than one per row and feature). Each pass is summed by one thread in row order,
 * so sharing the passes among threads ({@link ./fit-threads.ts}, taken in turn) gives the same
 * bits as one thread.
 *
 * Reference: Ke et al. (2017), LightGBM, §3 and `FeatureHistogram::FixHistogram`;
 * scikit-learn's `_hist_gradient_boosting/histogram.pyx`.
 */
import type { WasmKernels } from './arena.js';

/** Numbers per feature in a histogram: 256 bins × (gradient, hessian, count). */
export const FEATURE_STRIDE = 768;
/** Numbers in a histogram of `features` features: one slice more, where a pass's empty places add. */
export function histogramLength(features: number): number {
  return (features + 1) * FEATURE_STRIDE;
}

/** Entries of a pass in {@link HistogramPlan.passes}: its kind, then eight feature slots (−1 = empty). */
export const PASS = 9;
/** A pass of five wide features (slots 1–5) and three binary ones (slots 6–8). */
const MIXED = 0;
/** A pass of six binary features (slots 1–6). */
const BINARY = 1;

/** How a histogram's features are summed: its passes, and the binary features whose bin 0 is filled in. */
export interface HistogramPlan {
  /** {@link PASS} entries per pass. */
  passes: Int32Array;
  count: number;
  /** The binary features (bins 0 and 1 only, no missing value). */
  binary: Int32Array;
}

/** Passes a plan of `features` features can take at most. */
export function planCapacity(features: number): number {
  return Math.ceil(features / 5) + Math.ceil(features / 6);
}

/**
 * The passes of a histogram: the wide features five at a time, each pass with up to three
 * binary features; the binary features left over six at a time.
 *
 * @param binary per feature, whether it is binary: at most two bins and no missing value.
 * @param into where to write the passes (at least {@link planCapacity} · {@link PASS} entries; a
 *   shared array the worker thread reads).
 */
export function histogramPlan(binary: boolean[], into = new Int32Array(planCapacity(binary.length) * PASS)): HistogramPlan {
  const wide: number[] = [];
  const twos: number[] = [];
  binary.forEach((b, f) => (b ? twos : wide).push(f));
  const passes: number[] = [];
  let t = 0;
  for (let w = 0; w < wide.length; w += 5) {
    passes.push(MIXED);
    for (let k = 0; k < 5; k++) passes.push(wide[w + k] ?? -1);
    for (let k = 0; k < 3; k++) passes.push(twos[t++] ?? -1);
  }
  for (; t < twos.length; t += 6) {
    passes.push(BINARY);
    for (let k = 0; k < 6; k++) passes.push(twos[t + k] ?? -1);
    passes.push(-1, -1);
  }
  into.fill(-1);
  into.set(passes);
  return { passes: into, count: passes.length / PASS, binary: Int32Array.from(twos) };
}

/** The binned rows and the buffers a node's histogram is built in; allocated once per fit. */
export interface HistogramMemory {
  /** Row-major bins (`binRows`): row r's line at r·stride. */
  binned: Uint8Array;
  stride: number;
  /** The same bins column-major (one Uint8Array per feature). */
  columns: Uint8Array[];
  features: number;
  /** The passes of every histogram. */
  plan: HistogramPlan;
  /** Every row's gradient and hessian, interleaved: row r's at 2r and 2r + 1 (one cache line for both). */
  gradHess: Float64Array;
  /**
   * The gradients and hessians in the order of the row index, interleaved: those of rows[i] at
   * 2i and 2i + 1. Filled as each tree starts and partitioned with the rows, so a node's are one
   * contiguous stretch and are never gathered (a node's rows lie far apart in `gradHess`).
   */
  gh: Float64Array;
  /** The gathered lines of one node's rows (stride bytes per row; nodes under {@link DENSE_SHARE} of the rows). */
  compact: Uint8Array;
}

/** Builds part of each histogram on another thread (see {@link ./fit-threads.ts}). */
export interface HistogramHelper {
  /** Start the helper on rows[start..end) read in `mode`: it gathers rows[mid..end) and then runs passes of the plan. */
  startHistogram(start: number, mid: number, end: number, mode: number): void;
  /** Tell the helper the caller gathered rows[start..mid), and wait for its half of the gathering. */
  syncGather(): void;
  /** The next pass of the plan for the caller to run (≥ the number of passes when none is left). */
  claimPass(): number;
  /** Wait for the helper and copy the features of the passes it ran into `hist`. */
  finishHistogram(hist: Float64Array): void;
}

/**
 * Gather, in mode {@link COMPACT}, the binned lines of rows[from..to) of a node starting at
 * rows[base] into `compact` at (i − base)·stride (the other modes read the bins in place, and
 * the gradients of every mode are already in node order: {@link HistogramMemory.gh}); with
 * `wasm` (every array then in its memory) by the WebAssembly `gather` of ./kernels.wat.
 * Self-contained: worker threads run its source text.
 */
export function gatherNode(rows: Uint32Array, from: number, to: number, base: number, mode: number, binned: Uint8Array, compact: Uint8Array, stride: number, wasm: WasmKernels | null = null): void {
  if (mode !== 0) return;
  if (wasm) {
    wasm.gather(rows.byteOffset + 4 * from, to - from, binned.byteOffset, stride, compact.byteOffset + (from - base) * stride);
    return;
  }
  // whole 4-byte words (stride is a multiple of 4; both buffers start on a word boundary)
  const words = stride >> 2;
  const src = new Uint32Array(binned.buffer, binned.byteOffset, binned.length >> 2);
  const dst = new Uint32Array(compact.buffer, compact.byteOffset, compact.length >> 2);
  if (words === 8) {
    for (let i = from, p = (from - base) * 8; i < to; i++, p += 8) {
      const o = rows[i]! * 8;
      dst[p] = src[o]!;
      dst[p + 1] = src[o + 1]!;
      dst[p + 2] = src[o + 2]!;
      dst[p + 3] = src[o + 3]!;
      dst[p + 4] = src[o + 4]!;
      dst[p + 5] = src[o + 5]!;
      dst[p + 6] = src[o + 6]!;
      dst[p + 7] = src[o + 7]!;
    }
    return;
  }
  for (let i = from, p = (from - base) * words; i < to; i++) {
    const o = rows[i]! * words;
    for (let w = 0; w < words; w++) dst[p++] = src[o + w]!;
  }
}

/**
 * Pass `u` of `passes` ({@link histogramPlan}) over n gathered rows: row i's bins at
 * `lines[i · stride + f]`, its gradient and hessian at gh[at + 2i], gh[at + 2i + 1]. The
 * wide features' slices are summed bin by bin; a binary feature's bin 1 is written and the rest
 * of its slice zeroed (bin 0 is filled in by {@link fillBinary}). Empty places read feature 0
 * and add to the slice after the last feature. Self-contained (no imports, nothing from
 * outside): worker threads run its source text.
 */
export function histogramPass(hist: Float64Array, lines: Uint8Array, stride: number, n: number, gh: Float64Array, at: number, passes: Int32Array, u: number, features: number): void {
  const p = u * 9;
  for (let k = 1; k < 9; k++) if (passes[p + k]! >= 0) hist.fill(0, passes[p + k]! * 768, passes[p + k]! * 768 + 768);
  const x = (k: number): number => (passes[p + k]! < 0 ? 0 : passes[p + k]!);
  const slice = (k: number): number => (passes[p + k]! < 0 ? features : passes[p + k]!) * 768;
  if (passes[p] === 0) {
    const w0 = x(1), w1 = x(2), w2 = x(3), w3 = x(4), w4 = x(5);
    const b0 = slice(1), b1 = slice(2), b2 = slice(3), b3 = slice(4), b4 = slice(5);
    const q0 = x(6), q1 = x(7), q2 = x(8);
    let g0 = 0, h0 = 0, n0 = 0, g1 = 0, h1 = 0, n1 = 0, g2 = 0, h2 = 0, n2 = 0;
    for (let i = 0, j = at, o = 0; i < n; i++, j += 2, o += stride) {
      const g = gh[j]!;
      const h = gh[j + 1]!;
      const k0 = b0 + lines[o + w0]! * 3;
      hist[k0] += g;
      hist[k0 + 1] += h;
      hist[k0 + 2] += 1;
      const k1 = b1 + lines[o + w1]! * 3;
      hist[k1] += g;
      hist[k1 + 1] += h;
      hist[k1 + 2] += 1;
      const k2 = b2 + lines[o + w2]! * 3;
      hist[k2] += g;
      hist[k2 + 1] += h;
      hist[k2 + 2] += 1;
      const k3 = b3 + lines[o + w3]! * 3;
      hist[k3] += g;
      hist[k3 + 1] += h;
      hist[k3 + 2] += 1;
      const k4 = b4 + lines[o + w4]! * 3;
      hist[k4] += g;
      hist[k4 + 1] += h;
      hist[k4 + 2] += 1;
      const v0 = lines[o + q0]!;
      const v1 = lines[o + q1]!;
      const v2 = lines[o + q2]!;
      g0 += g * v0;
      h0 += h * v0;
      n0 += v0;
      g1 += g * v1;
      h1 += h * v1;
      n1 += v1;
      g2 += g * v2;
      h2 += h * v2;
      n2 += v2;
    }
    const out = [g0, h0, n0, g1, h1, n1, g2, h2, n2];
    for (let k = 0; k < 3; k++) if (passes[p + 6 + k]! >= 0) hist.set(out.slice(3 * k, 3 * k + 3), passes[p + 6 + k]! * 768 + 3);
    return;
  }
  const q0 = x(1), q1 = x(2), q2 = x(3), q3 = x(4), q4 = x(5), q5 = x(6);
  let g0 = 0, h0 = 0, n0 = 0, g1 = 0, h1 = 0, n1 = 0, g2 = 0, h2 = 0, n2 = 0, g3 = 0, h3 = 0, n3 = 0, g4 = 0, h4 = 0, n4 = 0, g5 = 0, h5 = 0, n5 = 0;
  for (let i = 0, j = at, o = 0; i < n; i++, j += 2, o += stride) {
    const g = gh[j]!;
    const h = gh[j + 1]!;
    const v0 = lines[o + q0]!;
    const v1 = lines[o + q1]!;
    const v2 = lines[o + q2]!;
    const v3 = lines[o + q3]!;
    const v4 = lines[o + q4]!;
    const v5 = lines[o + q5]!;
    g0 += g * v0;
    h0 += h * v0;
    n0 += v0;
    g1 += g * v1;
    h1 += h * v1;
    n1 += v1;
    g2 += g * v2;
    h2 += h * v2;
    n2 += v2;
    g3 += g * v3;
    h3 += h * v3;
    n3 += v3;
    g4 += g * v4;
    h4 += h * v4;
    n4 += v4;
    g5 += g * v5;
    h5 += h * v5;
    n5 += v5;
  }
  const out = [g0, h0, n0, g1, h1, n1, g2, h2, n2, g3, h3, n3, g4, h4, n4, g5, h5, n5];
  for (let k = 0; k < 6; k++) if (passes[p + 1 + k]! >= 0) hist.set(out.slice(3 * k, 3 * k + 3), passes[p + 1 + k]! * 768 + 3);
}

/**
 * {@link histogramPass} reading column-major bins through the row index: row i of the node is
 * rows[start + i], its bin of feature f at columns[f][rows[start + i]], its gradient and
 * hessian at gh[2(start + i)] and the slot after. For nodes holding a good share of the rows,
 * whose rows lie close together in every column. Self-contained: worker threads run its
 * source text.
 */
export function histogramPassColumns(hist: Float64Array, columns: Uint8Array[], rows: Uint32Array, start: number, n: number, gh: Float64Array, passes: Int32Array, u: number, features: number): void {
  const p = u * 9;
  for (let k = 1; k < 9; k++) if (passes[p + k]! >= 0) hist.fill(0, passes[p + k]! * 768, passes[p + k]! * 768 + 768);
  const col = (k: number): Uint8Array => columns[passes[p + k]! < 0 ? 0 : passes[p + k]!]!;
  const slice = (k: number): number => (passes[p + k]! < 0 ? features : passes[p + k]!) * 768;
  if (passes[p] === 0) {
    const c0 = col(1), c1 = col(2), c2 = col(3), c3 = col(4), c4 = col(5);
    const b0 = slice(1), b1 = slice(2), b2 = slice(3), b3 = slice(4), b4 = slice(5);
    const d0 = col(6), d1 = col(7), d2 = col(8);
    let g0 = 0, h0 = 0, n0 = 0, g1 = 0, h1 = 0, n1 = 0, g2 = 0, h2 = 0, n2 = 0;
    for (let i = 0, j = 2 * start; i < n; i++, j += 2) {
      const r = rows[start + i]!;
      const g = gh[j]!;
      const h = gh[j + 1]!;
      const k0 = b0 + c0[r]! * 3;
      hist[k0] += g;
      hist[k0 + 1] += h;
      hist[k0 + 2] += 1;
      const k1 = b1 + c1[r]! * 3;
      hist[k1] += g;
      hist[k1 + 1] += h;
      hist[k1 + 2] += 1;
      const k2 = b2 + c2[r]! * 3;
      hist[k2] += g;
      hist[k2 + 1] += h;
      hist[k2 + 2] += 1;
      const k3 = b3 + c3[r]! * 3;
      hist[k3] += g;
      hist[k3 + 1] += h;
      hist[k3 + 2] += 1;
      const k4 = b4 + c4[r]! * 3;
      hist[k4] += g;
      hist[k4 + 1] += h;
      hist[k4 + 2] += 1;
      const v0 = d0[r]!;
      const v1 = d1[r]!;
      const v2 = d2[r]!;
      g0 += g * v0;
      h0 += h * v0;
      n0 += v0;
      g1 += g * v1;
      h1 += h * v1;
      n1 += v1;
      g2 += g * v2;
      h2 += h * v2;
      n2 += v2;
    }
    const out = [g0, h0, n0, g1, h1, n1, g2, h2, n2];
    for (let k = 0; k < 3; k++) if (passes[p + 6 + k]! >= 0) hist.set(out.slice(3 * k, 3 * k + 3), passes[p + 6 + k]! * 768 + 3);
    return;
  }
  const d0 = col(1), d1 = col(2), d2 = col(3), d3 = col(4), d4 = col(5), d5 = col(6);
  let g0 = 0, h0 = 0, n0 = 0, g1 = 0, h1 = 0, n1 = 0, g2 = 0, h2 = 0, n2 = 0, g3 = 0, h3 = 0, n3 = 0, g4 = 0, h4 = 0, n4 = 0, g5 = 0, h5 = 0, n5 = 0;
  for (let i = 0, j = 2 * start; i < n; i++, j += 2) {
    const r = rows[start + i]!;
    const g = gh[j]!;
    const h = gh[j + 1]!;
    const v0 = d0[r]!;
    const v1 = d1[r]!;
    const v2 = d2[r]!;
    const v3 = d3[r]!;
    const v4 = d4[r]!;
    const v5 = d5[r]!;
    g0 += g * v0;
    h0 += h * v0;
    n0 += v0;
    g1 += g * v1;
    h1 += h * v1;
    n1 += v1;
    g2 += g * v2;
    h2 += h * v2;
    n2 += v2;
    g3 += g * v3;
    h3 += h * v3;
    n3 += v3;
    g4 += g * v4;
    h4 += h * v4;
    n4 += v4;
    g5 += g * v5;
    h5 += h * v5;
    n5 += v5;
  }
  const out = [g0, h0, n0, g1, h1, n1, g2, h2, n2, g3, h3, n3, g4, h4, n4, g5, h5, n5];
  for (let k = 0; k < 6; k++) if (passes[p + 1 + k]! >= 0) hist.set(out.slice(3 * k, 3 * k + 3), passes[p + 1 + k]! * 768 + 3);
}

/**
 * Bin 0 of each binary feature: the node's sums (G, H, N) less bin 1 (the passes leave it
 * zero). Exact for the count; the sums to rounding.
 */
export function fillBinary(hist: Float64Array, binary: Int32Array, G: number, H: number, N: number): void {
  for (let k = 0; k < binary.length; k++) {
    const b = binary[k]! * 768;
    hist[b] = G - hist[b + 3]!;
    hist[b + 1] = H - hist[b + 4]!;
    hist[b + 2] = N - hist[b + 5]!;
  }
}

/** How a node's histogram reads the bins: gathered lines, the binned rows as they are, or the columns. */
export const COMPACT = 0;
export const IDENTITY = 1;
export const COLUMNS = 2;

/**
 * Share of the training rows from which a node reads the columns through the row index rather
 * than gathering its lines: its rows then lie close together in every column, while gathering
 * whole lines from rows a few lines apart defeats the prefetcher.
 */
export const DENSE_SHARE = 0.04;

/**
 * Pass `u` of the plan over the node rows[start..start+n) (mode {@link COMPACT},
 * {@link IDENTITY} or {@link COLUMNS}) once it is gathered: by the WebAssembly kernels
 * (`histPass`, `histPassColumns` in ./kernels.wat, the same bits) when `wasm` is given and
 * `hist` lives in the fit's memory with the rest, else by the JavaScript ones. Self-contained:
 * worker threads run its source text.
 */
export function nodePass(mode: number, hist: Float64Array, m: { binned: Uint8Array; compact: Uint8Array; columns: Uint8Array[]; stride: number; gh: Float64Array; features: number; plan: { passes: Int32Array } }, rows: Uint32Array, start: number, n: number, u: number, wasm: WasmKernels | null = null): void {
  if (wasm && hist.buffer === m.binned.buffer) {
    const pass = m.plan.passes.byteOffset + 36 * u;
    const gh = m.gh.byteOffset + 16 * start;
    if (mode === 2) wasm.histPassColumns(hist.byteOffset, m.columns[0]!.byteOffset, m.columns[0]!.length, rows.byteOffset + 4 * start, n, gh, pass, m.features);
    else wasm.histPass(hist.byteOffset, (mode === 1 ? m.binned : m.compact).byteOffset, m.stride, n, gh, pass, m.features);
    return;
  }
  if (mode === 2) histogramPassColumns(hist, m.columns, rows, start, n, m.gh, m.plan.passes, u, m.features);
  else histogramPass(hist, mode === 1 ? m.binned : m.compact, m.stride, n, m.gh, 2 * start, m.plan.passes, u, m.features);
}

/** Rows from which a histogram is worth waking the helper. */
const HELPED_ROWS = 4096;

/**
 * Fill `hist` from the rows `rows[start..end)`, whose gradients and hessians sum to G and H:
 * gather them, then run every pass (with a helper: half the gathering on its thread, and the
 * passes taken in turn by whichever thread is free), then fill in the binary features' bin 0.
 */
export function buildHistogram(hist: Float64Array, m: HistogramMemory, rows: Uint32Array, start: number, end: number, G: number, H: number, helper?: HistogramHelper, wasm: WasmKernels | null = null): void {
  const n = end - start;
  // a node holding rows 0..n−1 (the root without a validation share) reads the binned rows as they are
  const mode = start === 0 && n > 0 && rows[0] === 0 && rows[n - 1] === n - 1 ? IDENTITY : n >= DENSE_SHARE * rows.length ? COLUMNS : COMPACT;
  const passes = m.plan.count;
  if (!helper || n < HELPED_ROWS) {
    gatherNode(rows, start, end, start, mode, m.binned, m.compact, m.stride, wasm);
    for (let u = 0; u < passes; u++) nodePass(mode, hist, m, rows, start, n, u, wasm);
  } else {
    const mid = start + (n >> 1);
    helper.startHistogram(start, mid, end, mode);
    gatherNode(rows, start, mid, start, mode, m.binned, m.compact, m.stride, wasm);
    helper.syncGather();
    // the threads take passes in turn until none is left (a busy core does fewer)
    for (let u = helper.claimPass(); u < passes; u = helper.claimPass()) nodePass(mode, hist, m, rows, start, n, u, wasm);
    helper.finishHistogram(hist);
  }
  fillBinary(hist, m.plan.binary, G, H, n);
}

/** `parent` becomes parent − child, in place (the sibling's histogram). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i]! -= child[i]!;
}
