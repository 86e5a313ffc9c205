/**
 * The kernel behind the ROC and precision–recall curves: cumulative true and false positives
 * at each distinct score, highest score first — scikit-learn's `_binary_clf_curve`.
 */
import { argsortAscending } from './sort.js';

/** Counts (or weight sums) of rows scored ≥ each threshold; thresholds decrease. */
export interface ClfCurve {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/**
 * True/false positives above each distinct score (rows with weight 0 are dropped first).
 *
 * Definition: sort descending (stable), then at the last row of each run of equal scores emit
 * tps = Σ y·w and fps = Σ (1 − y)·w over the rows so far (unweighted: fps = rows so far − tps).
 * Same arithmetic order as sklearn 1.2 `sklearn/metrics/_ranking.py::_binary_clf_curve`.
 * Complexity: O(n) after an O(n) radix sort.
 *
 * @example
 * binaryClfCurve(Uint8Array.of(0, 1, 1), Float64Array.of(0.1, 0.4, 0.4), null).tps
 * // => Float64Array [2, 2]
 */
export function binaryClfCurve(labels: Uint8Array, scores: Float64Array, weights: Float64Array | null): ClfCurve {
  let keep: Uint32Array | null = null;
  let values = scores;
  if (weights) {
    let m = 0;
    for (let i = 0; i < weights.length; i++) if (weights[i] !== 0) m++;
    if (m < weights.length) {
      keep = new Uint32Array(m);
      values = new Float64Array(m);
      for (let i = 0, j = 0; i < weights.length; i++) {
        if (weights[i] !== 0) {
          keep[j] = i;
          values[j++] = scores[i]!;
        }
      }
    }
  }
  const order = argsortAscending(values);
  const n = order.length;
  let distinct = 0;
  for (let k = n - 1; k >= 0; k--) if (k === 0 || values[order[k]!] !== values[order[k - 1]!]) distinct++;
  const fps = new Float64Array(distinct);
  const tps = new Float64Array(distinct);
  const thresholds = new Float64Array(distinct);
  let tp = 0;
  let fp = 0;
  let out = 0;
  for (let k = n - 1, rank = 0; k >= 0; k--, rank++) {
    const j = order[k]!;
    const row = keep ? keep[j]! : j;
    if (weights) {
      const w = weights[row]!;
      tp += labels[row]! * w;
      fp += (1 - labels[row]!) * w;
    } else tp += labels[row]!;
    if (k === 0 || values[order[k - 1]!] !== values[j]) {
      tps[out] = tp;
      fps[out] = weights ? fp : 1 + rank - tp;
      thresholds[out++] = values[j]!;
    }
  }
  return { fps, tps, thresholds };
}
