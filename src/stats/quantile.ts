/**
 * Sample quantiles with numpy's default ("linear", Hyndman & Fan type 7) rule, reproduced
 * operation for operation so that bin edges equal `np.quantile`'s bit for bit. Our own, not
 * simple-statistics': see the README's stack notes.
 */

/**
 * The `p`-quantile (0 ≤ p ≤ 1) of ascending `sorted` values, as `np.quantile(a, p)`.
 *
 * Definition: h = (n − 1)·p, i = ⌊h⌋, γ = h − i; result = a[i] + (a[i+1] − a[i])·γ (for γ ≥ ½
 * computed as a[i+1] − (a[i+1] − a[i])·(1 − γ), as numpy's `_lerp` does); h ≥ n − 1 gives the
 * maximum; NaN for an empty sample.
 * Reference: Hyndman & Fan (1996), "Sample quantiles in statistical packages", The American
 * Statistician 50(4), https://doi.org/10.2307/2684934 (type 7); numpy.quantile, method='linear'.
 * Complexity: O(1).
 *
 * @example
 * quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) // => 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  if (h >= n - 1) return sorted[n - 1]!;
  const i = Math.floor(h);
  const gamma = h - i;
  const a = sorted[i]!;
  const b = sorted[i + 1]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * The `percent`-th percentile (0–100) of ascending `sorted` values, as `np.percentile(a, percent)`:
 * {@link quantileSorted} at percent/100 (the same division numpy does first).
 * Complexity: O(1).
 *
 * @example
 * percentileSorted(Float64Array.of(1, 2, 3, 4), 50) // => 2.5
 */
export function percentileSorted(sorted: ArrayLike<number>, percent: number): number {
  return quantileSorted(sorted, percent / 100);
}

/**
 * The `p`-quantile of unsorted values (type 7, as {@link quantileSorted}); NaN values are left out.
 * Complexity: O(n log n) (one sorted copy; the input is not modified).
 *
 * @example
 * quantile(Float64Array.of(40, 10, 30, 20, 50), 0.8) // => 42
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) finite.push(values[i]!);
  return quantileSorted(Float64Array.from(finite).sort(), p);
}
