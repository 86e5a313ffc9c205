/**
 * Feature binning for histogram boosting: per feature at most `maxBins` bins of non-missing
 * values cut at quantiles of (a seeded subsample of) the training rows, and bin 255 for
 * missing values, as scikit-learn's `_BinMapper` does: with few distinct values the cuts are
 * the midpoints between them, otherwise midpoint-interpolated percentiles, duplicates dropped.
 * A value x falls in bin b = #{cuts < x}, so "bin ≤ b" is "x ≤ cuts[b]".
 */
import { createRandom } from '../random.js';

export const MISSING_BIN = 255;
const SUBSAMPLE = 200_000;

/** Computes the cut points of the last features and bins the last rows on another thread (see ./fit-threads.ts). */
export interface BinHelper {
  /** Features [from, columns) are the helper's cut points. */
  from: number;
  /** Start the cut points of features from, from + 1, … from their sampled values. */
  startCuts(values: Float64Array[], maxBins: number): void;
  finishCuts(): Float64Array[];
  /** Start binning rows [mid, rows) of every feature. */
  startBinning(columns: Float64Array[], cuts: Float64Array[], mid: number): void;
  finishBinning(): void;
}

/**
 * Cut points per feature, from the rows `rows` of each column (a seeded subsample of 200,000
 * when there are more); with a helper, its features' cuts on its thread.
 */
export function fitBinCuts(columns: Float64Array[], rows: Uint32Array, maxBins: number, seed: number, helper?: BinHelper): Float64Array[] {
  let sample = rows;
  if (rows.length > SUBSAMPLE) {
    // seeded partial Fisher–Yates: the same seed picks the same rows
    const random = createRandom(seed);
    const pool = Uint32Array.from(rows);
    for (let i = 0; i < SUBSAMPLE; i++) {
      const j = i + random.int(pool.length - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
    }
    sample = pool.subarray(0, SUBSAMPLE);
  }
  if (!helper) return columns.map((col) => cutsOf(col, sample, maxBins));
  const values = columns.slice(helper.from).map((col) => {
    const v = new Float64Array(sample.length);
    for (let i = 0; i < sample.length; i++) v[i] = col[sample[i]!]!;
    return v;
  });
  helper.startCuts(values, maxBins);
  const cuts = columns.slice(0, helper.from).map((col) => cutsOf(col, sample, maxBins));
  return cuts.concat(helper.finishCuts());
}

/** The cut points of one column from its rows `rows`. Self-contained: worker threads run its source text. */
export function cutsOf(col: Float64Array, rows: Uint32Array, maxBins: number): Float64Array {
  const values = new Float64Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = col[rows[i]!]!;
    if (!Number.isNaN(v)) values[n++] = v;
  }
  // few distinct values (indicators, codes): no need to sort the whole sample
  const seen = new Set<number>();
  for (let i = 0; i < n && seen.size <= maxBins; i++) seen.add(values[i]!);
  if (seen.size <= maxBins) {
    const distinct = Float64Array.from(seen).sort();
    const cuts = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < cuts.length; i++) cuts[i] = (distinct[i]! + distinct[i + 1]!) / 2;
    return cuts;
  }
  const sorted = radixSort(values.subarray(0, n));
  // numpy's percentile with method='midpoint' at 100·k/maxBins, k = 1..maxBins−1
  const cuts: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const pos = (k / maxBins) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const c = (sorted[lo]! + sorted[hi]!) / 2;
    if (cuts.length === 0 || c > cuts[cuts.length - 1]!) cuts.push(c);
  }
  return Float64Array.from(cuts);
}

/**
 * `values` (no NaN) sorted ascending in place, as `Float64Array.prototype.sort` orders them (−0
 * before +0), by a least-significant-digit radix sort of their bits (eight 8-bit digits, passes
 * where every value shares the digit skipped): several times faster than the comparison sort on
 * the 200,000 sampled values of a feature. Self-contained (worker threads run the source text of
 * {@link cutsOf}, which calls it, so it travels along).
 */
export function radixSort(values: Float64Array): Float64Array {
  const n = values.length;
  // keys ordered as unsigned integers: negative values have every bit flipped, others the sign bit
  let keys = new Uint32Array(2 * n);
  let spare = new Uint32Array(2 * n);
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const lo = bits[2 * i]!;
    const hi = bits[2 * i + 1]!;
    const negative = hi >>> 31;
    keys[2 * i] = negative ? ~lo >>> 0 : lo;
    keys[2 * i + 1] = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
  }
  const count = new Uint32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const word = pass >> 2;
    const shift = (pass & 3) * 8;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[2 * i + word]! >>> shift) & 255]!++;
    if (count[(keys[word]! >>> shift) & 255] === n) continue;
    for (let d = 0, total = 0; d < 256; d++) {
      const c = count[d]!;
      count[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const at = 2 * count[(keys[2 * i + word]! >>> shift) & 255]!++;
      spare[at] = keys[2 * i]!;
      spare[at + 1] = keys[2 * i + 1]!;
    }
    const t = keys;
    keys = spare;
    spare = t;
  }
  for (let i = 0; i < n; i++) {
    const lo = keys[2 * i]!;
    const hi = keys[2 * i + 1]!;
    const negative = hi >>> 31 ? 0 : 1;
    bits[2 * i] = negative ? ~lo >>> 0 : lo;
    bits[2 * i + 1] = negative ? ~hi >>> 0 : (hi & 0x7fffffff) >>> 0;
  }
  return values;
}

