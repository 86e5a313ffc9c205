/**
 * The decay kernel shared by the feature builders, the decay fit, the scorer and the predictive
 * baseline: an event of age a (days) is worth 2^(−a/h) = e^(−λa) with λ = ln 2 / h, h the
 * half-life in days. An infinite half-life is no decay (λ = 0, every event worth 1).
 *
 * With θ = log h and u = λa, the weight's derivatives with respect to θ are
 * d/dθ e^(−u) = u·e^(−u) and d²/dθ² e^(−u) = (u² − u)·e^(−u); the decay fit needs both.
 */
import { DAY_MS } from './days.js';

/**
 * Decay rate per day λ = ln 2 / h for a half-life of `halfLifeDays` (0 for an infinite one).
 * Reference: https://en.wikipedia.org/wiki/Exponential_decay#Half-life. Complexity: O(1).
 *
 * @example
 * decayRatePerDay(7) // => 0.09902102579427789
 */
export function decayRatePerDay(halfLifeDays: number): number {
  return Math.LN2 / halfLifeDays;
}

/**
 * Decay rate per millisecond, ln 2 / (h · DAY_MS), for ages measured in epoch-ms differences.
 * Complexity: O(1).
 *
 * @example
 * Math.exp(-decayRatePerMs(7) * 7 * 86_400_000) // => 0.5
 */
export function decayRatePerMs(halfLifeDays: number): number {
  return Math.LN2 / (halfLifeDays * DAY_MS);
}

/**
 * Weight 2^(−age/h) of one event of `ageDays` (1 for an infinite half-life).
 * Complexity: O(1).
 *
 * @example
 * decayWeight(14, 7) // => 0.25
 */
export function decayWeight(ageDays: number, halfLifeDays: number): number {
  return Number.isFinite(halfLifeDays) ? Math.exp(-decayRatePerDay(halfLifeDays) * ageDays) : 1;
}

/**
 * Decayed sums over (snapshot, age) pairs, added into `values` (which the caller sizes to the
 * snapshots and zeroes): values[s] += Σ e^(−u) over the pairs of snapshot s, u = λ·age. With
 * `dLogH` (and `d2LogH`) also the first (and second) derivatives with respect to log h:
 * Σ u·e^(−u) and Σ (u² − u)·e^(−u). An infinite half-life adds plain counts and no derivative.
 *
 * Reference: the decay fit's objective in `fit/decay-fit.ts`; exponential decay as above.
 * Complexity: O(pairs); allocates nothing.
 *
 * @example
 * const x = new Float64Array(1); addDecayedSums(Int32Array.of(0, 0), Float64Array.of(0, 7), 7, x); x
 * // => Float64Array [1.5]
 */
export function addDecayedSums(snapshot: Int32Array, ageDays: Float64Array, halfLifeDays: number, values: Float64Array, dLogH?: Float64Array, d2LogH?: Float64Array): void {
  if (!Number.isFinite(halfLifeDays)) {
    for (let k = 0; k < snapshot.length; k++) values[snapshot[k]!]!++;
    return;
  }
  const rate = decayRatePerDay(halfLifeDays);
  for (let k = 0; k < snapshot.length; k++) {
    const u = rate * ageDays[k]!;
    const w = Math.exp(-u);
    const s = snapshot[k]!;
    values[s]! += w;
    if (dLogH) dLogH[s]! += w * u;
    if (d2LogH) d2LogH[s]! += w * (u * u - u);
  }
}

/**
 * {@link addDecayedSums} for pairs in snapshot order, into one compact array of triples with one
 * triple per distinct snapshot: the pairs of the j-th run of equal snapshots add Σ e^(−u),
 * Σ u·e^(−u) and Σ (u² − u)·e^(−u) into out[3j], out[3j + 1] and out[3j + 2] (the decay fit's
 * columns stored by their non-zero rows, the three side by side for the passes that read them
 * together). Same formula, same order of additions. Complexity: O(pairs); allocates nothing.
 *
 * @example
 * const out = new Float64Array(6); addDecayedTriplesByRun(Int32Array.of(3, 3, 9), Float64Array.of(0, 7, 7), 7, out); out[0]
 * // => 1.5
 */
export function addDecayedTriplesByRun(snapshot: Int32Array, ageDays: Float64Array, halfLifeDays: number, out: Float64Array): void {
  if (!Number.isFinite(halfLifeDays)) {
    let j = -1;
    let last = -1;
    for (let k = 0; k < snapshot.length; k++) {
      if (snapshot[k] !== last) { j++; last = snapshot[k]!; }
      out[3 * j]!++;
    }
    return;
  }
  const rate = decayRatePerDay(halfLifeDays);
  // a run's sums in registers, added into its triple once (the triple starts at 0: the same bits)
  let j = -1;
  let last = -1;
  let sx = 0, sd = 0, se = 0;
  for (let k = 0; k < snapshot.length; k++) {
    const s = snapshot[k]!;
    if (s !== last) {
      if (j >= 0) { out[3 * j]! += sx; out[3 * j + 1]! += sd; out[3 * j + 2]! += se; }
      j++;
      last = s;
      sx = 0; sd = 0; se = 0;
    }
    const u = rate * ageDays[k]!;
    const w = Math.exp(-u);
    sx += w;
    sd += w * u;
    se += w * (u * u - u);
  }
  if (j >= 0) { out[3 * j]! += sx; out[3 * j + 1]! += sd; out[3 * j + 2]! += se; }
}

