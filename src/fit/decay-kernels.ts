/**
 * The three heavy loops of the decay fit (`decay-fit.ts`), as self-contained functions so that a
 * second thread can run their source text (`decay-threads.ts`): a behaviour's decayed column
 * with its moments (`columnKernel`), one pass over a range of rows for η, the loss and the
 * gradient's sums (`rowsKernel`), and the Gauss–Newton products over a range of rows
 * (`hessianKernel`). Each writes only its own outputs, so which thread runs it never changes a
 * bit of the result.
 */
import type { addDecayedSums, addDecayedTriplesByChain, addDecayedTriplesByRun } from '../stats/decay.js';
import type { logisticLoss } from '../stats/logistic.js';

/**
 * Behaviour b's compact column at half-life `halfLife`: triples (x, ∂x/∂θ, ∂²x/∂θ²) at its
 * non-zero rows, side by side in `xde`, by `byChain` through the pairs' `chain` (pairs in
 * snapshot order, a finite half-life), else summed by `byRun` (pairs in snapshot order) or through
 * `entry` by `byEntry` (xde zeroed first); and the weighted moments of the column over all rows
 * into out[at…at+3): v = E[x²] − E[x]², v′ = 2(E[x x′] − E[x]E[x′]),
 * v″ = 2(E[x′²] + E[x x″] − E[x′]² − E[x]E[x″]) (v′ = v″ = 0 when the half-life is not fitted).
 * Self-contained: `byChain` = addDecayedTriplesByChain, `byRun` = addDecayedTriplesByRun and
 * `byEntry` = addDecayedSums are passed in. Complexity: O(pairs of b), O(runs + new pairs) by the chain.
 */
export function columnKernel(
  byChain: typeof addDecayedTriplesByChain, byRun: typeof addDecayedTriplesByRun, byEntry: typeof addDecayedSums,
  snapshot: Int32Array, ageDays: Float64Array, chain: Int32Array | null, entry: Int32Array | null, halfLife: number, xde: Float64Array,
  rows: Int32Array, weights: Float64Array | null, totalWeight: number, fitted: boolean, out: Float64Array, at: number,
): void {
  if (chain && !entry && Number.isFinite(halfLife)) byChain(chain, ageDays, halfLife, xde);
  else if (entry) {
    xde.fill(0);
    // pairs in any order: per-entry sums, then side by side
    const x = new Float64Array(rows.length), d = new Float64Array(rows.length), e = new Float64Array(rows.length);
    byEntry(entry, ageDays, halfLife, x, d, e);
    for (let k = 0; k < rows.length; k++) { xde[3 * k] = x[k]!; xde[3 * k + 1] = d[k]!; xde[3 * k + 2] = e[k]!; }
  } else {
    xde.fill(0);
    byRun(snapshot, ageDays, halfLife, xde);
  }
  let mx = 0, md = 0, me = 0, mxx = 0, mxd = 0, mdd = 0, mxe = 0;
  if (weights) {
    for (let k = 0; k < rows.length; k++) {
      const wi = weights[rows[k]!]!;
      const xi = xde[3 * k]!, di = xde[3 * k + 1]!, ei = xde[3 * k + 2]!;
      mx += wi * xi; md += wi * di; me += wi * ei;
      mxx += wi * xi * xi; mxd += wi * xi * di; mdd += wi * di * di; mxe += wi * xi * ei;
    }
  } else {
    for (let k = 0; k < 3 * rows.length; k += 3) {
      const xi = xde[k]!, di = xde[k + 1]!, ei = xde[k + 2]!;
      mx += xi; md += di; me += ei;
      mxx += xi * xi; mxd += xi * di; mdd += di * di; mxe += xi * ei;
    }
  }
  const t = totalWeight;
  mx /= t; md /= t; me /= t; mxx /= t; mxd /= t; mdd /= t; mxe /= t;
  out[at] = Math.max(0, mxx - mx * mx);
  out[at + 1] = fitted ? 2 * (mxd - mx * md) : 0;
  out[at + 2] = fitted ? 2 * (mdd + mxe - md * md - mx * me) : 0;
}

/**
 * The products of the Gauss–Newton matrix JᵀWJ summed over the rows of runs [runFrom, runTo)
 * into H (size×size, zeroed first; each product on one triangle only: the caller folds). A run
 * is a stretch of rows with the same static entries (rowCode[rowStart[i]…behaviorStart[i]): the
 * intercept and 0/1 indicators), so their products with each other and with the behaviour
 * entries are summed over the run first and added once. A row's behaviour entries are x_b and
 * β_b ∂x_b/∂θ_b (behaviours sharing a θ summed when `tied`), read from the compact columns'
 * triples, all in `flat` (behaviour b's from its own offset on, in row order: each behaviour's
 * rows ascend), through one cursor per behaviour starting at cursorStart[b].
 *
 * When every behaviour has its own fitted θ (and not `general`), a behaviour's two entries are
 * handled as a pair and the products among the behaviours' entries go into a small block L
 * (2kb × 2kb, slot 2b for x_b and 2b + 1 for θ_b) copied into H at the end, each row's products
 * with its earlier entries taken as each entry is read: every cell of H receives the same
 * additions in the same order of rows as in the general loop, so the same bits (tested).
 * Complexity: O(Σ_rows entries² + runs · static entries · (static + touched) entries).
 */
