import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../../src/errors.js';
import { kaplanMeier, kaplanMeierQuantile } from '../../src/funnel/index.js';

describe('kaplanMeier', () => {
  // By hand: times 1 2 2 3 4 5, events 1 1 0 1 0 1 (the censoring at 2 is at risk at 2).
  // t=1: 6 at risk, 1 event → S = 5/6;  t=2: 5 at risk, 1 event, 1 censored → S = 5/6 · 4/5 = 2/3
  // t=3: 3 at risk, 1 event → S = 2/3 · 2/3 = 4/9;  t=4: 2 at risk, censored → 4/9;  t=5: 1, 1 event → 0
  const curve = kaplanMeier(Float64Array.of(3, 2, 1, 5, 2, 4), Uint8Array.of(1, 0, 1, 1, 1, 0));

  it('matches the product-limit estimate worked by hand', () => {
    expect(curve.map(({ time, atRisk, events, censored }) => [time, atRisk, events, censored])).toEqual([
      [1, 6, 1, 0],
      [2, 5, 1, 1],
      [3, 3, 1, 0],
      [4, 2, 0, 1],
      [5, 1, 1, 0],
    ]);
    const expected = [5 / 6, 2 / 3, 4 / 9, 4 / 9, 0];
    curve.forEach((row, k) => expect(row.survival).toBeCloseTo(expected[k]!, 14));
  });

  it('gives Greenwood standard errors', () => {
    // S² Σ d/(n(n−d)): t=1 (5/6)²·1/30; t=2 (2/3)²·(1/30 + 1/20); t=3 (4/9)²·(1/12 + 1/6)
    expect(curve[0]!.stdErr).toBeCloseTo((5 / 6) * Math.sqrt(1 / 30), 14);
    expect(curve[1]!.stdErr).toBeCloseTo((2 / 3) * Math.sqrt(1 / 12), 14);
    expect(curve[2]!.stdErr).toBeCloseTo((4 / 9) * Math.sqrt(1 / 4), 14);
    expect(curve[4]!.stdErr).toBeNull();
  });

  it('reads quantiles as the first time with S ≤ 1 − p', () => {
    expect(kaplanMeierQuantile(curve, 0.25)).toBe(2); // S(1) = 0.83 > 0.75, S(2) = 0.67
    expect(kaplanMeierQuantile(curve, 0.5)).toBe(3); // S(3) = 0.44
    expect(kaplanMeierQuantile(curve, 0.75)).toBe(5); // S(5) = 0
    const censoredTail = kaplanMeier(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 0, 0, 0));
    expect(kaplanMeierQuantile(censoredTail, 0.5)).toBeNull();
    expect(kaplanMeierQuantile([], 0.5)).toBeNull();
  });

  it('counts an exact S = 1 − p at that time (R would take the midpoint of the flat)', () => {
    expect(kaplanMeierQuantile(kaplanMeier(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 1, 1)), 0.5)).toBe(2);
  });

  it('handles no rows, all censored and zero durations', () => {
    expect(kaplanMeier(new Float64Array(0), new Uint8Array(0))).toEqual([]);
    expect(kaplanMeier(Float64Array.of(3, 3), Uint8Array.of(0, 0))).toEqual([{ time: 3, atRisk: 2, events: 0, censored: 2, survival: 1, stdErr: 0 }]);
    const zero = kaplanMeier(Float64Array.of(0, 0, 1), Uint8Array.of(1, 0, 1));
    expect(zero.map((r) => [r.time, r.atRisk, r.events, r.censored])).toEqual([[0, 3, 1, 1], [1, 1, 1, 0]]);
    expect(zero[0]!.survival).toBeCloseTo(2 / 3, 14);
    expect(zero[1]!.survival).toBe(0);
  });

  it.each([
    ['durations not typed', [1, 2], Uint8Array.of(1, 1), 'durations must be a Float64Array; got an array of length 2'],
    ['negative duration', Float64Array.of(1, -1), Uint8Array.of(1, 1), 'durations must be finite and ≥ 0; got -1 at row 1'],
    ['NaN duration', Float64Array.of(NaN), Uint8Array.of(1), 'durations must be finite and ≥ 0; got NaN at row 0'],
    ['events not 0/1', Float64Array.of(1), Uint8Array.of(3), 'events must hold 0 or 1; got 3 at row 0'],
    ['length mismatch', Float64Array.of(1, 2), Uint8Array.of(1), 'events must have one row per row of durations (2); got 1'],
  ])('rejects %s', (_name, durations, events, message) => {
    expect(() => kaplanMeier(durations as Float64Array, events)).toThrow(LeadcalError);
    expect(() => kaplanMeier(durations as Float64Array, events)).toThrow(message);
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => kaplanMeierQuantile(curve, 1)).toThrow('p must be in (0, 1); got 1');
  });
});
