/**
 * The best split of a node from its histogram: for every feature and cut between bins, the
 * Newton gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) with missing values sent left and sent
 * right (the better direction is learned); a feature without missing values in the node sends
 * them to the child with more rows, as scikit-learn does. Splits leaving fewer than
 * `minSamplesLeaf` rows or less than `minHessian` hessian on a side are not considered.
 */
import { MISSING_BIN } from './bin-mapper.js';
import { FEATURE_STRIDE } from './histogram.js';

export interface SplitInfo {
  gain: number;
  feature: number;
  /** Rows with bin ≤ `bin` go left. */
  bin: number;
  missingLeft: boolean;
  leftG: number;
  leftH: number;
  leftN: number;
}

export interface SplitRules {
  /** Non-missing bins per feature. */
  binCounts: Int32Array;
  l2: number;
  minSamplesLeaf: number;
  minHessian: number;
}

/** The best split of a node with sums (G, H, N), or null when no split has positive gain. */
export function findBestSplit(hist: Float64Array, G: number, H: number, N: number, rules: SplitRules): SplitInfo | null {
  const { binCounts, l2, minSamplesLeaf: minLeaf, minHessian } = rules;
  const parent = (G * G) / (H + l2);
  let best: SplitInfo | null = null;
  let bestGain = 0;
  for (let f = 0; f < binCounts.length; f++) {
    const base = f * FEATURE_STRIDE;
    const nb = binCounts[f]!;
    const mk = base + MISSING_BIN * 3;
    const gm = hist[mk]!;
    const hm = hist[mk + 1]!;
    const nm = hist[mk + 2]!;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    // cuts after bin b; with missing values also "all non-missing left, missing right"
    const lastCut = nm > 0 ? nb - 1 : nb - 2;
    for (let b = 0; b <= lastCut; b++) {
      const k = base + b * 3;
      gl += hist[k]!;
      hl += hist[k + 1]!;
      nl += hist[k + 2]!;
      if (nl + nm < minLeaf) continue;
      // missing right
      if (nl >= minLeaf && N - nl >= minLeaf && hl >= minHessian && H - hl >= minHessian) {
        const gr = G - gl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (H - hl + l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          // no missing rows here: they follow the bigger child
          const missingLeft = nm === 0 && nl >= N - nl;
          best = { gain, feature: f, bin: b, missingLeft, leftG: gl, leftH: hl, leftN: nl };
        }
      }
      // missing left
      if (nm > 0 && b < nb - 1) {
        const gL = gl + gm;
        const hL = hl + hm;
        const nL = nl + nm;
        if (nL >= minLeaf && N - nL >= minLeaf && hL >= minHessian && H - hL >= minHessian) {
          const gr = G - gL;
          const gain = (gL * gL) / (hL + l2) + (gr * gr) / (H - hL + l2) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            best = { gain, feature: f, bin: b, missingLeft: true, leftG: gL, leftH: hL, leftN: nL };
          }
        }
      }
    }
  }
  return best;
}
