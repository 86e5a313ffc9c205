/**
 * Joint fit of point weights and decay half-lives. The linear predictor of snapshot i is
 *   η_i = β₀ + Σ_j β_j s_ij + Σ_b β_b x_ib(h_b),   x_ib(h) = Σ_{events e of b before t_i} 2^(−a_e/h),
 * and the penalised negative log-likelihood F = Σ w_i ℓ_i + ½λ Σ_j β_j² v_j is minimised over
 * (β, θ = log h) together by a projected Newton method with the exact Hessian, a trust region
 * in log h and an Armijo line search (`newton` below; the likelihood is smooth in log h; no grid
 * search). The Hessian is summed in one pass over the rows' non-zero entries (`gaussNewton`). With u = ln 2 · a/h:
 *   ∂x/∂θ = Σ e^(−u) u,   ∂²x/∂θ² = Σ e^(−u) (u² − u),
 *   H = Jᵀ W J + Σ_i r_i ∂²η_i,   J = [1, s_j, x_b, β_b ∂x_b/∂θ_b],  r = w(p − y), W = w p(1 − p).
 *
 * The penalty that does not steer: v_j is column j's variance over the rows, so ½λβ²v is the
 * ridge penalty on the coefficient of the STANDARDISED column (β·sd), as scikit-learn's
 * LogisticRegression on standardised features with C = 1/λ; λ does not grow with the rows, so
 * its pull fades as the data grow. A behaviour column's variance depends on its half-life,
 * v_b(θ_b) = E[x²] − E[x]², so its penalty is scale-free at every θ (a short half-life, whose
 * column is small, pays no more than a long one) and its θ-derivatives enter the gradient and
 * Hessian exactly:
 *   v' = 2(E[x x'] − E[x]E[x']),  v'' = 2(E[x'²] + E[x x''] − E[x']² − E[x]E[x'']).
 * Half-lives themselves are not penalised; the intercept is not penalised.
 *
 * Shrinking toward a prior model (`centre`, `priorHalfLives`): the penalty becomes
 * ½λ Σ_j v_j (β_j − c_j)², the same standardised ridge centred on the prior's coefficients c,
 * plus ½λ κ_b (θ_b − θ⁰_b)² for a behaviour whose prior half-life h⁰_b = e^θ⁰_b is given, with
 * κ_b = c_b² Var(∂x_b/∂θ at θ⁰_b): the variance of the change in the prior's linear predictor
 * per unit of log half-life, so the pull on a half-life is on the same standardised scale as the
 * pull on a weight (none when the prior gives the behaviour no points). λ → ∞ returns the prior
 * (intercept refitted); λ → 0 the unpenalised fit. Reference: Hoerl & Kennard (1970), ridge
 * regression toward a non-zero target; Hastie, Tibshirani & Friedman, ESL §3.4.1.
 *
 * Intervals for each h_b: Wald from the Hessian on log h by default (`waldIntervals`); on request
 * profile-likelihood intervals (`profileIntervals`): θ_b is held at trial values and every weight
 * re-optimised (chord Newton steps with the Hessian at the optimum), the other half-lives held
 * at their estimates; the interval is where 2(F_p(θ_b) − F̂) ≤ 3.841 (χ²₁, 95%), found by a
 * secant search on the signed root.
 * Reference: Venzon & Moolgavkar (1988), "A method for computing profile-likelihood-based
 * confidence intervals", Applied Statistics 37(1), 87–94.
 */
import { choleskyInPlace, choleskyInverse, choleskySolve } from '../logistic/linalg.js';
import { sharedFloat64, sharedInt32, toShared, toSharedBytes } from '../shared-memory.js';
import { addDecayedSums, addDecayedTriplesByChain, addDecayedTriplesByRun, decayChain } from '../stats/decay.js';
import { logisticLoss } from '../stats/logistic.js';
import { behaviorSums, columnKernel, hessianKernel, rowsKernel } from './decay-kernels.js';
import { COLUMNS_JOB, DECAY_WORKER_TIMEOUT_MS, HESSIAN_JOB, ROWS_JOB, SUMS_JOB, startDecayHelper, type DecayMemory } from './decay-threads.js';
import type { WorkerChannel } from '../worker-channel.js';

/** A 0/1 column stored as the rows where it is 1 (attribute levels, bins). */
export interface IndicatorColumn {
  rows: Int32Array;
}

/** A column stored by its non-zero rows: `values[k]` at row `rows[k]` (rows sorted), 0 elsewhere. */
export interface SparseColumn {
  rows: Int32Array;
  values: Float64Array;
}

export interface DecayFitInput {
  rows: number;
  labels: Uint8Array;
  weights?: Float64Array;
  /** Static 0/1 columns (attribute levels, bins) as row lists. */
  staticColumns: IndicatorColumn[];
  /** Behaviour pairs (snapshot index, age in days). */
  pairs: { snapshot: Int32Array; ageDays: Float64Array }[];
  /** Initial half-lives (days); Infinity = plain counts (never fitted). */
  halfLives: number[];
  /** Fit the half-lives (default true); false keeps the initial ones. */
  fitHalfLives?: boolean;
  halfLifeBounds?: [number, number];
  /**
   * Tied half-lives: per behaviour a group number; behaviours with the same number (≥ 0) share
   * one fitted half-life (one θ, each keeping its own weight). Default: every half-life its own.
   */
  halfLifeGroups?: ArrayLike<number>;
  /**
   * λ of ½λ Σ β_j² v_j, v_j the variance of column j: L2 on the standardised coefficients
   * (intercept and half-lives not penalised). Default DEFAULT_L2 = 1 (scikit-learn's C = 1).
   */
  l2?: number;
  /**
   * Centre c of the penalty ½λ Σ_j v_j (β_j − c_j)² in [static…, behaviours…] order (default
   * all 0: plain shrinkage toward zero), e.g. a prior model's coefficients.
   */
  centre?: ArrayLike<number>;
  /**
   * Prior half-lives (days) per behaviour: adds ½λ κ_b (ln h_b − ln h⁰_b)², κ_b as in the module
   * comment. NaN or an infinite value: no pull on that half-life.
   */
  priorHalfLives?: ArrayLike<number>;
  /** Bounds per coefficient in [static…, behaviours…] order (sign constraints, locks). */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** Fixed offset added to η (locked rules). */
  offset?: Float64Array;
  maxIterations?: number;
  /** Stop when the relative decrease of F is below this (default 1e-10). */
  tolerance?: number;
  /**
   * Warm start from a fit of the same design (intercept, coefficients in [static…, behaviours…]
   * order, half-lives): skips the first weights-only phase. E.g. the λ = 0 refit from the penalised optimum.
   */
  start?: { intercept: number; coefficients: ArrayLike<number>; halfLives: ArrayLike<number> };
  /**
   * Threads for the passes over the rows and the decayed columns: 'auto' (default) uses a second
   * thread when the design is large enough to repay starting it (≥ PARALLEL_WORK pairs and rows),
   * from the moment it has started; 1 never; 2 always, waiting for it to start. The result is
   * the same to the bit whichever is used.
   */
  threads?: 'auto' | 1 | 2;
  /** Called before each Newton iteration of the joint fit (progress; the fit may stop well before the cap). */
  onIteration?: (iteration: number, maxIterations: number) => void;
}

