/**
 * Percentiles of sorted data with numpy's default ("linear", Hyndman & Fan type 7) rule,
 * reproduced operation for operation so bin edges equal `np.percentile`'s bit for bit.
 */

/**
 * The `percent`-th percentile (0–100) of ascending `sorted` values, as `np.percentile(a, percent)`.
 *
 * Definition: q = percent/100, h = (n − 1)·q, i = ⌊h⌋, γ = h − i; result = a[i] + (a[i+1] − a[i])·γ
 * (for γ ≥ ½ computed as a[i+1] − (a[i+1] − a[i])·(1 − γ), as numpy's `_lerp` does); h ≥ n − 1
 * gives the maximum. Hyndman & Fan (1996), "Sample quantiles in statistical packages",
 * https://doi.org/10.2307/2684934
 * Complexity: O(1).
 *
 * @example
 * percentileSorted(new Float64Array([1, 2, 3, 4]), 50) // => 2.5
 */
export function percentileSorted(sorted: Float64Array, percent: number): number {
  const n = sorted.length;
  const h = (n - 1) * (percent / 100);
  if (h >= n - 1) return sorted[n - 1]!;
  const i = Math.floor(h);
  const gamma = h - i;
  const a = sorted[i]!;
  const b = sorted[i + 1]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
