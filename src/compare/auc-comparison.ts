/**
 * DeLong comparisons of several scorers on the same labelled rows: each scorer's AUC with its
 * DeLong interval and the paired DeLong test against the first scorer. `compareScorers` and the
 * report's comparison page both read these, so the two always agree.
 */
import { deLongAuc, deLongTest, rocAuc, type DeLongTest } from '../calibration/index.js';

export interface AucComparison {
  /** ROC AUC (DeLong's, equal to the Mann–Whitney AUC); NaN without both classes. */
  auc: number;
  /** DeLong 95% interval, clipped to [0, 1]; NaN with fewer than 2 rows of a class. */
  lower: number;
  upper: number;
  /**
   * Paired DeLong test of this scorer against the first: A = this scorer, B = the first, so
   * `difference` = AUC(this) − AUC(first). null for the first scorer and with fewer than 2
   * rows of a class.
   */
  versusFirst: DeLongTest | null;
}

/**
 * AUCs, DeLong intervals and paired DeLong tests against `scores[0]`.
 *
 * Reference: DeLong, DeLong & Clarke-Pearson (1988), https://doi.org/10.2307/2531595; see
 * `deLongAuc` and `deLongTest`.
 * Complexity: O(m·n) for m scorers of n rows (after O(n) radix sorts).
 *
 * @example
 * const [a, b] = compareAucs(Uint8Array.of(0, 0, 1, 0, 1, 1), [Float64Array.of(0.1, 0.3, 0.35, 0.4, 0.8, 0.9), Float64Array.of(0.2, 0.1, 0.3, 0.5, 0.4, 0.6)]);
 * b.versusFirst.difference // => -0.11111111111111116
 */
export function compareAucs(labels: Uint8Array, scores: readonly Float64Array[]): AucComparison[] {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  const negatives = labels.length - positives;
  const delong = positives >= 2 && negatives >= 2;
  const either = positives >= 1 && negatives >= 1;
  return scores.map((s, i): AucComparison => {
    if (!delong) return { auc: either ? rocAuc(labels, s) : NaN, lower: NaN, upper: NaN, versusFirst: null };
    const d = deLongAuc(labels, s);
    return { auc: d.auc, lower: d.lower, upper: d.upper, versusFirst: i > 0 ? deLongTest(labels, s, scores[0]!) : null };
  });
}

/**
 * The same paired test read the other way round (A and B swapped): difference, z and the
 * interval change sign, exactly (IEEE negation), the p-value stays.
 *
 * @example
 * swapPair(t).difference === -t.difference // => true
 */
export function swapPair(t: DeLongTest): DeLongTest {
  return { ...t, aucA: t.aucB, aucB: t.aucA, difference: 0 - t.difference, z: 0 - t.z, lower: 0 - t.upper, upper: 0 - t.lower };
}