export interface DecayFit {
  intercept: number;
  staticCoefficients: Float64Array;
  behaviorCoefficients: Float64Array;
  halfLives: Float64Array;
  /** Standard errors from the inverse Hessian: intercept, static, behaviour coefficients, then log half-lives (NaN where fixed or at a bound). */
  standardErrors: { intercept: number; static: Float64Array; behavior: Float64Array; logHalfLife: Float64Array };
  objective: number;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** Largest |∂F/∂parameter| over the free parameters at the returned point (0 at an exact optimum). */
  gradientNorm: number;
  /** Behaviour columns at the fitted half-lives, by their non-zero rows (the rows with a pair). */
  behaviorColumns: SparseColumn[];
  /** Linear predictor of every row at the optimum. */
  eta: Float64Array;
}

const CHI2_95 = 3.841458820694124;

/** Default λ of the standardised L2 penalty: scikit-learn's LogisticRegression default C = 1. */
export const DEFAULT_L2 = 1;


/** Pairs plus rows from which `threads: 'auto'` starts a second thread (its start costs tens of ms). */
export const PARALLEL_WORK = 300_000;
/** Fixed chunks of the passes over the rows (the threads take them in turn). */
const CHUNKS = 16;

/** Parameter layout: [β₀, β_static…, β_behaviour…, θ of fitted half-lives…]. */
export class Problem {
  readonly n: number;
  readonly ks: number;
  readonly kb: number;
  readonly thetaOf: Int32Array;
  readonly size: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly l2: number;
  private readonly fixedH: Float64Array;
  // work arrays
  readonly eta: Float64Array;
  readonly r: Float64Array;
  readonly W: Float64Array;
  /**
   * Per behaviour b, at its non-zero rows nzRows[b] (k-th entry ↔ row nzRows[b][k]): the triple
   * x_b, ∂x_b/∂θ, ∂²x_b/∂θ² at xde[b][3k…3k+3) (side by side: the passes over the rows read them
   * together). Compact: the design holds O(non-zeros), never a dense column per behaviour.
   */
  readonly xde: Float64Array[];
  /** The array the triples live in: behaviour b's xde[b] from its own offset on. */
  private readonly flat: Float64Array;
  /**
   * Per behaviour: each pair's entry in nzRows[b] when its pairs are not in snapshot order (then
   * the decayed sums go through this map); undefined when they are (pairs gathered snapshot by
   * snapshot, as `behaviorPairs` does: the entry is the run of equal snapshots).
   */
  private readonly pairEntry: (Int32Array | undefined)[];
  /**
   * Per behaviour whose pairs are in snapshot order with some runs chained (`decayChain`): the
   * chain through which its columns are recomputed from the previous run's sums; else undefined.
   */
  private readonly pairChain: (Int32Array | undefined)[];
  /** The behaviours in decreasing order of a column's work (a columns job takes the longest first). */
  private readonly columnOrder: Int32Array;
  private readonly cachedTheta: Float64Array;
  /** Some behaviours share a θ (`halfLifeGroups`). */
  private readonly tied: boolean;
  /** Per behaviour: the rows with at least one pair (sorted), where its columns can be non-zero. */
  readonly nzRows: Int32Array[];
  /**
   * Row-compressed design pattern: codes rowCode[rowStart[i]…rowStart[i+1]) of row i (j < ks:
   * static j; ks + b: behaviour b); the Hessian's pass walks it in row order, reading behaviour
   * b's entries of x and ∂x/∂θ in order too (rows ascend within nzRows[b]).
   */
  private readonly rowStart: Int32Array;
  private readonly rowCode: Int32Array;
  /** Runs of consecutive rows with the same static entries: run r is rows runStart[r]…runStart[r+1]). */
  private readonly runStart: Int32Array;
  /** Per row: where its behaviour codes start in rowCode (after its static codes). */
  private readonly behaviorStart: Int32Array;
  /**
   * The passes over the rows in CHUNKS fixed chunks of runs (about equal entries): chunk c is
   * runs chunkRun[c]…chunkRun[c+1]), its cursors into `flat` start at chunkCursor[c·kb + b]; each chunk's sums
   * land in its own slot and are added in chunk order, so the bits do not depend on which
   * thread took which chunk.
   */
  private readonly chunkRun: Int32Array;
  private readonly chunkCursor: Int32Array;
  private readonly chunkH: Float64Array;
  private readonly chunkSums: Float64Array;
  /**
   * The last `value` call's sums over the rows (see rowsKernel): the loss, Σ r J over
   * [β₀, β_static…, β_behaviour…], Σ r ∂x_b/∂θ, Σ r ∂²x_b/∂θ².
   */
  private readonly sums: Float64Array;
  /** The point and value of the last `value` call. */
  private readonly lastPoint: Float64Array;
  private lastValue: number | undefined;
  /** The second thread while the fit runs (`close` ends it), and what it shares. */
  private helper: WorkerChannel | undefined;
  private threadJobs = 0;
  private readonly memory: DecayMemory | undefined;
  /** A columns job: the behaviours to recompute, their half-lives, and their moments v, v′, v″ (3 per behaviour). */
  private readonly which: Int32Array;
  private readonly whichHalfLife: Float64Array;
  private readonly momentsOut: Float64Array;
  /** The behaviours' sums of r x_b, r ∂x_b/∂θ, r ∂²x_b/∂θ² (kb each, in that order) of the last `value` call. */
  private readonly behaviorSumsOut: Float64Array;
  /** Penalty scale per coefficient in [static…, behaviours…] order: the column's variance. */
  readonly v: Float64Array;
  /** θ-derivatives of the behaviour columns' variances (0 where h is fixed). */
  readonly v1: Float64Array;
  readonly v2: Float64Array;
  /** Centre of the coefficient penalty in [static…, behaviours…] order (0 without a prior). */
  readonly centre: Float64Array;
  /** Per behaviour: κ_b and θ⁰_b of the half-life pull (κ_b = 0: none). */
  readonly kappa: Float64Array;
  readonly theta0: Float64Array;
  private readonly totalWeight: number;

