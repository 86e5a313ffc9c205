/**
 * Log-odds to points, the way scorecards do it: points = factor · β with factor = PDO / ln 2
 * (points to double the odds), and base points placing `baseScore` at `baseOdds`; or a linear
 * map of the fitted log-odds range onto [min, max] (e.g. 0–100).
 * Reference: N. Siddiqi, *Credit Risk Scorecards* (Wiley, 2006), ch. 6 "Scaling".
 */
import type { ScoringModel } from '../model/schema.js';

/** Points to double the odds when none are given. */
export const DEFAULT_PDO = 20;

/**
 * The points per log-odds a model's points are read at: its recorded `scale` (a fitted model),
 * else the default PDO's, 20 / ln 2 ≈ 28.85 (a hand-made point table such as the starter).
 *
 * @example
 * modelPointsPerLogOdds({}) // => 28.85390081777927
 */
export function modelPointsPerLogOdds(model: Pick<ScoringModel, 'scale'>): number {
  return model.scale?.pointsPerLogOdds ?? DEFAULT_PDO / Math.LN2;
}

/**
 * Points back to a coefficient (log-odds): the inverse of points = factor · β.
 *
 * @example
 * coefficientOfPoints(40, 20 / Math.LN2) // => 1.3862943611198906 (40 points = two doublings)
 */
export function coefficientOfPoints(points: number, pointsPerLogOdds: number): number {
  return points / pointsPerLogOdds;
}

export type PointsScale =
  | { kind: 'pdo'; pdo?: number; baseScore?: number; baseOdds?: number }
  | { kind: 'range'; min?: number; max?: number };

export interface ResolvedScale {
  /** Points per unit of log-odds. */
  factor: number;
  /** Points of a lead with log-odds 0 (before the intercept). */
  offset: number;
  description: string;
}

/**
 * Resolve a scale. `eta` (training log-odds, for the range form) and the training odds (the
 * default base odds) come from the fit.
 *
 * @example
 * resolveScale({ kind: 'pdo', pdo: 20, baseScore: 50, baseOdds: 1 }, new Float64Array(0), 0.1)
 * // => { factor: 28.85…, offset: 50, description: '20 points double the odds; 50 points at odds 1:1' }
 */
export function resolveScale(scale: PointsScale, eta: Float64Array, trainOdds: number): ResolvedScale {
  if (scale.kind === 'pdo') {
    const pdo = scale.pdo ?? DEFAULT_PDO;
    const baseScore = scale.baseScore ?? 50;
    const baseOdds = scale.baseOdds ?? trainOdds;
    const factor = pdo / Math.LN2;
    return { factor, offset: baseScore - factor * Math.log(baseOdds), description: `${pdo} points double the odds; ${baseScore} points at odds ${baseOdds >= 1 ? `${+baseOdds.toPrecision(3)}:1` : `1:${+(1 / baseOdds).toPrecision(3)}`}` };
  }
  const min = scale.min ?? 0;
  const max = scale.max ?? 100;
  const sorted = Float64Array.from(eta).sort();
  // the whole training range: every training score lands in [min, max] (before rounding)
  const lo = sorted[0] ?? 0;
  const hi = sorted[sorted.length - 1] ?? 1;
  const factor = (max - min) / Math.max(1e-9, hi - lo);
  return { factor, offset: min - factor * lo, description: `log-odds ${lo.toFixed(2)}…${hi.toFixed(2)} mapped onto ${min}…${max}` };
}
