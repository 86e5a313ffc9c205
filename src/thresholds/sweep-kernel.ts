/**
 * The threshold-sweep kernel: cumulative counts at every distinct score, overall and per
 * segment, from typed arrays only.
 *
 * 1. Rank: each row gets the rank of its score among the distinct scores (0 = highest). Integer
 *    scores over a range no wider than the row count (points-based scores) are ranked through a
 *    presence table in O(n + range); others through one native sort of a copy and a binary
 *    search per row, O(n log n).
 * 2. Count: when segments × distinct scores is small (≤ 4n), a (segment, rank) histogram, one
 *    sequential pass; otherwise a counting sort by rank then a stable counting sort by segment
 *    (an LSD radix sort) puts each segment's rows in descending score order.
 * 3. Sum: cumulative sums over each segment's ranks, one point per rank present (a tie group).
 * Complexity: O(n log n) time at worst, O(n) extra memory; nothing allocated per row.
 */

/** Cumulative counts per group; group 0 is overall, 1 … G the segment codes, G + 1 missing. */
export interface SweepCounts {
  /** Rows and positives per group. */
  groupRows: Int32Array;
  groupPositives: Int32Array;
  /** Points of group g are `offsets[g] … offsets[g + 1] − 1`, highest threshold first. */
  offsets: Int32Array;
  /** Distinct score used as threshold (pass = score ≥ threshold). */
  threshold: Float64Array;
  /** Rows of the group with score ≥ threshold. */
  passed: Int32Array;
  /** Positives among them. */
  conversions: Int32Array;
}

/** Distinct scores, highest first, and each row's index into them. */
export function rankScores(scores: Float64Array): { distinctDesc: Float64Array; rank: Int32Array } {
  const n = scores.length;
  const rank = new Int32Array(n);
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s < min) min = s;
    if (s > max) max = s;
    if (integers && !Number.isInteger(s)) integers = false;
  }
  if (integers && max - min <= Math.max(n, 1024)) {
    // presence table over the integer range, then its running count gives the ranks
    const table = new Int32Array(max - min + 1);
    for (let i = 0; i < n; i++) table[max - scores[i]!] = 1;
    let count = 0;
    for (let v = 0; v < table.length; v++) table[v] = table[v] ? count++ : -1;
    const distinctDesc = new Float64Array(count);
    for (let v = 0; v < table.length; v++) if (table[v]! >= 0) distinctDesc[table[v]!] = max - v;
    for (let i = 0; i < n; i++) rank[i] = table[max - scores[i]!]!;
    return { distinctDesc, rank };
  }
  const sorted = Float64Array.from(scores).sort();
  let count = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[count++] = sorted[i]!;
  const distinctDesc = sorted.subarray(0, count).reverse();
  for (let i = 0; i < n; i++) {
    // binary search in the descending distinct values
    const x = scores[i]!;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinctDesc[mid]! > x) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
  }
  return { distinctDesc, rank };
}

/**
 * Sweep every distinct score as a threshold. `codes` holds segment codes in 0 … segmentCount − 1
 * or −1 for missing; without `codes` only the overall group has rows. `method` forces the
 * counting strategy (for tests); by default it is chosen by size.
 */
