/**
 * A penalty centre (`l2Centre`): ½λ‖β − c‖² is the ordinary ridge on γ = β − c with the offset
 * X·c, so the centred fit must equal that reparametrised fit (the default path, itself checked
 * against scikit-learn); λ → ∞ returns the centre and λ = 0 the unpenalised fit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitLogistic } from '../../src/logistic/logistic.js';
import { setWarningSink, type WarningSink } from '../../src/warnings.js';
import { dataset, designOf, maxDiff } from '../fit/fixture.js';

const d = dataset('mixed');
const X = designOf(d);
const centre = [0.5, -0.4, 0.02];
let previous: WarningSink;
beforeAll(() => {
  previous = setWarningSink(() => {});
});
afterAll(() => {
  setWarningSink(previous);
});

/** X·c, the offset of the reparametrised problem. */
function offsetOf(c: number[]): Float64Array {
  const out = new Float64Array(X.rows);
  X.columns.forEach((col, j) => col.forEach((x, i) => (out[i] = out[i]! + c[j]! * x)));
  return out;
}

describe.each(['irls', 'lbfgs'] as const)('penalty centre with %s', (method) => {
  it('equals the ridge fit of β − c with the offset X·c', () => {
    for (const l2 of [0.5, 5, 50]) {
      const centred = fitLogistic(X, d.y, { l2, l2Centre: centre, method, tolerance: 1e-10 });
      const shifted = fitLogistic(X, d.y, { l2, offset: offsetOf(centre), method, tolerance: 1e-10 });
      expect(maxDiff(centred.coefficients, shifted.coefficients.map((g, j) => g + centre[j]!))).toBeLessThan(1e-6);
      expect(centred.intercept).toBeCloseTo(shifted.intercept, 6);
      expect(centred.logLikelihood).toBeCloseTo(shifted.logLikelihood, 6);
      expect(centred.objective).toBeCloseTo(shifted.objective, 6);
    }
  });

  it('returns the centre as λ → ∞ and the unpenalised fit at λ = 0', () => {
    const pinned = fitLogistic(X, d.y, { l2: 1e10, l2Centre: centre, method });
    expect(maxDiff(pinned.coefficients, centre)).toBeLessThan(1e-6);
    const free = fitLogistic(X, d.y, { l2: 0, l2Centre: centre, method, tolerance: 1e-10 });
    const plain = fitLogistic(X, d.y, { l2: 0, method, tolerance: 1e-10 });
    expect(maxDiff(free.coefficients, plain.coefficients)).toBeLessThan(1e-6);
  });

  it('a zero centre is the default path', () => {
    const zero = fitLogistic(X, d.y, { l2: 2, l2Centre: [0, 0, 0], method });
    const plain = fitLogistic(X, d.y, { l2: 2, method });
    expect(Array.from(zero.coefficients)).toEqual(Array.from(plain.coefficients));
  });
});

it('rejects a centre of the wrong length or with non-finite values', () => {
  expect(() => fitLogistic(X, d.y, { l2: 1, l2Centre: [1, 2] })).toThrow(/l2Centre must have one value per column \(3\); got 2/);
  expect(() => fitLogistic(X, d.y, { l2: 1, l2Centre: [1, Number.NaN, 0] })).toThrow(/l2Centre must be finite/);
});
