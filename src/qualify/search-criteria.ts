/**
 * The subset of recorded criteria whose met count best predicts wins: a custom framework
 * found on a training split and checked on a holdout.
 *
 * Search: forward selection on the training rows. Start empty; at each step add the criterion
 * whose met count (together with those already chosen) has the highest training ROC AUC;
 * stop when the best gain is below `minGain` or `maxCriteria` are chosen. Ties go to the
 * criterion that comes first in the table. The split is stratified by label and seeded, so
 * the same seed gives the same subset.
 */
import type { Random } from '../random.js';
import { aucOrNull } from './group-count.js';

export interface SplitRows {
  train: Int32Array;
  holdout: Int32Array;
}

/**
 * Split row indices into train and holdout, stratified by label: round(share · positives) of
 * the positives and round(share · negatives) of the negatives go to the holdout, chosen by a
 * seeded Fisher–Yates shuffle. Both lists come back in ascending order.
 *
 * @example
 * stratifiedSplit(Uint8Array.of(1, 0, 1, 0), 0.5, createRandom(1)).holdout.length // => 2
 */
export function stratifiedSplit(labels: Uint8Array, holdoutShare: number, random: Random): SplitRows {
  const byClass: number[][] = [[], []];
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]!.push(i);
  const train: number[] = [];
  const holdout: number[] = [];
  for (const rows of byClass) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const cut = Math.round(holdoutShare * rows.length);
    holdout.push(...rows.slice(0, cut));
    train.push(...rows.slice(cut));
  }
  return { train: Int32Array.from(train).sort(), holdout: Int32Array.from(holdout).sort() };
}

export interface SearchStep {
  criterion: string;
  /** Training AUC of the met count once this criterion is added. */
  trainAuc: number;
}

export interface CriteriaSearch {
  /** Chosen criteria, in the order they were added. */
  criteria: string[];
  steps: SearchStep[];
  trainAuc: number | null;
}

/**
 * Forward selection of criteria on the given rows (see the module header).
 *
 * @param met rows × criteria, 1 where the criterion was met (row-major)
 * Complexity: O(maxCriteria · criteria · rows log rows).
 * @example
 * searchCriteria(met, ['budget', 'timeline'], labels, split.train, { maxCriteria: 6, minGain: 0.005 }).criteria
 * // => ['budget']
 */
export function searchCriteria(met: Uint8Array, criteria: string[], labels: Uint8Array, rows: Int32Array, options: { maxCriteria: number; minGain: number }): CriteriaSearch {
  const width = criteria.length;
  const y = new Uint8Array(rows.length);
  for (let r = 0; r < rows.length; r++) y[r] = labels[rows[r]!]!;
  const current = new Float64Array(rows.length);
  const trial = new Float64Array(rows.length);
  const chosen = new Uint8Array(width);
  const steps: SearchStep[] = [];
  let currentAuc = 0.5;
  while (steps.length < Math.min(options.maxCriteria, width)) {
    let best = -1;
    let bestAuc = -Infinity;
    for (let c = 0; c < width; c++) {
      if (chosen[c]) continue;
      for (let r = 0; r < rows.length; r++) trial[r] = current[r]! + met[rows[r]! * width + c]!;
      const auc = aucOrNull(y, trial);
      if (auc === null) return { criteria: [], steps: [], trainAuc: null };
      if (auc > bestAuc) [best, bestAuc] = [c, auc];
    }
    if (best < 0 || bestAuc - currentAuc < options.minGain) break;
    chosen[best] = 1;
    for (let r = 0; r < rows.length; r++) current[r]! += met[rows[r]! * width + best]!;
    currentAuc = bestAuc;
    steps.push({ criterion: criteria[best]!, trainAuc: bestAuc });
  }
  return { criteria: steps.map((s) => s.criterion), steps, trainAuc: steps.length ? currentAuc : null };
}

/**
 * Smallest k in 1..size maximising TPR − FPR (Youden's J) of "met count ≥ k" on the rows:
 * the rule of the recommended framework.
 *
 * @example
 * youdenMinMet(Float64Array.of(0, 1, 2, 2), Uint8Array.of(0, 0, 1, 1), Int32Array.of(0, 1, 2, 3), 2) // => 2
 */
export function youdenMinMet(metCount: Float64Array, labels: Uint8Array, rows: Int32Array, size: number): number {
  let positives = 0;
  for (const r of rows) positives += labels[r]!;
  const negatives = rows.length - positives;
  let bestK = 1;
  let bestJ = -Infinity;
  for (let k = 1; k <= size; k++) {
    let tp = 0;
    let fp = 0;
    for (const r of rows) {
      if (metCount[r]! >= k) {
        if (labels[r]) tp++;
        else fp++;
      }
    }
    const j = (positives ? tp / positives : 0) - (negatives ? fp / negatives : 0);
    if (j > bestJ + 1e-12) [bestK, bestJ] = [k, j];
  }
  return bestK;
}
