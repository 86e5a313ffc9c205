/**
 * Gradient histograms, the hot loop of histogram boosting. A node's histogram holds, per
 * feature and bin (256 slots: the non-missing bins and bin 255 for missing values), the sum of
 * gradients, the sum of hessians and the row count, interleaved in one Float64Array. A
 * sibling's histogram is the parent's minus the other child's (the subtraction trick), so only
 * the smaller child is ever built from rows. Each feature's slice is summed by one thread in
 * row order, so splitting the features among threads ({@link HistogramThreads}) gives the same
 * bits as one thread.
 */

/** Numbers per feature in a histogram: 256 bins × (gradient, hessian, count). */
export const FEATURE_STRIDE = 768;

/** Builds the histogram of the features a caller does not build itself (worker threads). */
export interface HistogramHelper {
  /** Features [from, bins.length) are the helper's; the caller builds [0, from). */
  from: number;
  /** Start building rows[start..end) from the gathered gradients (returns at once). */
  start(start: number, end: number): void;
  /** Wait for the helper and copy its features into `hist`. */
  finish(hist: Float64Array): void;
}

/**
 * Gather the gradients and hessians of rows[start..end) into `orderedG`/`orderedH` (in order,
 * so the per-feature loops read them sequentially).
 */
export function gatherGradients(rows: Uint32Array, start: number, end: number, gradients: Float64Array, hessians: Float64Array, orderedG: Float64Array, orderedH: Float64Array): void {
  const n = end - start;
  for (let i = 0; i < n; i++) {
    const r = rows[start + i]!;
    orderedG[i] = gradients[r]!;
    orderedH[i] = hessians[r]!;
  }
}

/**
 * The histogram slices of features [f0, f1) for rows[start..start+n) whose gradients were
 * gathered. Self-contained (no imports, no closures): worker threads run its source text.
 */
export function histogramFeatures(hist: Float64Array, bins: Uint8Array[], rows: Uint32Array, start: number, n: number, orderedG: Float64Array, orderedH: Float64Array, f0: number, f1: number): void {
  const stride = 768;
  hist.fill(0, f0 * stride, f1 * stride);
  let f = f0;
  // the root of a fit without a validation share reads rows 0..n−1: no row index needed
  const identity = start === 0 && n > 0 && rows[0] === 0 && rows[n - 1] === n - 1;
  // two features per pass over the rows: half the reads of the row index
  for (; f + 1 < f1; f += 2) {
    const a = bins[f]!;
    const b = bins[f + 1]!;
    const baseA = f * stride;
    const baseB = baseA + stride;
    if (identity) {
      for (let i = 0; i < n; i++) {
        const g = orderedG[i]!;
        const h = orderedH[i]!;
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
    for (let i = 0; i < n; i++) {
      const r = rows[start + i]!;
      const g = orderedG[i]!;
      const h = orderedH[i]!;
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
    for (let i = 0; i < n; i++) {
      const k = base + a[rows[start + i]!]! * 3;
      hist[k] += orderedG[i]!;
      hist[k + 1] += orderedH[i]!;
      hist[k + 2] += 1;
    }
  }
}

/**
 * Fill `hist` from the rows `rows[start..end)`: gather their gradients and hessians, then sum
 * every feature (the helper's features on its thread, in parallel).
 */
export function buildHistogram(hist: Float64Array, bins: Uint8Array[], rows: Uint32Array, start: number, end: number, gradients: Float64Array, hessians: Float64Array, orderedG: Float64Array, orderedH: Float64Array, helper?: HistogramHelper): void {
  gatherGradients(rows, start, end, gradients, hessians, orderedG, orderedH);
  const n = end - start;
  // a small node costs less than waking the helper
  if (!helper || n < 4096) {
    histogramFeatures(hist, bins, rows, start, n, orderedG, orderedH, 0, bins.length);
    return;
  }
  helper.start(start, end);
  histogramFeatures(hist, bins, rows, start, n, orderedG, orderedH, 0, helper.from);
  helper.finish(hist);
}

/** `parent` becomes parent − child, in place (the sibling's histogram). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i]! -= child[i]!;
}
