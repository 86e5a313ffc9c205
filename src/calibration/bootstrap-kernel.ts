/**
 * Row-level kernels of the AUC bootstrap: explicit multinomial resampling counts drawn in O(n)
 * without scattered writes, and the AUC of a count-weighted sample in one pass over a fixed
 * sorted order. `bootstrapAuc` uses them below 4,096 rows and as the fallback of the faster
 * unit-level resampler (bootstrap-fused.ts), whose tests replay against them.
 *
 * The draws use a local xoshiro128** stream seeded from the caller's `Random` (four 32-bit
 * words), because a method call per draw would cost as much as the rest of a resample.
 */
import type { Random } from '../random.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_31 = 2147483648;

/** xoshiro128** state (a, b, c, d), advanced in place. */
export type StreamState = Int32Array;

/** Seed a local stream from the caller's random source (4 draws). */
export function seedStream(random: Random): StreamState {
  const state = new Int32Array(4);
  for (let i = 0; i < 4; i++) state[i] = random.int(TWO_POW_32) | 0;
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[3] = 1;
  return state;
}

/** Next 32-bit output of the stream as an unsigned number (Blackman & Vigna, https://prng.di.unimi.it/). */
export function nextUint32(s: StreamState): number {
  const b = s[1]!;
  const b5 = Math.imul(b, 5);
  const result = Math.imul((b5 << 7) | (b5 >>> 25), 9) >>> 0;
  const t = b << 9;
  s[2]! ^= s[0]!;
  s[3]! ^= b;
  s[1] = b ^ s[2]!;
  s[0]! ^= s[3]!;
  s[2]! ^= t;
  s[3] = (s[3]! << 11) | (s[3]! >>> 21);
  return result;
}

/** Unbiased integer in [0, m) for 1 ≤ m ≤ 2^32 (rejection of the incomplete top block). */
export function uniformInt(s: StreamState, m: number): number {
  const limit = TWO_POW_32 - (TWO_POW_32 % m);
  for (;;) {
    const x = nextUint32(s);
    if (x < limit) return x % m;
  }
}

/**
 * Poisson(λ) CDF on a 31-bit scale, for λ ≤ 1: a draw is the number of thresholds a 31-bit
 * uniform reaches. Thresholds that round to 2^31 can never be reached.
 */
function poissonThresholds(lambda: number): Float64Array {
  const out = new Float64Array(24);
  let p = Math.exp(-lambda);
  let cdf = 0;
  for (let k = 0; k < out.length; k++) {
    cdf += p;
    out[k] = Math.min(TWO_POW_31, Math.floor(cdf * TWO_POW_31));
    p *= lambda / (k + 1);
  }
  return out;
}

const POISSON_ONE = poissonThresholds(1);

/**
 * Fill `counts` with one multinomial draw: n = counts.length balls thrown uniformly into n cells.
 *
 * Definition: draw cᵢ ~ Poisson(1) independently (a sequential pass, by inversion on a 31-bit
 * uniform), total T. Given T, those counts are T uniform throws; discarding T − n of them chosen
 * uniformly without replacement (Floyd's sampling of their ranks), or adding n − T fresh uniform
 * throws, leaves exactly n uniform throws — a Multinomial(n; 1/n, …, 1/n) vector. The correction
 * touches about √n cells, so the pass stays sequential instead of n scattered increments.
 * Reference: poissonisation, e.g. Hanley & MacGibbon (2006), "Creating non-parametric bootstrap
 * samples using Poisson frequencies", Comput. Methods Programs Biomed. 83(1); Floyd's algorithm,
 * Bentley & Floyd (1987), "A sample of brilliance", Commun. ACM 30(9)
 * Complexity: O(n + |T − n| log |T − n|); T − n is O(√n).
 *
 * @example
 * const counts = new Uint16Array(5); multinomialCounts(seedStream(createRandom(1)), counts);
 * counts.reduce((a, b) => a + b) // => 5
 */
