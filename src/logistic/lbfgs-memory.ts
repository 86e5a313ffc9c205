/**
 * The limited memory of L-BFGS: the last m pairs sₖ = xₖ₊₁ − xₖ, yₖ = ∇fₖ₊₁ − ∇fₖ in a ring
 * buffer, and the two-loop recursion that applies the implied inverse-Hessian approximation
 * to a gradient without forming a matrix.
 */

export interface LbfgsMemory {
  readonly m: number;
  readonly s: Float64Array[];
  readonly y: Float64Array[];
  /** Scratch for the recursion's α coefficients and restricted 1/(sᵀy). */
  readonly alpha: Float64Array;
  readonly rho: Float64Array;
  /** Pairs stored (≤ m) and the slot of the newest one. */
  count: number;
  newest: number;
}

export function createMemory(m: number, p: number): LbfgsMemory {
  return {
    m,
    s: Array.from({ length: m }, () => new Float64Array(p)),
    y: Array.from({ length: m }, () => new Float64Array(p)),
    alpha: new Float64Array(m),
    rho: new Float64Array(m),
    count: 0,
    newest: -1,
  };
}

export function resetMemory(memory: LbfgsMemory): void {
  memory.count = 0;
  memory.newest = -1;
}

/**
 * Store the pair (x₊ − x, g₊ − g) unless its curvature sᵀy is not safely positive (then the
 * BFGS update would lose positive definiteness, so the pair is skipped). Returns whether it
 * was stored.
 */
export function pushPair(
  memory: LbfgsMemory,
  xNew: Float64Array,
  x: Float64Array,
  gNew: Float64Array,
  g: Float64Array,
): boolean {
  const slot = (memory.newest + 1) % memory.m;
  const s = memory.s[slot]!;
  const y = memory.y[slot]!;
  let sy = 0;
  let yy = 0;
  for (let i = 0; i < x.length; i++) {
    const si = xNew[i]! - x[i]!;
    const yi = gNew[i]! - g[i]!;
    s[i] = si;
    y[i] = yi;
    sy += si * yi;
    yy += yi * yi;
  }
  if (!(sy > 2.2e-16 * yy) || !Number.isFinite(sy)) return false;
  memory.newest = slot;
  memory.count = Math.min(memory.count + 1, memory.m);
  return true;
}

/**
 * Applies an initial inverse-Hessian approximation H₀ in place (v ← H₀·v); H₀ must be
 * symmetric positive definite. With `free`, v is 0 off the free coordinates and the map must
 * act as the inverse of the free block of the Hessian approximation (and keep those zeros).
 * A good H₀ (a preconditioner) cuts the iterations L-BFGS needs.
 */
export type InitialInverseHessian = (v: Float64Array, free: Uint8Array | null) => void;

/**
 * d = −Hₖ·g by the two-loop recursion (Nocedal & Wright, *Numerical Optimization*, 2nd ed.,
 * Algorithm 7.4), with H₀ = γI and γ = sᵀy / yᵀy of the newest pair (eq. 7.20), or the given
 * `initial` H₀ (N&W §7.2 allows any positive-definite H₀).
 *
 * When `free` is given, every inner product runs over the free coordinates only and d is 0
 * elsewhere: this is the L-BFGS matrix of the problem restricted to the free variables (pairs
 * whose restricted curvature is not positive are left out). Complexity O(m·p).
 */
export function twoLoop(
  memory: LbfgsMemory,
  g: Float64Array,
  d: Float64Array,
  free: Uint8Array | null,
  initial: InitialInverseHessian | null = null,
): void {
  const p = g.length;
  for (let i = 0; i < p; i++) d[i] = free && !free[i] ? 0 : -g[i]!;
  const { m, s, y, alpha, rho } = memory;
  let gamma = 1;
  let haveGamma = false;
  for (let c = 0, slot = memory.newest; c < memory.count; c++, slot = (slot - 1 + m) % m) {
    const sv = s[slot]!;
    const yv = y[slot]!;
    let sy = 0;
    let yy = 0;
    let sd = 0;
    for (let i = 0; i < p; i++) {
      if (free && !free[i]) continue;
      sy += sv[i]! * yv[i]!;
      yy += yv[i]! * yv[i]!;
      sd += sv[i]! * d[i]!;
    }
    if (!(sy > 2.2e-16 * yy)) {
      rho[slot] = 0;
      alpha[slot] = 0;
      continue;
    }
    if (!haveGamma) {
      gamma = sy / yy;
      haveGamma = true;
    }
    rho[slot] = 1 / sy;
    const a = sd / sy;
    alpha[slot] = a;
    for (let i = 0; i < p; i++) if (!free || free[i]) d[i] = d[i]! - a * yv[i]!;
  }
  if (initial) initial(d, free);
  else for (let i = 0; i < p; i++) d[i] = d[i]! * gamma;
  for (let c = 0, slot = (memory.newest - memory.count + 1 + m) % m; c < memory.count; c++, slot = (slot + 1) % m) {
    if (rho[slot] === 0) continue;
    const sv = s[slot]!;
    const yv = y[slot]!;
    let yd = 0;
    for (let i = 0; i < p; i++) if (!free || free[i]) yd += yv[i]! * d[i]!;
    const b = alpha[slot]! - rho[slot]! * yd;
    for (let i = 0; i < p; i++) if (!free || free[i]) d[i] = d[i]! + b * sv[i]!;
  }
}

/**
 * The search direction d = −H·g of one L-BFGS iteration (over the `free` variables when given)
 * and its slope gᵀd. When rounding makes it no descent direction, the memory and the initial
 * matrix are dropped and d is recomputed from H₀ = I; the caller keeps the returned `initial`.
 */
export function descentDirection(
  memory: LbfgsMemory,
  g: Float64Array,
  d: Float64Array,
  free: Uint8Array | null,
  initial: InitialInverseHessian | null,
): { slope: number; initial: InitialInverseHessian | null } {
  twoLoop(memory, g, d, free, initial);
  let slope = 0;
  for (let i = 0; i < g.length; i++) slope += g[i]! * d[i]!;
  if (slope < 0) return { slope, initial };
  resetMemory(memory);
  twoLoop(memory, g, d, free);
  slope = 0;
  for (let i = 0; i < g.length; i++) slope += g[i]! * d[i]!;
  return { slope, initial: null };
}
