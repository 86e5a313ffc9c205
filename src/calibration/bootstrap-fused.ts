/**
 * The fast AUC resampler behind `bootstrapAuc`. The AUC of a resample depends only on how many
 * positives and negatives it draws from each "unit" — a maximal stretch of sorted rows of one
 * class (or a run of tied scores holding both). Poissonised, those unit totals are independent
 * Poisson draws, so one pass over the units (not the rows) accumulates the AUC; a few thousand
 * uniform throws then top the sample up to exactly n rows.
 */
import { countsAuc, multinomialCounts, nextUint32, type StreamState } from './bootstrap-kernel.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_31 = 2147483648;

/**
 * From this many rows the unit pass is used (λ = 1 − 6/√n needs n large); below it, and from
 * 2^30 rows (the pass keeps int32 running counts), the plain two-pass kernels.
 */
export const FUSED_MIN_ROWS = 4096;
const FUSED_MAX_ROWS = 2 ** 30;

/** Unit totals are drawn in pieces of at most this many rows, each from a precomputed table. */
export const MAX_PIECE = 64;

/** Draws one resample's AUC from the stream. */
export type AucResampler = (stream: StreamState) => number;

/** Rows in ascending score order grouped into units, with the class counts of each unit. */
export interface Units {
  /** Positive rows per unit. */
  positives: Int32Array;
  /** Negative rows per unit. */
  negatives: Int32Array;
  /** Unit of each sorted row. */
  unitOf: Int32Array;
}

/**
 * Group sorted rows into units: a run of tied scores holding both classes is a unit of its own;
 * otherwise consecutive rows (runs) of one class form one unit. Ties within one class do not
 * matter to the AUC, so those runs merge.
 *
 * Complexity: O(n).
 *
 * @example
 * groupUnits(Uint8Array.of(0, 0, 1, 0, 1, 1), Uint8Array.of(1, 1, 0, 1, 1, 1)).negatives
 * // => Int32Array [2, 1, 0]
 */
export function groupUnits(labels: Uint8Array, runEnd: Uint8Array | null): Units {
  const n = labels.length;
  const unitOf = new Int32Array(n);
  const positives: number[] = [];
  const negatives: number[] = [];
  let kind = -1; // class of the open pure unit, 2 for mixed, -1 for none
  for (let start = 0; start < n; ) {
    let end = start + 1;
    if (runEnd) while (!runEnd[end - 1]) end++;
    let p = 0;
    for (let i = start; i < end; i++) p += labels[i]!;
    const q = end - start - p;
    const runKind = p > 0 && q > 0 ? 2 : p > 0 ? 1 : 0;
    if (runKind === 2 || runKind !== kind) {
      positives.push(0);
      negatives.push(0);
      kind = runKind;
    }
    const u = positives.length - 1;
    positives[u]! += p;
    negatives[u]! += q;
    unitOf.fill(u, start, end);
    if (runKind === 2) kind = -1;
    start = end;
  }
  return { positives: Int32Array.from(positives), negatives: Int32Array.from(negatives), unitOf };
}

/** Alias columns per table: each holds 2^23 of the 2^31 equally likely 31-bit uniforms. */
const COLUMNS = 256;
const COLUMN = 8388608; // 2^23

/**
 * Alias tables (Walker 1977, Vose 1991) for Poisson(λ·s), s = 1..MAX_PIECE, in integer arithmetic
 * on a 31-bit uniform x: column c = ⌊x / 2^23⌋ yields c when x mod 2^23 < cut[c], else alias[c].
 * Value k gets exactly w_k / 2^31 of the uniforms, where w_k = ⌊F(k)·2^31⌋ − ⌊F(k−1)·2^31⌋ are the
 * Poisson probabilities to 31 bits — the distribution an inversion sampler on the same uniform
 * would produce — so a draw is one lookup and one comparison. Table s occupies entries
 * [s·256, (s + 1)·256).
 */
export interface PoissonTables {
  cut: Int32Array;
  alias: Int32Array;
}

/** Integer Poisson(μ) weights w_k (summing to 2^31) for k = 0..K−1. */
export function poissonWeights(mu: number): number[] {
  const weights: number[] = [];
  let p = Math.exp(-mu);
  let cdf = 0;
  let previous = 0;
  for (let k = 0; previous < TWO_POW_31; k++) {
    cdf += p;
    // Close the table once less than 2^-32 is left (rounding can keep F just below 1 forever).
    const t = cdf > 1 - 2 ** -32 ? TWO_POW_31 : Math.floor(cdf * TWO_POW_31);
    weights.push(t - previous);
    previous = t;
    p *= mu / (k + 1);
  }
  return weights;
}

