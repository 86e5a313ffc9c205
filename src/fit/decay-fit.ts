/**
 * Joint fit of point weights and decay half-lives. The linear predictor of snapshot i is
 *   η_i = β₀ + Σ_j β_j s_ij + Σ_b β_b x_ib(h_b),   x_ib(h) = Σ_{events e of b before t_i} 2^(−a_e/h),
 * and the penalised negative log-likelihood F = Σ w_i ℓ_i + ½λ Σ_j β_j² v_j is minimised over
 * (β, θ = log h) together by a projected, damped Newton method with the exact Hessian (the
 * likelihood is smooth in log h; no grid search). With u = ln 2 · a/h:
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
 * Profile-likelihood intervals for each h_b: θ_b is held at trial values and every weight
 * re-optimised (chord Newton steps with the Hessian at the optimum), the other half-lives held
 * at their estimates; the interval is where 2(F_p(θ_b) − F̂) ≤ 3.841 (χ²₁, 95%), found by a
 * secant search on the signed root.
 * Reference: Venzon & Moolgavkar (1988), "A method for computing profile-likelihood-based
 * confidence intervals", Applied Statistics 37(1), 87–94.
 */
import { choleskyInPlace, choleskyInverse, choleskySolve } from '../logistic/linalg.js';
import { addDecayedSums } from '../stats/decay.js';
import { logisticLoss } from '../stats/logistic.js';

/** A 0/1 column stored as the rows where it is 1 (attribute levels, bins). */
export interface IndicatorColumn {
  rows: Int32Array;
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
  /** Behaviour columns at the fitted half-lives. */
  behaviorColumns: Float64Array[];
  /** Linear predictor of every row at the optimum. */
  eta: Float64Array;
}

const CHI2_95 = 3.841458820694124;

