/**
 * A small damped Newton solver for logistic regression on one covariate, with optional fixed
 * slope (an offset). Shared by the calibration slope/intercept and Platt scaling.
 */
import { sigmoid, softplus } from '../stats/logistic.js';

export interface LogisticFit {
  intercept: number;
  slope: number;
  iterations: number;
  converged: boolean;
  /** Negative log-likelihood Σ wᵢ [softplus(ηᵢ) − tᵢ ηᵢ] at the solution. */
  loss: number;
}


function lossAt(x: Float64Array, t: Float64Array, w: Float64Array | null, alpha: number, beta: number): number {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const eta = alpha + beta * x[i]!;
    loss += (w ? w[i]! : 1) * (softplus(eta) - t[i]! * eta);
  }
  return loss;
}

/**
 * Minimise L(α, β) = Σ wᵢ [log(1 + e^(α + βxᵢ)) − tᵢ(α + βxᵢ)] for targets tᵢ ∈ [0, 1] (maximum
 * likelihood of P(t = 1) = σ(α + βx)). With `fixedSlope` set, β is held at that value (x enters
 * as an offset) and only α is fitted. Newton steps H⁻¹∇L, halved while the loss rises by more
 * than 1e-12 of itself (rounding noise); converged when a step is below 1e-12·(1 + |θ|); gives up
 * (converged: false) after `maxIterations` or when no step decreases the loss. When x is constant the
 * slope is not identifiable and is fixed at 0.
 *
 * Reference: McCullagh & Nelder (1989), Generalized Linear Models, §4.4 (Newton/IRLS);
 * Lin, Lin & Weng (2007), https://doi.org/10.1007/s10994-007-5018-6 (Newton for Platt scaling).
 * Complexity: O(n) per iteration; quadratic convergence near the optimum.
 *
 * @example
 * fitLogisticNewton(Float64Array.of(0, 1, 2, 3), Float64Array.of(0, 1, 0, 1), null, {}).slope
 * // => 0.9081842625600951
 */
export function fitLogisticNewton(
  x: Float64Array,
  t: Float64Array,
  w: Float64Array | null,
  options: { fixedSlope?: number; start?: { intercept: number; slope: number }; maxIterations?: number },
): LogisticFit {
  const n = x.length;
  let constant = true;
  for (let i = 1; i < n && constant; i++) if (x[i] !== x[0]) constant = false;
  const fixed = options.fixedSlope ?? (constant ? 0 : undefined);
  let alpha = options.start?.intercept ?? 0;
  let beta = fixed ?? options.start?.slope ?? 0;
  let loss = lossAt(x, t, w, alpha, beta);
  const maxIterations = options.maxIterations ?? 100;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const mu = sigmoid(alpha + beta * xi);
      const wi = w ? w[i]! : 1;
      const r = wi * (mu - t[i]!);
      const v = wi * mu * (1 - mu);
      g0 += r;
      g1 += r * xi;
      h00 += v;
      h01 += v * xi;
      h11 += v * xi * xi;
    }
    let d0: number;
    let d1 = 0;
    if (fixed !== undefined) {
      if (!(h00 > 0)) return { intercept: alpha, slope: beta, iterations: iteration, converged: false, loss };
      d0 = g0 / h00;
    } else {
      const det = h00 * h11 - h01 * h01;
      if (!(det > 0)) return { intercept: alpha, slope: beta, iterations: iteration, converged: false, loss };
      d0 = (h11 * g0 - h01 * g1) / det;
      d1 = (h00 * g1 - h01 * g0) / det;
    }
    // Halve the step until the loss does not rise beyond rounding noise (sums of n terms
    // cannot resolve changes much below 1e-12 of the loss near the optimum).
    const slack = 1e-12 * Math.max(1, Math.abs(loss));
    let step = 1;
    let nextLoss = lossAt(x, t, w, alpha - d0, beta - d1);
    while (!(nextLoss <= loss + slack) && step > 1e-10) {
      step /= 2;
      nextLoss = lossAt(x, t, w, alpha - step * d0, beta - step * d1);
    }
    if (!(nextLoss <= loss + slack)) return { intercept: alpha, slope: beta, iterations: iteration, converged: false, loss };
    alpha -= step * d0;
    beta -= step * d1;
    loss = nextLoss;
    if (Math.max(Math.abs(step * d0), Math.abs(step * d1)) <= 1e-12 * (1 + Math.max(Math.abs(alpha), Math.abs(beta)))) {
      return { intercept: alpha, slope: beta, iterations: iteration, converged: true, loss };
    }
  }
  return { intercept: alpha, slope: beta, iterations: maxIterations, converged: false, loss };
}