export function poissonTables(lambda: number): PoissonTables {
  const cut = new Int32Array((MAX_PIECE + 1) * COLUMNS);
  const alias = new Int32Array((MAX_PIECE + 1) * COLUMNS);
  for (let s = 1; s <= MAX_PIECE; s++) {
    const w = poissonWeights(lambda * s);
    if (w.length > COLUMNS) throw new Error(`poissonTables: ${w.length} values exceed ${COLUMNS} columns`);
    const weight = Float64Array.from({ length: COLUMNS }, (_, k) => w[k] ?? 0);
    const small: number[] = [];
    const large: number[] = [];
    for (let k = 0; k < COLUMNS; k++) (weight[k]! < COLUMN ? small : large).push(k);
    const base = s * COLUMNS;
    while (small.length > 0 && large.length > 0) {
      const lo = small.pop()!;
      const hi = large.pop()!;
      cut[base + lo] = weight[lo]!;
      alias[base + lo] = hi;
      weight[hi] = weight[hi]! - (COLUMN - weight[lo]!);
      (weight[hi]! < COLUMN ? small : large).push(hi);
    }
    // Whatever remains holds exactly one full column (integer weights: no rounding left over).
    for (const k of [...small, ...large]) {
      cut[base + k] = COLUMN;
      alias[base + k] = k;
    }
  }
  return { cut, alias };
}

/**
 * Build a resampler for rows in ascending score order (`labels`, and `runEnd` flags marking the
 * last row of each run of tied scores, or null when all scores differ).
 *
 * Definition — one resample, Multinomial(n; 1/n, …, 1/n) row counts (exact up to the 2^-31
 * resolution of the uniform draws, like any inversion sampler), seen through its unit totals:
 * 1. draw D = ⌈14√n⌉ + 16 candidate rows uniformly (with replacement) and radix-sort them;
 * 2. give every row an independent Poisson(λ) count, λ = 1 − 6/√n; a unit's positive and negative
 *    totals are then independent Poisson(λ·size) draws (in pieces of ≤ 64 rows). One pass over
 *    the units accumulates Σ_u P_u·(N_<u + N_u/2) — the Mann–Whitney numerator — and notes the
 *    cumulative totals around each candidate's unit;
 * 3. those counts are T ~ Poisson(λn) iid uniform throws given T. A uniformly random subset of
 *    d = n − T candidates (selection sampling) adds d more, n in all. Their contribution follows
 *    from the noted totals, plus their pairs with each other.
 * When T > n or d > D (probability ~1e-9 and ~1e-15) the resample is redrawn with the two-pass
 * kernels (`multinomialCounts`, `countsAuc`); both paths are exact, so the mixture is too.
 * Reference: Poissonisation of the multinomial, e.g. Hanley & MacGibbon (2006), "Creating
 * non-parametric bootstrap samples using Poisson frequencies", Comput. Methods Programs Biomed.
 * 83(1); selection sampling, Knuth, TAOCP vol. 2 §3.4.2 (Algorithm S);
 * Alias method, Walker (1977), https://doi.org/10.1145/355744.355749, and Vose (1991),
 * https://doi.org/10.1109/32.92917
 * Complexity: O(units + n/64 + √n) per resample; units ≤ n, about 2n·r(1 − r) for a base rate r
 * and an informative score. O(n) memory once (unit of each row), O(√n) per resample.
 *
 * @example
 * const resample = createAucResampler(Uint8Array.from({ length: 5000 }, (_, i) => i % 2), null);
 * resample(seedStream(createRandom(1))) // => 0.4968967296729673 (one bootstrap AUC)
 */
