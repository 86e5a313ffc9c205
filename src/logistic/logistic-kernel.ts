/**
 * Kernels of logistic regression on raw column arrays. Each one walks the rows in blocks of
 * {@link BLOCK}: the block's slice of every column stays in cache between the pass that builds
 * the linear predictor and the pass that accumulates the gradient (and Hessian), so each call
 * reads the design matrix from memory once. Nothing is allocated per row or per call; callers
 * own the work arrays.
 *
 * Parameter layout: θ[0..k) are the coefficients of `columns`, θ[k] the intercept when there
 * is one. The objective is f(θ) = Σᵢ wᵢ [log(1 + e^ηᵢ) − yᵢηᵢ] + ½λ Σ_{j<k} θⱼ², with
 * ηᵢ = offsetᵢ + θ_k + Σⱼ θⱼ xᵢⱼ. Each row's loss is max(η, 0) + log(1 + e^(−|η|)) − yη
 * (see `softplus` in stats/logistic.ts); log(1 + z) stands in for log1p(z) because for z ∈ [0, 1] its absolute
 * error (≤ 1.1e-16) is already at the rounding of the sum, and it is twice as fast in V8.
 *
 * Complexity: O(n·k) per value or value-and-gradient call, O(n·k²) with the Hessian.
 */

/** Rows per block: 31 columns × 2048 rows × 8 bytes ≈ 500 KB, about a core's L2 cache. */
export const BLOCK = 2048;

/** Scratch entries {@link logisticDerivatives} needs. */
export const DERIVATIVES_SCRATCH = 3 * BLOCK;

/** The (reduced) problem as the kernels see it: only the columns whose coefficients move. */
export interface LogisticData {
  n: number;
  k: number;
  columns: readonly Float64Array[];
  intercept: boolean;
  /** 0/1 labels. */
  y: Float64Array;
  /** Frequency weights (all 1 when none were given). */
  w: Float64Array;
  /** User offset plus the contribution of locked coefficients. */
  offset: Float64Array;
  l2: number;
  /** Centre of the penalty ½λ Σ (θⱼ − cⱼ)² per reduced coefficient, or null for 0. */
  centre: Float64Array | null;
  totalWeight: number;
}

/** Number of parameters: coefficients plus the intercept. */
export const parameterCount = (d: LogisticData): number => d.k + (d.intercept ? 1 : 0);

/** η[i0, i1) = offset + intercept + Σⱼ θⱼ xⱼ, four columns per sweep. */
function predictorBlock(d: LogisticData, theta: Float64Array, eta: Float64Array, i0: number, i1: number): void {
  const { columns, k, offset } = d;
  const b = d.intercept ? theta[k]! : 0;
  for (let i = i0; i < i1; i++) eta[i] = offset[i]! + b;
  let j = 0;
  for (; j + 3 < k; j += 4) {
    const c0 = theta[j]!, c1 = theta[j + 1]!, c2 = theta[j + 2]!, c3 = theta[j + 3]!;
    const x0 = columns[j]!, x1 = columns[j + 1]!, x2 = columns[j + 2]!, x3 = columns[j + 3]!;
    for (let i = i0; i < i1; i++) eta[i] = eta[i]! + c0 * x0[i]! + c1 * x1[i]! + c2 * x2[i]! + c3 * x3[i]!;
  }
  for (; j < k; j++) {
    const c = theta[j]!;
    const x = columns[j]!;
    for (let i = i0; i < i1; i++) eta[i] = eta[i]! + c * x[i]!;
  }
}

/** grad[j] += Σ_{i∈block} xᵢⱼ rᵢ for every column (four columns per sweep), plus the intercept. */
function gradientBlock(d: LogisticData, r: Float64Array, grad: Float64Array, i0: number, i1: number): void {
  const { columns, k } = d;
  let j = 0;
  for (; j + 3 < k; j += 4) {
    const x0 = columns[j]!, x1 = columns[j + 1]!, x2 = columns[j + 2]!, x3 = columns[j + 3]!;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = i0; i < i1; i++) {
      const ri = r[i]!;
      s0 += x0[i]! * ri;
      s1 += x1[i]! * ri;
      s2 += x2[i]! * ri;
      s3 += x3[i]! * ri;
    }
    grad[j] = grad[j]! + s0;
    grad[j + 1] = grad[j + 1]! + s1;
    grad[j + 2] = grad[j + 2]! + s2;
    grad[j + 3] = grad[j + 3]! + s3;
  }
  for (; j < k; j++) {
    const x = columns[j]!;
    let s = 0;
    for (let i = i0; i < i1; i++) s += x[i]! * r[i]!;
    grad[j] = grad[j]! + s;
  }
  if (d.intercept) {
    let s = 0;
    for (let i = i0; i < i1; i++) s += r[i]!;
    grad[k] = grad[k]! + s;
  }
}

