import { describe, expect, it } from 'vitest';
import { addDecayedSums, addDecayedTriplesByRun, decayRatePerDay, decayRatePerMs, decayWeight } from '../../src/stats/decay.js';
import { DAY_MS } from '../../src/stats/days.js';
import { close, reference } from './reference.js';

describe('decay kernel', () => {
  it('halves the weight every half-life, per day and per ms alike', () => {
    expect(decayWeight(14, 7)).toBe(0.25);
    expect(decayWeight(7, 7)).toBeCloseTo(0.5, 15);
    expect(Math.exp(-decayRatePerMs(7) * 7 * DAY_MS)).toBeCloseTo(0.5, 15);
    expect(decayRatePerDay(7)).toBe(Math.LN2 / 7);
    expect(close(decayRatePerMs(30) * DAY_MS, decayRatePerDay(30), 1e-15)).toBe(true);
  });

  it('has no decay at an infinite half-life', () => {
    expect(decayRatePerDay(Infinity)).toBe(0);
    expect(decayRatePerMs(Infinity)).toBe(0);
    expect(decayWeight(1e6, Infinity)).toBe(1);
    const x = new Float64Array(2);
    const d = new Float64Array(2);
    addDecayedSums(Int32Array.of(0, 1, 1), Float64Array.of(3, 5, 1e4), Infinity, x, d);
    expect([...x]).toEqual([1, 2]);
    expect([...d]).toEqual([0, 0]);
  });

  it.each(reference.decay)('sums and log-h derivatives at h = $halfLifeDays match numpy (relative 1e-14)', ({ halfLifeDays, ages, value, dLogH, d2LogH }) => {
    const x = new Float64Array(1);
    const d1 = new Float64Array(1);
    const d2 = new Float64Array(1);
    addDecayedSums(new Int32Array(ages.length), Float64Array.from(ages), halfLifeDays, x, d1, d2);
    expect(close(x[0]!, value, 1e-14)).toBe(true);
    expect(close(d1[0]!, dLogH, 1e-14)).toBe(true);
    expect(close(d2[0]!, d2LogH, 1e-14)).toBe(true);
  });

  it('derivatives agree with central differences in log h', () => {
    const snapshot = Int32Array.of(0, 0, 1, 1, 1);
    const ages = Float64Array.of(0.5, 12, 3, 40, 100);
    const at = (h: number): Float64Array => {
      const x = new Float64Array(2);
      addDecayedSums(snapshot, ages, h, x);
      return x;
    };
    const h = 20;
    const eps = 1e-4;
    const d1 = new Float64Array(2);
    const d2 = new Float64Array(2);
    addDecayedSums(snapshot, ages, h, new Float64Array(2), d1, d2);
    const up = at(h * Math.exp(eps));
    const mid = at(h);
    const down = at(h * Math.exp(-eps));
    for (let s = 0; s < 2; s++) {
      expect(d1[s]).toBeCloseTo((up[s]! - down[s]!) / (2 * eps), 7);
      expect(d2[s]).toBeCloseTo((up[s]! - 2 * mid[s]! + down[s]!) / (eps * eps), 4);
    }
  });

  it('adds into the caller\'s arrays (the @example)', () => {
    const x = Float64Array.of(1);
    addDecayedSums(Int32Array.of(0, 0), Float64Array.of(0, 7), 7, x);
    expect(x[0]).toBeCloseTo(2.5, 15);
  });
});

describe('addDecayedTriplesByRun', () => {
  it('gives the entries of addDecayedSums at each run of equal snapshots, bit for bit', () => {
    const snapshot = Int32Array.of(2, 2, 5, 9, 9, 9);
    const age = Float64Array.of(0, 3.5, 10, 1, 2, 400);
    for (const h of [7, 30, Infinity]) {
      const x = new Float64Array(10), d = new Float64Array(10), e = new Float64Array(10);
      addDecayedSums(snapshot, age, h, x, d, e);
      const out = new Float64Array(9);
      addDecayedTriplesByRun(snapshot, age, h, out);
      expect([...out]).toEqual([2, 5, 9].flatMap((s) => [x[s], d[s], e[s]]));
    }
  });
});