  constructor(readonly input: DecayFitInput) {
    this.n = input.rows;
    this.ks = input.staticColumns.length;
    this.kb = input.pairs.length;
    const fit = (input.fitHalfLives ?? true);
    this.thetaOf = new Int32Array(this.kb).fill(-1);
    let size = 1 + this.ks + this.kb;
    const shared = new Map<number, number>();
    for (let b = 0; b < this.kb; b++) {
      if (!fit || !Number.isFinite(input.halfLives[b]!)) continue;
      const group = input.halfLifeGroups?.[b] ?? -1;
      const t = group >= 0 ? shared.get(group) : undefined;
      this.thetaOf[b] = t ?? size++;
      if (group >= 0 && t === undefined) shared.set(group, this.thetaOf[b]!);
    }
    this.size = size;
    this.tied = shared.size > 0;
    this.fixedH = Float64Array.from(input.halfLives);
    this.l2 = input.l2 ?? DEFAULT_L2;
    const [hMin, hMax] = input.halfLifeBounds ?? [1, 3650];
    this.lower = new Float64Array(size).fill(-Infinity);
    this.upper = new Float64Array(size).fill(Infinity);
    for (let j = 0; j < this.ks + this.kb; j++) {
      if (input.lower) this.lower[1 + j] = input.lower[j]!;
      if (input.upper) this.upper[1 + j] = input.upper[j]!;
    }
    for (let b = 0; b < this.kb; b++) {
      const t = this.thetaOf[b]!;
      if (t >= 0) {
        this.lower[t] = Math.log(hMin);
        this.upper[t] = Math.log(hMax);
      }
    }
    let pairCount = 0;
    for (const { snapshot } of input.pairs) pairCount += snapshot.length;
    const threads = input.threads ?? 'auto';
    const threaded = typeof SharedArrayBuffer === 'function' && this.kb > 0 && (threads === 2 || (threads === 'auto' && pairCount + this.n >= PARALLEL_WORK));
    const f64 = threaded ? sharedFloat64 : (length: number): Float64Array => new Float64Array(length);
    const i32 = threaded ? sharedInt32 : (length: number): Int32Array => new Int32Array(length);
    this.eta = f64(this.n);
    this.r = f64(this.n);
    this.W = f64(this.n);
    this.cachedTheta = new Float64Array(this.kb).fill(NaN);
    // the sparse pattern: behaviour b is non-zero only on the rows with its pairs
    const seen = new Int32Array(this.n).fill(-1);
    const count = i32(this.n + 1);
    // (the setup's loops are small functions of their own: V8 optimises those at once, not a long constructor's loops)
    for (const { rows } of input.staticColumns) countRows(rows, count);
    // per behaviour: its runs of equal snapshots when its pairs are in snapshot order, else −1
    const runCount = input.pairs.map(({ snapshot }) => snapshotRuns(snapshot));
    const inOrder = runCount.map((runs) => runs >= 0);
    this.nzRows = input.pairs.map(({ snapshot }, b) => {
      if (inOrder[b]) {
        // pairs in snapshot order: the rows are the runs of equal snapshots
        const rows = i32(runCount[b]!);
        runValues(snapshot, rows);
        countRows(rows, count);
        return rows;
      }
      let m = 0;
      for (let k = 0; k < snapshot.length; k++) if (seen[snapshot[k]!] !== b) { seen[snapshot[k]!] = b; m++; }
      const rows = new Int32Array(m);
      m = 0;
      for (let k = 0; k < snapshot.length; k++) if (seen[snapshot[k]!] === b) { seen[snapshot[k]!] = -2 - b; rows[m++] = snapshot[k]!; }
      rows.sort();
      countRows(rows, count);
      return rows;
    });
    // one array for every behaviour's triples (the passes over the rows read them through cursors), a view per behaviour
    let total = 0;
    const base = this.nzRows.map((rows) => ((total += 3 * rows.length), total - 3 * rows.length));
    this.flat = f64(total);
    this.xde = this.nzRows.map((rows, b) => this.flat.subarray(base[b]!, base[b]! + 3 * rows.length));
    const work = new Float64Array(this.kb);
    this.pairChain = input.pairs.map(({ snapshot, ageDays }, b) => {
      work[b] = snapshot.length;
      if (!inOrder[b]) return undefined;
      const chain = i32(this.nzRows[b]!.length);
      if (decayChain(snapshot, ageDays, chain) === 0) return undefined;
      work[b] = chain.length;
      for (let j = 0; j < chain.length; j++) work[b]! += chain[j]! < 0 ? ~chain[j]! : chain[j]!;
      return chain;
    });
    this.columnOrder = Int32Array.from(work.keys()).sort((a, c) => work[c]! - work[a]! || a - c);
    this.pairEntry = input.pairs.map(({ snapshot }, b) => {
      if (inOrder[b]) return undefined;
      const rows = this.nzRows[b]!;
      for (let k = 0; k < rows.length; k++) seen[rows[k]!] = k;
      return Int32Array.from(snapshot, (s) => seen[s]!);
    });
    for (let i = 0; i < this.n; i++) count[i + 1]! += count[i]!;
    this.rowStart = count;
    this.rowCode = i32(count[this.n]!);
    const fillAt = Int32Array.from(count.subarray(0, this.n));
    input.staticColumns.forEach(({ rows }, j) => placeCode(rows, fillAt, this.rowCode, j));
    this.behaviorStart = Int32Array.from(fillAt);
    this.nzRows.forEach((rows, b) => placeCode(rows, fillAt, this.rowCode, this.ks + b));
    this.sums = new Float64Array(1 + 1 + this.ks + 3 * this.kb);
    this.lastPoint = new Float64Array(size);
    this.runStart = staticRuns(this.n, this.rowStart, this.rowCode, this.ks);
    // the chunks: about equal entries each
    const runs = this.runStart.length - 1;
    this.chunkRun = new Int32Array(CHUNKS + 1);
    for (let c = 1, u = 0; c <= CHUNKS; c++) {
      while (u < runs && this.rowStart[this.runStart[u]!]! * CHUNKS < c * this.rowCode.length) u++;
      this.chunkRun[c] = c === CHUNKS ? runs : u;
    }
    this.chunkCursor = new Int32Array(CHUNKS * this.kb);
    for (let c = 0; c < CHUNKS; c++) {
      const first = this.runStart[this.chunkRun[c]!]!;
      this.nzRows.forEach((rows, b) => {
        let lo = 0, hi = rows.length;
        while (lo < hi) { const m = (lo + hi) >> 1; if (rows[m]! < first) lo = m + 1; else hi = m; }
        this.chunkCursor[c * this.kb + b] = base[b]! + 3 * lo;
      });
    }
    this.chunkH = f64(CHUNKS * size * size);
    this.chunkSums = f64(CHUNKS * this.sums.length);
    this.which = threaded ? sharedInt32(this.kb) : new Int32Array(this.kb);
    this.whichHalfLife = f64(this.kb);
    this.momentsOut = f64(3 * this.kb);
    this.behaviorSumsOut = f64(3 * this.kb);
    const w = input.weights;
    let tw = 0;
    for (let i = 0; i < this.n; i++) tw += w ? w[i]! : 1;
    this.totalWeight = tw || 1;
    this.v = new Float64Array(this.ks + this.kb);
    this.v1 = new Float64Array(this.kb);
    this.v2 = new Float64Array(this.kb);
    // an indicator's variance p(1 − p), floored at one row's worth so a constant column stays penalised
    for (let j = 0; j < this.ks; j++) {
      const rows = input.staticColumns[j]!.rows;
      const pj = (w ? weightSum(rows, w) : rows.length) / this.totalWeight;
      this.v[j] = Math.max(pj * (1 - pj), 1 / Math.max(1, this.n));
    }
    this.centre = new Float64Array(this.ks + this.kb);
    if (input.centre) this.centre.set(Array.from(input.centre));
    this.kappa = new Float64Array(this.kb);
    this.theta0 = new Float64Array(this.kb);
    for (let b = 0; b < this.kb && input.priorHalfLives; b++) {
      const h0 = input.priorHalfLives[b]!;
      const c = this.centre[this.ks + b]!;
      if (this.thetaOf[b]! < 0 || !Number.isFinite(h0) || !(h0 > 0) || c === 0) continue;
      // the variance of ∂x_b/∂θ at the prior's half-life, weighted over the rows
      const x = new Float64Array(this.n), d = new Float64Array(this.n);
      addDecayedSums(input.pairs[b]!.snapshot, input.pairs[b]!.ageDays, h0, x, d);
      let m = 0, mm = 0;
      for (let i = 0; i < this.n; i++) { const wi = w ? w[i]! : 1; m += wi * d[i]!; mm += wi * d[i]! * d[i]!; }
      m /= this.totalWeight; mm /= this.totalWeight;
      this.kappa[b] = c * c * Math.max(0, mm - m * m);
      this.theta0[b] = Math.log(h0);
    }
    if (threaded) {
      this.memory = {
        runStart: toShared(this.runStart), rowStart: toShared(this.rowStart), rowCode: toShared(this.rowCode),
        behaviorStart: toShared(this.behaviorStart), thetaOf: toShared(this.thetaOf),
        chunkRun: toShared(this.chunkRun), chunkCursor: toShared(this.chunkCursor), chunkH: this.chunkH, chunkSums: this.chunkSums,
        eta: this.eta, r: this.r, W: this.W,
        labels: toSharedBytes(input.labels), offset: input.offset ? toShared(input.offset) : null,
        point: sharedFloat64(size), beta: sharedFloat64(this.kb),
        ks: this.ks, kb: this.kb, size, tied: this.tied,
        snapshot: input.pairs.map((q) => toShared(q.snapshot)),
        ageDays: input.pairs.map((q) => toShared(q.ageDays)),
        entry: this.pairEntry.map((en) => (en ? toShared(en) : null)),
        chain: this.pairChain.map((ch) => ch ?? null),
        flat: this.flat, xde: this.xde, rows: this.nzRows.map((c) => toShared(c)),
        weights: w ? toShared(w) : null, totalWeight: this.totalWeight,
        fitted: toShared(Int32Array.from(this.thetaOf, (t) => (t >= 0 ? 1 : 0))),
        which: this.which, halfLives: this.whichHalfLife, moments: this.momentsOut, next: sharedInt32(1),
        order: toShared(this.columnOrder), behaviorSums: this.behaviorSumsOut,
      };
      this.helper = startDecayHelper(this.memory);
      if (threads === 2) this.helper.ready(DECAY_WORKER_TIMEOUT_MS);
    }
  }

