/**
 * The logistic function and its log-partition, the one home of both formulas for every layer
 * (scorer probabilities, calibration, the fits). Both go through e^(−|x|), which never
 * overflows, so they are exact to rounding for every finite x.
 */

/**
 * Logistic function σ(x) = 1 / (1 + e^(−x)), written so that neither branch overflows:
 * with z = e^(−|x|), σ(x) = 1/(1 + z) for x ≥ 0 and z/(1 + z) for x < 0.
 *
 * Reference: https://en.wikipedia.org/wiki/Logistic_function; scipy.special.expit.
 * Complexity: O(1).
 *
 * @example
 * sigmoid(0) // => 0.5
 * sigmoid(-800) // => 0
 */
export function sigmoid(x: number): number {
  const z = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + z) : z / (1 + z);
}

/**
 * softplus, log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)); the negative log-likelihood
 * of a logistic model is softplus(η) − yη.
 *
 * Reference: Mächler, "Accurately computing log(1 − exp(−|a|))", CRAN Rmpfr vignette (2012),
 * https://cran.r-project.org/web/packages/Rmpfr/vignettes/log1mexp-note.pdf. Complexity O(1).
 *
 * @example
 * softplus(0) // => 0.6931471805599453
 * softplus(800) // => 800
 */
export function softplus(x: number): number {
  return (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * log σ(x) = −softplus(−x), the log-probability of a positive under a logistic model.
 *
 * Complexity: O(1).
 *
 * @example
 * logSigmoid(0) // => -0.6931471805599453
 * logSigmoid(-800) // => -800
 */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}

/**
 * Logistic loss of a linear predictor, with the residuals and IRLS weights a Newton step needs,
 * in one pass and one exponential per row (σ and softplus share e^(−|η|)):
 * returns Σ wᵢ [softplus(ηᵢ) − yᵢηᵢ] and fills residual[i] = wᵢ(σ(ηᵢ) − yᵢ),
 * curvature[i] = wᵢ σ(ηᵢ)(1 − σ(ηᵢ)). `weights` null means all 1. With `withLoss` false it
 * fills only the residuals and weights (no logarithm per row) and returns NaN.
 *
 * Reference: McCullagh & Nelder (1989), Generalized Linear Models, §4.4.
 * Complexity: O(n); allocates nothing.
 *
 * @example
 * const r = new Float64Array(1), W = new Float64Array(1);
 * logisticLoss(Float64Array.of(0), Uint8Array.of(1), null, r, W) // => 0.6931471805599453 (r = [-0.5], W = [0.25])
 */
export function logisticLoss(eta: Float64Array, labels: ArrayLike<number>, weights: Float64Array | null | undefined, residual: Float64Array, curvature: Float64Array, withLoss = true): number {
  let f = 0;
  for (let i = 0; i < eta.length; i++) {
    const z = eta[i]!;
    const wi = weights ? weights[i]! : 1;
    const e = Math.exp(-Math.abs(z));
    const q = z >= 0 ? 1 / (1 + e) : e / (1 + e); // σ(z)
    const y = labels[i]!;
    if (withLoss) {
      const l1p = Math.log1p(e);
      const sp = z >= 0 ? z + l1p : l1p; // softplus(z)
      f += wi * (y ? sp - z : sp);
    }
    residual[i] = wi * (q - y);
    curvature[i] = wi * q * (1 - q);
  }
  return withLoss ? f : Number.NaN;
}