export function hessianKernel(
  runFrom: number, runTo: number, runStart: Int32Array, rowStart: Int32Array, rowCode: Int32Array, behaviorStart: Int32Array,
  thetaOf: Int32Array, flat: Float64Array, cursorStart: Int32Array, W: Float64Array, beta: Float64Array,
  ks: number, kb: number, size: number, tied: boolean, withTheta: boolean, H: Float64Array, general = false,
): void {
  H.fill(0);
  let paired = !general && !tied && withTheta;
  for (let b = 0; paired && b < kb; b++) paired = thetaOf[b]! >= 0;
  const cur = Int32Array.from(cursorStart);
  const idx = new Int32Array(1 + 3 * (ks + kb));
  const val = new Float64Array(1 + 3 * (ks + kb));
  const at = new Int32Array(size).fill(-1); // position of a tied θ in the row's entries
  const acc = new Float64Array(size); // the run's sums of each behaviour entry (its products with the static entries)
  const touched = new Int32Array(size);
  const isTouched = new Uint8Array(size);
  // the paired loop's block, and the row's entries so far: their rows of L, their values scaled by 1/w
  const D = 2 * kb;
  const L = new Float64Array(paired ? D * D : 0);
  const rowOf = new Int32Array(kb);
  const vx = new Float64Array(kb), vt = new Float64Array(kb);
  for (let r = runFrom; r < runTo; r++) {
    const r0 = runStart[r]!, r1 = runStart[r + 1]!;
    let wsum = 0;
    let nt = 0;
    for (let i = r0; i < r1; i++) {
      const w = W[i]!;
      const end = rowStart[i + 1]!;
      if (w === 0) {
        for (let q = behaviorStart[i]!; q < end; q++) cur[rowCode[q]! - ks]! += 3;
        continue;
      }
      wsum += w;
      const inv = 1 / w;
      if (paired) {
        let k = 0;
        for (let q = behaviorStart[i]!; q < end; q++, k++) {
          const bl = rowCode[q]! - ks;
          const e = cur[bl]!;
          cur[bl] = e + 3;
          const c = w * flat[e]!, d = w * beta[bl]! * flat[e + 1]!;
          const cl = 2 * bl;
          for (let j = 0; j < k; j++) {
            const rx = rowOf[j]!, ai = vx[j]!, bi = vt[j]!;
            L[rx + cl]! += ai * c;
            L[rx + cl + 1]! += ai * d;
            L[rx + D + cl]! += bi * c;
            L[rx + D + cl + 1]! += bi * d;
          }
          const xl = 1 + ks + bl, tl = thetaOf[bl]!;
          if (!isTouched[xl]) { isTouched[xl] = 1; touched[nt++] = xl; touched[nt++] = tl; }
          acc[xl]! += c;
          acc[tl]! += d;
          const ci = c * inv, di = d * inv;
          const rl = cl * D;
          L[rl + cl]! += ci * c;
          L[rl + cl + 1]! += ci * d;
          L[rl + D + cl + 1]! += di * d;
          rowOf[k] = rl;
          vx[k] = ci;
          vt[k] = di;
        }
        continue;
      }
      let m = 0;
      for (let q = behaviorStart[i]!; q < end; q++) {
        const bb = rowCode[q]! - ks;
        const k = cur[bb]!;
        cur[bb] = k + 3;
        idx[m] = 1 + ks + bb;
        val[m++] = w * flat[k]!;
        const t = withTheta ? thetaOf[bb]! : -1;
        if (t < 0) continue;
        const v = w * beta[bb]! * flat[k + 1]!;
        if (tied) {
          if (at[t]! >= 0) { val[at[t]!]! += v; continue; }
          at[t] = m;
        }
        idx[m] = t;
        val[m++] = v;
      }
      // val holds w·J: products with the static entries are val (into the run's sums), with each other val·val/w
      for (let a = 0; a < m; a++) {
        const va = val[a]!;
        const ia = idx[a]!;
        if (!isTouched[ia]) { isTouched[ia] = 1; touched[nt++] = ia; }
        acc[ia]! += va;
        const row = ia * size;
        const vi = va * inv;
        for (let c = a; c < m; c++) H[row + idx[c]!]! += vi * val[c]!;
        if (tied) at[ia] = -1;
      }
    }
    if (nt === 0 && wsum === 0) continue;
    // the run's static entries: the intercept and its indicators (value 1 on every row of the run)
    let ns = 1;
    idx[0] = 0;
    for (let q = rowStart[r0]!; q < behaviorStart[r0]!; q++) idx[ns++] = 1 + rowCode[q]!;
    for (let a = 0; a < ns; a++) {
      const row = idx[a]! * size;
      for (let c = a; c < ns; c++) H[row + idx[c]!]! += wsum;
    }
    for (let u = 0; u < nt; u++) {
      const ia = touched[u]!;
      const s = acc[ia]!;
      acc[ia] = 0;
      isTouched[ia] = 0;
      for (let c = 0; c < ns; c++) H[idx[c]! * size + ia]! += s;
    }
  }
  if (!paired) return;
  // the block into H, each product where the general loop puts it (x_j before x_l and θ_l; θ after every x)
  for (let j = 0; j < kb; j++) {
    const xj = (1 + ks + j) * size, tj = thetaOf[j]! * size;
    for (let l = j; l < kb; l++) {
      const xl = 1 + ks + l, tl = thetaOf[l]!;
      H[xj + xl] = L[2 * j * D + 2 * l]!;
      H[xj + tl] = L[2 * j * D + 2 * l + 1]!;
      if (l > j) H[tj + xl] = L[(2 * j + 1) * D + 2 * l]!;
      H[tj + tl] = L[(2 * j + 1) * D + 2 * l + 1]!;
    }
  }
}

