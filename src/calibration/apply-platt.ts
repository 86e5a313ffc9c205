/** Apply a fitted Platt mapping to scores. */
import { invalid, show, toFinite } from './check.js';
import type { PlattMapping } from './fit-platt.js';
import type { Scores } from './types.js';
import { sigmoid } from '../stats/logistic.js';

/**
 * p = 1/(1 + exp(a·s + b)) = σ(−(a·s + b)) for each score s (scikit-learn's
 * `_SigmoidCalibration.predict`, which calls `expit(-(a·s + b))`).
 *
 * Reference: Platt (1999); https://scikit-learn.org/1.2/modules/calibration.html#sigmoid
 * Complexity: O(n).
 * @throws LeadcalError (option_invalid) when the mapping is not a Platt mapping with finite a, b, or on non-finite scores.
 *
 * @example
 * applyPlatt({ kind: 'platt', a: -2, b: 1 }, [0, 0.5, 1])
 * // => Float64Array [0.2689414213699951, 0.5, 0.7310585786300049]
 */
export function applyPlatt(mapping: PlattMapping, scores: Scores): Float64Array {
  if (mapping?.kind !== 'platt') {
    invalid('mapping', `mapping.kind must be 'platt'; got ${show(mapping?.kind ?? mapping)}`, 'pass the result of fitPlatt');
  }
  for (const key of ['a', 'b'] as const) {
    if (typeof mapping[key] !== 'number' || !Number.isFinite(mapping[key])) {
      invalid('mapping', `mapping.${key} must be a finite number; got ${show(mapping[key])}`, 'pass the result of fitPlatt');
    }
  }
  const s = toFinite(scores);
  const out = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = sigmoid(-(mapping.a * s[i]! + mapping.b));
  return out;
}
