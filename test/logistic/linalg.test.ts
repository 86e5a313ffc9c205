import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskyInverse, choleskySolve } from '../../src/logistic/linalg.js';
import { createRandom } from '../../src/random.js';

describe('Cholesky', () => {
  it('matches the @example values', () => {
    const a = new Float64Array([4, 0, 2, 5]);
    expect(choleskyInPlace(a, 2)).toBe(-1);
    expect(Array.from(a)).toEqual([2, 0, 1, 2]);
    const rhs = new Float64Array([6, 12]);
    choleskySolve(a, 2, rhs);
    expect(Array.from(rhs)).toEqual([0.375, 2.25]);
    expect(Array.from(choleskyInverse(a, 2))).toEqual([0.3125, -0.125, -0.125, 0.25]);
  });

  it('solves and inverts a random 8×8 positive-definite matrix', () => {
    const random = createRandom(5);
    const n = 8;
    const b = Array.from({ length: n * n }, () => random.normal());
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 0.5 : 0;
      for (let m = 0; m < n; m++) s += b[i * n + m]! * b[j * n + m]!;
      a[i * n + j] = s;
    }
    const l = Float64Array.from(a);
    expect(choleskyInPlace(l, n)).toBe(-1);
    const inverse = choleskyInverse(l, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let m = 0; m < n; m++) s += a[i * n + m]! * inverse[m * n + j]!;
      expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
    }
    const x = Float64Array.from({ length: n }, (_, i) => i - 3);
    const rhs = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let m = 0; m < n; m++) rhs[i] = rhs[i]! + a[i * n + m]! * x[m]!;
    choleskySolve(l, n, rhs);
    for (let i = 0; i < n; i++) expect(rhs[i]).toBeCloseTo(x[i]!, 10);
  });

  it('reports the first pivot that is not positive', () => {
    // third column = first + second
    const a = new Float64Array([2, 0, 0, 1, 3, 0, 3, 4, 7]);
    expect(choleskyInPlace(a, 3)).toBe(2);
    expect(choleskyInPlace(new Float64Array([-1, 0, 0, 1]), 2)).toBe(0);
    expect(choleskyInPlace(new Float64Array([NaN]), 1)).toBe(0);
  });
});
