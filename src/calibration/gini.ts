/** The Gini coefficient (accuracy ratio) of a scorer: 2·AUC − 1. */
import { aucKernel, type RocAucOptions } from './roc-auc.js';
import { requireClasses, toLabels, toScores, toWeights } from './check.js';
import type { Labels, Scores } from './types.js';

/**
 * Gini = 2·AUC − 1 (Somers' D of score against outcome): 0 for a random ranking, 1 for a
 * perfect one, negative when the ranking is inverted.
 *
 * Reference: Hand (2009), https://doi.org/10.1007/s10994-009-5119-5 (the AUC–Gini relation);
 * https://en.wikipedia.org/wiki/Gini_coefficient#Relation_to_other_statistical_measures
 * Complexity: O(n) after an O(n) radix sort.
 * @throws LeadcalError (option_invalid) on bad inputs or when a class is missing.
 *
 * @example
 * gini([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * // => 0.5
 */
export function gini(labels: Labels, scores: Scores, options: RocAucOptions = {}): number {
  const y = toLabels(labels);
  const s = toScores(scores, y.length);
  const w = toWeights(options.weights, y.length);
  requireClasses(y, w, { positive: 1, negative: 1 });
  return 2 * aucKernel(y, s, w) - 1;
}