export function multinomialCounts(s: StreamState, counts: Uint16Array): void {
  const n = counts.length;
  let a = s[0]!;
  let b = s[1]!;
  let c = s[2]!;
  let d = s[3]!;
  // As int32 so the comparisons below stay in integer arithmetic.
  const t0 = POISSON_ONE[0]! | 0;
  const t1 = POISSON_ONE[1]! | 0;
  const t2 = POISSON_ONE[2]! | 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const b5 = Math.imul(b, 5);
    const x = (Math.imul((b5 << 7) | (b5 >>> 25), 9) >>> 1) | 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    // Branch-free count of the first three thresholds reached; the rare tail (P ≈ 0.019) loops.
    let k = (3 + ((x - t0) >> 31) + ((x - t1) >> 31) + ((x - t2) >> 31)) | 0;
    if (k === 3) k = poissonTail(x);
    counts[i] = k;
    total = (total + k) | 0;
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
  if (total < n) {
    for (let j = total; j < n; j++) {
      const cell = uniformInt(s, n);
      if (counts[cell] === 0xffff) throw new Error('multinomialCounts: count overflow');
      counts[cell]!++;
    }
  } else if (total > n) removeThrows(s, counts, total, total - n);
}

function poissonTail(x: number): number {
  let k = 3;
  while (k < POISSON_ONE.length && x >= POISSON_ONE[k]!) k++;
  return k;
}

/** Remove `k` of the `total` throws recorded in `counts`, chosen uniformly without replacement. */
function removeThrows(s: StreamState, counts: Uint16Array, total: number, k: number): void {
  const chosen = new Set<number>();
  for (let j = total - k; j < total; j++) {
    const r = uniformInt(s, j + 1);
    chosen.add(chosen.has(r) ? j : r);
  }
  const ranks = Float64Array.from(chosen).sort();
  let q = 0;
  let before = 0; // throws in cells before i
  for (let i = 0; q < k; i++) {
    const c = counts[i]!;
    const end = before + c;
    let drop = 0;
    while (q < k && ranks[q]! < end) {
      drop++;
      q++;
    }
    counts[i] = c - drop;
    before = end;
  }
}

/**
 * AUC of a resample given by `counts` over rows in ascending score order.
 *
 * Definition: with cᵢ copies of row i, AUC = Σ over tie runs g of Pg·(N_<g + Ng/2) / (P·N), where
 * Pg, Ng are the resampled positives/negatives in run g and N_<g the resampled negatives below
 * it — the count-weighted Mann–Whitney statistic, equal to `rocAuc` on the expanded sample.
 * `labels` and `runEnd` are in sorted order (`runEnd[i] = 1` at the last row of a run of equal
 * scores; null when all scores are distinct, which takes a leaner loop). Returns NaN when the
 * resample lacks a class.
 * Complexity: O(n), one sequential pass.
 *
 * @example
 * countsAuc(Uint8Array.of(0, 1), Uint8Array.of(1, 1), Uint16Array.of(1, 1)) // => 1
 */
export function countsAuc(labels: Uint8Array, runEnd: Uint8Array | null, counts: Uint16Array): number {
  if (runEnd === null) return countsAucDistinct(labels, counts);
  const n = counts.length;
  let negBelow = 0;
  let pos = 0;
  let num = 0;
  let gp = 0;
  let gn = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    const cp = c & -labels[i]!;
    gp += cp;
    gn += c - cp;
    if (runEnd[i]) {
      num += gp * (negBelow + gn / 2);
      negBelow += gn;
      pos += gp;
      gp = 0;
      gn = 0;
    }
  }
  return pos > 0 && negBelow > 0 ? num / (pos * negBelow) : NaN;
}

/** `countsAuc` when every score is distinct (each run is one row). */
function countsAucDistinct(labels: Uint8Array, counts: Uint16Array): number {
  const n = counts.length;
  let negBelow = 0;
  let pos = 0;
  let num = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    const cp = c & -labels[i]!;
    num += cp * negBelow;
    negBelow += c - cp;
    pos += cp;
  }
  return pos > 0 && negBelow > 0 ? num / (pos * negBelow) : NaN;
}
