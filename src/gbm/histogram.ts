/**
 * Gradient histograms, the hot loop of histogram boosting. A node's histogram holds, per
 * feature and bin (256 slots: the non-missing bins and bin 255 for missing values), the sum of
 * gradients, the sum of hessians and the row count, interleaved in one Float64Array. A
 * sibling's histogram is the parent's minus the other child's (the subtraction trick), so only
 * the smaller child is ever built from rows. A node's gradients and hessians are one stretch of
 * an interleaved array (g, h, g, h, …) kept in the order of the row index (partitioned with the
 * rows, so never gathered); a histogram sums five features per pass over the node's rows,
 * reading the bins one of three ways: the root of a fit without a validation share reads the
 * row-major bins as they are (all of a row's bins in one cache line, see `binRows` in
 * ./bin-mapper.ts); a node holding at least {@link DENSE_SHARE} of the
 * rows reads the column-major bins through the row index (its rows lie close together in each
 * column); a sparser node gathers its rows' row-major lines into a compact buffer first (one
 * cache miss per row rather than one per row and feature). Each feature's slice is summed by
 * one thread in row order, so sharing the features among threads ({@link ./fit-threads.ts}, in
 * groups of {@link FEATURE_GROUP} taken in turn) gives the same bits as one thread.
 */
/** Numbers per feature in a histogram: 256 bins × (gradient, hessian, count). */
export const FEATURE_STRIDE = 768;
/** Features summed in one pass over a node's rows, and the unit threads share a histogram in. */
export const FEATURE_GROUP = 5;

/** The binned rows and the buffers a node's histogram is built in; allocated once per fit. */
export interface HistogramMemory {
  /** Row-major bins (`binRows`): row r's line at r·stride. */
  binned: Uint8Array;
  stride: number;
  /** The same bins column-major (one Uint8Array per feature). */
  columns: Uint8Array[];
  features: number;
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
  /** Start the helper on rows[start..end) read in `mode`: it gathers rows[mid..end) and then sums groups of features. */
  startHistogram(start: number, mid: number, end: number, mode: number): void;
  /** Tell the helper the caller gathered rows[start..mid), and wait for its half of the gathering. */
  syncGather(): void;
  /** The next group of {@link FEATURE_GROUP} features for the caller to sum (≥ the number of groups when none is left). */
  claimGroup(): number;
  /** Wait for the helper and copy the groups it summed into `hist`. */
  finishHistogram(hist: Float64Array): void;
}

/**
 * Gather, in mode {@link COMPACT}, the binned lines of rows[from..to) of a node starting at
 * rows[base] into `compact` at (i − base)·stride (the other modes read the bins in place, and
 * the gradients of every mode are already in node order: {@link HistogramMemory.gh}).
 * Self-contained: worker threads run its source text.
 */
