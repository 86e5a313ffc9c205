/** Every bad argument of fitLogistic is rejected up front with a LeadcalError that says why. */
import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../../src/errors.js';
import { fitLogistic } from '../../src/logistic/logistic.js';
import type { DesignMatrix, LogisticOptions } from '../../src/logistic/logistic-types.js';

const x = new Float64Array([0, 1, 2, 3, 4, 5]);
const z = new Float64Array([1, 0, 1, 1, 0, 0]);
const X: DesignMatrix = { rows: 6, columns: [x, z], names: ['visits', 'opened'] };
const y = [0, 0, 1, 0, 1, 1];

type Case = [label: string, X: unknown, y: unknown, options: unknown, column: string, message: RegExp];
const cases: Case[] = [
  ['X not an object', null, y, {}, 'X', /X must be a design matrix/],
  ['rows 0', { ...X, rows: 0 }, y, {}, 'X.rows', /X.rows must be a positive integer; got 0/],
  ['rows fractional', { ...X, rows: 5.5 }, y, {}, 'X.rows', /got 5.5/],
  ['columns not an array', { ...X, columns: x }, y, {}, 'X.columns', /must be an array of Float64Array/],
  ['names of the wrong length', { ...X, names: ['visits'] }, y, {}, 'X.names', /one name per column \(2\); got 1/],
  ['a column not a Float64Array', { ...X, columns: [[0, 1, 2, 3, 4, 5], z] }, y, {}, 'X.columns[0] (visits)', /must be a Float64Array/],
  ['a column of the wrong length', { ...X, columns: [x, new Float64Array(5)] }, y, {}, 'X.columns[1] (opened)', /must have X.rows = 6 values; got 5/],
  ['NaN in X', { ...X, columns: [Float64Array.of(0, 1, NaN, 3, 4, 5), z] }, y, {}, 'X.columns[0] (visits)', /must be finite; got NaN at row 2/],
  ['Infinity in X', { ...X, columns: [x, Float64Array.of(1, 0, 1, Infinity, 0, 0)] }, y, {}, 'X.columns[1] (opened)', /got Infinity at row 3/],
  ['y of the wrong length', X, [0, 1, 0], {}, 'y', /one label per row \(6\); got 3/],
  ['y not 0/1', X, [0, 0, 2, 0, 1, 1], {}, 'y', /y must be 0 or 1; got 2 at row 2/],
  ['y with NaN', X, [0, 0, NaN, 0, 1, 1], {}, 'y', /got NaN at row 2/],
  ['y as text', X, ['0', '0', '1', '0', '1', '1'], {}, 'y', /got "0" at row 0/],
  ['no positives', X, [0, 0, 0, 0, 0, 0], {}, 'y', /both classes .* got no positives \(y = 1\) in 6 rows/],
  ['no negatives', X, [1, 1, 1, 1, 1, 1], {}, 'y', /got no negatives \(y = 0\)/],
  ['no positives with weight', X, y, { weights: [1, 1, 0, 1, 0, 0] }, 'y', /got no positives/],
  ['options not an object', X, y, 'fast', 'options', /options must be an object/],
  ['weights of the wrong length', X, y, { weights: [1, 2] }, 'weights', /one value per row \(6\); got 2/],
  ['negative weight', X, y, { weights: [1, 1, -1, 1, 1, 1] }, 'weights', /finite and ≥ 0; got -1 at row 2/],
  ['NaN weight', X, y, { weights: [1, 1, NaN, 1, 1, 1] }, 'weights', /got NaN at row 2/],
  ['all weights 0', X, y, { weights: [0, 0, 0, 0, 0, 0] }, 'weights', /must not all be 0/],
  ['offset of the wrong length', X, y, { offset: [0] }, 'offset', /one value per row \(6\); got 1/],
  ['offset with Infinity', X, y, { offset: [0, 0, 0, Infinity, 0, 0] }, 'offset', /finite; got Infinity at row 3/],
  ['l2 < 0', X, y, { l2: -1 }, 'l2', /l2 must be a finite number ≥ 0; got -1/],
  ['l2 NaN', X, y, { l2: NaN }, 'l2', /got NaN/],
  ['l2 as text', X, y, { l2: '1' }, 'l2', /got "1"/],
  ['fitIntercept not boolean', X, y, { fitIntercept: 1 }, 'fitIntercept', /true or false; got 1/],
  ['unknown method', X, y, { method: 'newton' }, 'method', /"auto", "irls" or "lbfgs"; got "newton"/],
  ['maxIterations 0', X, y, { maxIterations: 0 }, 'maxIterations', /positive integer; got 0/],
  ['maxIterations fractional', X, y, { maxIterations: 2.5 }, 'maxIterations', /got 2.5/],
  ['tolerance 0', X, y, { tolerance: 0 }, 'tolerance', /positive finite number; got 0/],
  ['functionTolerance < 0', X, y, { functionTolerance: -1e-9 }, 'functionTolerance', /≥ 0; got -1e-9/],
  ['standardErrors not boolean', X, y, { standardErrors: 'yes' }, 'standardErrors', /true or false; got "yes"/],
  ['lower of the wrong length', X, y, { lower: [0] }, 'lower', /one bound per column \(2\); got 1/],
  ['upper of the wrong length', X, y, { upper: [0, 0, 0] }, 'upper', /one bound per column \(2\); got 3/],
  ['lower NaN', X, y, { lower: [NaN, 0] }, 'lower', /lower\[0\] must be a number < Infinity; got NaN/],
  ['lower = +Infinity', X, y, { lower: [Infinity, 0] }, 'lower', /< Infinity; got Infinity/],
  ['upper = −Infinity', X, y, { upper: [0, -Infinity] }, 'upper', /upper\[1\] must be a number > -Infinity; got -Infinity/],
  ['lower > upper', X, y, { lower: [1, 0], upper: [0, 1] }, 'lower', /lower\[0\] \(visits\) must be ≤ upper\[0\]; got 1 > 0/],
  ['start not an object', X, y, { start: 3 }, 'start', /start must be \{ intercept, coefficients \}/],
  ['start of the wrong length', X, y, { start: { intercept: 0, coefficients: [1] } }, 'start.coefficients', /one value per column \(2\); got 1/],
  ['start with NaN', X, y, { start: { intercept: 0, coefficients: [NaN, 0] } }, 'start.coefficients', /finite; got NaN at column 0/],
  ['start intercept not finite', X, y, { start: { intercept: Infinity, coefficients: [0, 0] } }, 'start.intercept', /finite; got Infinity/],
];

