/**
 * Agreement with statsmodels (unpenalised, weighted, offset) and scikit-learn (L2) to 1e-6,
 * for both solvers at their default tolerance.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { fitLogistic } from '../../src/logistic/logistic.js';
import { setWarningSink, type WarningSink } from '../../src/warnings.js';
import { dataset, designOf, fixture, maxDiff, optionsOf } from '../fit/fixture.js';

const TOL = 1e-6;
const methods = ['irls', 'lbfgs'] as const;
let previous: WarningSink;
const seen: string[] = [];
beforeAll(() => {
  previous = setWarningSink((issue) => seen.push(issue.message));
});
afterAll(() => {
  setWarningSink(previous);
});

describe('unpenalised fits match statsmodels', () => {
  for (const method of methods) {
    for (const ref of fixture.unpenalised) {
      it(`${ref.dataset} by ${method} (${ref.source})`, () => {
        const d = dataset(ref.dataset);
        const fit = fitLogistic(designOf(d), d.y, { ...optionsOf(d), method });
        expect(fit.method).toBe(method);
        expect(fit.converged).toBe(true);
        expect(fit.warnings).toEqual([]);
        expect(maxDiff(fit.coefficients, ref.coefficients)).toBeLessThan(TOL);
        expect(maxDiff(fit.standardErrors, ref.standard_errors)).toBeLessThan(TOL);
        expect(Math.abs(fit.intercept - ref.intercept)).toBeLessThan(TOL);
        if (ref.intercept_standard_error === null) expect(fit.interceptStandardError).toBeNaN();
        else expect(Math.abs(fit.interceptStandardError - ref.intercept_standard_error)).toBeLessThan(TOL);
        expect(Math.abs(fit.logLikelihood - ref.log_likelihood)).toBeLessThan(TOL);
        expect(fit.deviance).toBeCloseTo(-2 * ref.log_likelihood, 6);
        expect(fit.gradientNorm).toBeLessThanOrEqual(1e-8);
      });
    }
  }
});

describe('L2 fits match scikit-learn with l2 = 1 / C', () => {
  for (const method of methods) {
    for (const ref of fixture.l2) {
      it(`${ref.dataset}, C = ${ref.C}, by ${method}`, () => {
        const d = dataset(ref.dataset);
        const fit = fitLogistic(designOf(d), d.y, { ...optionsOf(d), method, l2: ref.l2 });
        expect(fit.converged).toBe(true);
        expect(maxDiff(fit.coefficients, ref.coefficients)).toBeLessThan(TOL);
        expect(Math.abs(fit.intercept - ref.intercept)).toBeLessThan(TOL);
        expect(maxDiff(fit.standardErrors, ref.standard_errors)).toBeLessThan(TOL);
        if (ref.intercept_standard_error !== null) expect(Math.abs(fit.interceptStandardError - ref.intercept_standard_error)).toBeLessThan(TOL);
        // objective = Σ loss + ½λ‖β‖², and logLikelihood leaves the penalty out
        let ss = 0;
        for (const b of fit.coefficients) ss += b * b;
        expect(fit.objective).toBeCloseTo(-fit.logLikelihood + 0.5 * ref.l2 * ss, 8);
      });
    }
  }

  it("is as close to scikit-learn's lbfgs solver as that solver is to the optimum", () => {
    // scikit-learn 1.2 leaves SciPy's ftol at 2.2e-9, which stops lbfgs before tol=1e-12.
    for (const ref of fixture.l2) {
      const d = dataset(ref.dataset);
      const fit = fitLogistic(designOf(d), d.y, { ...optionsOf(d), l2: ref.l2 });
      const lb = ref.lbfgs;
      expect(maxDiff(fit.coefficients, lb.coefficients)).toBeLessThan(lb.max_abs_diff_from_optimum + TOL);
      expect(Math.abs(fit.intercept - lb.intercept)).toBeLessThan(lb.max_abs_diff_from_optimum + TOL);
    }
  });
});

describe('frequency weights', () => {
  it('equal repeating each row w times', () => {
    const d = dataset('weighted');
    const w = d.weights!;
    const columns = d.columns.map((c) => Float64Array.from(c.flatMap((v, i) => Array<number>(w[i]!).fill(v))));
    const y = d.y.flatMap((v, i) => Array<number>(w[i]!).fill(v));
    const expanded = fitLogistic({ rows: y.length, columns, names: d.names }, y);
    for (const method of methods) {
      const fit = fitLogistic(designOf(d), d.y, { weights: w, method });
      expect(maxDiff(fit.coefficients, expanded.coefficients)).toBeLessThan(1e-8);
      expect(maxDiff(fit.standardErrors, expanded.standardErrors)).toBeLessThan(1e-8);
      expect(fit.logLikelihood).toBeCloseTo(expanded.logLikelihood, 8);
    }
  });

  it('leave rows with weight 0 out', () => {
    const d = dataset('mixed');
    const keep = d.y.map((_, i) => i % 3 !== 0);
    const sub = {
      rows: keep.filter(Boolean).length,
      columns: d.columns.map((c) => Float64Array.from(c.filter((_, i) => keep[i]))),
      names: d.names,
    };
    const a = fitLogistic(sub, d.y.filter((_, i) => keep[i]));
    const b = fitLogistic(designOf(d), d.y, { weights: keep.map((k) => (k ? 1 : 0)) });
    expect(maxDiff(a.coefficients, b.coefficients)).toBeLessThan(1e-9);
    expect(maxDiff(a.standardErrors, b.standardErrors)).toBeLessThan(1e-9);
  });
});

it('sent no warnings for the reference fits', () => {
  expect(seen).toEqual([]);
});
