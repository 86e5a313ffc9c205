/**
 * A preconditioner for L-BFGS on logistic regression: H₀ = (∇²f)⁻¹ at the start point, with
 * the Hessian estimated from an evenly strided subsample of rows whose weights are scaled up
 * to the total. L-BFGS then starts from a Newton-like model that already knows the scale and
 * correlation of the columns, and its updates only correct for how the weights pᵢ(1 − pᵢ)
 * change along the way: on 1M × 30 data this halves the number of passes over the data.
 *
 * The subsample is deterministic (runs of 8 consecutive rows spread evenly over the data), so
 * fits stay reproducible. Its size m
 * is capped so that the O(m·p²) Hessian costs at most about four O(n·p) evaluations.
 */
import type { InitialInverseHessian } from './lbfgs-memory.js';
import { choleskyInPlace, choleskySolve } from './linalg.js';
import { DERIVATIVES_SCRATCH, logisticDerivatives, parameterCount, type LogisticData } from './logistic-kernel.js';

/** Above this many parameters the p×p factor costs more than it saves. */
export const PRECONDITION_MAX_PARAMETERS = 200;
const SAMPLE_ROWS = 50_000;

/** Consecutive rows per sampled run: one 64-byte cache line of each column. */
const RUN = 8;

/** m rows of a column: runs of RUN consecutive rows spread evenly over all n rows. */
function strided(x: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m);
  const runs = Math.ceil(m / RUN);
  const spacing = n / runs;
  for (let s = 0; s < m; s++) out[s] = x[Math.min(n - 1, Math.floor(Math.floor(s / RUN) * spacing) + (s % RUN))]!;
  return out;
}

/**
 * Returns v ↦ H̃⁻¹v for the subsampled penalised Hessian H̃ at `theta`, or null when there are
 * too many parameters or H̃ is not positive definite even with a small ridge.
 * Complexity O(m·p² + p³) once, O(p²) per application.
 */
export function logisticPreconditioner(d: LogisticData, theta: Float64Array): InitialInverseHessian | null {
  const p = parameterCount(d);
  if (p === 0 || p > PRECONDITION_MAX_PARAMETERS) return null;
  const n = d.n;
  const m = Math.min(n, SAMPLE_ROWS, Math.max(4 * p, Math.ceil((16 * n) / p)));
  let sample = d;
  if (m < n) {
    const w = strided(d.w, m, n);
    let sampleWeight = 0;
    for (let s = 0; s < m; s++) sampleWeight += w[s]!;
    if (!(sampleWeight > 0)) return null;
    const scale = d.totalWeight / sampleWeight;
    for (let s = 0; s < m; s++) w[s] = w[s]! * scale;
    sample = {
      n: m,
      k: d.k,
      columns: d.columns.map((x) => strided(x, m, n)),
      intercept: d.intercept,
      y: strided(d.y, m, n),
      w,
      offset: strided(d.offset, m, n),
      l2: d.l2,
      centre: d.centre,
      totalWeight: d.totalWeight,
    };
  }
  const hess = new Float64Array(p * p);
  logisticDerivatives(sample, theta, new Float64Array(sample.n), new Float64Array(sample.n), new Float64Array(p), hess, new Float64Array(DERIVATIVES_SCRATCH));
  let trace = 0;
  for (let i = 0; i < p; i++) trace += hess[i * p + i]!;
  // Rank-deficient sample (e.g. a rare binary column never set in it): a small ridge.
  const ridge = 1e-4 * (trace / p);
  const full = factorBlock(hess, p, null, 0) ?? factorBlock(hess, p, null, ridge);
  if (!full) return null;

  // Bounded fits need the free block; it is factorised again only when the free set changes.
  const freeSet = new Uint8Array(p);
  let block: Factor | null = null;
  const compact = new Float64Array(p);
  return (v, free) => {
    if (!free || free.every((f) => f === 1)) {
      choleskySolve(full.factor, p, v);
      return;
    }
    if (!block || !free.every((f, i) => f === freeSet[i])) {
      freeSet.set(free);
      block = factorBlock(hess, p, free, 0) ?? factorBlock(hess, p, free, ridge);
    }
    if (!block) return; // keeps v: H₀ = I on the free block
    const { index, factor } = block;
    for (let a = 0; a < index.length; a++) compact[a] = v[index[a]!]!;
    const sub = compact.subarray(0, index.length);
    choleskySolve(factor, index.length, sub);
    for (let a = 0; a < index.length; a++) v[index[a]!] = sub[a]!;
  };
}

interface Factor {
  index: number[];
  factor: Float64Array;
}

/** Cholesky factor of (H + ridge·I) restricted to `free` (all when null), or null if singular. */
function factorBlock(hess: Float64Array, p: number, free: Uint8Array | null, ridge: number): Factor | null {
  const index: number[] = [];
  for (let i = 0; i < p; i++) if (!free || free[i]) index.push(i);
  const m = index.length;
  const factor = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) factor[a * m + b] = hess[index[a]! * p + index[b]!]!;
    factor[a * m + a] = factor[a * m + a]! + ridge;
  }
  return choleskyInPlace(factor, m) < 0 ? { index, factor } : null;
}
