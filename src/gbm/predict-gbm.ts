/**
 * Prediction with a fitted ensemble over a column-major design: raw scores (log-odds) and
 * probabilities. Trees are walked one at a time over all rows, so a tree's arrays stay in cache.
 */
import { sigmoid } from '../stats/logistic.js';
import { checkDesign } from './check.js';
import type { GbmDesign, GbmModel, GbmTree } from './types.js';

/** A tree's arrays as typed arrays, for the prediction loops. */
export interface PackedTree {
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export function packTree(t: GbmTree): PackedTree {
  return { feature: Int32Array.from(t.feature), threshold: Float64Array.from(t.threshold), missingLeft: Uint8Array.from(t.missingLeft), left: Int32Array.from(t.left), right: Int32Array.from(t.right), value: Float64Array.from(t.value) };
}

/** Rows per block: a block's slice of every column stays in cache while all trees walk it. */
const BLOCK = 2048;

/** Add one tree's leaf values to `raw` for the rows [from, to) of `columns`. */
export function addTreeKernel(t: PackedTree, columns: Float64Array[], raw: Float64Array, from = 0, to = raw.length): void {
  const { feature, threshold, missingLeft, left, right, value } = t;
  for (let i = from; i < to; i++) {
    let k = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const x = columns[f]![i]!;
      k = x <= threshold[k]! || (x !== x && missingLeft[k] === 1) ? left[k]! : right[k]!;
      f = feature[k]!;
    }
    raw[i] += value[k]!;
  }
}

/**
 * Raw scores (log-odds) of the ensemble: baseline + the sum of the trees' leaf values.
 *
 * @example
 * predictGbmRaw(model, { rows: 2, columns: [Float64Array.of(0, 1)] }) // => Float64Array [-1.2, 0.8]
 */
export function predictGbmRaw(model: GbmModel, X: GbmDesign): Float64Array {
  checkDesign(X, 'X', model.features);
  const raw = new Float64Array(X.rows).fill(model.baseline);
  const trees = model.trees.map(packTree);
  for (let from = 0; from < X.rows; from += BLOCK) {
    const to = Math.min(X.rows, from + BLOCK);
    for (const t of trees) addTreeKernel(t, X.columns, raw, from, to);
  }
  return raw;
}

/**
 * Conversion probabilities of the ensemble, sigmoid of the raw scores.
 *
 * @example
 * const { model } = fitGbm(X, y); predictGbm(model, X) // => Float64Array of probabilities
 */
export function predictGbm(model: GbmModel, X: GbmDesign): Float64Array {
  const raw = predictGbmRaw(model, X);
  for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]!);
  return raw;
}