/** Default λ of the standardised L2 penalty: scikit-learn's LogisticRegression default C = 1. */
export const DEFAULT_L2 = 1;


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
  readonly x: Float64Array[];
  readonly d: Float64Array[];
  readonly e: Float64Array[];
  private readonly cachedTheta: Float64Array;
  private readonly ones: Float64Array;
  private readonly mark: Float64Array;
  private readonly thetaColumn: Float64Array[];
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
    this.eta = new Float64Array(this.n);
    this.r = new Float64Array(this.n);
    this.W = new Float64Array(this.n);
    this.x = Array.from({ length: this.kb }, () => new Float64Array(this.n));
    this.d = Array.from({ length: this.kb }, () => new Float64Array(this.n));
    this.e = Array.from({ length: this.kb }, () => new Float64Array(this.n));
    this.cachedTheta = new Float64Array(this.kb).fill(NaN);
    this.ones = new Float64Array(this.n).fill(1);
    this.mark = new Float64Array(this.n);
    this.thetaColumn = Array.from({ length: this.kb }, (_, b) => (this.thetaOf[b]! >= 0 ? new Float64Array(this.n) : new Float64Array(0)));
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
      let sw = 0;
      for (let q = 0; q < rows.length; q++) sw += w ? w[rows[q]!]! : 1;
      const pj = sw / this.totalWeight;
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
  }

  /** v_b, v_b′, v_b″ of behaviour b's current column (weighted moments over the rows). */
  private moments(b: number): void {
    const x = this.x[b]!, d = this.d[b]!, e = this.e[b]!;
    const w = this.input.weights;
    let mx = 0, md = 0, me = 0, mxx = 0, mxd = 0, mdd = 0, mxe = 0;
    for (let i = 0; i < this.n; i++) {
      const wi = w ? w[i]! : 1;
      const xi = x[i]!, di = d[i]!, ei = e[i]!;
      mx += wi * xi; md += wi * di; me += wi * ei;
      mxx += wi * xi * xi; mxd += wi * xi * di; mdd += wi * di * di; mxe += wi * xi * ei;
    }
    const t = this.totalWeight;
    mx /= t; md /= t; me /= t; mxx /= t; mxd /= t; mdd /= t; mxe /= t;
    this.v[this.ks + b] = Math.max(0, mxx - mx * mx);
    this.v1[b] = this.thetaOf[b]! >= 0 ? 2 * (mxd - mx * md) : 0;
    this.v2[b] = this.thetaOf[b]! >= 0 ? 2 * (mdd + mxe - md * md - mx * me) : 0;
  }

  halfLife(b: number, p: Float64Array): number {
    const t = this.thetaOf[b]!;
    return t >= 0 ? Math.exp(p[t]!) : this.fixedH[b]!;
  }

  /** Recompute behaviour columns (and θ-derivatives) whose half-life changed. */
  private columns(p: Float64Array): void {
    for (let b = 0; b < this.kb; b++) {
      const t = this.thetaOf[b]!;
      const key = t >= 0 ? p[t]! : -1;
      if (this.cachedTheta[b] === key) continue;
      this.cachedTheta[b] = key;
      const xs = this.x[b]!.fill(0);
      const ds = this.d[b]!.fill(0);
      const es = this.e[b]!.fill(0);
      const { snapshot, ageDays } = this.input.pairs[b]!;
      addDecayedSums(snapshot, ageDays, this.halfLife(b, p), xs, ds, es);
      this.moments(b);
    }
  }

  /** F(p); fills eta, r, W. */
  value(p: Float64Array): number {
    this.columns(p);
    const { n, eta, r, W } = this;
    eta.fill(p[0]!);
    if (this.input.offset) for (let i = 0; i < n; i++) eta[i]! += this.input.offset[i]!;
    for (let j = 0; j < this.ks; j++) {
      const bj = p[1 + j]!;
      if (bj === 0) continue;
      const rows = this.input.staticColumns[j]!.rows;
      for (let q = 0; q < rows.length; q++) eta[rows[q]!]! += bj;
    }
    for (let b = 0; b < this.kb; b++) {
      const bb = p[1 + this.ks + b]!;
      if (bb === 0) continue;
      const col = this.x[b]!;
      for (let i = 0; i < n; i++) eta[i]! += bb * col[i]!;
    }
    let f = logisticLoss(eta, this.input.labels, this.input.weights, r, W);
    return f + this.penalty(p);
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

  /** ∇F at the point of the last `value` call. */
  gradient(p: Float64Array, g: Float64Array): void {
    const { n, r } = this;
    g.fill(0);
    let s0 = 0;
    for (let i = 0; i < n; i++) s0 += r[i]!;
    g[0] = s0;
    for (let j = 0; j < this.ks; j++) {
      let s = 0;
      const rows = this.input.staticColumns[j]!.rows;
      for (let q = 0; q < rows.length; q++) s += r[rows[q]!]!;
      g[1 + j] = s + this.l2 * this.v[j]! * (p[1 + j]! - this.centre[j]!);
    }
    for (let b = 0; b < this.kb; b++) {
      const col = this.x[b]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += r[i]! * col[i]!;
      const k = 1 + this.ks + b;
      const dev = p[k]! - this.centre[this.ks + b]!;
      g[k] = s + this.l2 * this.v[this.ks + b]! * dev;
      const t = this.thetaOf[b]!;
      if (t >= 0) {
        const d = this.d[b]!;
        let sd = 0;
        for (let i = 0; i < n; i++) sd += r[i]! * d[i]!;
        g[t]! += p[k]! * sd + 0.5 * this.l2 * dev * dev * this.v1[b]! + this.l2 * this.kappa[b]! * (p[t]! - this.theta0[b]!); // += : a tied θ sums its behaviours
      }
    }
  }

  /** Exact Hessian (row-major size×size) at the point of the last `value` call. */
  hessian(p: Float64Array, H: Float64Array, secondOrder = true): void {
    const { n, W, r, size, ks, kb } = this;
    H.fill(0);
    // dense columns of J (behaviour x and θ columns); static indicator columns handled sparsely
    const dense: Float64Array[] = [];
    const denseIndex: number[] = [];
    dense.push(this.ones);
    denseIndex.push(0);
    for (let b = 0; b < kb; b++) {
      dense.push(this.x[b]!);
      denseIndex.push(1 + ks + b);
    }
    // ∂η/∂θ: Σ over the behaviours sharing θ of β_b ∂x_b/∂θ (one behaviour unless tied)
    for (let b = 0; b < kb; b++) {
      const t = this.thetaOf[b]!;
      if (t < 0) continue;
      const bb = p[1 + ks + b]!;
      const d = this.d[b]!;
      const at = denseIndex.indexOf(t);
      const col = at >= 0 ? dense[at]! : this.thetaColumn[b]!;
      if (at >= 0) for (let i = 0; i < n; i++) col[i]! += bb * d[i]!;
      else for (let i = 0; i < n; i++) col[i] = bb * d[i]!;
      if (at >= 0) continue;
      dense.push(col);
      denseIndex.push(t);
    }
    // dense × dense: W∘column a once, then four dot products per pass over the rows
    const wa = new Float64Array(n);
    for (let a = 0; a < dense.length; a++) {
      const ca = dense[a]!;
      for (let i = 0; i < n; i++) wa[i] = W[i]! * ca[i]!;
      const ia = denseIndex[a]!;
      // static × this dense column: sums of W∘column over each indicator's (sorted) rows
      for (let j = 0; j < ks; j++) {
        const rows = this.input.staticColumns[j]!.rows;
        let sum = 0;
        for (let q = 0; q < rows.length; q++) sum += wa[rows[q]!]!;
        H[(1 + j) * size + ia] = sum;
        H[ia * size + 1 + j] = sum;
      }
      for (let c = a; c < dense.length; c += 4) {
        const c0 = dense[c]!;
        const c1 = dense[Math.min(c + 1, dense.length - 1)]!;
        const c2 = dense[Math.min(c + 2, dense.length - 1)]!;
        const c3 = dense[Math.min(c + 3, dense.length - 1)]!;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let i = 0; i < n; i++) {
          const w = wa[i]!;
          s0 += w * c0[i]!;
          s1 += w * c1[i]!;
          s2 += w * c2[i]!;
          s3 += w * c3[i]!;
        }
        const sums = [s0, s1, s2, s3];
        for (let q = 0; q < 4 && c + q < dense.length; q++) {
          const ic = denseIndex[c + q]!;
          H[ia * size + ic] = sums[q]!;
          H[ic * size + ia] = sums[q]!;
        }
      }
    }
    // static × static: W marked on the rows of j, summed over the rows of k
    const mark = this.mark;
    for (let j = 0; j < ks; j++) {
      const rows = this.input.staticColumns[j]!.rows;
      for (let q = 0; q < rows.length; q++) mark[rows[q]!] = W[rows[q]!]!;
      for (let k = j; k < ks; k++) {
        const rk = this.input.staticColumns[k]!.rows;
        let sum = 0;
        for (let q = 0; q < rk.length; q++) sum += mark[rk[q]!]!;
        H[(1 + j) * size + 1 + k] = sum;
        H[(1 + k) * size + 1 + j] = sum;
      }
      for (let q = 0; q < rows.length; q++) mark[rows[q]!] = 0;
    }
    // second-derivative terms of η (left out for the Gauss–Newton / Fisher matrix) and the penalty
    for (let b = 0; b < kb && secondOrder; b++) {
      const t = this.thetaOf[b]!;
      const k = 1 + ks + b;
      if (t >= 0) {
        const d = this.d[b]!;
        const e = this.e[b]!;
        let sd = 0;
        let se = 0;
        for (let i = 0; i < n; i++) {
          sd += r[i]! * d[i]!;
          se += r[i]! * e[i]!;
        }
        H[k * size + t]! += sd;
        H[t * size + k]! += sd;
        H[t * size + t]! += p[k]! * se;
      }
    }
    // the penalty ½λ(β − c)²v(θ): λv on the diagonal; for a fitted half-life λ(β − c)v′ (β, θ),
    // ½λ(β − c)²v″ (θ, θ), and λκ (θ, θ) from the pull toward a prior half-life
    for (let j = 1; j < 1 + ks + kb; j++) H[j * size + j]! += this.l2 * this.v[j - 1]!;
    for (let b = 0; b < kb; b++) {
      const t = this.thetaOf[b]!;
      if (t < 0) continue;
      H[t * size + t]! += this.l2 * this.kappa[b]!;
      const k = 1 + ks + b;
      const dev = p[k]! - this.centre[ks + b]!;
      if (!secondOrder) continue; // the Gauss–Newton matrix keeps only λv and λκ (positive semi-definite)
      H[k * size + t]! += this.l2 * dev * this.v1[b]!;
      H[t * size + k]! += this.l2 * dev * this.v1[b]!;
      H[t * size + t]! += 0.5 * this.l2 * dev * dev * this.v2[b]!;
    }
  }
}

