/** optimiseLBFGS as a general minimiser: unconstrained, boxed, stopping reasons, bad arguments. */
import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../../src/errors.js';
import { optimiseLBFGS, type LbfgsOptions, type Objective } from '../../src/logistic/lbfgs.js';
import { maxDiff } from '../fit/fixture.js';

const rosenbrock: Objective = (x, g) => {
  const a = 1 - x[0]!;
  const b = x[1]! - x[0]! * x[0]!;
  g[0] = -2 * a - 400 * x[0]! * b;
  g[1] = 200 * b;
  return a * a + 100 * b * b;
};

/** f(x) = ½xᵀAx − bᵀx for a fixed positive-definite A (minimum A⁻¹b). */
const A = [
  [4, 1, 0.5],
  [1, 3, -0.4],
  [0.5, -0.4, 2],
];
const b = [1, -2, 0.5];
const quadratic: Objective = (x, g) => {
  let f = 0;
  for (let i = 0; i < 3; i++) {
    let ax = 0;
    for (let j = 0; j < 3; j++) ax += A[i]![j]! * x[j]!;
    g[i] = ax - b[i]!;
    f += 0.5 * x[i]! * ax - b[i]! * x[i]!;
  }
  return f;
};

describe('optimiseLBFGS', () => {
  it('matches its @example (Rosenbrock)', () => {
    const r = optimiseLBFGS(rosenbrock, [-1.2, 1], { gradientTolerance: 1e-10 });
    expect([r.converged, r.x[0]!.toFixed(6), r.x[1]!.toFixed(6)]).toEqual([true, '1.000000', '1.000000']);
    expect(r.reason).toBe('gradient');
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-10);
    expect(r.evaluations).toBeGreaterThanOrEqual(r.iterations);
  });

  it('solves a quadratic to machine precision', () => {
    // A⁻¹b by Cramer's rule on the 3×3 system
    const det = (m: number[][]): number =>
      m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
      m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
      m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
    const solution = [0, 1, 2].map((c) => det(A.map((row, i) => row.map((v, j) => (j === c ? b[i]! : v)))) / det(A));
    const r = optimiseLBFGS(quadratic, [10, -10, 3], { gradientTolerance: 1e-13 });
    expect(r.converged).toBe(true);
    expect(maxDiff(r.x, solution)).toBeLessThan(1e-12);
  });

  it('takes a Newton step from an exact preconditioner', () => {
    // H₀ = A⁻¹ makes the first step the exact minimiser of the quadratic
    const solve = (v: Float64Array): void => {
      const x = optimiseLBFGS((z, g) => {
        let f = 0;
        for (let i = 0; i < 3; i++) {
          let az = 0;
          for (let j = 0; j < 3; j++) az += A[i]![j]! * z[j]!;
          g[i] = az - v[i]!;
          f += 0.5 * z[i]! * az - v[i]! * z[i]!;
        }
        return f;
      }, [0, 0, 0], { gradientTolerance: 1e-14 }).x;
      v.set(x);
    };
    const plain = optimiseLBFGS(quadratic, [10, -10, 3], { gradientTolerance: 1e-12 });
    const pre = optimiseLBFGS(quadratic, [10, -10, 3], { gradientTolerance: 1e-12, initialInverseHessian: solve });
    expect(pre.iterations).toBe(1);
    expect(pre.iterations).toBeLessThan(plain.iterations);
    expect(maxDiff(pre.x, plain.x)).toBeLessThan(1e-12);
  });

  it('minimises a 100-dimensional extended Rosenbrock', () => {
    const n = 100;
    const f: Objective = (x, g) => {
      let v = 0;
      g.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const a = 1 - x[i]!;
        const c = x[i + 1]! - x[i]! * x[i]!;
        v += a * a + 100 * c * c;
        g[i] = g[i]! - 2 * a - 400 * x[i]! * c;
        g[i + 1] = g[i + 1]! + 200 * c;
      }
      return v;
    };
    const r = optimiseLBFGS(f, new Float64Array(n).fill(0.5), { gradientTolerance: 1e-9 });
    expect(r.converged).toBe(true);
    expect(maxDiff(r.x, new Float64Array(n).fill(1))).toBeLessThan(1e-8);
  });

  it('keeps active bounds exactly and solves the free part', () => {
    // minimum of (x − 3)² + (y + 1)² + (x − y)²/2 over 0 ≤ x ≤ 1, y free: x = 1, ∂/∂y = 0 → y = −1/3
    const f: Objective = (x, g) => {
      g[0] = 2 * (x[0]! - 3) + (x[0]! - x[1]!);
      g[1] = 2 * (x[1]! + 1) - (x[0]! - x[1]!);
      return (x[0]! - 3) ** 2 + (x[1]! + 1) ** 2 + (x[0]! - x[1]!) ** 2 / 2;
    };
    const r = optimiseLBFGS(f, [0.5, 5], { lower: [0, -Infinity], upper: [1, Infinity], gradientTolerance: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBe(1);
    expect(r.x[1]).toBeCloseTo(-1 / 3, 12);
    // Rosenbrock in a box whose corner is the answer
    const box = optimiseLBFGS(rosenbrock, [-1.2, 1], { lower: [-2, -2], upper: [0.5, 2], gradientTolerance: 1e-10 });
    expect(box.x[0]).toBe(0.5);
    expect(box.x[1]).toBeCloseTo(0.25, 10);
  });

  it('holds variables with lower = upper and projects the start', () => {
    const r = optimiseLBFGS(quadratic, [9, 9, 9], { lower: [-Infinity, 0.25, -Infinity], upper: [Infinity, 0.25, 0], gradientTolerance: 1e-12 });
    expect(r.x[1]).toBe(0.25);
    expect(r.x[2]).toBeLessThanOrEqual(0);
    expect(r.converged).toBe(true);
  });

  it('treats non-finite values as a step too long', () => {
    // −log barrier: f is NaN for x ≤ 0, minimum at x = 1
    const f: Objective = (x, g) => {
      g[0] = 1 - 1 / x[0]!;
      return x[0]! - Math.log(x[0]!);
    };
    const r = optimiseLBFGS(f, [30], { gradientTolerance: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 10);
  });

  it('says why it stopped', () => {
    const few = optimiseLBFGS(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect([few.reason, few.converged, few.iterations]).toEqual(['max_iterations', false, 3]);
    const loose = optimiseLBFGS(rosenbrock, [-1.2, 1], { functionTolerance: 1e-3, gradientTolerance: 1e-14 });
    expect([loose.reason, loose.converged]).toEqual(['function', true]);
    const bad = optimiseLBFGS((_x, g) => {
      g[0] = 0;
      return NaN;
    }, [1]);
    expect([bad.reason, bad.converged]).toEqual(['non_finite', false]);
    // a gradient that disagrees with f: no step decreases f
    const wrong = optimiseLBFGS((x, g) => {
      g[0] = -2 * x[0]!;
      return x[0]! * x[0]!;
    }, [1]);
    expect([wrong.reason, wrong.converged]).toEqual(['line_search', false]);
  });

  it('does not modify x0 and is deterministic', () => {
    const x0 = new Float64Array([-1.2, 1]);
    const a = optimiseLBFGS(rosenbrock, x0);
    const b = optimiseLBFGS(rosenbrock, x0);
    expect(Array.from(x0)).toEqual([-1.2, 1]);
    expect(b).toEqual(a);
  });

  const rejected: [string, unknown, unknown, unknown, string, RegExp][] = [
    ['f not a function', 3, [0], {}, 'f', /f must be a function/],
    ['empty x0', quadratic, [], {}, 'x0', /at least one entry; got 0/],
    ['x0 with NaN', quadratic, [0, NaN, 0], {}, 'x0', /x0\[1\] must be finite; got NaN/],
    ['memory 0', quadratic, [0, 0, 0], { memory: 0 }, 'memory', /positive integer; got 0/],
    ['maxIterations fractional', quadratic, [0, 0, 0], { maxIterations: 1.5 }, 'maxIterations', /positive integer; got 1.5/],
    ['gradientTolerance 0', quadratic, [0, 0, 0], { gradientTolerance: 0 }, 'gradientTolerance', /positive finite number; got 0/],
    ['functionTolerance < 0', quadratic, [0, 0, 0], { functionTolerance: -1 }, 'functionTolerance', /non-negative finite number; got -1/],
    ['lower of the wrong length', quadratic, [0, 0, 0], { lower: [0] }, 'lower', /one entry per variable \(3\); got 1/],
    ['upper NaN', quadratic, [0, 0, 0], { upper: [1, NaN, 1] }, 'upper', /upper\[1\] must be a number > -Infinity; got NaN/],
    ['lower = Infinity', quadratic, [0, 0, 0], { lower: [Infinity, 0, 0] }, 'lower', /lower\[0\] must be a number < Infinity; got Infinity/],
    ['lower > upper', quadratic, [0, 0, 0], { lower: [0, 2, 0], upper: [1, 1, 1] }, 'lower', /lower\[1\] must be ≤ upper\[1\]; got 2 > 1/],
    ['initialInverseHessian not a function', quadratic, [0, 0, 0], { initialInverseHessian: 1 }, 'initialInverseHessian', /must be a function/],
  ];
  it.each(rejected)('rejects %s', (_label, f, x0, options, column, message) => {
    let error: unknown;
    try {
      optimiseLBFGS(f as Objective, x0 as number[], options as LbfgsOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LeadcalError);
    const issue = (error as LeadcalError).issues[0]!;
    expect([issue.code, issue.column]).toEqual(['option_invalid', column]);
    expect(issue.message).toMatch(message);
  });
});
