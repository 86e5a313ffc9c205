/**
 * Supervised (optimal) binning of a numeric attribute, after optbinning: quantile pre-bins, then
 * the EXACT merge of adjacent pre-bins that maximises the information value subject to
 * - every bin holding at least `minShare` of the present rows,
 * - every bin holding at least `minEvents` events and `minEvents` non-events (so no bin has a
 *   conversion rate of 0 or 1, and no weight of evidence is infinite),
 * - a trend of the event rate over the bins: ascending, descending, peak (up then down) or valley
 *   (down then up).
 * Each trend's optimum is found by dynamic programming over (last bin, phase) states, O(K³) for
 * K pre-bins. With `trend: 'auto'` the trend is chosen by the data: among the trends whose best
 * binning has more than one bin, the one whose binned log-likelihood minus ½·bins·ln(rows) (BIC)
 * is highest, a peak or valley counting its turning point as one more parameter, so it must
 * earn its extra bins; the trend reported is the shape the chosen bins actually have.
 *
 * A zero-inflated column (its smallest value, typically 0, holds at least `specialShare` of the
 * present rows) gets that value in a bin of its own, [−∞, ε) with ε the smallest value seen above
 * it, outside the trend (as optbinning keeps special values apart). A value between the minimum
 * and ε met later (never seen in training) falls in that bin too.
 * Missing values (NaN) are left out: the rule's `missing` case scores them.
 *
 * Reference: G. Navas-Palencia, "Optimal binning: mathematical programming formulation",
 * arXiv:2001.08025 (2020) — the same objective and constraints, solved here by dynamic
 * programming, which is exact for contiguous bins.
 */

/** The shape of the event rate over the bins; `none`: no constraint (the bins maximise IV alone). */
export type BinTrend = 'ascending' | 'descending' | 'peak' | 'valley' | 'none';

export interface OptimalBinsOptions {
  /** Quantile pre-bins before the merge (default 32). */
  maxPrebins?: number;
  /** Least share of the present rows per bin (default 0.05). */
  minShare?: number;
  /** Least events and least non-events per bin (default 5). */
  minEvents?: number;
  /** The event-rate trend over the bins (`none`: unconstrained), or `auto` (default): chosen by BIC among the four shapes. */
  trend?: BinTrend | 'auto';
  /** Share of rows at the minimum value from which it gets a bin of its own (default 0.1). */
  specialShare?: number;
}

export interface OptimalBins {
  /** Bin edges: bin j is [edges[j], edges[j + 1]); edges[0] = −∞, last = +∞. */
  edges: number[];
  /** Rows and events (positives) per bin. */
  counts: number[];
  positives: number[];
  /** The shape of the event rate over the (non-special) bins. */
  trend: BinTrend;
  /** The first bin holds the column's minimum value alone (zero-inflated column). */
  special: boolean;
  /** Information value Σ (p_j − n_j)·ln(p_j / n_j) over the bins (shares of events and non-events). */
  iv: number;
  /** Binned log-likelihood Σ e ln r + (n − e) ln(1 − r) of the present rows. */
  logLikelihood: number;
}

/** Defaults of the binning, stated once. */
export const BINNING_DEFAULTS = { maxPrebins: 32, minShare: 0.05, minEvents: 5, specialShare: 0.1, trend: 'auto' } as const;

/**
 * One bin's share of the information value, (p − q)·ln(p / q) with p, q its shares of events and
 * non-events; 0.5 is added to empty counts so the value stays finite.
 *
 * @example
 * ivTerm(30, 70, 100, 900) // => 0.1567…
 */
export function ivTerm(events: number, nonEvents: number, totalEvents: number, totalNonEvents: number): number {
  const p = (events || 0.5) / Math.max(1, totalEvents);
  const q = (nonEvents || 0.5) / Math.max(1, totalNonEvents);
  return (p - q) * Math.log(p / q);
}

/**
 * Weight of evidence of a bin, ln(p / q) (shares of events over non-events; 0.5 for empty counts).
 *
 * @example
 * woe(30, 70, 100, 900) // => 1.3496…
 */
export function woe(events: number, nonEvents: number, totalEvents: number, totalNonEvents: number): number {
  return Math.log(((events || 0.5) / Math.max(1, totalEvents)) / ((nonEvents || 0.5) / Math.max(1, totalNonEvents)));
}

/** Σ e ln r + (n − e) ln(1 − r) over groups with n rows and e events. */
export function binnedLogLikelihood(counts: ArrayLike<number>, events: ArrayLike<number>): number {
  let ll = 0;
  for (let j = 0; j < counts.length; j++) {
    const n = counts[j]!, e = events[j]!;
    if (e > 0) ll += e * Math.log(e / n);
    if (n - e > 0) ll += (n - e) * Math.log((n - e) / n);
  }
  return ll;
}

