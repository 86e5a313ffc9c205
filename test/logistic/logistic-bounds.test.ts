/**
 * Bounds: active bounds hold exactly, the free coefficients equal an unconstrained fit of the
 * reduced problem (active coefficients locked at their bounds), locked coefficients act as an
 * offset, and warm starts land on the same optimum.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitLogistic } from '../../src/logistic/logistic.js';
import type { LogisticOptions } from '../../src/logistic/logistic-types.js';
import { setWarningSink, type WarningSink } from '../../src/warnings.js';
import { dataset, designOf, maxDiff } from '../fit/fixture.js';

const methods = ['irls', 'lbfgs'] as const;
const INF = Number.POSITIVE_INFINITY;
// columns: score (true +0.8), unsubscribed (true −1.2), days (true +0.05)
const d = dataset('mixed');
const X = designOf(d);
let previous: WarningSink;
beforeAll(() => {
  previous = setWarningSink(() => {});
});
afterAll(() => {
  setWarningSink(previous);
});

/** The same data without column j. */
function without(j: number) {
  return { rows: X.rows, columns: X.columns.filter((_, c) => c !== j), names: X.names.filter((_, c) => c !== j) };
}

describe.each(methods)('bounds with %s', (method) => {
  const cases: { label: string; options: LogisticOptions; column: number; value: number; side: 'lower' | 'upper' }[] = [
    { label: 'sign constraint unsubscribed ≥ 0', options: { lower: [-INF, 0, -INF] }, column: 1, value: 0, side: 'lower' },
    { label: 'cap score ≤ 0.5', options: { upper: [0.5, INF, INF] }, column: 0, value: 0.5, side: 'upper' },
    { label: 'cap with a penalty', options: { upper: [0.5, INF, INF], l2: 2 }, column: 0, value: 0.5, side: 'upper' },
    { label: 'both sides, start outside', options: { lower: [-1, 0.1, -1], upper: [1, 1, 1], start: { intercept: 0, coefficients: [5, -5, 0] } }, column: 1, value: 0.1, side: 'lower' },
  ];
  for (const c of cases) {
    it(`${c.label}: the bound holds exactly and the rest is the reduced fit`, () => {
      const fit = fitLogistic(X, d.y, { ...c.options, method });
      expect(fit.converged).toBe(true);
      expect(fit.coefficients[c.column]).toBe(c.value);
      expect(fit.status[c.column]).toBe(c.side);
      expect(fit.standardErrors[c.column]).toBeNaN();

      // reduced problem: the active coefficient locked at its bound, nothing else bounded
      const lower = [-INF, -INF, -INF];
      const upper = [INF, INF, INF];
      lower[c.column] = c.value;
      upper[c.column] = c.value;
      const locked = fitLogistic(X, d.y, { method, lower, upper, ...(c.options.l2 ? { l2: c.options.l2 } : {}) });
      expect(locked.status[c.column]).toBe('locked');
      expect(maxDiff(fit.coefficients, locked.coefficients)).toBeLessThan(1e-7);
      expect(Math.abs(fit.intercept - locked.intercept)).toBeLessThan(1e-7);
      expect(maxDiff(fit.standardErrors.filter((_, j) => j !== c.column), locked.standardErrors.filter((_, j) => j !== c.column))).toBeLessThan(1e-7);

      // … which is the fit without that column and with its contribution as an offset
      const offset = X.columns[c.column]!.map((x) => c.value * x);
      const reduced = fitLogistic(without(c.column), d.y, { method, offset, ...(c.options.l2 ? { l2: c.options.l2 } : {}) });
      expect(maxDiff(locked.coefficients.filter((_, j) => j !== c.column), reduced.coefficients)).toBeLessThan(1e-7);
      expect(Math.abs(locked.intercept - reduced.intercept)).toBeLessThan(1e-7);
      expect(maxDiff(locked.standardErrors.filter((_, j) => j !== c.column), reduced.standardErrors)).toBeLessThan(1e-7);
      // the penalty of a locked coefficient is a constant: same optimum either way
      expect(locked.logLikelihood).toBeCloseTo(reduced.logLikelihood, 8);
    });
  }

  it('inactive bounds change nothing', () => {
    const free = fitLogistic(X, d.y, { method });
    const fit = fitLogistic(X, d.y, { method, lower: [-10, -10, -10], upper: [10, 10, 10] });
    expect(fit.status).toEqual(['free', 'free', 'free']);
    expect(maxDiff(fit.coefficients, free.coefficients)).toBeLessThan(1e-7);
    expect(maxDiff(fit.standardErrors, free.standardErrors)).toBeLessThan(1e-7);
  });
});

describe('warm starts', () => {
  for (const method of methods) {
    it(`${method}: starting at the optimum takes no iterations`, () => {
      const cold = fitLogistic(X, d.y, { method, l2: 0.5, tolerance: 1e-12 });
      const warm = fitLogistic(X, d.y, { method, l2: 0.5, tolerance: 1e-8, start: cold });
      expect(warm.iterations).toBe(0);
      expect(warm.converged).toBe(true);
      expect(maxDiff(warm.coefficients, cold.coefficients)).toBeLessThan(1e-12);
    });

    it(`${method}: a nearby start reaches the same optimum`, () => {
      const cold = fitLogistic(X, d.y, { method });
      const start = { intercept: cold.intercept + 0.3, coefficients: cold.coefficients.map((b, j) => b * (1 + 0.2 * (j - 1))) };
      const warm = fitLogistic(X, d.y, { method, start });
      expect(warm.converged).toBe(true);
      expect(maxDiff(warm.coefficients, cold.coefficients)).toBeLessThan(1e-7);
      expect(Math.abs(warm.intercept - cold.intercept)).toBeLessThan(1e-7);
    });
  }

  it('refitting with a changed offset from the previous fit (as a decay optimiser does)', () => {
    const base = fitLogistic(X, d.y);
    const offset = X.columns[2]!.map((x) => 0.01 * x);
    const cold = fitLogistic(X, d.y, { offset });
    const warm = fitLogistic(X, d.y, { offset, start: base });
    expect(maxDiff(warm.coefficients, cold.coefficients)).toBeLessThan(1e-8);
    expect(warm.iterations).toBeLessThanOrEqual(cold.iterations);
  });
});