export function sweepCounts(scores: Float64Array, labels: Uint8Array, codes: Int32Array | undefined, segmentCount: number, method: 'auto' | 'histogram' | 'radix' = 'auto'): SweepCounts {
  const n = scores.length;
  const groups = segmentCount + 2;
  const { distinctDesc, rank } = rankScores(scores);
  const u = distinctDesc.length;

  const groupRows = new Int32Array(groups);
  const groupPositives = new Int32Array(groups);
  // group of row i: 0 when there are no segments; 1 … G segments; G + 1 missing
  const groupOf = (i: number): number => (codes === undefined ? 0 : codes[i]! >= 0 ? codes[i]! + 1 : groups - 1);
  const histogram = codes !== undefined && (method === 'histogram' || (method === 'auto' && (groups - 1) * u <= 4 * n));
  // cells (group, rank): group 0 is overall; segments only with the histogram
  const rows = new Int32Array(histogram ? groups * u : u);
  const positives = new Int32Array(histogram ? groups * u : u);
  for (let i = 0; i < n; i++) {
    const r = rank[i]!;
    const y = labels[i]!;
    const g = groupOf(i);
    rows[r]!++;
    positives[r]! += y;
    groupRows[g]!++;
    groupPositives[g]! += y;
    if (histogram) {
      rows[g * u + r]!++;
      positives[g * u + r]! += y;
    }
  }
  groupRows[0] = n;
  if (codes !== undefined) for (let g = 1; g < groups; g++) groupPositives[0]! += groupPositives[g]!;

  const capacity = u + (codes === undefined ? 0 : Math.min(n, (groups - 1) * u));
  const threshold = new Float64Array(capacity);
  const passed = new Int32Array(capacity);
  const conversions = new Int32Array(capacity);
  const offsets = new Int32Array(groups + 1);
  let k = 0;
  for (let g = 0; g < (histogram ? groups : 1); g++) {
    let p = 0;
    let c = 0;
    for (let r = 0; r < u; r++) {
      const m = rows[g * u + r]!;
      if (m === 0) continue;
      p += m;
      c += positives[g * u + r]!;
      threshold[k] = distinctDesc[r]!;
      passed[k] = p;
      conversions[k] = c;
      k++;
    }
    offsets[g + 1] = k;
  }
  if (codes === undefined) offsets.fill(k, 2);
  else if (!histogram) k = radixSegments(rank, labels, groupOf, groupRows, distinctDesc, { threshold, passed, conversions, offsets }, k);
  return {
    groupRows,
    groupPositives,
    offsets,
    threshold: threshold.slice(0, k),
    passed: passed.slice(0, k),
    conversions: conversions.slice(0, k),
  };
}

/** Segments by radix sort: rows by rank, then stably by group; returns the next point index. */
function radixSegments(rank: Int32Array, labels: Uint8Array, groupOf: (i: number) => number, groupRows: Int32Array, distinctDesc: Float64Array, out: { threshold: Float64Array; passed: Int32Array; conversions: Int32Array; offsets: Int32Array }, start: number): number {
  const n = rank.length;
  const u = distinctDesc.length;
  const groups = groupRows.length;
  const rankStart = new Int32Array(u + 1);
  for (let i = 0; i < n; i++) rankStart[rank[i]! + 1]!++;
  for (let r = 0; r < u; r++) rankStart[r + 1]! += rankStart[r]!;
  const byRank = new Int32Array(n);
  for (let i = 0; i < n; i++) byRank[rankStart[rank[i]!]!++] = i;
  const groupStart = new Int32Array(groups + 1);
  for (let g = 1; g < groups; g++) groupStart[g + 1] = groupStart[g]! + groupRows[g]!;
  // sorted copies of rank and label so the walk below reads sequentially
  const sortedRank = new Int32Array(n);
  const sortedLabel = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const i = byRank[j]!;
    const at = groupStart[groupOf(i)]!++;
    sortedRank[at] = rank[i]!;
    sortedLabel[at] = labels[i]!;
  }
  let k = start;
  let j = 0;
  for (let g = 1; g < groups; g++) {
    const end = j + groupRows[g]!;
    let p = 0;
    let c = 0;
    while (j < end) {
      const r = sortedRank[j]!;
      while (j < end && sortedRank[j] === r) {
        p++;
        c += sortedLabel[j]!;
        j++;
      }
      out.threshold[k] = distinctDesc[r]!;
      out.passed[k] = p;
      out.conversions[k] = c;
      k++;
    }
    out.offsets[g + 1] = k;
  }
  return k;
}