  /** End the second thread (the problem goes on with one: the same results). */
  close(): void {
    this.threadJobs += this.helper?.jobs ?? 0;
    this.helper?.close();
    this.helper = undefined;
  }

  /** Jobs the second thread has done for this problem (0 with one thread). */
  get secondThreadJobs(): number {
    return this.threadJobs + (this.helper?.jobs ?? 0);
  }

  /**
   * Run `count` items of a job, items 0…count−1 taken in turn by this thread and the second one
   * (from a shared counter), each writing only its own slot; the second thread's items redone
   * here if it fails. `run(q)` is this thread's way of doing item q.
   */
  private share(job: number, count: number, arg: number, run: (q: number) => void): void {
    const memory = this.memory;
    let posted = false;
    if (count > 1 && memory && this.helper?.started()) {
      Atomics.store(memory.next, 0, 0);
      posted = this.helper.post(job, [count, arg]);
    }
    if (!posted) {
      for (let q = 0; q < count; q++) run(q);
      return;
    }
    const mine = new Uint8Array(count);
    for (let q = Atomics.add(memory!.next, 0, 1); q < count; q = Atomics.add(memory!.next, 0, 1)) {
      run(q);
      mine[q] = 1;
    }
    if (!this.helper!.wait()) for (let q = 0; q < count; q++) if (!mine[q]) run(q);
  }

  /** Recompute the behaviour columns (θ-derivatives and moments) whose half-life changed, shared with the second thread. */
  private columns(p: Float64Array): void {
    let count = 0;
    for (const b of this.columnOrder) {
      const t = this.thetaOf[b]!;
      const key = t >= 0 ? p[t]! : -1;
      if (this.cachedTheta[b] === key) continue;
      this.cachedTheta[b] = key;
      this.which[count] = b;
      this.whichHalfLife[count++] = this.halfLife(b, p);
    }
    this.share(COLUMNS_JOB, count, 0, (q) => this.column(this.which[q]!, this.whichHalfLife[q]!));
    for (let q = 0; q < count; q++) this.setMoments(this.which[q]!, this.momentsOut);
  }

  private column(b: number, halfLife: number): void {
    const { snapshot, ageDays } = this.input.pairs[b]!;
    columnKernel(addDecayedTriplesByChain, addDecayedTriplesByRun, addDecayedSums, snapshot, ageDays, this.pairChain[b] ?? null, this.pairEntry[b] ?? null, halfLife, this.xde[b]!, this.nzRows[b]!, this.input.weights ?? null, this.totalWeight, this.thetaOf[b]! >= 0, this.momentsOut, 3 * b);
  }

  private setMoments(b: number, out: Float64Array): void {
    this.v[this.ks + b] = out[3 * b]!;
    this.v1[b] = out[3 * b + 1]!;
    this.v2[b] = out[3 * b + 2]!;
  }

  halfLife(b: number, p: Float64Array): number {
    const t = this.thetaOf[b]!;
    return t >= 0 ? Math.exp(p[t]!) : this.fixedH[b]!;
  }

  /** F(p); fills eta, r, W and the sums the gradient and the Hessian's second-order terms read. */
  value(p: Float64Array): number {
    // the same point as the last call: its η, r, W and sums are still in place
    const last = this.lastPoint;
    let same = this.lastValue !== undefined;
    for (let j = 0; same && j < last.length; j++) same = Object.is(last[j], p[j]);
    if (same) return this.lastValue!;
    this.lastValue = undefined;
    last.set(p);
    this.columns(p);
    const { ks, kb, memory, sums, chunkSums, chunkRun, chunkCursor } = this;
    const L = sums.length;
    if (memory) memory.point.set(p);
    const { weights, offset, labels } = this.input;
    this.share(ROWS_JOB, CHUNKS, 0, (c) => rowsKernel(logisticLoss, chunkRun[c]!, chunkRun[c + 1]!, this.runStart, this.rowStart, this.rowCode, this.behaviorStart, this.flat, chunkCursor.subarray(c * kb, (c + 1) * kb), p, ks, labels, weights ?? null, offset ?? null, this.eta, this.r, this.W, chunkSums, c * L));
    sums.fill(0);
    const head = 2 + ks; // the loss, Σ r and the static sums, per chunk
    for (let c = 0; c < CHUNKS; c++) for (let j = 0; j < head; j++) sums[j]! += chunkSums[c * L + j]!;
    // the behaviours' sums over their rows (each in row order into its own slots, longest first, shared with the second thread)
    const out = this.behaviorSumsOut;
    this.share(SUMS_JOB, kb, 0, (q) => {
      const b = this.columnOrder[q]!;
      behaviorSums(this.r, this.nzRows[b]!, this.xde[b]!, out, b, kb + b, 2 * kb + b);
    });
    sums.set(out, 2 + ks);
    this.lastValue = sums[0]! + this.penalty(p);
    return this.lastValue;
  }

  /** ½λ Σ (β_j − c_j)² v_j + ½λ Σ κ_b (θ_b − θ⁰_b)² at p (the columns of the last `value` call). */
  penalty(p: Float64Array): number {
    let f = 0;
    for (let j = 1; j < 1 + this.ks + this.kb; j++) {
      const dev = p[j]! - this.centre[j - 1]!;
      f += 0.5 * this.l2 * this.v[j - 1]! * dev * dev;
    }
    for (let b = 0; b < this.kb; b++) {
      if (this.kappa[b] === 0) continue;
      const dev = p[this.thetaOf[b]!]! - this.theta0[b]!;
      f += 0.5 * this.l2 * this.kappa[b]! * dev * dev;
    }
    return f;
  }

