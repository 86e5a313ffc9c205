/**
 * Gradient histograms, the hot loop of histogram boosting. A node's histogram holds, per
 * feature and bin (256 slots: the non-missing bins and bin 255 for missing values), the sum of
 * gradients, the sum of hessians and the row count, interleaved in one Float64Array. A
 * sibling's histogram is the parent's minus the other child's (the subtraction trick), so only
 * the smaller child is ever built from rows.
 */

/** Numbers per feature in a histogram: 256 bins × (gradient, hessian, count). */
export const FEATURE_STRIDE = 768;

/**
 * Fill `hist` from the rows `rows[start..end)`, gathering their gradients and hessians into the
 * scratch arrays first so the per-feature loops read them in order.
 */
export function buildHistogram(hist: Float64Array, bins: Uint8Array[], rows: Uint32Array, start: number, end: number, gradients: Float64Array, hessians: Float64Array, orderedG: Float64Array, orderedH: Float64Array): void {
  hist.fill(0);
  const n = end - start;
  for (let i = 0; i < n; i++) {
    const r = rows[start + i]!;
    orderedG[i] = gradients[r]!;
    orderedH[i] = hessians[r]!;
  }
  const features = bins.length;
  let f = 0;
  // two features per pass over the rows: half the reads of the row index
  for (; f + 1 < features; f += 2) {
    const a = bins[f]!;
    const b = bins[f + 1]!;
    const baseA = f * FEATURE_STRIDE;
    const baseB = baseA + FEATURE_STRIDE;
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
  for (; f < features; f++) {
    const a = bins[f]!;
    const base = f * FEATURE_STRIDE;
    for (let i = 0; i < n; i++) {
      const k = base + a[rows[start + i]!]! * 3;
      hist[k] += orderedG[i]!;
      hist[k + 1] += orderedH[i]!;
      hist[k + 2] += 1;
    }
  }
}

/** `parent` becomes parent − child, in place (the sibling's histogram). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i]! -= child[i]!;
}
