/**
 * Newton–Raphson for logistic regression (for the canonical logit link this is iteratively
 * reweighted least squares), with step halving and simple bounds.
 *
 * Each iteration takes one fused pass over the data for f, ∇f and ∇²f, solves the Newton
 * system on the free parameters by Cholesky, and moves along the projection arc
 * θ(t) = P(θ + tΔ), t = 1, ½, ¼, … until the penalised objective satisfies the Armijo
 * condition. Parameters at a bound whose gradient pushes outward are held (Bertsekas'
 * projected Newton method, SIAM J. Control Optim. 20(2), 1982), so bounds hold exactly.
 *
 * Converged when the largest projected-gradient component is ≤ tolerance · Σwᵢ and the largest
 * Newton step |Δθⱼ| is ≤ tolerance, or when the gradient vanishes and the Hessian is singular
 * (collinear columns make the optimum a line; the caller checks such a fit for separation).
 * Without a penalty, a vanishing gradient with Newton steps that do not shrink for three
 * iterations is the signature of separation; once the certificate in `logistic-separation.ts`
 * confirms it, the iterations end.
 *
 * Reference: McCullagh & Nelder, *Generalized Linear Models* (2nd ed., 1989), §2.5;
 * https://en.wikipedia.org/wiki/Iteratively_reweighted_least_squares.
 * Complexity per iteration: O(n·p²) for the Hessian plus O(p³) for the solve.
 */
import { newtonStep, createNewtonWork } from './irls-newton.js';
import { freeVariables, projectedGradientNorm } from './lbfgs-projected.js';
import { DERIVATIVES_SCRATCH, logisticDerivatives, logisticValue, parameterCount, type LogisticData } from './logistic-kernel.js';
import { separatesAlong } from './logistic-separation.js';

export type IrlsStop = 'converged' | 'max_iterations' | 'separation' | 'stalled';

export interface IrlsResult {
  theta: Float64Array;
  value: number;
  gradient: Float64Array;
  /** Penalised Hessian at `theta` (p×p, row-major). */
  hessian: Float64Array;
  eta: Float64Array;
  /** Largest projected-gradient component (not divided by the total weight). */
  gradientNorm: number;
  iterations: number;
  stop: IrlsStop;
  /** The last Newton step computed (a separating direction when `stop` is `separation`). */
  step: Float64Array;
  /** -1, or a parameter whose Cholesky pivot failed in the last Newton solve. */
  singularPivot: number;
}

const C1 = 1e-4;
const F_NOISE = 1e-10;
const MAX_HALVINGS = 50;
const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

export function irls(
  d: LogisticData,
  start: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  maxIterations: number,
  tolerance: number,
): IrlsResult {
  const p = parameterCount(d);
  let theta = Float64Array.from(start);
  let thetaT = new Float64Array(p);
  let eta = new Float64Array(d.n);
  let etaT = new Float64Array(d.n);
  const r = new Float64Array(d.n);
  let g = new Float64Array(p);
  let gT = new Float64Array(p);
  let hess = new Float64Array(p * p);
  let hessT = new Float64Array(p * p);
  const scratch = new Float64Array(DERIVATIVES_SCRATCH);
  const step = new Float64Array(p);
  const free = new Uint8Array(p);
  const work = createNewtonWork(p);
  const gradientTolerance = tolerance * d.totalWeight;

  let value = logisticDerivatives(d, theta, eta, r, g, hess, scratch);
  let iterations = 0;
  let flat = 0;
  let singularPivot = -1;
  let stop: IrlsStop;
  for (;;) {
    const gradientNorm = projectedGradientNorm(theta, g, lower, upper);
    freeVariables(theta, g, lower, upper, free);
    singularPivot = newtonStep(hess, g, free, step, work);
    let largest = 0;
    for (let i = 0; i < p; i++) largest = Math.max(largest, Math.abs(clamp(theta[i]! + step[i]!, lower[i]!, upper[i]!) - theta[i]!));
    if (gradientNorm <= gradientTolerance && (largest <= tolerance || singularPivot >= 0)) {
      // A singular Hessian with a vanishing gradient is an optimum that is not unique
      // (collinear columns), unless the data are separated, which the caller checks.
      stop = 'converged';
      break;
    }
    if (iterations >= maxIterations) {
      stop = 'max_iterations';
      break;
    }
    if (d.l2 === 0 && gradientNorm <= gradientTolerance) {
      if (++flat >= 3) {
        if (separatesAlong(d, step, lower, upper, etaT)) {
          stop = 'separation';
          break;
        }
        flat = 0;
      }
    } else flat = 0;

    // Full Newton step first: its fused pass also yields the next iteration's derivatives.
    let decrease = 0;
    for (let i = 0; i < p; i++) {
      thetaT[i] = clamp(theta[i]! + step[i]!, lower[i]!, upper[i]!);
      decrease += g[i]! * (thetaT[i]! - theta[i]!);
    }
    let valueT = logisticDerivatives(d, thetaT, etaT, r, gT, hessT, scratch);
    let slopeAfter = 0;
    for (let i = 0; i < p; i++) slopeAfter += gT[i]! * (thetaT[i]! - theta[i]!);
    let accepted =
      Number.isFinite(valueT) &&
      (valueT <= value + C1 * decrease ||
        (valueT <= value + F_NOISE * Math.abs(value) && decrease < 0 && slopeAfter <= (2 * C1 - 1) * decrease));
    if (!accepted) {
      // Step halving on the penalised objective, objective-only passes until one is accepted.
      let t = 1;
      for (let h = 0; h < MAX_HALVINGS && !accepted; h++) {
        t *= 0.5;
        decrease = 0;
        for (let i = 0; i < p; i++) {
          thetaT[i] = clamp(theta[i]! + t * step[i]!, lower[i]!, upper[i]!);
          decrease += g[i]! * (thetaT[i]! - theta[i]!);
        }
        valueT = logisticValue(d, thetaT, etaT);
        accepted = Number.isFinite(valueT) && valueT <= value + C1 * decrease;
      }
      if (!accepted) {
        stop = 'stalled';
        break;
      }
      valueT = logisticDerivatives(d, thetaT, etaT, r, gT, hessT, scratch);
    }
    [theta, thetaT] = [thetaT, theta];
    [eta, etaT] = [etaT, eta];
    [g, gT] = [gT, g];
    [hess, hessT] = [hessT, hess];
    value = valueT;
    iterations++;
  }
  return {
    theta,
    value,
    gradient: g,
    hessian: hess,
    eta,
    gradientNorm: projectedGradientNorm(theta, g, lower, upper),
    iterations,
    stop,
    step,
    singularPivot,
  };
}