/**
 * The BIC of a grouping, log-likelihood − ½·groups·ln(rows): the higher, the better the grouping
 * explains the outcome for its number of rates.
 */
export function groupingBic(counts: ArrayLike<number>, events: ArrayLike<number>, rows: number): number {
  return binnedLogLikelihood(counts, events) - 0.5 * counts.length * Math.log(Math.max(2, rows));
}

interface Prebins {
  edges: number[];
  n: Float64Array;
  e: Float64Array;
  special: boolean;
}

function prebins(values: Float64Array, labels: ArrayLike<number>, maxPrebins: number, specialShare: number): Prebins | undefined {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) present.push(values[i]!);
  const m = present.length;
  if (!m) return undefined;
  const sorted = Float64Array.from(present).sort();
  const min = sorted[0]!;
  const cuts = new Set<number>();
  for (let q = 1; q < maxPrebins; q++) {
    const v = sorted[Math.floor((q * m) / maxPrebins)]!;
    if (v > min) cuts.add(v);
  }
  // the minimum alone: cut at the smallest value above it
  let atMin = 0;
  while (atMin < m && sorted[atMin] === min) atMin++;
  const special = atMin < m && atMin >= specialShare * m;
  if (special) cuts.add(sorted[atMin]!);
  const inner = [...cuts].sort((a, b) => a - b);
  const edges = [-Infinity, ...inner, Infinity];
  const k = edges.length - 1;
  const n = new Float64Array(k);
  const e = new Float64Array(k);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    // last edge ≤ v (binary search over the inner cuts)
    let lo = 0, hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inner[mid]! <= v) lo = mid + 1; else hi = mid;
    }
    n[lo]!++;
    e[lo]! += labels[i] ? 1 : 0;
  }
  return { edges, n, e, special };
}

/**
 * The partition of pre-bins [s, K) into contiguous bins that maximises the IV under the
 * constraints and the trend, or undefined when no partition meets them.
 */
function bestPartition(pre: Prebins, s: number, trend: BinTrend, minCount: number, minEvents: number, totalE: number, totalN: number): number[] | undefined {
  const K = pre.n.length;
  const cn = new Float64Array(K + 1);
  const ce = new Float64Array(K + 1);
  for (let j = 0; j < K; j++) { cn[j + 1] = cn[j]! + pre.n[j]!; ce[j + 1] = ce[j]! + pre.e[j]!; }
  const valid = (a: number, b: number): boolean => {
    const n = cn[b]! - cn[a]!, e = ce[b]! - ce[a]!;
    return n >= minCount && e >= minEvents && n - e >= minEvents;
  };
  const rate = (a: number, b: number): number => (ce[b]! - ce[a]!) / (cn[b]! - cn[a]!);
  const gain = (a: number, b: number): number => ivTerm(ce[b]! - ce[a]!, cn[b]! - cn[a]! - (ce[b]! - ce[a]!), totalE, totalN);
  // phase 0: the first leg (up for ascending/peak, down for descending/valley); phase 1: the second
  const first = trend === 'ascending' || trend === 'peak' ? 1 : -1;
  const turns = trend === 'peak' || trend === 'valley';
  const free = trend === 'none';
  const idx = (a: number, b: number, ph: number): number => (a * (K + 1) + b) * 2 + ph;
  const best = new Float64Array((K + 1) * (K + 1) * 2).fill(-Infinity);
  const parent = new Int32Array(best.length).fill(-1);
  for (let b = s + 1; b <= K; b++) if (valid(s, b)) best[idx(s, b, 0)] = gain(s, b);
  for (let b = s + 1; b < K; b++) {
    for (let a = s; a < b; a++) {
      for (let ph = 0; ph < 2; ph++) {
        const v = best[idx(a, b, ph)]!;
        if (v === -Infinity) continue;
        const r1 = rate(a, b);
        for (let c = b + 1; c <= K; c++) {
          if (!valid(b, c)) continue;
          const dir = Math.sign(rate(b, c) - r1);
          let next = -1;
          if (free) next = 0;
          else {
            if (ph === 0 && dir === first) next = 0;
            else if (turns && dir === -first) next = 1;
            if (ph === 1 && dir !== -first) next = -1;
          }
          if (next < 0) continue;
          const w = v + gain(b, c);
          const t = idx(b, c, next);
          if (w > best[t]!) { best[t] = w; parent[t] = idx(a, b, ph); }
        }
      }
    }
  }
  let end = -1;
  for (let a = s; a < K; a++) for (let ph = 0; ph < 2; ph++) { const t = idx(a, K, ph); if (best[t]! > (end < 0 ? -Infinity : best[end]!)) end = t; }
  if (end < 0) return undefined;
  const starts: number[] = [];
  for (let t = end; t >= 0; t = parent[t]!) starts.push(Math.floor(t / 2 / (K + 1)));
  return starts.reverse();
}

