/**
 * Gradient histograms, the hot loop of histogram boosting. A node's histogram holds, per
 * feature and bin (256 slots: the non-missing bins and bin 255 for missing values), the sum of
 * gradients, the sum of hessians and the row count, interleaved in one Float64Array. A
 * sibling's histogram is the parent's minus the other child's (the subtraction trick), so only
 * the smaller child is ever built from rows. A node's gradients and hessians are first
 * gathered in row order into one interleaved array (g, h, g, h, …), so the per-feature loops
 * read them sequentially. Each feature's slice is summed by one thread in row order, so
 * splitting the features among threads ({@link ./fit-threads.ts}) gives the same bits as one
 * thread.
 */

/** Numbers per feature in a histogram: 256 bins × (gradient, hessian, count). */
export const FEATURE_STRIDE = 768;

/** Builds part of each histogram on another thread (see {@link ./fit-threads.ts}). */
export interface HistogramHelper {
  /** Features [from, bins.length) are the helper's; the caller builds [0, from). */
  from: number;
  /** Start the helper on rows[start..end): it gathers rows[mid..end) and then sums its features. */
  startHistogram(start: number, mid: number, end: number): void;
  /** Tell the helper the caller gathered rows[start..mid), and wait for its half of the gathering. */
  syncGather(): void;
  /** Wait for the helper and copy its features into `hist`. */
  finishHistogram(hist: Float64Array): void;
}

/**
 * Gather the gradients and hessians of rows[from..to) into `gh` at 2·(i − base) (gradient)
 * and the slot after (hessian). Self-contained: worker threads run its source text.
 */
export function gatherGradients(rows: Uint32Array, from: number, to: number, base: number, gradients: Float64Array, hessians: Float64Array, gh: Float64Array): void {
  for (let i = from, j = 2 * (from - base); i < to; i++, j += 2) {
    const r = rows[i]!;
    gh[j] = gradients[r]!;
    gh[j + 1] = hessians[r]!;
  }
}

/**
 * The histogram slices of features [f0, f1) for rows[start..start+n) whose gradients were
 * gathered into `gh`. Self-contained (no imports, no closures): worker threads run its source
 * text.
 */
export function histogramFeatures(hist: Float64Array, bins: Uint8Array[], rows: Uint32Array, start: number, n: number, gh: Float64Array, f0: number, f1: number): void {
  const stride = 768;
  hist.fill(0, f0 * stride, f1 * stride);
  let f = f0;
  // the root of a fit without a validation share reads rows 0..n−1: no row index needed
  const identity = start === 0 && n > 0 && rows[0] === 0 && rows[n - 1] === n - 1;
  // two features per pass over the rows: half the reads of the row index and the gradients
  for (; f + 1 < f1; f += 2) {
    const a = bins[f]!;
    const b = bins[f + 1]!;
    const baseA = f * stride;
    const baseB = baseA + stride;
    if (identity) {
      for (let i = 0, j = 0; i < n; i++, j += 2) {
        const g = gh[j]!;
        const h = gh[j + 1]!;
        const ka = baseA + a[i]! * 3;
        hist[ka] += g;
        hist[ka + 1] += h;
        hist[ka + 2] += 1;
        const kb = baseB + b[i]! * 3;
        hist[kb] += g;
        hist[kb + 1] += h;
        hist[kb + 2] += 1;
      }
      continue;
    }
    for (let i = 0, j = 0; i < n; i++, j += 2) {
      const r = rows[start + i]!;
      const g = gh[j]!;
      const h = gh[j + 1]!;
      const ka = baseA + a[r]! * 3;
      hist[ka] += g;
      hist[ka + 1] += h;
      hist[ka + 2] += 1;
      const kb = baseB + b[r]! * 3;
      hist[kb] += g;
      hist[kb + 1] += h;
      hist[kb + 2] += 1;
    }
  }
  for (; f < f1; f++) {
    const a = bins[f]!;
    const base = f * stride;
    for (let i = 0, j = 0; i < n; i++, j += 2) {
      const k = base + a[rows[start + i]!]! * 3;
      hist[k] += gh[j]!;
      hist[k + 1] += gh[j + 1]!;
      hist[k + 2] += 1;
    }
  }
}

/** Rows from which a histogram is worth waking the helper. */
const HELPED_ROWS = 4096;

/**
 * Fill `hist` from the rows `rows[start..end)`: gather their gradients and hessians, then sum
 * every feature (with a helper: half the gathering and the helper's features on its thread).
 */
export function buildHistogram(hist: Float64Array, bins: Uint8Array[], rows: Uint32Array, start: number, end: number, gradients: Float64Array, hessians: Float64Array, gh: Float64Array, helper?: HistogramHelper): void {
  const n = end - start;
  if (!helper || n < HELPED_ROWS) {
    gatherGradients(rows, start, end, start, gradients, hessians, gh);
    histogramFeatures(hist, bins, rows, start, n, gh, 0, bins.length);
    return;
  }
  const mid = start + (n >> 1);
  helper.startHistogram(start, mid, end);
  gatherGradients(rows, start, mid, start, gradients, hessians, gh);
  helper.syncGather();
  histogramFeatures(hist, bins, rows, start, n, gh, 0, helper.from);
  helper.finishHistogram(hist);
}

/** `parent` becomes parent − child, in place (the sibling's histogram). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i]! -= child[i]!;
}
