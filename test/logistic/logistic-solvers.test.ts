/**
 * Property: IRLS and L-BFGS reach the same optimum on random problems with badly scaled and
 * correlated columns, rare events, weights, offsets, penalties and sign constraints, and
 * they agree on whether the data are separated.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fitLogistic } from '../../src/logistic/logistic.js';
import type { LogisticOptions } from '../../src/logistic/logistic-types.js';
import { createRandom } from '../../src/random.js';
import { setWarningSink, type WarningSink } from '../../src/warnings.js';

let previous: WarningSink;
beforeAll(() => {
  previous = setWarningSink(() => {});
});
afterAll(() => {
  setWarningSink(previous);
});

/** A random problem from a seed (columns: binary, counts, or normal on scales 1e-3 … 1e3). */
function problem(seed: number) {
  const random = createRandom(seed);
  const n = 40 + random.int(1500);
  const k = 1 + random.int(12);
  const shared = Float64Array.from({ length: n }, () => random.normal());
  const columns: Float64Array[] = [];
  const beta: number[] = [];
  for (let j = 0; j < k; j++) {
    const kind = random.int(4);
    const scale = [1e-3, 1, 30, 1e3][random.int(4)]!;
    const rho = random.next() < 0.3 ? 0.9 : 0;
    columns.push(
      Float64Array.from({ length: n }, (_, i) =>
        kind === 0 ? (random.next() < 0.2 ? 1 : 0) : kind === 1 ? random.poisson(2) : scale * (rho * shared[i]! + Math.sqrt(1 - rho * rho) * random.normal()),
      ),
    );
    beta.push((0.5 * random.normal()) / (kind >= 2 ? scale : 1));
  }
  const b0 = random.next() < 0.3 ? -4 : random.normal();
  const offset = random.next() < 0.3 ? Float64Array.from({ length: n }, () => 0.3 * random.normal()) : undefined;
  const y = Float64Array.from({ length: n }, (_, i) => {
    let eta = b0 + (offset ? offset[i]! : 0);
    for (let j = 0; j < k; j++) eta += beta[j]! * columns[j]![i]!;
    return random.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  });
  const options: LogisticOptions = {
    l2: [0, 0, 0.1, 10][random.int(4)]!,
    tolerance: 1e-11,
    ...(random.next() < 0.3 ? { weights: Array.from({ length: n }, () => random.int(4)) } : {}),
    ...(offset ? { offset } : {}),
    ...(random.next() < 0.3 ? { lower: beta.map((_, j) => (j % 2 ? 0 : Number.NEGATIVE_INFINITY)) } : {}),
  };
  return { X: { rows: n, columns, names: columns.map((_, j) => `x${j}`) }, y, options };
}

/** Both classes present among rows with weight. */
function twoClasses(y: Float64Array, weights: ArrayLike<number> | undefined): boolean {
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (y[i]) positive += w;
    else negative += w;
  }
  return positive > 0 && negative > 0;
}

it('IRLS and L-BFGS agree', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const { X, y, options } = problem(seed);
      if (!twoClasses(y, options.weights)) return;
      const irls = fitLogistic(X, y, { ...options, method: 'irls' });
      const lbfgs = fitLogistic(X, y, { ...options, method: 'lbfgs', maxIterations: 5000 });
      const separated = (w: typeof irls.warnings) => w.some((x) => x.code === 'separation');
      expect(separated(lbfgs.warnings)).toBe(separated(irls.warnings));
      if (separated(irls.warnings) || irls.warnings.some((w) => w.code === 'singular_hessian')) return;
      expect(irls.converged && lbfgs.converged).toBe(true);
      expect(Math.abs(irls.intercept - lbfgs.intercept)).toBeLessThan(1e-6);
      // compare on the scale of the log-odds: Δβⱼ times the spread of column j
      for (let j = 0; j < X.columns.length; j++) {
        const x = X.columns[j]!;
        const spread = Math.max(...x) - Math.min(...x);
        expect(Math.abs(irls.coefficients[j]! - lbfgs.coefficients[j]!) * spread).toBeLessThan(1e-6);
      }
      expect(lbfgs.status).toEqual(irls.status);
    }),
    { numRuns: 60, seed: 20241125 },
  );
});
