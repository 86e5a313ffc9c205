/**
 * The kernel of DeLong's method: structural components ("placements") of every row, computed
 * from one sort in the manner of Sun & Xu (2014).
 */
import { argsortAscending } from './sort.js';

/** Placements in row order: `v10[k]` for the k-th positive row, `v01[k]` for the k-th negative row. */
export interface Placements {
  v10: Float64Array;
  v01: Float64Array;
  auc: number;
}

/**
 * DeLong placements: V10(xᵢ) = (1/N) Σⱼ ψ(xᵢ, yⱼ) for each positive score xᵢ and
 * V01(yⱼ) = (1/P) Σᵢ ψ(xᵢ, yⱼ) for each negative score yⱼ, ψ(x, y) = 1 if x > y, ½ if x = y, else 0;
 * AUC = mean V10 = mean V01.
 *
 * Sun & Xu obtain these from midranks: V10 = (T_z − T_x)/N, V01 = 1 − (T_z − T_y)/P with T_z, T_x,
 * T_y the midranks of a score among all rows, the positives, the negatives. Here the three
 * midranks come from one ascending sort: within a run of equal scores holding p positives and q
 * negatives, after P_< positives and N_< negatives, every positive has V10 = (N_< + q/2)/N and
 * every negative V01 = (P − P_< − p/2)/P — the same numbers without the three separate sorts.
 *
 * Reference: Sun & Xu (2014), "Fast Implementation of DeLong's Algorithm for Comparing the Areas
 * Under Correlated Receiver Operating Characteristic Curves", IEEE Signal Processing Letters
 * 21(11):1389–1393, https://doi.org/10.1109/LSP.2014.2337313; DeLong, DeLong & Clarke-Pearson
 * (1988), Biometrics 44(3):837–845, https://doi.org/10.2307/2531595
 * Complexity: O(n) after an O(n) radix sort (O(n log n) with a comparison sort, as in the paper).
 *
 * @example
 * Array.from(deLongPlacements(Uint8Array.of(0, 1, 1), Float64Array.of(0.2, 0.1, 0.9)).v10)
 * // => [0, 1]
 */
export function deLongPlacements(labels: Uint8Array, scores: Float64Array): Placements {
  const n = labels.length;
  const ordinal = new Uint32Array(n);
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < n; i++) ordinal[i] = labels[i] ? positives++ : negatives++;
  const v10 = new Float64Array(positives);
  const v01 = new Float64Array(negatives);
  const order = argsortAscending(scores);
  let posBelow = 0;
  let negBelow = 0;
  let sum10 = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    const v = scores[order[start]!]!;
    while (end < n && scores[order[end]!] === v) end++;
    let p = 0;
    for (let k = start; k < end; k++) p += labels[order[k]!]!;
    const q = end - start - p;
    const pos = (negBelow + q / 2) / negatives;
    const neg = (positives - posBelow - p / 2) / positives;
    for (let k = start; k < end; k++) {
      const i = order[k]!;
      if (labels[i]) v10[ordinal[i]!] = pos;
      else v01[ordinal[i]!] = neg;
    }
    sum10 += p * pos;
    posBelow += p;
    negBelow += q;
    start = end;
  }
  return { v10, v01, auc: sum10 / positives };
}

/** Sample covariance (denominator m − 1) of two equally long vectors. */
export function sampleCovariance(a: Float64Array, b: Float64Array): number {
  const m = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < m; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= m;
  mb /= m;
  let s = 0;
  for (let i = 0; i < m; i++) s += (a[i]! - ma) * (b[i]! - mb);
  return s / (m - 1);
}
