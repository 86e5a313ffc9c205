/**
 * Small dense linear algebra for the Newton solver and standard errors: Cholesky factorisation
 * of a symmetric positive-definite matrix, solves and the inverse. Matrices are row-major
 * `Float64Array`s of size n×n where n is the number of model parameters (tens), so plain
 * O(n³) loops are the right tool; nothing here allocates except {@link choleskyInverse}'s
 * output when none is given.
 */

/**
 * Cholesky factorisation A = L·Lᵀ in place. Only the lower triangle of `a` is read; on return
 * it holds L (the strict upper triangle is left as it was).
 *
 * A pivot is rejected when it is not above `pivotTolerance` times the original diagonal entry:
 * d_j = A_jj − Σ_{m<j} L_jm² is the part of column j not explained by the earlier columns (in
 * the metric of A), so a tiny ratio means column j is numerically a combination of the others.
 *
 * Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), Algorithm 4.2.1;
 * https://en.wikipedia.org/wiki/Cholesky_decomposition. Complexity O(n³/3), no allocation.
 *
 * @returns -1 on success, else the index of the first rejected pivot (`a` is then partly
 *   overwritten).
 * @example
 * const a = new Float64Array([4, 0, 2, 5]); // [[4, 2], [2, 5]], upper entry ignored
 * choleskyInPlace(a, 2); // => -1
 * Array.from(a) // => [2, 0, 1, 2]
 */
export function choleskyInPlace(a: Float64Array, n: number, pivotTolerance = 1e-13): number {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j]!;
    const original = d;
    for (let m = 0; m < j; m++) d -= a[rowJ + m]! * a[rowJ + m]!;
    if (!(d > pivotTolerance * original) || !(d > 0)) return j;
    const ljj = Math.sqrt(d);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j]!;
      for (let m = 0; m < j; m++) s -= a[rowI + m]! * a[rowJ + m]!;
      a[rowI + j] = s / ljj;
    }
  }
  return -1;
}

/**
 * Solve (L·Lᵀ)·x = b in place (`b` becomes x), given the factor from {@link choleskyInPlace}.
 * Complexity O(n²), no allocation.
 *
 * @example
 * const l = new Float64Array([2, 0, 1, 2]);
 * const b = new Float64Array([6, 12]); // [[4, 2], [2, 5]]·x = b
 * choleskySolve(l, 2, b); Array.from(b) // => [0.375, 2.25]
 */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const row = i * n;
    for (let m = 0; m < i; m++) s -= l[row + m]! * b[m]!;
    b[i] = s / l[row + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let m = i + 1; m < n; m++) s -= l[m * n + i]! * b[m]!;
    b[i] = s / l[i * n + i]!;
  }
}

/**
 * Inverse (L·Lᵀ)⁻¹ from a Cholesky factor, as a full symmetric row-major matrix: solves for
 * each unit vector. Used for standard errors, where the diagonal of the inverse Hessian is the
 * variance of each estimate. Complexity O(n³).
 *
 * @example
 * const l = new Float64Array([2, 0, 1, 2]);
 * Array.from(choleskyInverse(l, 2)) // => [0.3125, -0.125, -0.125, 0.25]
 */
export function choleskyInverse(l: Float64Array, n: number, out = new Float64Array(n * n)): Float64Array {
  const column = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    column.fill(0);
    column[c] = 1;
    choleskySolve(l, n, column);
    for (let r = 0; r < n; r++) out[r * n + c] = column[r]!;
  }
  return out;
}