  /**
   * Gradient and Hessian of the penalty alone at p (the columns of the last `value` call), added
   * into g and H: what λ = 0 removes from ∇F and ∇²F (the terms of `gradient` and `hessian` that carry λ).
   */
  addPenaltyDerivatives(p: Float64Array, g: Float64Array, H: Float64Array): void {
    const { size, ks, kb, l2 } = this;
    for (let j = 1; j < 1 + ks + kb; j++) {
      g[j]! += l2 * this.v[j - 1]! * (p[j]! - this.centre[j - 1]!);
      H[j * size + j]! += l2 * this.v[j - 1]!;
    }
    for (let b = 0; b < kb; b++) {
      const t = this.thetaOf[b]!;
      if (t < 0) continue;
      const k = 1 + ks + b;
      const dev = p[k]! - this.centre[ks + b]!;
      g[t]! += 0.5 * l2 * dev * dev * this.v1[b]! + l2 * this.kappa[b]! * (p[t]! - this.theta0[b]!);
      H[t * size + t]! += l2 * this.kappa[b]! + 0.5 * l2 * dev * dev * this.v2[b]!;
      H[k * size + t]! += l2 * dev * this.v1[b]!;
      H[t * size + k]! += l2 * dev * this.v1[b]!;
    }
  }

  /** ∇F at the point of the last `value` call. */
  gradient(p: Float64Array, g: Float64Array): void {
    const { ks, kb, sums } = this;
    const SD = 2 + ks + kb;
    g.fill(0);
    g[0] = sums[1]!;
    for (let j = 0; j < ks; j++) g[1 + j] = sums[2 + j]! + this.l2 * this.v[j]! * (p[1 + j]! - this.centre[j]!);
    for (let b = 0; b < kb; b++) {
      const k = 1 + ks + b;
      const dev = p[k]! - this.centre[ks + b]!;
      g[k] = sums[1 + k]! + this.l2 * this.v[ks + b]! * dev;
      const t = this.thetaOf[b]!;
      if (t >= 0) {
        g[t]! += p[k]! * sums[SD + b]! + 0.5 * this.l2 * dev * dev * this.v1[b]! + this.l2 * this.kappa[b]! * (p[t]! - this.theta0[b]!); // += : a tied θ sums its behaviours
      }
    }
  }

  /**
   * Exact Hessian (row-major size×size) at the point of the last `value` call, in one pass over
   * the sparse design: per row, its non-zero entries of J (intercept, its static indicators, its
   * behaviours' x_b and β_b ∂x_b/∂θ) and their products weighted by W, so a row costs the square
   * of its own entries, not of all parameters. `secondOrder` false: the Gauss–Newton matrix.
   */
  hessian(p: Float64Array, H: Float64Array, secondOrder = true): void {
    this.gaussNewton(p, H);
    if (secondOrder) this.addSecondOrder(p, H);
  }

  /** The Gauss–Newton (Fisher) matrix JᵀWJ + λv + λκ at the point of the last `value` call: positive semi-definite. */
  gaussNewton(p: Float64Array, H: Float64Array, withTheta = true): void {
    const { W, size, ks, kb, memory, chunkH, chunkRun, chunkCursor } = this;
    const beta = p.subarray(1 + ks, 1 + ks + kb);
    if (memory) memory.beta.set(beta);
    const S = size * size;
    this.share(HESSIAN_JOB, CHUNKS, withTheta ? 1 : 0, (c) => hessianKernel(chunkRun[c]!, chunkRun[c + 1]!, this.runStart, this.rowStart, this.rowCode, this.behaviorStart, this.thetaOf, this.flat, chunkCursor.subarray(c * kb, (c + 1) * kb), W, beta, ks, kb, size, this.tied, withTheta, chunkH.subarray(c * S, (c + 1) * S)));
    H.fill(0);
    for (let c = 0; c < CHUNKS; c++) for (let j = 0; j < S; j++) H[j]! += chunkH[c * S + j]!;
    // the pairs were summed in the order of each row's entries: fold onto both triangles
    for (let a = 0; a < size; a++) {
      for (let c = a + 1; c < size; c++) {
        const s = H[a * size + c]! + H[c * size + a]!;
        H[a * size + c] = s;
        H[c * size + a] = s;
      }
    }
    // the penalty ½λ(β − c)²v(θ): λv on the diagonal, and λκ (θ, θ) from the pull toward a prior half-life
    for (let j = 1; j < 1 + ks + kb; j++) H[j * size + j]! += this.l2 * this.v[j - 1]!;
    for (let b = 0; b < kb; b++) {
      const t = this.thetaOf[b]!;
      if (t >= 0) H[t * size + t]! += this.l2 * this.kappa[b]!;
    }
  }

  /** Adds to a Gauss–Newton matrix the second-derivative terms of η and of the penalty's v(θ): the exact Hessian. */
  addSecondOrder(p: Float64Array, H: Float64Array): void {
    const { size, ks, kb, sums } = this;
    const SD = 2 + ks + kb;
    for (let b = 0; b < kb; b++) {
      const t = this.thetaOf[b]!;
      const k = 1 + ks + b;
      if (t >= 0) {
        const sd = sums[SD + b]!;
        const se = sums[SD + kb + b]!;
        H[k * size + t]! += sd;
        H[t * size + k]! += sd;
        H[t * size + t]! += p[k]! * se;
      }
    }
    // the penalty ½λ(β − c)²v(θ) for a fitted half-life: λ(β − c)v′ (β, θ), ½λ(β − c)²v″ (θ, θ)
    for (let b = 0; b < kb; b++) {
      const t = this.thetaOf[b]!;
      if (t < 0) continue;
      const k = 1 + ks + b;
      const dev = p[k]! - this.centre[ks + b]!;
      H[k * size + t]! += this.l2 * dev * this.v1[b]!;
      H[t * size + k]! += this.l2 * dev * this.v1[b]!;
      H[t * size + t]! += 0.5 * this.l2 * dev * dev * this.v2[b]!;
    }
  }
}

/** count[row + 1]++ for each row listed. */
function countRows(rows: Int32Array, count: Int32Array): void {
  for (let q = 0; q < rows.length; q++) count[rows[q]! + 1]!++;
}

/** How many runs of equal values when the values never decrease; −1 when they do. */
function snapshotRuns(values: Int32Array): number {
  let runs = 0;
  for (let k = 0; k < values.length; k++) {
    if (k > 0 && values[k] === values[k - 1]) continue;
    if (k > 0 && values[k]! < values[k - 1]!) return -1;
    runs++;
  }
  return runs;
}

/** Each run's value (values ascending) into `out`. */
function runValues(values: Int32Array, out: Int32Array): void {
  let runs = 0;
  for (let k = 0; k < values.length; k++) if (k === 0 || values[k] !== values[k - 1]) out[runs++] = values[k]!;
}

/** Σ w over the listed rows. */
function weightSum(rows: Int32Array, w: Float64Array): number {
  let s = 0;
  for (let q = 0; q < rows.length; q++) s += w[rows[q]!]!;
  return s;
}

/** Code `code` at each listed row's next free place in the row pattern (fillAt moves on). */
function placeCode(rows: Int32Array, fillAt: Int32Array, rowCode: Int32Array, code: number): void {
  for (let q = 0; q < rows.length; q++) rowCode[fillAt[rows[q]!]!++] = code;
}

