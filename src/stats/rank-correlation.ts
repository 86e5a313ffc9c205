/**
 * Spearman's rank correlation: Pearson's correlation of the two samples' ranks, ties given
 * their average rank (scipy.stats.spearmanr's definition). Used to ask whether the cases of a
 * rule, or the bands of a score, still convert in the same order from one period to the next.
 */

/** Average ranks (1-based; ties share the mean of their positions). Complexity: O(n log n). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman's ρ = Pearson correlation of the average ranks of x and y. NaN with fewer than 2
 * pairs, unequal lengths, a NaN value, or a constant sample (no order to compare).
 *
 * Reference: Spearman (1904), https://doi.org/10.2307/1412159; scipy.stats.spearmanr.
 * Complexity: O(n log n).
 *
 * @example
 * spearmanCorrelation([1, 2, 3, 4], [10, 30, 20, 40]) // => 0.8
 */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return NaN;
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) return NaN;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const a = rx[i]! - mean, b = ry[i]! - mean;
    sxy += a * b; sxx += a * a; syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
