import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDecayedSums, addDecayedTriplesByChain, addDecayedTriplesByRun, decayChain, decayRatePerDay, decayRatePerMs, decayWeight } from '../../src/stats/decay.js';
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

/**
 * Pairs as `behaviorPairs` gathers them: per lead, its snapshots in time order, each with the
 * lead's events before it, oldest first; ages are (snapshot − event) / DAY_MS from epoch ms.
 */
function gatheredPairs(leads: { events: number[]; snapshots: number[] }[]): { snapshot: Int32Array; ageDays: Float64Array; runs: number } {
  const snapshot: number[] = [], ageDays: number[] = [];
  let s = 0, runs = 0;
  for (const lead of leads) {
    const events = [...lead.events].sort((a, b) => a - b);
    for (const t of [...lead.snapshots].sort((a, b) => a - b)) {
      const before = events.filter((e) => e < t);
      for (const e of before) { snapshot.push(s); ageDays.push((t - e) / DAY_MS); }
      if (before.length) runs++;
      s++;
    }
  }
  return { snapshot: Int32Array.from(snapshot), ageDays: Float64Array.from(ageDays), runs };
}

describe('addDecayedTriplesByChain', () => {
  it('chains a lead\'s next snapshot to its previous one (the @examples)', () => {
    const chain = new Int32Array(2);
    expect(decayChain(Int32Array.of(0, 1, 1), Float64Array.of(2, 9, 1), chain)).toBe(1);
    expect([...chain]).toEqual([1, -2]);
    const out = new Float64Array(6);
    addDecayedTriplesByChain(Int32Array.of(1, -2), Float64Array.of(0, 7, 0), 7, out);
    expect(out[3]).toBe(1.5);
  });

  it('does not chain runs whose carried ages do not move by one shift', () => {
    const chain = new Int32Array(3);
    // run 1: ages 9 and 3 after 2 and 1 (shifts 7 and 2); run 2: fewer pairs than run 1
    expect(decayChain(Int32Array.of(0, 0, 1, 1, 2), Float64Array.of(2, 1, 9, 3, 4), chain)).toBe(0);
    expect([...chain]).toEqual([2, 2, 1]);
  });

  it('gives the triples of addDecayedTriplesByRun to rounding on random histories (property)', () => {
    const DAY = DAY_MS;
    const lead = fc.record({
      events: fc.array(fc.integer({ min: 0, max: 400 * DAY }), { maxLength: 12 }),
      // snapshots on a 30-day schedule from a random start, some skipped, or at random times
      snapshots: fc.oneof(
        fc.tuple(fc.integer({ min: 0, max: 100 * DAY }), fc.array(fc.boolean(), { minLength: 1, maxLength: 10 })).map(([t0, keep]) => keep.flatMap((k, i) => (k ? [t0 + 30 * DAY * i] : []))),
        fc.uniqueArray(fc.integer({ min: 0, max: 500 * DAY }), { maxLength: 6 }),
      ),
    });
    fc.assert(fc.property(fc.array(lead, { maxLength: 8 }), fc.double({ min: 0.5, max: 5000, noNaN: true }), (leads, h) => {
      const { snapshot, ageDays, runs } = gatheredPairs(leads);
      const chain = new Int32Array(runs);
      decayChain(snapshot, ageDays, chain);
      const direct = new Float64Array(3 * runs), chained = new Float64Array(3 * runs).fill(NaN);
      addDecayedTriplesByRun(snapshot, ageDays, h, direct);
      addDecayedTriplesByChain(chain, ageDays, h, chained);
      for (let j = 0; j < runs; j++) {
        const scale = Math.abs(direct[3 * j]!) + Math.abs(direct[3 * j + 1]!) + Math.abs(direct[3 * j + 2]!) + 1e-300;
        // a carried age is the previous age + Δ, not (t − event) / DAY_MS rounded afresh: the two differ by a
        // few ulps of the age (~1e-13 days at 500 days), which moves a weight by λ times that (λ ≤ 1.4 here)
        // (the largest over 30,000 random histories: 1.13e-13)
        for (let c = 0; c < 3; c++) expect(Math.abs(chained[3 * j + c]! - direct[3 * j + c]!) / scale).toBeLessThan(1e-11);
      }
    }), { numRuns: Number(process.env.LEADCAL_PROPERTY_RUNS ?? 300) });
  });

  it('chains every snapshot after a lead\'s first on a schedule', () => {
    const { snapshot, ageDays, runs } = gatheredPairs([{ events: [0, 5 * DAY_MS, 40 * DAY_MS], snapshots: [10 * DAY_MS, 40 * DAY_MS, 70 * DAY_MS, 100 * DAY_MS] }]);
    const chain = new Int32Array(runs);
    expect(decayChain(snapshot, ageDays, chain)).toBe(3);
    // 2 events at day 10; at 40 nothing new (the event at 40 is not before it); one new at 70
    expect([...chain]).toEqual([2, ~0, ~1, ~0]);
  });
});
