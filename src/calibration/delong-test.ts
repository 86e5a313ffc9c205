/** DeLong's paired test: do two scorers rank the same rows equally well? */
import { checkLevel, requireClasses, toLabels, toScores } from './check.js';
import { deLongPlacements, sampleCovariance } from './delong-placements.js';
import { normalQuantile, normalSurvival } from './normal.js';
import type { DeLongOptions } from './delong-auc.js';
import type { Labels, Scores } from './types.js';

export interface DeLongTest {
  aucA: number;
  aucB: number;
  /** aucA − aucB. */
  difference: number;
  /** Var(aucA − aucB). */
  variance: number;
  standardError: number;
  /** difference / standardError (0 when both are 0, ±Infinity when only the variance is 0). */
  z: number;
  /** Two-sided p-value 2·(1 − Φ(|z|)). */
  pValue: number;
  /** difference ∓ Φ⁻¹((1 + level)/2)·se (not clipped). */
  lower: number;
  upper: number;
  level: number;
  /** Correlation of the two AUC estimates (NaN when a variance is 0). */
  correlation: number;
}

/**
 * Paired DeLong test of two scorers on the same labelled rows. With placements of both scorers,
 * S₁₀ and S₀₁ are the 2×2 sample covariance matrices over positives and negatives,
 * S = S₁₀/P + S₀₁/N, Var(A − B) = S_AA + S_BB − 2·S_AB, z = (A − B)/√Var, p = 2·(1 − Φ(|z|)).
 *
 * Reference: DeLong, DeLong & Clarke-Pearson (1988), https://doi.org/10.2307/2531595 (eq. for
 * contrasts); Sun & Xu (2014), https://doi.org/10.1109/LSP.2014.2337313
 * Complexity: O(n) after two O(n) radix sorts.
 * @throws LeadcalError (option_invalid) on bad inputs, fewer than 2 positives or 2 negatives,
 *   or `level` outside (0, 1).
 *
 * @example
 * deLongTest([0, 0, 1, 0, 1, 1], [0.1, 0.3, 0.35, 0.4, 0.8, 0.9], [0.2, 0.1, 0.3, 0.5, 0.4, 0.6]).difference
 * // => 0.11111111111111116
 */
export function deLongTest(labels: Labels, scoresA: Scores, scoresB: Scores, options: DeLongOptions = {}): DeLongTest {
  const y = toLabels(labels);
  const a = toScores(scoresA, y.length, 'scoresA');
  const b = toScores(scoresB, y.length, 'scoresB');
  const level = checkLevel(options.level ?? 0.95);
  const { positive, negative } = requireClasses(y, null, { positive: 2, negative: 2 });
  const pa = deLongPlacements(y, a);
  const pb = deLongPlacements(y, b);
  const cov = (x: 'aa' | 'bb' | 'ab'): number => {
    const [u, v] = x === 'aa' ? [pa, pa] : x === 'bb' ? [pb, pb] : [pa, pb];
    return sampleCovariance(u.v10, v.v10) / positive + sampleCovariance(u.v01, v.v01) / negative;
  };
  const varA = cov('aa');
  const varB = cov('bb');
  const covAB = cov('ab');
  const difference = pa.auc - pb.auc;
  const variance = Math.max(0, varA + varB - 2 * covAB);
  const standardError = Math.sqrt(variance);
  const z = standardError > 0 ? difference / standardError : difference === 0 ? 0 : Math.sign(difference) * Infinity;
  const q = normalQuantile(0.5 + level / 2);
  return {
    aucA: pa.auc,
    aucB: pb.auc,
    difference,
    variance,
    standardError,
    z,
    pValue: Math.min(1, 2 * normalSurvival(Math.abs(z))),
    lower: difference - q * standardError,
    upper: difference + q * standardError,
    level,
    correlation: covAB / Math.sqrt(varA * varB),
  };
}