function shapeOf(positives: number[], counts: number[], from: number): BinTrend {
  const r = counts.map((n, j) => positives[j]! / n).slice(from);
  let ups = 0, downs = 0, turns = 0, last = 0;
  for (let j = 1; j < r.length; j++) {
    const dir = Math.sign(r[j]! - r[j - 1]!);
    if (dir > 0) ups++; else if (dir < 0) downs++;
    if (dir !== 0 && last !== 0 && dir !== last) turns++;
    if (dir !== 0) last = dir;
  }
  if (!downs) return 'ascending';
  if (!ups) return 'descending';
  if (turns > 1) return 'none';
  return r[0]! < r[1]! ? 'peak' : 'valley';
}

/**
 * Optimal bins for values (NaN = missing, left out) and 0/1 labels. When no binning meets the
 * constraints, one bin [−∞, ∞) (the column gets no points).
 * Complexity: O(n log n) for the pre-bins, then O(K³) per trend.
 *
 * @example
 * optimalBins(employees, labels).edges // => [-Infinity, 1, 50, 1000, Infinity]
 */
export function optimalBins(values: Float64Array, labels: ArrayLike<number>, options: OptimalBinsOptions = {}): OptimalBins {
  const o = { ...BINNING_DEFAULTS, ...options };
  const one = (n = 0, e = 0): OptimalBins => ({ edges: [-Infinity, Infinity], counts: [n], positives: [e], trend: 'ascending', special: false, iv: 0, logLikelihood: binnedLogLikelihood([n], [e]) });
  const pre = prebins(values, labels, o.maxPrebins, o.specialShare);
  if (!pre) return one();
  let m = 0, totalE = 0;
  for (let j = 0; j < pre.n.length; j++) { m += pre.n[j]!; totalE += pre.e[j]!; }
  const totalN = m - totalE;
  const minCount = Math.max(1, Math.ceil(o.minShare * m));
  const trends: BinTrend[] = o.trend === 'auto' ? ['ascending', 'descending', 'peak', 'valley'] : [o.trend];
  const specialOk = pre.special && pre.n[0]! >= minCount && pre.e[0]! >= o.minEvents && pre.n[0]! - pre.e[0]! >= o.minEvents;
  let chosen: OptimalBins | undefined;
  let chosenBic = -Infinity;
  for (const special of specialOk ? [true, false] : [false]) {
    const s = special ? 1 : 0;
    for (const trend of trends) {
      const starts = bestPartition(pre, s, trend, minCount, o.minEvents, totalE, totalN);
      if (!starts) continue;
      const bounds = special ? [0, ...starts, pre.n.length] : [...starts, pre.n.length];
      const counts: number[] = [], positives: number[] = [];
      for (let j = 0; j + 1 < bounds.length; j++) {
        let n = 0, e = 0;
        for (let k = bounds[j]!; k < bounds[j + 1]!; k++) { n += pre.n[k]!; e += pre.e[k]!; }
        counts.push(n);
        positives.push(e);
      }
      // a trend whose best is one bin says only that this shape does not fit: it loses to any other
      // a peak or valley pays for its turning point as one more parameter
      const turn = shapeOf(positives, counts, special ? 1 : 0) === 'peak' || shapeOf(positives, counts, special ? 1 : 0) === 'valley' ? 0.5 * Math.log(Math.max(2, m)) : 0;
      const bic = counts.length > 1 ? groupingBic(counts, positives, m) - turn : -Number.MAX_VALUE;
      if (chosen && !(bic > chosenBic + 1e-9)) continue;
      chosenBic = bic;
      let iv = 0;
      counts.forEach((n, j) => (iv += ivTerm(positives[j]!, n - positives[j]!, totalE, totalN)));
      chosen = {
        edges: [...bounds.slice(0, -1).map((k) => pre.edges[k]!), Infinity],
        counts, positives, special,
        trend: shapeOf(positives, counts, special ? 1 : 0),
        iv, logLikelihood: binnedLogLikelihood(counts, positives),
      };
    }
    if (chosen) break; // the special bin is kept whenever a binning with it exists
  }
  return chosen ?? one(m, totalE);
}
