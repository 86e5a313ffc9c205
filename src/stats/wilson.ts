/**
 * The Wilson score interval for a binomial proportion, the interval every conversion rate in
 * leadcal carries. One empty-group policy: with no trials there is no interval, both bounds are
 * NaN (as the rate 0/0 is); tables print an empty cell and JSON a null.
 */

/** z for a two-sided 95% interval: Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for `successes` out of `trials` at normal quantile `z`:
 * (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), p̂ = k/n, clipped to [0, 1].
 * [NaN, NaN] when trials = 0. Arguments are not checked (the public wrappers
 * `wilsonInterval` and `wilsonRange` do that).
 *
 * Reference: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
 * inference", JASA 22, https://doi.org/10.1080/01621459.1927.10502953; Brown, Cai & DasGupta
 * (2001), https://doi.org/10.1214/ss/1009213286. Same values as
 * statsmodels `proportion_confint(k, n, method='wilson')`.
 * Complexity: O(1).
 *
 * @example
 * wilsonBounds(3, 10) // => [0.10779126740630103, 0.6032218525388547]
 * wilsonBounds(0, 0) // => [NaN, NaN]
 */
export function wilsonBounds(successes: number, trials: number, z = Z_95): [number, number] {
  if (!(trials > 0)) return [NaN, NaN];
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = p + z2 / (2 * trials);
  const half = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return [Math.max(0, (centre - half) / denominator), Math.min(1, (centre + half) / denominator)];
}
