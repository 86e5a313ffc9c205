import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../../src/errors.js';
import { fitLogistic } from '../../src/logistic/logistic.js';
import { predictLogit, predictProbability } from '../../src/logistic/logistic-predict.js';
import { sigmoid } from '../../src/stats/logistic.js';
import { dataset, designOf, maxDiff, optionsOf } from '../fit/fixture.js';

describe('predictLogit and predictProbability', () => {
  const X = { rows: 2, columns: [new Float64Array([0, 2])], names: ['visits'] };
  const model = { intercept: -1, coefficients: new Float64Array([0.5]) };

  it('match their @example values', () => {
    expect(Array.from(predictLogit(model, X))).toEqual([-1, 0]);
    expect(Array.from(predictProbability(model, X))).toEqual([0.2689414213699951, 0.5]);
  });

  it('add an offset', () => {
    expect(Array.from(predictLogit(model, X, [1, -1]))).toEqual([0, -1]);
  });

  it('reproduce the fitted log-likelihood of a fit', () => {
    const d = dataset('offset');
    const fit = fitLogistic(designOf(d), d.y, optionsOf(d));
    const p = predictProbability(fit, designOf(d), d.offset!);
    let ll = 0;
    for (let i = 0; i < d.n; i++) ll += d.y[i] ? Math.log(p[i]!) : Math.log(1 - p[i]!);
    expect(ll).toBeCloseTo(fit.logLikelihood, 9);
    const eta = predictLogit(fit, designOf(d), d.offset!);
    expect(maxDiff(Array.from(eta, sigmoid), p)).toBe(0);
  });

  it('reject a design matrix with other columns, or a bad offset', () => {
    const wide = { rows: 2, columns: [new Float64Array(2), new Float64Array(2)], names: ['a', 'b'] };
    expect(() => predictLogit(model, wide)).toThrow(LeadcalError);
    expect(() => predictLogit(model, wide)).toThrow(/X must have the fit's 1 columns; got 2/);
    expect(() => predictLogit(model, X, [0])).toThrow(/offset must have one value per row \(2\); got 1/);
    expect(() => predictLogit(model, X, [0, NaN])).toThrow(/offset must be finite; got NaN at row 1/);
    expect(() => predictLogit(model, { ...X, columns: [new Float64Array([0, NaN])] })).toThrow(/must be finite/);
  });
});

it('fitLogistic matches its @example', () => {
  const x = new Float64Array([0, 1, 2, 3, 4, 5]);
  const fit = fitLogistic({ rows: 6, columns: [x], names: ['visits'] }, [0, 0, 1, 0, 1, 1]);
  expect([fit.converged, fit.coefficients[0]!.toFixed(4), fit.intercept.toFixed(4)]).toEqual([true, '1.2140', '-3.0351']);
});