function project(p: Float64Array, lower: Float64Array, upper: Float64Array): void {
  for (let j = 0; j < p.length; j++) p[j] = Math.min(upper[j]!, Math.max(lower[j]!, p[j]!));
}

/** Variables free to move: not at a bound with the gradient pushing outward, not locked. */
function freeSet(p: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array, fixed: number): number[] {
  const free: number[] = [];
  for (let j = 0; j < p.length; j++) {
    if (j === fixed || lower[j] === upper[j]) continue;
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
}

function newton(prob: Problem, start: Float64Array, maxIterations: number, tolerance: number, fixed = -1): NewtonResult {
  const size = prob.size;
  const p = Float64Array.from(start);
  project(p, prob.lower, prob.upper);
  const g = new Float64Array(size);
  const H = new Float64Array(size * size);
  let f = prob.value(p);
  let mu = 1e-6;
  let converged = false;
  let it = 0;
  for (; it < maxIterations; it++) {
    prob.gradient(p, g);
    prob.hessian(p, H);
    const free = freeSet(p, g, prob.lower, prob.upper, fixed);
    let gmax = 0;
    for (const j of free) gmax = Math.max(gmax, Math.abs(g[j]!));
    if (gmax <= 1e-7 * Math.max(1, prob.n)) {
      converged = true;
      break;
    }
    // Newton with a little damping when the Hessian is positive definite; where it is not
    // (negative curvature in log h far from the optimum), the Gauss–Newton (Fisher) matrix
    let delta: Float64Array | undefined;
    mu = Math.max(1e-8, mu / 100);
    for (let tries = 0; tries < 4 && !delta; tries++) {
      delta = newtonDirection(H, size, g, free, mu);
      if (!delta) mu *= 10;
    }
    if (!delta) {
      prob.hessian(p, H, false);
      for (let tries = 0; tries < 12 && !delta; tries++) {
        delta = newtonDirection(H, size, g, free, mu);
        if (!delta) mu *= 10;
      }
    }
    if (!delta) break;
    // trust region in log half-life: at most a factor e per iteration
    let maxTheta = 0;
    for (let b = 0; b < prob.kb; b++) {
      const t = prob.thetaOf[b]!;
      if (t >= 0) maxTheta = Math.max(maxTheta, Math.abs(delta[t]!));
    }
    if (maxTheta > 1) for (let j = 0; j < size; j++) delta[j]! /= maxTheta;
    let step = 1;
    let accepted = false;
    const trial = new Float64Array(size);
    for (let ls = 0; ls < 30; ls++) {
      for (let j = 0; j < size; j++) trial[j] = p[j]! + step * delta[j]!;
      project(trial, prob.lower, prob.upper);
      const ft = prob.value(trial);
      if (Number.isFinite(ft) && ft <= f) {
        const rel = (f - ft) / Math.max(1, Math.abs(f));
        p.set(trial);
        const small = rel < tolerance;
        f = ft;
        accepted = true;
        if (small) converged = true;
        break;
      }
      step *= 0.5;
    }
    if (step < 1) mu *= 10;
    if (!accepted) {
      prob.value(p);
      break;
    }
    if (converged) {
      it++;
      break;
    }
  }
  prob.value(p);
  return { p, value: f, iterations: it, converged };
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
  // first the weights at the initial half-lives, then everything (a better start for Newton)
  const lockedTheta = new Problem({ ...input, fitHalfLives: false });
  const warm = newton(lockedTheta, startPoint(lockedTheta), 3, 1e-6);
  const start = startPoint(prob);
  start.set(warm.p.subarray(0, 1 + prob.ks + prob.kb));
  const r = newton(prob, start, input.maxIterations ?? 50, input.tolerance ?? 1e-10);
  const p = r.p;
  // standard errors from the inverse Hessian over the free variables
  const g = new Float64Array(prob.size);
  const H = new Float64Array(prob.size * prob.size);
  prob.value(p);
  prob.gradient(p, g);
  prob.hessian(p, H);
  const free = freeSet(p, g, prob.lower, prob.upper, -1).filter((j) => !(p[j]! <= prob.lower[j]! || p[j]! >= prob.upper[j]!));
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
  return {
    intercept: p[0]!,
    staticCoefficients: p.slice(1, 1 + prob.ks),
    behaviorCoefficients: p.slice(1 + prob.ks, 1 + prob.ks + prob.kb),
    halfLives,
    standardErrors: { intercept: se[0]!, static: se.slice(1, 1 + prob.ks), behavior: se.slice(1 + prob.ks, 1 + prob.ks + prob.kb), logHalfLife: logHalfLifeSE },
    objective: r.value,
    logLikelihood: -(r.value - penalty),
    iterations: warm.iterations + r.iterations,
    converged: r.converged,
    behaviorColumns: prob.x.map((c) => Float64Array.from(c)),
    eta: Float64Array.from(prob.eta),
    state: { problem: prob, p, value: r.value },
  };
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
  const H = new Float64Array(size * size);
  prob.value(best);
  prob.gradient(best, g);
  prob.hessian(best, H);
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