/**
 * The chain of pairs in snapshot order, for {@link addDecayedTriplesByChain}: per run j of equal
 * snapshots (in `out`, sized to the runs), ~m (negative) when its first pairs are the pairs of
 * run j − 1 aged by one shift Δ ≥ 0 (the same events, in the same order, seen Δ days later) and m
 * pairs follow them; else its pair count m. `behaviorPairs` gathers a lead's snapshots in time
 * order, each with its events oldest first, so a lead's next snapshot chains to its previous one.
 * Δ is the difference of the two runs' first ages; every carried age must differ by Δ to within
 * 1e-10 days per 1,000 days of age (rounding of the ages), else the run is not chained.
 * Returns how many runs are chained. Complexity: O(pairs); allocates nothing.
 *
 * @example
 * const chain = new Int32Array(2); decayChain(Int32Array.of(0, 1, 1), Float64Array.of(2, 9, 1), chain); chain
 * // => Int32Array [1, -2]  (run 1: run 0's pair aged 7 days, then one new pair)
 */
export function decayChain(snapshot: Int32Array, ageDays: Float64Array, out: Int32Array): number {
  let j = -1, chained = 0;
  let start = 0, prevStart = 0, prevLen = 0;
  for (let k = 0; k <= snapshot.length; k++) {
    if (k < snapshot.length && k > 0 && snapshot[k] === snapshot[k - 1]) continue;
    if (j >= 0) {
      const len = k - start;
      let chain = j > 0 && len >= prevLen && prevLen > 0;
      const shift = chain ? ageDays[start]! - ageDays[prevStart]! : 0;
      if (chain && !(shift >= 0)) chain = false;
      for (let i = 0; chain && i < prevLen; i++) {
        const a = ageDays[start + i]!;
        chain = Math.abs(a - ageDays[prevStart + i]! - shift) <= 1e-13 * Math.max(1000, a);
      }
      out[j] = chain ? ~(len - prevLen) : len;
      if (chain) chained++;
      prevStart = start;
      prevLen = len;
    }
    j++;
    start = k;
  }
  return chained;
}

/**
 * {@link addDecayedTriplesByRun} through a chain ({@link decayChain}): the same triples
 * Σ e^(−u), Σ u·e^(−u), Σ (u² − u)·e^(−u) per run, written into out[3j…3j+3) (not added), with
 * a chained run's carried events taken from the previous run's sums S_p = Σ a^p·e^(−λa) aged by
 * Δ: S₀′ = f·S₀, S₁′ = f·(S₁ + Δ·S₀), S₂′ = f·(S₂ + 2Δ·S₁ + Δ²·S₀), f = e^(−λΔ) (e^(−λ(a+Δ)) =
 * f·e^(−λa), expanded), then u = λa: Σ u·e^(−u) = λS₁, Σ (u² − u)·e^(−u) = λ²S₂ − λS₁. One exp
 * per new pair and per new shift (a shift equal to the last one up to the ages' rounding reuses
 * its f), not per pair. Equal to the direct sums to rounding (tested).
 * Complexity: O(runs + new pairs); allocates nothing.
 *
 * @example
 * const chain = Int32Array.of(1, -2), out = new Float64Array(6);
 * addDecayedTriplesByChain(chain, Float64Array.of(0, 7, 0), 7, out); out[3]
 * // => 1.5
 */
export function addDecayedTriplesByChain(chain: Int32Array, ageDays: Float64Array, halfLifeDays: number, out: Float64Array): void {
  const rate = decayRatePerDay(halfLifeDays);
  let k = 0, prevStart = 0, prevLen = 0;
  let s0 = 0, s1 = 0, s2 = 0;
  let f = 1, lastShift = NaN, lastF = NaN;
  for (let j = 0; j < chain.length; j++) {
    const c = chain[j]!;
    const start = k;
    let end: number;
    if (c < 0) {
      const shift = ageDays[start]! - ageDays[prevStart]!;
      // snapshots on a schedule repeat a shift up to the ages' rounding: e^(−λΔ) from the last
      // one, e^(−λΔ₀)·e^(−λ(Δ − Δ₀)) with the second factor's series to the square (exact to rounding below 1e-8)
      const dz = rate * (shift - lastShift);
      if (Math.abs(dz) < 1e-8) f = lastF * (1 - dz + 0.5 * dz * dz);
      else {
        f = Math.exp(-rate * shift);
        lastShift = shift;
        lastF = f;
      }
      const t0 = s0, t1 = s1;
      s0 = f * t0;
      s1 = f * (t1 + shift * t0);
      s2 = f * (s2 + shift * (2 * t1 + shift * t0));
      k += prevLen;
      end = k + ~c;
    } else {
      s0 = 0; s1 = 0; s2 = 0;
      end = k + c;
    }
    for (; k < end; k++) {
      const a = ageDays[k]!;
      const w = Math.exp(-rate * a);
      const wa = w * a;
      s0 += w;
      s1 += wa;
      s2 += wa * a;
    }
    out[3 * j] = s0;
    out[3 * j + 1] = rate * s1;
    out[3 * j + 2] = rate * (rate * s2 - s1);
    prevStart = start;
    prevLen = end - start;
  }
}