/** Bin index of one value: #{cuts < x} (binary search), or {@link MISSING_BIN} for NaN. */
export function binOf(cuts: Float64Array, x: number): number {
  if (Number.isNaN(x)) return MISSING_BIN;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bytes per row of a row-major binned design: the features rounded up to whole 4-byte words. */
export function binnedStride(features: number): number {
  return Math.max(4, Math.ceil(features / 4) * 4);
}

/**
 * The bins of rows [r0, r1) (row i's values at columns[f][i − offset]), row-major: row r's bin
 * of feature f at `out[r · stride + f]` (stride {@link binnedStride}), so one cache line holds
 * all the bins of a row; and column-major, `columnsOut[f][r]` (a split partitions a node's rows
 * by one feature). Blocks of rows are binned feature by feature, so the block stays in cache
 * while each column is read in order. The search runs over the cuts padded with +∞ to 255 in
 * eight fixed halvings, the same count as {@link binOf} without its unpredictable branches
 * (comparisons turned into numbers, four rows at a time). Self-contained: worker threads run its
 * source text.
 */
export function binRows(columns: Float64Array[], offset: number, cuts: Float64Array[], out: Uint8Array, stride: number, columnsOut: Uint8Array[], r0: number, r1: number): void {
  const padded = new Float64Array(256 * columns.length).fill(Infinity);
  for (let f = 0; f < cuts.length; f++) padded.set(cuts[f]!, 256 * f);
  const block = 4096;
  for (let b0 = r0; b0 < r1; b0 += block) {
    const b1 = Math.min(r1, b0 + block);
    for (let f = 0; f < columns.length; f++) {
      const col = columns[f]!;
      const bins = columnsOut[f]!;
      const p = 256 * f;
      let i = b0;
      // four rows at a time: four independent searches overlap
      for (; i + 3 < b1; i += 4) {
        const x0 = col[i - offset]!;
        const x1 = col[i + 1 - offset]!;
        const x2 = col[i + 2 - offset]!;
        const x3 = col[i + 3 - offset]!;
        let l0 = p;
        let l1 = p;
        let l2 = p;
        let l3 = p;
        l0 += +(padded[l0 + 127]! < x0) << 7; l1 += +(padded[l1 + 127]! < x1) << 7; l2 += +(padded[l2 + 127]! < x2) << 7; l3 += +(padded[l3 + 127]! < x3) << 7;
        l0 += +(padded[l0 + 63]! < x0) << 6; l1 += +(padded[l1 + 63]! < x1) << 6; l2 += +(padded[l2 + 63]! < x2) << 6; l3 += +(padded[l3 + 63]! < x3) << 6;
        l0 += +(padded[l0 + 31]! < x0) << 5; l1 += +(padded[l1 + 31]! < x1) << 5; l2 += +(padded[l2 + 31]! < x2) << 5; l3 += +(padded[l3 + 31]! < x3) << 5;
        l0 += +(padded[l0 + 15]! < x0) << 4; l1 += +(padded[l1 + 15]! < x1) << 4; l2 += +(padded[l2 + 15]! < x2) << 4; l3 += +(padded[l3 + 15]! < x3) << 4;
        l0 += +(padded[l0 + 7]! < x0) << 3; l1 += +(padded[l1 + 7]! < x1) << 3; l2 += +(padded[l2 + 7]! < x2) << 3; l3 += +(padded[l3 + 7]! < x3) << 3;
        l0 += +(padded[l0 + 3]! < x0) << 2; l1 += +(padded[l1 + 3]! < x1) << 2; l2 += +(padded[l2 + 3]! < x2) << 2; l3 += +(padded[l3 + 3]! < x3) << 2;
        l0 += +(padded[l0 + 1]! < x0) << 1; l1 += +(padded[l1 + 1]! < x1) << 1; l2 += +(padded[l2 + 1]! < x2) << 1; l3 += +(padded[l3 + 1]! < x3) << 1;
        l0 += +(padded[l0]! < x0); l1 += +(padded[l1]! < x1); l2 += +(padded[l2]! < x2); l3 += +(padded[l3]! < x3);
        const v0 = x0 !== x0 ? 255 : l0 - p;
        const v1 = x1 !== x1 ? 255 : l1 - p;
        const v2 = x2 !== x2 ? 255 : l2 - p;
        const v3 = x3 !== x3 ? 255 : l3 - p;
        const o = i * stride + f;
        out[o] = v0;
        out[o + stride] = v1;
        out[o + 2 * stride] = v2;
        out[o + 3 * stride] = v3;
        bins[i] = v0;
        bins[i + 1] = v1;
        bins[i + 2] = v2;
        bins[i + 3] = v3;
      }
      for (; i < b1; i++) {
        const x = col[i - offset]!;
        let lo = p;
        for (let step = 128; step >= 1; step >>= 1) lo += +(padded[lo + step - 1]! < x) * step;
        const v = x !== x ? 255 : lo - p;
        out[i * stride + f] = v;
        bins[i] = v;
      }
    }
  }
}
