/**
 * Monotone binning of a numeric attribute (the optbinning idea, simplified): quantile pre-bins,
 * then adjacent bins merged until the conversion rate is monotone in the chosen direction
 * (pool-adjacent-violators on bins) and every bin holds a minimum share of rows. The
 * direction kept is the one with the higher information value.
 *
 * Reference: G. Navas-Palencia, "Optimal binning: mathematical programming formulation",
 * arXiv:2001.08025 (2020); here a greedy PAV merge instead of the MIP.
 */

export interface MonotoneBins {
  /** Bin edges: bin j is [edges[j], edges[j + 1]); edges[0] = −∞, last = +∞. */
  edges: number[];
  /** Rows and positives per bin. */
  counts: number[];
  positives: number[];
  direction: 'ascending' | 'descending';
  /** Information value of the binning (Σ (p_j − n_j)·ln(p_j / n_j) with shares of positives and negatives). */
  iv: number;
}

function iv(pos: number[], neg: number[]): number {
  const P = pos.reduce((a, b) => a + b, 0) || 1;
  const N = neg.reduce((a, b) => a + b, 0) || 1;
  let v = 0;
  for (let j = 0; j < pos.length; j++) {
    const p = (pos[j]! + 0.5) / (P + 0.5 * pos.length);
    const n = (neg[j]! + 0.5) / (N + 0.5 * neg.length);
    v += (p - n) * Math.log(p / n);
  }
  return v;
}

function merge(edges: number[], counts: number[], positives: number[], direction: 1 | -1, minCount: number): MonotoneBins {
  // blocks of adjacent pre-bins; PAV: merge while a block's rate violates the direction
  const blocks = counts.map((n, j) => ({ lo: edges[j]!, hi: edges[j + 1]!, n, p: positives[j]! }));
  let changed = true;
  while (changed) {
    changed = false;
    for (let j = 0; j + 1 < blocks.length; j++) {
      const a = blocks[j]!;
      const b = blocks[j + 1]!;
      const ra = a.p / Math.max(1, a.n);
      const rb = b.p / Math.max(1, b.n);
      if ((direction === 1 && rb < ra) || (direction === -1 && rb > ra) || a.n < minCount || b.n < minCount) {
        blocks.splice(j, 2, { lo: a.lo, hi: b.hi, n: a.n + b.n, p: a.p + b.p });
        changed = true;
        break;
      }
    }
  }
  const out = {
    edges: [...blocks.map((b) => b.lo), blocks[blocks.length - 1]!.hi],
    counts: blocks.map((b) => b.n),
    positives: blocks.map((b) => b.p),
    direction: direction === 1 ? 'ascending' as const : 'descending' as const,
    iv: 0,
  };
  out.iv = iv(out.positives, out.counts.map((n, j) => n - out.positives[j]!));
  return out;
}

/**
 * Monotone bins for values (NaN = missing, left out) and 0/1 labels.
 * Complexity: O(n log n) for the quantiles, then O(bins²).
 *
 * @example
 * monotoneBins(employees, labels, { maxPrebins: 10, minShare: 0.05 }).edges
 * // => [-Infinity, 50, 1000, Infinity]
 */
export function monotoneBins(values: Float64Array, labels: ArrayLike<number>, options: { maxPrebins?: number; minShare?: number } = {}): MonotoneBins {
  const maxPrebins = options.maxPrebins ?? 10;
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) present.push(i);
  const sorted = present.map((i) => values[i]!).sort((a, b) => a - b);
  const minCount = Math.max(1, Math.ceil((options.minShare ?? 0.05) * present.length));
  // quantile cut points on distinct values
  const cuts: number[] = [];
  for (let q = 1; q < maxPrebins; q++) {
    const v = sorted[Math.floor((q * sorted.length) / maxPrebins)];
    if (v !== undefined && v > (cuts[cuts.length - 1] ?? -Infinity) && v > sorted[0]!) cuts.push(v);
  }
  const edges = [-Infinity, ...cuts, Infinity];
  const counts = new Array<number>(edges.length - 1).fill(0);
  const positives = new Array<number>(edges.length - 1).fill(0);
  for (const i of present) {
    const v = values[i]!;
    let j = 0;
    while (j + 1 < edges.length - 1 && v >= edges[j + 1]!) j++;
    counts[j]!++;
    positives[j]! += labels[i]! ? 1 : 0;
  }
  if (present.length === 0) return { edges: [-Infinity, Infinity], counts: [0], positives: [0], direction: 'ascending', iv: 0 };
  const up = merge(edges, counts, positives, 1, minCount);
  const down = merge(edges, counts, positives, -1, minCount);
  return up.iv >= down.iv ? up : down;
}
