/**
 * Pearson correlation of two equally long columns; 0 when either has no spread.
 *
 * Reference: https://en.wikipedia.org/wiki/Pearson_correlation_coefficient. Complexity O(n).
 * @example
 * correlation(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 7)) // => 0.9933992677987828
 */
export function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { const x = a[i]! - ma, y = b[i]! - mb; sab += x * y; saa += x * x; sbb += y * y; }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** A column of n rows stored by its non-zero rows (sorted ascending) and their values. */
export interface SparseColumnLike {
  rows: Int32Array;
  values: Float64Array;
}

/**
 * {@link correlation} of two columns of `n` rows given by their non-zero rows (sorted): the
 * same two-pass formula, the zero rows counted in closed form, the cross sum merged over the
 * rows both have. Complexity O(non-zeros of a + non-zeros of b).
 *
 * @example
 * sparseCorrelation({ rows: Int32Array.of(0, 1, 2), values: Float64Array.of(1, 2, 3) }, { rows: Int32Array.of(0, 1, 2), values: Float64Array.of(2, 4, 7) }, 3)
 * // => 0.9933992677987828 (up to rounding)
 */
export function sparseCorrelation(a: SparseColumnLike, b: SparseColumnLike, n: number): number {
  if (n <= 0) return 0;
  const ma = sum(a.values) / n, mb = sum(b.values) / n;
  // Σ (a − ma)(b − mb) = Σ_{both} ab − ma Σb − mb Σa + n ma mb; squares: Σ_{nz}(a − ma)² + (n − nz) ma²
  let ab = 0;
  for (let i = 0, j = 0; i < a.rows.length && j < b.rows.length;) {
    const ri = a.rows[i]!, rj = b.rows[j]!;
    if (ri === rj) ab += a.values[i++]! * b.values[j++]!;
    else if (ri < rj) i++;
    else j++;
  }
  const sab = ab - n * ma * mb;
  const saa = sumSquaredDeviations(a, ma, n), sbb = sumSquaredDeviations(b, mb, n);
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * Population standard deviation of a column of `n` rows given by its non-zero rows.
 * Complexity O(non-zeros).
 *
 * @example
 * sparseStandardDeviation({ rows: Int32Array.of(1), values: Float64Array.of(2) }, 2) // => 1
 */
export function sparseStandardDeviation(a: SparseColumnLike, n: number): number {
  if (n <= 0) return 0;
  return Math.sqrt(sumSquaredDeviations(a, sum(a.values) / n, n) / n);
}

function sum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s;
}

function sumSquaredDeviations(a: SparseColumnLike, mean: number, n: number): number {
  let s = (n - a.rows.length) * mean * mean;
  for (let i = 0; i < a.values.length; i++) s += (a.values[i]! - mean) ** 2;
  return s;
}
