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
