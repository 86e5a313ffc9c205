/**
 * Degenerate data: constant columns, collinear columns, separation, non-convergence. Every fit
 * stays finite, and each problem comes back as a warning (in the fit and through warn()).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/errors.js';
import { chooseLogisticMethod, fitLogistic } from '../../src/logistic/logistic.js';
import type { LogisticFit } from '../../src/logistic/logistic-types.js';
import { createRandom } from '../../src/random.js';
import { setWarningSink, type WarningSink } from '../../src/warnings.js';
import { maxDiff } from '../fit/fixture.js';

const methods = ['irls', 'lbfgs'] as const;
let sent: Issue[] = [];
let previous: WarningSink;
beforeEach(() => {
  sent = [];
  previous = setWarningSink((issue) => sent.push(issue));
});
afterEach(() => {
  setWarningSink(previous);
});

/** 400 rows: a, c standard normal, bin ~ Bernoulli(0.2), y from 0.5a − 0.3c. */
function data() {
  const random = createRandom(3);
  const n = 400;
  const a = new Float64Array(n);
  const c = new Float64Array(n);
  const bin = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = random.normal();
    c[i] = random.normal();
    bin[i] = random.next() < 0.2 ? 1 : 0;
    y[i] = random.next() < 1 / (1 + Math.exp(-(0.5 * a[i]! - 0.3 * c[i]!))) ? 1 : 0;
  }
  return { n, a, c, bin, y };
}
const { n, a, c, bin, y } = data();

function allFinite(fit: LogisticFit): boolean {
  return [...fit.coefficients, fit.intercept, fit.logLikelihood, fit.gradientNorm].every(Number.isFinite);
}

