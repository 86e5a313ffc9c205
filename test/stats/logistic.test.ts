import { describe, expect, it } from 'vitest';
import { logisticLoss, logSigmoid, sigmoid, softplus } from '../../src/stats/logistic.js';
import { reference } from './reference.js';

describe('sigmoid, softplus and logSigmoid', () => {
  it('match their @example values', () => {
    expect(softplus(0)).toBe(0.6931471805599453);
    expect(softplus(800)).toBe(800);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-800)).toBe(0);
    expect(logSigmoid(0)).toBe(-0.6931471805599453);
    expect(logSigmoid(-800)).toBe(-800);
  });

  it.each(reference.logistic)('match scipy expit / np.logaddexp / log_expit at x = $x (relative 1e-15)', ({ x, sigmoid: s, softplus: sp, logSigmoid: ls }) => {
    const rel = (got: number, want: number): number => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));
    expect(rel(sigmoid(x), s)).toBeLessThanOrEqual(1e-15);
    expect(rel(softplus(x), sp)).toBeLessThanOrEqual(1e-15);
    expect(rel(logSigmoid(x), ls)).toBeLessThanOrEqual(1e-15);
  });

  it('are accurate where the naive formulas overflow or cancel', () => {
    expect(softplus(-40) / Math.exp(-40)).toBeCloseTo(1, 14); // log(1 + ε) ≈ ε
    expect(softplus(40)).toBe(40 + Math.log1p(Math.exp(-40)));
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-40) / Math.exp(-40)).toBeCloseTo(1, 14);
    for (const v of [-30, -2, -0.1, 0.1, 3, 25]) {
      expect(sigmoid(v) + sigmoid(-v)).toBeCloseTo(1, 15);
      expect(softplus(v) - softplus(-v)).toBeCloseTo(v, 13);
    }
  });
});

describe('logisticLoss', () => {
  it('equals Σ w [softplus(η) − yη] with residuals w(σ − y) and weights wσ(1 − σ)', () => {
    const eta = Float64Array.of(-800, -3, -0.2, 0, 0.5, 4, 800);
    const y = Uint8Array.of(0, 1, 0, 1, 1, 0, 1);
    const w = Float64Array.of(1, 2, 0.5, 1, 3, 1, 1);
    const r = new Float64Array(eta.length);
    const W = new Float64Array(eta.length);
    const f = logisticLoss(eta, y, w, r, W);
    let want = 0;
    eta.forEach((z, i) => {
      want += w[i]! * (softplus(z) - y[i]! * z);
      expect(r[i]).toBeCloseTo(w[i]! * (sigmoid(z) - y[i]!), 15);
      expect(W[i]).toBeCloseTo(w[i]! * sigmoid(z) * (1 - sigmoid(z)), 15);
    });
    expect(f).toBeCloseTo(want, 12);
  });

  it('matches its @example and treats null weights as 1', () => {
    const r = new Float64Array(1);
    const W = new Float64Array(1);
    expect(logisticLoss(Float64Array.of(0), Uint8Array.of(1), null, r, W)).toBe(0.6931471805599453);
    expect([r[0], W[0]]).toEqual([-0.5, 0.25]);
  });
});