/** Starts of the runs of consecutive rows whose static codes (the codes below ks, first in each row) are equal; ends with n. */
function staticRuns(n: number, rowStart: Int32Array, rowCode: Int32Array, ks: number): Int32Array {
  const starts: number[] = [];
  let prevStart = 0, prevCount = -1;
  for (let i = 0; i < n; i++) {
    const s = rowStart[i]!;
    let c = 0;
    while (s + c < rowStart[i + 1]! && rowCode[s + c]! < ks) c++;
    let same = c === prevCount;
    for (let k = 0; same && k < c; k++) same = rowCode[s + k] === rowCode[prevStart + k];
    if (!same) starts.push(i);
    prevStart = s;
    prevCount = c;
  }
  starts.push(n);
  return Int32Array.from(starts);
}

function project(p: Float64Array, lower: Float64Array, upper: Float64Array): void {
  for (let j = 0; j < p.length; j++) p[j] = Math.min(upper[j]!, Math.max(lower[j]!, p[j]!));
}

/** Variables free to move: not at a bound with the gradient pushing outward, not locked. */
function freeSet(p: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array, locked?: Uint8Array): number[] {
  const free: number[] = [];
  for (let j = 0; j < p.length; j++) {
    if (locked?.[j] || lower[j] === upper[j]) continue;
    if (p[j]! <= lower[j]! && g[j]! > 0) continue;
    if (p[j]! >= upper[j]! && g[j]! < 0) continue;
    free.push(j);
  }
  return free;
}

/** Solve (H_ff + μ·diag)Δ = −g_f; returns Δ over all variables (0 outside f), or undefined. */
function newtonDirection(H: Float64Array, size: number, g: Float64Array, free: number[], mu: number): Float64Array | undefined {
  const m = free.length;
  const A = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let c = 0; c <= a; c++) A[a * m + c] = H[free[a]! * size + free[c]!]!;
    A[a * m + a]! += mu * Math.max(1e-8, Math.abs(H[free[a]! * size + free[a]!]!));
  }
  if (choleskyInPlace(A, m, 1e-14) !== -1) return undefined;
  const b = new Float64Array(m);
  for (let a = 0; a < m; a++) b[a] = -g[free[a]!]!;
  choleskySolve(A, m, b);
  const delta = new Float64Array(size);
  for (let a = 0; a < m; a++) delta[free[a]!] = b[a]!;
  return delta;
}

interface NewtonResult {
  p: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  /** Largest |gradient| over the free variables at the returned point. */
  gradientNorm: number;
  /** The exact Hessian at p, when the last iteration computed it there. */
  hessian?: Float64Array;
}

/** Sufficient decrease of the Armijo condition: F(p + αδ) ≤ F(p) + ARMIJO·∇Fᵀ(p + αδ − p). */
const ARMIJO = 1e-4;
/** Largest change of a log half-life in one step at the start (a factor e); the trust radius adapts. */
const THETA_RADIUS = 1;
const MAX_RADIUS = 4 * THETA_RADIUS;

/**
 * Projected Newton with a trust region and an Armijo line search on the penalised objective F.
 * The step solves (H + μ·diag|H|)δ = −g over the free variables, H the exact Hessian, or the
 * Gauss–Newton matrix where the exact one is not positive definite (far from the optimum, in
 * log h). μ is a Levenberg–Marquardt parameter: it grows until the step is inside the trust
 * radius in log half-life and is adapted by the ratio ρ of the actual to the predicted decrease
 * (ρ > 0.75: μ ÷ 10 and a wider radius; ρ < 0.25: μ × 4 and a narrower one), so the weights are
 * never shrunk because one half-life would move too far. A step that fails the Armijo condition
 * is halved (projected back onto the bounds each time). Stops when the largest free gradient is
 * below 1e-7·n (or F decreases by less than `tolerance`, relative, at a full step).
 * Reference: Nocedal & Wright, Numerical Optimization (2nd ed.), §3.1 (Armijo), §4 (trust
 * regions), §10.3 (Levenberg–Marquardt); Bertsekas (1982) for the projected variant.
 */