describe('fitLogistic rejects', () => {
  it.each(cases)('%s', (_label, badX, badY, options, column, message) => {
    let error: unknown;
    try {
      fitLogistic(badX as DesignMatrix, badY as number[], options as LogisticOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LeadcalError);
    const issue = (error as LeadcalError).issues[0]!;
    expect(issue.code).toBe('option_invalid');
    expect(issue.severity).toBe('error');
    expect(issue.column).toBe(column);
    expect(issue.message).toMatch(message);
    expect(issue.hint).toBeTruthy();
  });
});

describe('fitLogistic is pure', () => {
  const checksum = (arrays: ArrayLike<number>[]): string => arrays.map((a) => Array.from(a).join(',')).join('|');

  it('does not modify its inputs', () => {
    const weights = [1, 2, 1, 1, 3, 1];
    const offset = new Float64Array([0.1, 0, -0.1, 0, 0.2, 0]);
    const lower = [-5, -5];
    const start = { intercept: 0.5, coefficients: new Float64Array([0.3, -0.2]) };
    const labels = Float64Array.from(y);
    const before = checksum([x, z, labels, weights, offset, lower, start.coefficients]);
    for (const method of ['irls', 'lbfgs'] as const) fitLogistic(X, labels, { weights, offset, lower, start, method, l2: 0.1 });
    expect(checksum([x, z, labels, weights, offset, lower, start.coefficients])).toBe(before);
    expect(X.names).toEqual(['visits', 'opened']);
  });

  it('gives identical results on identical input', () => {
    for (const method of ['irls', 'lbfgs'] as const) {
      const a = fitLogistic(X, y, { method, l2: 0.1 });
      const b = fitLogistic(X, y, { method, l2: 0.1 });
      expect(b).toEqual(a);
    }
  });

  it('accepts labels as any array-like of 0/1', () => {
    const a = fitLogistic(X, y);
    expect(fitLogistic(X, Uint8Array.from(y)).coefficients).toEqual(a.coefficients);
    expect(fitLogistic(X, Float64Array.from(y)).coefficients).toEqual(a.coefficients);
  });
});
