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