/** ½λ Σ_{j<k} (θⱼ − cⱼ)², adding λ(θⱼ − cⱼ) to the gradient when one is given. */
export function penalty(d: LogisticData, theta: Float64Array, grad: Float64Array | null): number {
  if (d.l2 === 0) return 0;
  let s = 0;
  const c = d.centre;
  for (let j = 0; j < d.k; j++) {
    const t = c ? theta[j]! - c[j]! : theta[j]!;
    s += t * t;
    if (grad) grad[j] = grad[j]! + d.l2 * t;
  }
  return 0.5 * d.l2 * s;
}

/** Objective only: writes η and returns f(θ). One pass over the columns. */
export function logisticValue(d: LogisticData, theta: Float64Array, eta: Float64Array): number {
  const { n, y, w } = d;
  let f = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    predictorBlock(d, theta, eta, i0, i1);
    let s = 0;
    for (let i = i0; i < i1; i++) {
      const e = eta[i]!;
      s += w[i]! * ((e > 0 ? e : 0) + Math.log(1 + Math.exp(-Math.abs(e))) - y[i]! * e);
    }
    f += s;
  }
  return f + penalty(d, theta, null);
}

/**
 * Objective and gradient in one fused pass: writes η, the working residuals
 * rᵢ = wᵢ(pᵢ − yᵢ) and ∇f(θ), returns f(θ).
 */
export function logisticValueGradient(
  d: LogisticData,
  theta: Float64Array,
  eta: Float64Array,
  r: Float64Array,
  grad: Float64Array,
): number {
  const { n, y, w } = d;
  grad.fill(0);
  let f = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    predictorBlock(d, theta, eta, i0, i1);
    let s = 0;
    for (let i = i0; i < i1; i++) {
      const e = eta[i]!;
      const z = Math.exp(-Math.abs(e));
      const yi = y[i]!;
      const wi = w[i]!;
      s += wi * ((e > 0 ? e : 0) + Math.log(1 + z) - yi * e);
      r[i] = wi * ((e >= 0 ? 1 : z) / (1 + z) - yi);
    }
    f += s;
    gradientBlock(d, r, grad, i0, i1);
  }
  return f + penalty(d, theta, grad);
}

/**
 * Upper triangle of X̃ᵀ diag(v) X̃ over one block, two rows of H at a time against four
 * columns (eight accumulators: six loads per eight multiply-adds). `scratch[0, len)` holds v;
 * v∘x_a and v∘x_{a+1} go to the second and third thirds.
 */