export function gatherNode(rows: Uint32Array, from: number, to: number, base: number, mode: number, binned: Uint8Array, compact: Uint8Array, stride: number): void {
  if (mode !== 0) return;
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
 * The histogram slices of features [f0, f1) of n gathered rows: row i's bins at
 * `lines[i · stride + f]`, its gradient and hessian at gh[at + 2i], gh[at + 2i + 1].
 * Self-contained (no imports, no closures): worker threads run its source text.
 */
export function histogramFeatures(hist: Float64Array, lines: Uint8Array, stride: number, n: number, gh: Float64Array, at: number, f0: number, f1: number): void {
  hist.fill(0, f0 * 768, f1 * 768);
  let f = f0;
  // five features per pass over the rows: a fifth of the passes over the lines and gradients
  for (; f + 4 < f1; f += 5) {
    const b0 = f * 768;
    const b1 = (f + 1) * 768;
    const b2 = (f + 2) * 768;
    const b3 = (f + 3) * 768;
    const b4 = (f + 4) * 768;
    for (let i = 0, j = at, o = f; i < n; i++, j += 2, o += stride) {
      const g = gh[j]!;
      const h = gh[j + 1]!;
      const k0 = b0 + lines[o]! * 3;
      hist[k0] += g;
      hist[k0 + 1] += h;
      hist[k0 + 2] += 1;
      const k1 = b1 + lines[o + 1]! * 3;
      hist[k1] += g;
      hist[k1 + 1] += h;
      hist[k1 + 2] += 1;
      const k2 = b2 + lines[o + 2]! * 3;
      hist[k2] += g;
      hist[k2 + 1] += h;
      hist[k2 + 2] += 1;
      const k3 = b3 + lines[o + 3]! * 3;
      hist[k3] += g;
      hist[k3 + 1] += h;
      hist[k3 + 2] += 1;
      const k4 = b4 + lines[o + 4]! * 3;
      hist[k4] += g;
      hist[k4 + 1] += h;
      hist[k4 + 2] += 1;
    }
  }
  for (; f < f1; f++) {
    const base = f * 768;
    for (let i = 0, j = at, o = f; i < n; i++, j += 2, o += stride) {
      const k = base + lines[o]! * 3;
      hist[k] += gh[j]!;
      hist[k + 1] += gh[j + 1]!;
      hist[k + 2] += 1;
    }
  }
}

/**
 * {@link histogramFeatures} reading column-major bins through the row index: row i of the node
 * is rows[start + i], its bin of feature f at columns[f][rows[start + i]], its gradient and
 * hessian at gh[2(start + i)] and the slot after. For nodes holding a
 * good share of the rows, whose rows lie close together in every column. Self-contained: worker
 * threads run its source text.
 */
export function histogramColumns(hist: Float64Array, columns: Uint8Array[], rows: Uint32Array, start: number, n: number, gh: Float64Array, f0: number, f1: number): void {
  hist.fill(0, f0 * 768, f1 * 768);
  let f = f0;
  for (; f + 4 < f1; f += 5) {
    const c0 = columns[f]!;
    const b0 = f * 768;
    const c1 = columns[f + 1]!;
    const b1 = (f + 1) * 768;
    const c2 = columns[f + 2]!;
    const b2 = (f + 2) * 768;
    const c3 = columns[f + 3]!;
    const b3 = (f + 3) * 768;
    const c4 = columns[f + 4]!;
    const b4 = (f + 4) * 768;
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
    }
  }
  for (; f < f1; f++) {
    const c = columns[f]!;
    const base = f * 768;
    for (let i = 0, j = 2 * start; i < n; i++, j += 2) {
      const k = base + c[rows[start + i]!]! * 3;
      hist[k] += gh[j]!;
      hist[k + 1] += gh[j + 1]!;
      hist[k + 2] += 1;
    }
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
 * The sums of features [f0, f1) of the node rows[start..start+n) (mode {@link COMPACT},
 * {@link IDENTITY} or {@link COLUMNS}) once it is gathered. Self-contained: worker threads
 * run its source text.
 */
export function nodeFeatures(mode: number, hist: Float64Array, m: { binned: Uint8Array; compact: Uint8Array; columns: Uint8Array[]; stride: number; gh: Float64Array }, rows: Uint32Array, start: number, n: number, f0: number, f1: number): void {
  if (mode === 2) histogramColumns(hist, m.columns, rows, start, n, m.gh, f0, f1);
  else histogramFeatures(hist, mode === 1 ? m.binned : m.compact, m.stride, n, m.gh, 2 * start, f0, f1);
}

/** Rows from which a histogram is worth waking the helper. */
const HELPED_ROWS = 4096;

/**
 * Fill `hist` from the rows `rows[start..end)`: gather them, then sum every feature (with a
 * helper: half the gathering on its thread, and the groups of features taken in turn by
 * whichever thread is free).
 */
export function buildHistogram(hist: Float64Array, m: HistogramMemory, rows: Uint32Array, start: number, end: number, helper?: HistogramHelper): void {
  const n = end - start;
  // a node holding rows 0..n−1 (the root without a validation share) reads the binned rows as they are
  const mode = start === 0 && n > 0 && rows[0] === 0 && rows[n - 1] === n - 1 ? IDENTITY : n >= DENSE_SHARE * rows.length ? COLUMNS : COMPACT;
  if (!helper || n < HELPED_ROWS) {
    gatherNode(rows, start, end, start, mode, m.binned, m.compact, m.stride);
    nodeFeatures(mode, hist, m, rows, start, n, 0, m.features);
    return;
  }
  const mid = start + (n >> 1);
  helper.startHistogram(start, mid, end, mode);
  gatherNode(rows, start, mid, start, mode, m.binned, m.compact, m.stride);
  helper.syncGather();
  // the threads take groups of features in turn until none is left (a busy core does fewer)
  const groups = Math.ceil(m.features / FEATURE_GROUP);
  for (let g = helper.claimGroup(); g < groups; g = helper.claimGroup()) nodeFeatures(mode, hist, m, rows, start, n, g * FEATURE_GROUP, Math.min(m.features, (g + 1) * FEATURE_GROUP));
  helper.finishHistogram(hist);
}

/** `parent` becomes parent − child, in place (the sibling's histogram). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i]! -= child[i]!;
}