function newton(prob: Problem, start: Float64Array, maxIterations: number, tolerance: number, locked?: Uint8Array, onStep?: (iteration: number) => void): NewtonResult {
  const size = prob.size;
  const p = Float64Array.from(start);
  project(p, prob.lower, prob.upper);
  const g = new Float64Array(size);
  const G = new Float64Array(size * size);
  const H = new Float64Array(size * size);
  const trial = new Float64Array(size);
  const isTheta = new Uint8Array(size);
  for (let b = 0; b < prob.kb; b++) if (prob.thetaOf[b]! >= 0) isTheta[prob.thetaOf[b]!] = 1;
  let f = prob.value(p);
  let mu = 1e-8;
  let radius = THETA_RADIUS;
  let converged = false;
  let gmax = Infinity;
  let hessianAtP = false;
  let it = 0;
  for (; it < maxIterations; it++) {
    onStep?.(it);
    prob.gradient(p, g);
    const free = freeSet(p, g, prob.lower, prob.upper, locked);
    gmax = 0;
    for (const j of free) gmax = Math.max(gmax, Math.abs(g[j]!));
    // the matrices before the test: at convergence the caller's standard errors reuse H
    prob.gaussNewton(p, G, !locked);
    H.set(G);
    if (!locked) prob.addSecondOrder(p, H);
    if (gmax <= 1e-7 * Math.max(1, prob.n)) {
      converged = true;
      hessianAtP = !locked;
      break;
    }
    // the exact Hessian while it is positive definite at this μ, else the Gauss–Newton matrix;
    // μ grows until the step stays within the radius in every log half-life
    let delta: Float64Array | undefined;
    let M = H;
    for (let tries = 0; tries < 40; tries++) {
      delta = newtonDirection(M, size, g, free, mu);
      if (!delta) {
        if (M === H) M = G;
        else mu = Math.max(1e-6, mu * 10);
        continue;
      }
      let maxTheta = 0;
      for (let j = 0; j < size; j++) if (isTheta[j]) maxTheta = Math.max(maxTheta, Math.abs(delta[j]!));
      if (maxTheta <= radius) break;
      mu = Math.max(1e-6, mu * 10);
      delta = undefined;
    }
    if (!delta) break;
    // predicted decrease of the quadratic model with the exact Hessian: −(gᵀδ + ½δᵀHδ)
    let gd = 0, dHd = 0;
    for (let j = 0; j < size; j++) {
      if (delta[j] === 0) continue;
      gd += g[j]! * delta[j]!;
      let row = 0;
      for (let k = 0; k < size; k++) row += H[j * size + k]! * delta[k]!;
      dHd += delta[j]! * row;
    }
    const predicted = -(gd + 0.5 * dHd);
    let step = 1;
    let accepted = false;
    let ft = f;
    for (let ls = 0; ls < 30; ls++) {
      let slope = 0;
      for (let j = 0; j < size; j++) trial[j] = p[j]! + step * delta[j]!;
      project(trial, prob.lower, prob.upper);
      for (let j = 0; j < size; j++) slope += g[j]! * (trial[j]! - p[j]!);
      ft = prob.value(trial);
      if (Number.isFinite(ft) && ft <= f + ARMIJO * Math.min(0, slope)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      prob.value(p);
      break;
    }
    const rho = predicted > 0 ? (f - ft) / predicted : 0;
    if (step === 1 && rho > 0.75) {
      mu = Math.max(1e-10, mu / 10);
      radius = Math.min(MAX_RADIUS, radius * 2);
    } else if (step < 1 || rho < 0.25) {
      mu = Math.max(1e-6, mu * 4);
      radius = Math.max(THETA_RADIUS / 16, radius / 2);
    }
    const rel = (f - ft) / Math.max(1, Math.abs(f));
    p.set(trial);
    f = ft;
    if (step === 1 && rel < tolerance) {
      converged = true;
      it++;
      break;
    }
  }
  prob.value(p);
  prob.gradient(p, g);
  gmax = 0;
  for (const j of freeSet(p, g, prob.lower, prob.upper, locked)) gmax = Math.max(gmax, Math.abs(g[j]!));
  return { p, value: f, iterations: it, converged, gradientNorm: gmax, ...(hessianAtP ? { hessian: H } : {}) };
}

function startPoint(prob: Problem): Float64Array {
  const { input } = prob;
  const p = new Float64Array(prob.size);
  let pos = 0;
  let tot = 0;
  for (let i = 0; i < input.rows; i++) {
    const wi = input.weights ? input.weights[i]! : 1;
    pos += wi * input.labels[i]!;
    tot += wi;
  }
  const rate = Math.min(1 - 1e-9, Math.max(1e-9, pos / Math.max(1e-12, tot)));
  p[0] = Math.log(rate / (1 - rate));
  // shrinking toward a prior: start from it (zeros otherwise, as the default centre is)
  p.set(prob.centre, 1);
  for (let b = 0; b < prob.kb; b++) {
    const t = prob.thetaOf[b]!;
    if (t >= 0) p[t] = Math.log(input.halfLives[b]!);
  }
  project(p, prob.lower, prob.upper);
  return p;
}

export interface DecayFitState {
  problem: Problem;
  p: Float64Array;
  value: number;
  /** The exact Hessian at p (row-major, problem.size²). */
  hessian: Float64Array;
}

/**
 * Fit weights and half-lives jointly (projected damped Newton, exact Hessian). Deterministic.
 * Complexity per iteration: O(pairs + rows · parameters²).
 *
 * @example
 * const fit = fitWeightsAndDecay({ rows, labels, staticColumns, pairs, halfLives: pairs.map(() => 30) });
 * fit.halfLives // => Float64Array [13.8, 31.2, …]
 */
export function fitWeightsAndDecay(input: DecayFitInput): DecayFit & { state: DecayFitState } {
  const prob = new Problem(input);
  const maxIterations = input.maxIterations ?? 50;
  const onStep = input.onIteration && ((it: number): void => input.onIteration!(it, maxIterations));
  let start: Float64Array;
  let warmIterations = 0;
  if (input.start) {
    // warm start (a refit of the same design): every variable from the given point
    start = startPoint(prob);
    start[0] = input.start.intercept;
    start.set(Array.from(input.start.coefficients), 1);
    for (let b = 0; b < prob.kb; b++) if (prob.thetaOf[b]! >= 0) start[prob.thetaOf[b]!] = Math.log(input.start.halfLives[b]!);
  } else {
    // first the weights at the initial half-lives (θ locked), then everything: a better start for Newton
    const lockTheta = new Uint8Array(prob.size);
    for (let b = 0; b < prob.kb; b++) if (prob.thetaOf[b]! >= 0) lockTheta[prob.thetaOf[b]!] = 1;
    const warm = newton(prob, startPoint(prob), 3, 1e-6, lockTheta);
    start = warm.p;
    warmIterations = warm.iterations;
  }
  const r = newton(prob, start, maxIterations, input.tolerance ?? 1e-10, undefined, onStep);
  const p = r.p;
  // standard errors from the inverse Hessian over the free variables
  const g = new Float64Array(prob.size);
  prob.value(p);
  prob.gradient(p, g);
  let H = r.hessian;
  if (!H) prob.hessian(p, (H = new Float64Array(prob.size * prob.size)));
  const free = freeSet(p, g, prob.lower, prob.upper).filter((j) => !(p[j]! <= prob.lower[j]! || p[j]! >= prob.upper[j]!));
  const se = new Float64Array(prob.size).fill(NaN);
  const m = free.length;
  const A = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let c = 0; c <= a; c++) A[a * m + c] = H[free[a]! * prob.size + free[c]!]!;
  if (m > 0 && choleskyInPlace(A, m, 1e-14) === -1) {
    const inv = choleskyInverse(A, m);
    free.forEach((j, a) => (se[j] = Math.sqrt(Math.max(0, inv[a * m + a]!))));
  }
  const halfLives = new Float64Array(prob.kb);
  const logHalfLifeSE = new Float64Array(prob.kb).fill(NaN);
  for (let b = 0; b < prob.kb; b++) {
    halfLives[b] = prob.halfLife(b, p);
    const t = prob.thetaOf[b]!;
    if (t >= 0) logHalfLifeSE[b] = se[t]!;
  }
  const penalty = prob.penalty(p);
  prob.close();
  return {
    intercept: p[0]!,
    staticCoefficients: p.slice(1, 1 + prob.ks),
    behaviorCoefficients: p.slice(1 + prob.ks, 1 + prob.ks + prob.kb),
    halfLives,
    standardErrors: { intercept: se[0]!, static: se.slice(1, 1 + prob.ks), behavior: se.slice(1 + prob.ks, 1 + prob.ks + prob.kb), logHalfLife: logHalfLifeSE },
    objective: r.value,
    logLikelihood: -(r.value - penalty),
    iterations: warmIterations + r.iterations,
    converged: r.converged,
    gradientNorm: r.gradientNorm,
    behaviorColumns: prob.xde.map((c, b) => {
      const values = new Float64Array(c.length / 3);
      for (let k = 0; k < values.length; k++) values[k] = c[3 * k]!;
      return { rows: prob.nzRows[b]!, values };
    }),
    eta: Float64Array.from(prob.eta),
    state: { problem: prob, p, value: r.value, hessian: H },
  };
}

/**
 * The first Newton step of the λ = 0 refit from the penalised optimum p̂, over the variables not
 * at a bound: Δ = −(H − H_pen + μ·diag)⁻¹(∇F − ∇pen) with the Hessian the fit already holds
 * (μ as small as keeps the matrix positive definite, as in the fit: a column that only the
 * penalty kept identified, e.g. one-hot levels that sum to another column, gets no step). Zero for
 * the variables at a bound; undefined when no μ makes the matrix positive definite.
 *
 * @example
 * unpenalisedNewtonStep(fit.state)[fit.state.problem.thetaOf[0]] // => 0.0012
 */
export function unpenalisedNewtonStep(state: DecayFitState): Float64Array | undefined {
  const { problem: prob, p, hessian } = state;
  const size = prob.size;
  prob.value(p);
  const g = new Float64Array(size);
  prob.gradient(p, g);
  const gp = new Float64Array(size);
  const H0 = new Float64Array(size * size);
  prob.addPenaltyDerivatives(p, gp, H0);
  for (let j = 0; j < size * size; j++) H0[j] = hessian[j]! - H0[j]!;
  for (let j = 0; j < size; j++) g[j]! -= gp[j]!;
  const free: number[] = [];
  for (let j = 0; j < size; j++) if (prob.lower[j] !== prob.upper[j] && p[j]! > prob.lower[j]! && p[j]! < prob.upper[j]!) free.push(j);
  for (let mu = 1e-8; mu <= 1e-2; mu *= 10) {
    const delta = newtonDirection(H0, size, g, free, mu);
    if (delta) return delta;
  }
  return undefined;
}

/**
 * The `fit_not_converged` warning: iterations, the largest gradient left, and what to try.
 *
 * @example
 * notConverged(fit).message // => 'the fit did not converge in 50 iterations (largest gradient 3.1 …)'
 */