function hessianBlock(d: LogisticData, scratch: Float64Array, hess: Float64Array, i0: number, len: number): void {
  const { k, columns } = d;
  const p = parameterCount(d);
  const A = BLOCK;
  const B = 2 * BLOCK;
  let a = 0;
  for (; a < k; a += 2) {
    const pair = a + 1 < k;
    const xa = columns[a]!;
    const xb = pair ? columns[a + 1]! : xa;
    let sa = 0;
    let sb = 0;
    for (let t = 0; t < len; t++) {
      const v = scratch[t]!;
      const u = v * xa[i0 + t]!;
      const w = v * xb[i0 + t]!;
      scratch[A + t] = u;
      scratch[B + t] = w;
      sa += u;
      sb += w;
    }
    const r0 = a * p;
    const r1 = pair ? (a + 1) * p : r0;
    if (d.intercept) {
      hess[r0 + k] = hess[r0 + k]! + sa;
      if (pair) hess[r1 + k] = hess[r1 + k]! + sb;
    }
    let b = a;
    for (; b + 3 < k; b += 4) {
      const x0 = columns[b]!, x1 = columns[b + 1]!, x2 = columns[b + 2]!, x3 = columns[b + 3]!;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
      for (let t = 0, i = i0; t < len; t++, i++) {
        const u = scratch[A + t]!;
        const w = scratch[B + t]!;
        const y0 = x0[i]!, y1 = x1[i]!, y2 = x2[i]!, y3 = x3[i]!;
        s0 += u * y0;
        s1 += u * y1;
        s2 += u * y2;
        s3 += u * y3;
        q0 += w * y0;
        q1 += w * y1;
        q2 += w * y2;
        q3 += w * y3;
      }
      hess[r0 + b] = hess[r0 + b]! + s0;
      hess[r0 + b + 1] = hess[r0 + b + 1]! + s1;
      hess[r0 + b + 2] = hess[r0 + b + 2]! + s2;
      hess[r0 + b + 3] = hess[r0 + b + 3]! + s3;
      if (pair) {
        // (a + 1, a) is below the diagonal: accumulated but overwritten by the mirror.
        hess[r1 + b] = hess[r1 + b]! + q0;
        hess[r1 + b + 1] = hess[r1 + b + 1]! + q1;
        hess[r1 + b + 2] = hess[r1 + b + 2]! + q2;
        hess[r1 + b + 3] = hess[r1 + b + 3]! + q3;
      }
    }
    for (; b < k; b++) {
      const x = columns[b]!;
      let s0 = 0;
      let q0 = 0;
      for (let t = 0, i = i0; t < len; t++, i++) {
        const y0 = x[i]!;
        s0 += scratch[A + t]! * y0;
        q0 += scratch[B + t]! * y0;
      }
      hess[r0 + b] = hess[r0 + b]! + s0;
      if (pair) hess[r1 + b] = hess[r1 + b]! + q0;
    }
  }
}

/**
 * Objective, gradient and Hessian ∇²f = X̃ᵀ diag(wᵢpᵢ(1 − pᵢ)) X̃ + λI (coefficients only) in
 * one fused pass. `hess` is p×p row-major (both triangles written); `scratch` needs
 * {@link DERIVATIVES_SCRATCH} entries.
 */
export function logisticDerivatives(
  d: LogisticData,
  theta: Float64Array,
  eta: Float64Array,
  r: Float64Array,
  grad: Float64Array,
  hess: Float64Array,
  scratch: Float64Array,
): number {
  const { n, y, w, k } = d;
  const p = parameterCount(d);
  grad.fill(0);
  hess.fill(0);
  let f = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    const len = i1 - i0;
    predictorBlock(d, theta, eta, i0, i1);
    let s = 0;
    let sv = 0;
    for (let i = i0; i < i1; i++) {
      const e = eta[i]!;
      const z = Math.exp(-Math.abs(e));
      const yi = y[i]!;
      const wi = w[i]!;
      const q = 1 / (1 + z);
      s += wi * ((e > 0 ? e : 0) + Math.log(1 + z) - yi * e);
      r[i] = wi * ((e >= 0 ? q : z * q) - yi);
      // p(1 − p) = z / (1 + z)² on both sides, without cancellation.
      const v = wi * z * q * q;
      scratch[i - i0] = v;
      sv += v;
    }
    f += s;
    gradientBlock(d, r, grad, i0, i1);
    if (d.intercept) hess[k * p + k] = hess[k * p + k]! + sv;
    hessianBlock(d, scratch, hess, i0, len);
  }
  for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) hess[b * p + a] = hess[a * p + b]!;
  for (let j = 0; j < k; j++) hess[j * p + j] = hess[j * p + j]! + d.l2;
  return f + penalty(d, theta, grad);
}

/** u = X̃·dir (no offset): how a step along `dir` moves every row's linear predictor. */
export function directionPredictor(d: LogisticData, dir: Float64Array, u: Float64Array): void {
  const { n, k, columns } = d;
  const b = d.intercept ? dir[k]! : 0;
  u.fill(b, 0, n);
  for (let j = 0; j < k; j++) {
    const c = dir[j]!;
    if (c === 0) continue;
    const x = columns[j]!;
    for (let i = 0; i < n; i++) u[i] = u[i]! + c * x[i]!;
  }
}
