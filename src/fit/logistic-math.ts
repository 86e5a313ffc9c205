/**
 * Numerically stable scalar pieces of the logistic model. Both functions go through
 * e^(−|x|), which never overflows, so they are exact to rounding for every finite x.
 */

/**
 * softplus, log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)).
 *
 * Reference: Mächler, "Accurately computing log(1 − exp(−|a|))", CRAN Rmpfr vignette (2012),
 * https://cran.r-project.org/web/packages/Rmpfr/vignettes/log1mexp-note.pdf. Complexity O(1).
 *
 * @example
 * log1pExp(0) // => 0.6931471805599453
 * log1pExp(800) // => 800
 */
export function log1pExp(x: number): number {
  return (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Logistic function σ(x) = 1 / (1 + e^(−x)), written so that neither branch overflows.
 *
 * Reference: https://en.wikipedia.org/wiki/Logistic_function. Complexity O(1).
 *
 * @example
 * sigmoid(0) // => 0.5
 * sigmoid(-800) // => 0
 */
export function sigmoid(x: number): number {
  const z = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + z) : z / (1 + z);
}
