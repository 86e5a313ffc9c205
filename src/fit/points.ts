/**
 * Log-odds to points, the way scorecards do it: points = factor · β with factor = PDO / ln 2
 * (points to double the odds), and base points placing `baseScore` at `baseOdds`; or a linear
 * map of the fitted log-odds range onto [min, max] (e.g. 0–100).
 * Reference: N. Siddiqi, *Credit Risk Scorecards* (Wiley, 2006), ch. 6 "Scaling".
 */

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
    const pdo = scale.pdo ?? 20;
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
