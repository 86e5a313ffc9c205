/**
 * Exact per-prediction contributions of the ensemble (TreeSHAP, Lundberg, Erion & Lee 2018,
 * "Consistent individualized feature attribution for tree ensembles", Algorithm 2): the Shapley
 * values of each feature for the raw score, with the training rows that reached each node as
 * the cover. For every row, expected value + Σ contributions = raw score (up to rounding).
 * Cost per row: O(trees · leaves · depth²).
 */
import { checkDesign } from './check.js';
import type { GbmDesign, GbmModel, GbmTree } from './types.js';

/** One element of the path of unique features: feature, zero and one fractions, weight. */
interface Path {
  d: Int32Array;
  z: Float64Array;
  o: Float64Array;
  w: Float64Array;
  length: number;
}

function newPath(size: number): Path {
  return { d: new Int32Array(size), z: new Float64Array(size), o: new Float64Array(size), w: new Float64Array(size), length: 0 };
}

function copyPath(from: Path, to: Path): void {
  const l = from.length;
  to.d.set(from.d.subarray(0, l));
  to.z.set(from.z.subarray(0, l));
  to.o.set(from.o.subarray(0, l));
  to.w.set(from.w.subarray(0, l));
  to.length = l;
}

function extend(m: Path, pz: number, po: number, pi: number): void {
  const l = m.length;
  m.d[l] = pi;
  m.z[l] = pz;
  m.o[l] = po;
  m.w[l] = l === 0 ? 1 : 0;
  for (let i = l - 1; i >= 0; i--) {
    m.w[i + 1] += (po * m.w[i]! * (i + 1)) / (l + 1);
    m.w[i] = (pz * m.w[i]! * (l - i)) / (l + 1);
  }
  m.length = l + 1;
}

function unwind(m: Path, i: number): void {
  const l = m.length - 1;
  const o = m.o[i]!;
  const z = m.z[i]!;
  let n = m.w[l]!;
  for (let j = l - 1; j >= 0; j--) {
    if (o !== 0) {
      const t = m.w[j]!;
      m.w[j] = (n * (l + 1)) / ((j + 1) * o);
      n = t - (m.w[j]! * z * (l - j)) / (l + 1);
    } else m.w[j] = (m.w[j]! * (l + 1)) / (z * (l - j));
  }
  for (let j = i; j < l; j++) {
    m.d[j] = m.d[j + 1]!;
    m.z[j] = m.z[j + 1]!;
    m.o[j] = m.o[j + 1]!;
  }
  m.length = l;
}

/** Σ of the weights of `m` with element i unwound, without changing `m`. */
function unwoundSum(m: Path, i: number): number {
  const l = m.length - 1;
  const o = m.o[i]!;
  const z = m.z[i]!;
  let n = m.w[l]!;
  let total = 0;
  for (let j = l - 1; j >= 0; j--) {
    if (o !== 0) {
      const t = (n * (l + 1)) / ((j + 1) * o);
      total += t;
      n = m.w[j]! - (t * z * (l - j)) / (l + 1);
    } else total += (m.w[j]! * (l + 1)) / (z * (l - j));
  }
  return total;
}

function depthOf(t: GbmTree, k = 0): number {
  return t.feature[k]! < 0 ? 0 : 1 + Math.max(depthOf(t, t.left[k]!), depthOf(t, t.right[k]!));
}

/** Add one tree's contributions for row `row` into phi (length = features). */
function treeShapRow(t: GbmTree, columns: Float64Array[], row: number, phi: Float64Array, paths: Path[]): void {
  const recurse = (k: number, level: number, parent: Path, pz: number, po: number, pi: number): void => {
    const m = paths[level]!;
    copyPath(parent, m);
    extend(m, pz, po, pi);
    const f = t.feature[k]!;
    if (f < 0) {
      const v = t.value[k]!;
      for (let i = 1; i < m.length; i++) phi[m.d[i]!] += unwoundSum(m, i) * (m.o[i]! - m.z[i]!) * v;
      return;
    }
    const x = columns[f]![row]!;
    const goLeft = x <= t.threshold[k]! || (x !== x && t.missingLeft[k] === 1);
    const hot = goLeft ? t.left[k]! : t.right[k]!;
    const cold = goLeft ? t.right[k]! : t.left[k]!;
    let iz = 1;
    let io = 1;
    for (let i = 1; i < m.length; i++) {
      if (m.d[i] === f) {
        iz = m.z[i]!;
        io = m.o[i]!;
        unwind(m, i);
        break;
      }
    }
    const rk = t.count[k]!;
    recurse(hot, level + 1, m, (iz * t.count[hot]!) / rk, io, f);
    recurse(cold, level + 1, m, (iz * t.count[cold]!) / rk, 0, f);
  };
  recurse(0, 1, paths[0]!, 1, 1, -1);
}

/** The cover-weighted mean leaf value of a tree: its expected contribution. */
function treeExpectation(t: GbmTree): number {
  let s = 0;
  for (let k = 0; k < t.feature.length; k++) if (t.feature[k]! < 0) s += t.count[k]! * t.value[k]!;
  return s / t.count[0]!;
}

/**
 * Exact Shapley contributions of each feature to each row's raw score (log-odds).
 *
 * @returns `expectedValue` (baseline + the trees' cover-weighted means) and one Float64Array per
 * feature of per-row contributions; expectedValue + Σ_j contributions[j][i] = raw score of row i.
 * @example
 * const { expectedValue, contributions } = gbmContributions(model, X);
 * expectedValue + contributions.reduce((s, c) => s + c[0], 0) // => predictGbmRaw(model, X)[0]
 */
export function gbmContributions(model: GbmModel, X: GbmDesign): { expectedValue: number; contributions: Float64Array[] } {
  checkDesign(X, 'X', model.features);
  const contributions = X.columns.map(() => new Float64Array(X.rows));
  let expectedValue = model.baseline;
  const phi = new Float64Array(model.features);
  for (const t of model.trees) {
    expectedValue += treeExpectation(t);
    const depth = depthOf(t);
    const paths = Array.from({ length: depth + 3 }, () => newPath(depth + 3));
    for (let i = 0; i < X.rows; i++) {
      phi.fill(0);
      treeShapRow(t, X.columns, i, phi, paths);
      for (let j = 0; j < phi.length; j++) if (phi[j] !== 0) contributions[j]![i] += phi[j]!;
    }
  }
  return { expectedValue, contributions };
}