/**
 * One pass over the rows of runs [runFrom, runTo) at the point `point` ([β₀, β_static…,
 * β_behaviour…, θ…]): the linear predictor η_i = β₀ + Σ static β + offset_i + Σ_b β_b x_ib into
 * eta, the loss and its residuals r and curvatures W by `loss` (= logisticLoss, passed in), and
 * into out[at…): the loss, then Σ r over the rows and Σ r of each static indicator (1 + ks); the
 * behaviours' sums come from `behaviorSums`. A run shares its static entries, so their sums are
 * taken once per run. The compact columns' triples are read from `flat` in row order through
 * one cursor per behaviour starting at cursorStart[b]. Complexity: O(rows + entries).
 */
export function rowsKernel(
  loss: typeof logisticLoss, runFrom: number, runTo: number, runStart: Int32Array, rowStart: Int32Array, rowCode: Int32Array, behaviorStart: Int32Array,
  flat: Float64Array, cursorStart: Int32Array, point: Float64Array, ks: number,
  labels: Uint8Array, weights: Float64Array | null, offset: Float64Array | null, eta: Float64Array, r: Float64Array, W: Float64Array, out: Float64Array, at: number,
): void {
  const i0 = runStart[runFrom]!, i1 = runStart[runTo]!;
  const G = at + 1;
  out.fill(0, at, G + 1 + ks);
  const cur = Int32Array.from(cursorStart);
  for (let u = runFrom; u < runTo; u++) {
    const r0 = runStart[u]!;
    let s = point[0]!;
    for (let q = rowStart[r0]!; q < behaviorStart[r0]!; q++) s += point[1 + rowCode[q]!]!;
    for (let i = r0; i < runStart[u + 1]!; i++) {
      let v = offset ? s + offset[i]! : s;
      for (let q = behaviorStart[i]!; q < rowStart[i + 1]!; q++) {
        const b = rowCode[q]! - ks;
        const e = cur[b]!;
        cur[b] = e + 3;
        v += point[1 + ks + b]! * flat[e]!;
      }
      eta[i] = v;
    }
  }
  out[at] = loss(eta.subarray(i0, i1), labels.subarray(i0, i1), weights ? weights.subarray(i0, i1) : null, r.subarray(i0, i1), W.subarray(i0, i1));
  for (let u = runFrom; u < runTo; u++) {
    const r0 = runStart[u]!;
    let sr = 0;
    for (let i = r0; i < runStart[u + 1]!; i++) sr += r[i]!;
    out[G]! += sr;
    for (let q = rowStart[r0]!; q < behaviorStart[r0]!; q++) out[G + 1 + rowCode[q]!]! += sr;
  }
}

/**
 * Behaviour b's sums over its non-zero rows of r x_b, r ∂x_b/∂θ and r ∂²x_b/∂θ² (its compact
 * column's triples xde, rows ascending) into out[gAt], out[dAt], out[eAt]: the gradient's and the
 * Hessian's second-order terms. Complexity: O(non-zero rows of b).
 */
export function behaviorSums(r: Float64Array, rows: Int32Array, xde: Float64Array, out: Float64Array, gAt: number, dAt: number, eAt: number): void {
  let sx = 0, sd = 0, se = 0;
  for (let k = 0; k < rows.length; k++) {
    const ri = r[rows[k]!]!;
    sx += ri * xde[3 * k]!;
    sd += ri * xde[3 * k + 1]!;
    se += ri * xde[3 * k + 2]!;
  }
  out[gAt] = sx;
  out[dAt] = sd;
  out[eAt] = se;
}