export function notConverged(fit: Pick<DecayFit, 'iterations' | 'gradientNorm'>): { code: 'fit_not_converged'; message: string; hint: string } {
  return {
    code: 'fit_not_converged',
    message: `the fit did not converge in ${fit.iterations} iterations (largest gradient ${fit.gradientNorm.toPrecision(3)} of the penalised log-likelihood, where 0 is the optimum)`,
    hint: 'tie half-lives that move together (--tie-half-lives a,b) or fix them (--no-decay), raise --l2, pool rare levels (--min-support), or check for separation; the points are usable but not the optimum',
  };
}

/**
 * Wald 95% interval for each fitted half-life from the Hessian on the log scale (NaN where h is
 * fixed): exp(ln ĥ ± 1.96·se(ln ĥ)), se from the inverse Hessian over the free variables, clipped
 * to the search box. For a half-life at a bound of the box, that side is the bound and the other
 * side uses the curvature with the bound variable included (the box's other end when the
 * likelihood is not curved there). The default: it costs one Cholesky factorisation beyond the
 * fit; `profileIntervals` on request. On a well-identified half-life the two agree (ln h is close
 * to quadratic in the likelihood; `test/fit/wald-intervals.test.ts`, docs/fitting.md).
 * Reference: Wald (1943); Pawitan, In All Likelihood (2001), §2.6 and §9.2.
 *
 * @example
 * waldIntervals(fit)[0] // => [9.4, 21.3]
 */
export function waldIntervals(fit: DecayFit & { state: DecayFitState }): [number, number][] {
  const { problem: prob, p, hessian: H } = fit.state;
  const size = prob.size;
  const z = 1.959963984540054;
  const atBound = (j: number): boolean => p[j]! <= prob.lower[j]! || p[j]! >= prob.upper[j]!;
  const interior: number[] = [];
  for (let j = 0; j < size; j++) if (prob.lower[j] !== prob.upper[j] && !atBound(j)) interior.push(j);
  /** se of variable t from the inverse Hessian over `set` (NaN when not positive definite). */
  const seOver = (set: number[], t: number): number => {
    const m = set.length;
    const A = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let c = 0; c <= a; c++) A[a * m + c] = H[set[a]! * size + set[c]!]!;
    if (m === 0 || choleskyInPlace(A, m, 1e-14) !== -1) return NaN;
    const at = set.indexOf(t);
    const e = new Float64Array(m);
    e[at] = 1;
    choleskySolve(A, m, e);
    return e[at]! > 0 ? Math.sqrt(e[at]!) : NaN;
  };
  return Array.from({ length: prob.kb }, (_, b): [number, number] => {
    const t = prob.thetaOf[b]!;
    if (t < 0) return [NaN, NaN];
    const lo = prob.lower[t]!, hi = prob.upper[t]!, th = p[t]!;
    if (!atBound(t)) {
      const se = fit.standardErrors.logHalfLife[b]!;
      if (!(se > 0)) return [Math.exp(lo), Math.exp(hi)];
      return [Math.exp(Math.max(lo, th - z * se)), Math.exp(Math.min(hi, th + z * se))];
    }
    const se = seOver([...interior, t], t);
    if (th >= hi) return [Math.exp(se > 0 ? Math.max(lo, th - z * se) : lo), Math.exp(hi)];
    return [Math.exp(lo), Math.exp(se > 0 ? Math.min(hi, th + z * se) : hi)];
  });
}

/**
 * Profile-likelihood 95% interval for each fitted half-life (NaN where h is fixed). A bound
 * equal to the box (1 or 3650 days by default) means the data do not bound h on that side.
 *
 * @example
 * profileIntervals(fit)[0] // => [9.2, 21.7]
 */
export function profileIntervals(fit: DecayFit & { state: DecayFitState }): [number, number][] {
  const { problem: prob, p: best, value: fBest } = fit.state;
  const size = prob.size;
  const g = new Float64Array(size);
  const H = fit.state.hessian;
  prob.value(best);
  const out: [number, number][] = [];
  for (let b = 0; b < prob.kb; b++) {
    const t = prob.thetaOf[b]!;
    if (t < 0) {
      out.push([NaN, NaN]);
      continue;
    }
    // chord Newton on the other variables with the Hessian at the optimum (factored once)
    // the weights are re-optimised; the other half-lives stay at their estimates (a conditional
    // profile: re-optimising them too would recompute every behaviour column at each step)
    const isTheta = new Uint8Array(size);
    for (let c = 0; c < prob.kb; c++) if (prob.thetaOf[c]! >= 0) isTheta[prob.thetaOf[c]!] = 1;
    const others: number[] = [];
    for (let j = 0; j < size; j++) if (!isTheta[j] && prob.lower[j] !== prob.upper[j]) others.push(j);
    const m = others.length;
    const A = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let c = 0; c <= a; c++) A[a * m + c] = H[others[a]! * size + others[c]!]!;
      A[a * m + a]! += 1e-9 * Math.max(1, Math.abs(A[a * m + a]!));
    }
    const factored = choleskyInPlace(A, m, 1e-14) === -1;
    const profile = (theta: number): number => {
      const q = Float64Array.from(best);
      q[t] = theta;
      let f = prob.value(q);
      if (!factored) return 2 * (f - fBest);
      const step = new Float64Array(m);
      for (let it = 0; it < 2; it++) {
        prob.gradient(q, g);
        for (let a = 0; a < m; a++) step[a] = -g[others[a]!]!;
        choleskySolve(A, m, step);
        const trial = Float64Array.from(q);
        for (let a = 0; a < m; a++) trial[others[a]!] = q[others[a]!]! + step[a]!;
        project(trial, prob.lower, prob.upper);
        const ft = prob.value(trial);
        if (!(ft < f)) {
          prob.value(q);
          break;
        }
        const gain = f - ft;
        q.set(trial);
        f = ft;
        if (gain < 1e-6) break;
      }
      return Math.max(0, 2 * (f - fBest));
    };
    const thetaHat = best[t]!;
    const seTheta = fit.standardErrors.logHalfLife[b]!;
    const side = (dir: 1 | -1): number => {
      const bound = dir > 0 ? prob.upper[t]! : prob.lower[t]!;
      // signed root z(θ) = dir·√LR is close to linear: secant from the Wald guess
      let a = thetaHat;
      let za = 0;
      let c = Number.isFinite(seTheta) && seTheta > 0 ? thetaHat + dir * 1.96 * seTheta : thetaHat + dir * 0.7;
      if (dir > 0 ? c >= bound : c <= bound) c = bound;
      let zc = Math.sqrt(profile(c));
      for (let k = 0; k < 4; k++) {
        if (Math.abs(zc - 1.96) < 0.05) return Math.exp(c);
        if (zc < 1.96 && c === bound) return Math.exp(bound);
        let next = zc === za ? c + dir * 0.7 : c + ((1.96 - zc) * (c - a)) / (zc - za);
        if (!Number.isFinite(next) || (dir > 0 ? next <= thetaHat : next >= thetaHat)) next = c + dir * 0.7;
        if (dir > 0 ? next > bound : next < bound) next = bound;
        a = c;
        za = zc;
        c = next;
        zc = Math.sqrt(profile(c));
      }
      return Math.exp(c);
    };
    out.push([side(-1), side(1)]);
  }
  prob.value(best);
  return out;
}

void CHI2_95;