export function createAucResampler(labels: Uint8Array, runEnd: Uint8Array | null): AucResampler {
  const n = labels.length;
  let fallback: Uint16Array | null = null;
  const twoPass: AucResampler = (stream) => {
    const counts = (fallback ??= new Uint16Array(n));
    multinomialCounts(stream, counts);
    return countsAuc(labels, runEnd, counts);
  };
  if (n < FUSED_MIN_ROWS || n >= FUSED_MAX_ROWS) return twoPass;

  const tables = poissonTables(1 - 6 / Math.sqrt(n));
  const { positives, negatives, unitOf } = groupUnits(labels, runEnd);
  const pieces = unitPieces(positives, negatives);
  const D = Math.ceil(14 * Math.sqrt(n)) + 16;
  const candidates = new Uint32Array(D);
  const scratch = new Uint32Array(D);
  // Distinct unit bounds of the candidates, ascending (+ a sentinel), and the cumulative
  // negative/positive totals the pass finds there.
  const bounds = new Int32Array(2 * D + 1);
  const negAt = new Float64Array(2 * D);
  const posAt = new Float64Array(2 * D);
  const loIndex = new Int32Array(D);
  const hiIndex = new Int32Array(D);
  const acc = new Float64Array(7);

  const bits = Math.ceil(Math.log2(n));
  return (stream) => {
    for (let k = 0; k < D; k++) candidates[k] = uniformBelow(stream, n, bits);
    sortCells(candidates, scratch, n);
    let m = 0;
    for (let k = 0; k < D; k++) {
      const u = unitOf[candidates[k]!]!;
      if (k > 0 && u === unitOf[candidates[k - 1]!]) {
        loIndex[k] = loIndex[k - 1]!;
        hiIndex[k] = hiIndex[k - 1]!;
        continue;
      }
      if (m === 0 || bounds[m - 1] !== u) bounds[m++] = u;
      loIndex[k] = m - 1;
      bounds[m++] = u + 1;
      hiIndex[k] = m - 1;
    }
    bounds[m] = positives.length + 1;

    unitPass(pieces, tables, stream, bounds, negAt, posAt, acc);
    const negCum = acc[0]!;
    const posCum = acc[1]!;
    const num = acc[2]!;
    const missing = n - (negCum + posCum);
    if (missing < 0 || missing > D) return twoPass(stream);

    // Top up with a uniformly random `missing`-subset of the candidates (Algorithm S keeps them sorted).
    let needed = missing;
    let addPos = 0;
    let addNeg = 0;
    let extra = 0;
    let unit = -1;
    let unitPos = 0;
    let unitNeg = 0;
    let negBefore = 0;
    for (let q = 0; q < D && needed > 0; q++) {
      // Keep candidate q with probability needed/(D − q), to 2^-32: u·(D − q) < needed·2^32.
      if (nextUint32(stream) * (D - q) >= needed * TWO_POW_32) continue;
      needed--;
      const j = candidates[q]!;
      const u = unitOf[j]!;
      if (u !== unit) {
        extra += unitPos * (negBefore + unitNeg / 2);
        negBefore += unitNeg;
        unitPos = 0;
        unitNeg = 0;
        unit = u;
      }
      const l = loIndex[q]!;
      const h = hiIndex[q]!;
      if (labels[j]) {
        extra += negAt[l]! + (negAt[h]! - negAt[l]!) / 2;
        unitPos++;
        addPos++;
      } else {
        extra += posCum - posAt[h]! + (posAt[h]! - posAt[l]!) / 2;
        unitNeg++;
        addNeg++;
      }
    }
    extra += unitPos * (negBefore + unitNeg / 2);
    const totalPositives = posCum + addPos;
    const totalNegatives = negCum + addNeg;
    return totalPositives > 0 && totalNegatives > 0 ? (num + extra) / (totalPositives * totalNegatives) : NaN;
  };
}

/** Uniform integer in [0, n) from the top `bits` bits of a draw (2^bits ≥ n), rejecting values ≥ n. */
export function uniformBelow(stream: StreamState, n: number, bits: number): number {
  for (;;) {
    const x = nextUint32(stream) >>> (32 - bits);
    if (x < n) return x;
  }
}

/** Sort cell indices below `n` in place: LSD radix on 11-bit digits (2 passes up to 2^22 rows). */
export function sortCells(cells: Uint32Array, scratch: Uint32Array, n: number): void {
  const count = new Int32Array(2048);
  let src = cells;
  let dst = scratch;
  for (let shift = 0; shift === 0 || n - 1 >= 2 ** shift; shift += 11) {
    count.fill(0);
    for (let i = 0; i < src.length; i++) count[(src[i]! >>> shift) & 2047]!++;
    for (let d = 0, sum = 0; d < 2048; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      dst[count[(v >>> shift) & 2047]!++] = v;
    }
    [src, dst] = [dst, src];
  }
  if (src !== cells) cells.set(src);
}