describe.each(methods)('%s', (method) => {
  it('fixes a constant column at 0 with a warning; the rest is the fit without it', () => {
    const three = new Float64Array(n).fill(3);
    const fit = fitLogistic({ rows: n, columns: [a, three, c], names: ['a', 'three', 'c'] }, y, { method });
    const reference = fitLogistic({ rows: n, columns: [a, c], names: ['a', 'c'] }, y, { method });
    expect(fit.coefficients[1]).toBe(0);
    expect(fit.status).toEqual(['free', 'dropped', 'free']);
    expect(fit.standardErrors[1]).toBeNaN();
    expect(maxDiff([fit.coefficients[0]!, fit.coefficients[2]!], reference.coefficients)).toBeLessThan(1e-9);
    expect(maxDiff([fit.standardErrors[0]!, fit.standardErrors[2]!], reference.standardErrors)).toBeLessThan(1e-9);
    expect(fit.converged).toBe(true);
    expect(fit.warnings.map((w) => [w.code, w.column])).toEqual([['constant_column', 'three']]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toMatch(/column "three" is constant \(3 in every row/);
  });

  it('keeps a constant column without an intercept (it is the intercept), drops an all-zero one', () => {
    const one = new Float64Array(n).fill(1);
    const zero = new Float64Array(n);
    const fit = fitLogistic({ rows: n, columns: [a, one, zero], names: ['a', 'one', 'zero'] }, y, { method, fitIntercept: false });
    const reference = fitLogistic({ rows: n, columns: [a], names: ['a'] }, y, { method });
    expect(fit.status).toEqual(['free', 'free', 'dropped']);
    expect(fit.coefficients[1]).toBeCloseTo(reference.intercept, 8);
    expect(fit.coefficients[0]).toBeCloseTo(reference.coefficients[0]!, 8);
    expect(fit.intercept).toBe(0);
    expect(fit.interceptStandardError).toBeNaN();
  });

  it('treats a column constant over the weighted rows as constant', () => {
    const x = Float64Array.from(a, (v, i) => (i < 10 ? v : 2));
    const weights = Array.from({ length: n }, (_, i) => (i < 10 ? 0 : 1));
    const fit = fitLogistic({ rows: n, columns: [x, c], names: ['x', 'c'] }, y, { method, weights });
    expect(fit.status[0]).toBe('dropped');
  });

  it('reports collinear columns: finite coefficients, NaN standard errors, the same likelihood', () => {
    const b = Float64Array.from(a, (v) => 2 * v + 1);
    const fit = fitLogistic({ rows: n, columns: [a, b, c], names: ['a', 'b', 'c'] }, y, { method });
    const reference = fitLogistic({ rows: n, columns: [a, c], names: ['a', 'c'] }, y, { method });
    expect(allFinite(fit)).toBe(true);
    expect(fit.converged).toBe(true);
    expect(fit.logLikelihood).toBeCloseTo(reference.logLikelihood, 8);
    // the coefficients are not unique, but the fitted log-odds are
    expect(fit.coefficients[0]! + 2 * fit.coefficients[1]!).toBeCloseTo(reference.coefficients[0]!, 6);
    expect([...fit.standardErrors].every(Number.isNaN)).toBe(true);
    expect(fit.warnings.map((w) => [w.code, w.column])).toEqual([['singular_hessian', 'b']]);
  });

  it('a penalty makes collinear columns identifiable', () => {
    const b = Float64Array.from(a, (v) => 2 * v + 1);
    const fit = fitLogistic({ rows: n, columns: [a, b, c], names: ['a', 'b', 'c'] }, y, { method, l2: 1 });
    expect(fit.warnings).toEqual([]);
    expect([...fit.standardErrors].every(Number.isFinite)).toBe(true);
  });

  it('detects complete separation: finite, not converged, a warning that suggests l2', () => {
    const ys = Float64Array.from(a, (v, i) => (v + 0.5 * c[i]! > 0.1 ? 1 : 0));
    const fit = fitLogistic({ rows: n, columns: [a, c], names: ['a', 'c'] }, ys, { method });
    expect(allFinite(fit)).toBe(true);
    expect(fit.converged).toBe(false);
    expect(fit.warnings.map((w) => w.code)).toEqual(['separation']);
    expect(fit.warnings[0]!.message).toContain('separated along "a", "c"');
    expect(fit.warnings[0]!.hint).toContain('l2');
    expect(sent.map((i) => i.message)).toEqual([`logistic fit: ${fit.warnings[0]!.message}`]);
  });

  it('detects quasi-complete separation (every row with bin = 1 is positive)', () => {
    const yq = Float64Array.from(y, (v, i) => (bin[i] ? 1 : v));
    const fit = fitLogistic({ rows: n, columns: [a, bin, c], names: ['a', 'bin', 'c'] }, yq, { method });
    expect(allFinite(fit)).toBe(true);
    expect(fit.converged).toBe(false);
    expect(fit.warnings.map((w) => w.code)).toEqual(['separation']);
    expect(fit.warnings[0]!.message).toContain('separated along "bin"');
    // the other coefficients are still estimated
    expect(fit.coefficients[0]).toBeCloseTo(0.559, 2);
  });

  it('with l2 > 0 a separated data set has a finite, converged fit and no warning', () => {
    const ys = Float64Array.from(a, (v, i) => (v + 0.5 * c[i]! > 0.1 ? 1 : 0));
    const fit = fitLogistic({ rows: n, columns: [a, c], names: ['a', 'c'] }, ys, { method, l2: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect([...fit.standardErrors].every(Number.isFinite)).toBe(true);
    expect(fit.coefficients[0]).toBeGreaterThan(0);
  });

  it('a bound stops the divergence of a separated coefficient', () => {
    const yq = Float64Array.from(y, (v, i) => (bin[i] ? 1 : v));
    const fit = fitLogistic({ rows: n, columns: [a, bin, c], names: ['a', 'bin', 'c'] }, yq, { method, upper: [Infinity, 3, Infinity] });
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[1]).toBe(3);
    expect(fit.status[1]).toBe('upper');
    expect(fit.warnings).toEqual([]);
  });

  it('reports running out of iterations', () => {
    const fit = fitLogistic({ rows: n, columns: [a, c], names: ['a', 'c'] }, y, { method, maxIterations: 1, tolerance: 1e-14 });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(1);
    expect(fit.warnings.map((w) => w.code)).toEqual(['not_converged']);
    expect(fit.warnings[0]!.message).toContain('stopped after 1 iterations');
    expect(allFinite(fit)).toBe(true);
  });
});

it('fits with every coefficient locked and no intercept (nothing to estimate)', () => {
  const fit = fitLogistic({ rows: n, columns: [a], names: ['a'] }, y, { fitIntercept: false, lower: [0.5], upper: [0.5] });
  expect(fit.converged).toBe(true);
  expect(fit.iterations).toBe(0);
  expect(fit.status).toEqual(['locked']);
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const p = 1 / (1 + Math.exp(-0.5 * a[i]!));
    ll += y[i] ? Math.log(p) : Math.log(1 - p);
  }
  expect(fit.logLikelihood).toBeCloseTo(ll, 10);
});

it('picks IRLS for few parameters and L-BFGS for many (or many rows)', () => {
  expect(fitLogistic({ rows: n, columns: [a, c], names: ['a', 'c'] }, y).method).toBe('irls');
  const random = createRandom(9);
  const columns = Array.from({ length: 60 }, () => Float64Array.from({ length: n }, () => random.normal()));
  const wide = fitLogistic({ rows: n, columns, names: columns.map((_, j) => `x${j}`) }, y, { l2: 1 });
  expect(wide.method).toBe('lbfgs');
  expect(wide.converged).toBe(true);
  const irls = fitLogistic({ rows: n, columns, names: columns.map((_, j) => `x${j}`) }, y, { l2: 1, method: 'irls' });
  expect(maxDiff(wide.coefficients, irls.coefficients)).toBeLessThan(1e-6);
  expect(maxDiff(wide.standardErrors, irls.standardErrors)).toBeLessThan(1e-6);
  expect([chooseLogisticMethod(5_000, 13), chooseLogisticMethod(100_000, 31), chooseLogisticMethod(110_000, 31), chooseLogisticMethod(500, 51)]).toEqual(['irls', 'irls', 'lbfgs', 'lbfgs']);
});