/**
 * The Poisson draws of a pass as one flat list of pieces: piece = rows (1..64) | 128 if the rows
 * are positives | 256 if it is the unit's last piece. Positives come before negatives in a unit.
 *
 * @example
 * Array.from(unitPieces(Int32Array.of(0, 2), Int32Array.of(70, 1)))
 * // => [64, 6 | 256, 2 | 128, 1 | 256]
 */
export function unitPieces(positives: Int32Array, negatives: Int32Array): Int32Array {
  const pieces: number[] = [];
  for (let u = 0; u < positives.length; u++) {
    for (const [flag, total] of [[128, positives[u]!], [0, negatives[u]!]] as const) {
      for (let rows = total; rows > 0; rows -= MAX_PIECE) pieces.push(Math.min(rows, MAX_PIECE) | flag);
    }
    pieces[pieces.length - 1]! |= 256;
  }
  return Int32Array.from(pieces);
}

/** Pieces per call of `unitPassChunk`: V8 then optimises it as a whole function instead of
 * on-stack-replacing one long loop, which deoptimised on every resample. */
const CHUNK = 1 << 14;

/** Running state of a unit pass. */
const NEG = 0;
const POS = 1;
const NUM = 2;
const UNIT_POS = 3;
const UNIT_NEG = 4;
const UNIT = 5;
const BOUND = 6;

/**
 * One alias-table Poisson(λ·rows) draw per piece, summed per unit, accumulating the
 * Mann–Whitney numerator Σ_u P_u·(N_<u + N_u/2) and noting the cumulative totals before each unit
 * index listed in `bounds` (ascending, then a sentinel above the unit count). Leaves
 * [negatives, positives, numerator, …] in `acc`.
 */
function unitPass(
  pieces: Int32Array,
  tables: PoissonTables,
  stream: StreamState,
  bounds: Int32Array,
  negAt: Float64Array,
  posAt: Float64Array,
  acc: Float64Array,
): void {
  acc.fill(0);
  if (bounds[0] === 0) {
    negAt[0] = 0;
    posAt[0] = 0;
    acc[BOUND] = 1;
  }
  for (let from = 0; from < pieces.length; from += CHUNK) {
    unitPassChunk(pieces, from, Math.min(pieces.length, from + CHUNK), tables, stream, bounds, negAt, posAt, acc);
  }
}

function unitPassChunk(
  pieces: Int32Array,
  from: number,
  to: number,
  tables: PoissonTables,
  stream: StreamState,
  bounds: Int32Array,
  negAt: Float64Array,
  posAt: Float64Array,
  acc: Float64Array,
): void {
  const cut = tables.cut;
  const alias = tables.alias;
  let a = stream[0]!;
  let b = stream[1]!;
  let c = stream[2]!;
  let d = stream[3]!;
  let negCum = acc[NEG]!;
  let posCum = acc[POS]!;
  let num = acc[NUM]!;
  let p = acc[UNIT_POS]! | 0;
  let q = acc[UNIT_NEG]! | 0;
  let unit = acc[UNIT]! | 0;
  let nb = acc[BOUND]! | 0;
  let next = bounds[nb]!;
  for (let i = from; i < to; i++) {
    const piece = pieces[i]!;
    const b5 = Math.imul(b, 5);
    const x = Math.imul((b5 << 7) | (b5 >>> 25), 9) >>> 1;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    const column = ((piece & 127) << 8) | (x >>> 23);
    const k = (x & 8388607) < cut[column]! ? x >>> 23 : alias[column]!;
    if (piece & 128) p += k;
    else q += k;
    if (piece & 256) {
      num += p * (negCum + q / 2);
      negCum += q;
      posCum += p;
      p = 0;
      q = 0;
      if (++unit === next) {
        negAt[nb] = negCum;
        posAt[nb] = posCum;
        next = bounds[++nb]!;
      }
    }
  }
  stream[0] = a;
  stream[1] = b;
  stream[2] = c;
  stream[3] = d;
  acc[NEG] = negCum;
  acc[POS] = posCum;
  acc[NUM] = num;
  acc[UNIT_POS] = p;
  acc[UNIT_NEG] = q;
  acc[UNIT] = unit;
  acc[BOUND] = nb;
}
