import { describe, expect, it } from 'vitest';
import { encodeCategories, type Column } from '../../src/data/columns.js';
import { LeadcalError } from '../../src/errors.js';
import { bandDrift, columnPsi, featurePsi, psi, psiBand, quantileEdges, uniformEdges, type BandDriftOptions, type PsiOptions, type ScoredPeriod } from '../../src/drift/index.js';
import { wilsonRange } from '../../src/thresholds/index.js';

const contribution = (a: number, e: number): number => (a - e) * Math.log(a / e);

describe('psi', () => {
  // expected 1…10; actual 1 1 1 2 8 9 10 10 10 and one missing; edges [3, 7]
  // expected: < 3 → 2 (0.2), [3, 7) → 4 (0.4), ≥ 7 → 4 (0.4), missing 0
  // actual:   < 3 → 4 (0.4), [3, 7) → 0 (0 → 1e-4), ≥ 7 → 5 (0.5), missing 1 (0.1; expected 0 → 1e-4)
  const expected = Float64Array.from({ length: 10 }, (_, i) => i + 1);
  const actual = Float64Array.of(1, 1, 1, 2, 8, 9, 10, 10, NaN, 10);
  const table = psi(expected, actual, { bins: [3, 7] });

  it('matches a hand computation, with the epsilon for empty bins', () => {
    const byHand = contribution(0.4, 0.2) + contribution(1e-4, 0.4) + contribution(0.5, 0.4) + contribution(0.1, 1e-4);
    expect(byHand).toBeCloseTo(4.16782, 5);
    expect(table.psi).toBeCloseTo(byHand, 12);
    expect(table.band).toBe('shift');
    expect(table.bins.map((b) => [b.bin, b.low, b.high, b.expected, b.actual, b.expectedShare, b.actualShare])).toEqual([
      ['< 3', null, 3, 2, 4, 0.2, 0.4],
      ['[3, 7)', 3, 7, 4, 0, 0.4, 0],
      ['≥ 7', 7, null, 4, 5, 0.4, 0.5],
      ['(missing)', null, null, 0, 1, 0, 0.1],
    ]);
    expect(table.bins[1]!.contribution).toBeCloseTo(contribution(1e-4, 0.4), 12);
    expect(table.total).toEqual({ bin: 'total', low: null, high: null, expected: 10, actual: 10, expectedShare: 1, actualShare: 1, contribution: table.psi });
    expect(table.epsilon).toBe(1e-4);
  });

  it('bins by quantiles of expected by default (10 bins, type 7)', () => {
    expect(psi(expected, expected).edges).toEqual(quantileEdges(expected, 10));
    expect(psi(expected, expected).psi).toBe(0);
    expect(quantileEdges(expected, 4)).toEqual([3.25, 5.5, 7.75]); // numpy.quantile(1..10, [.25, .5, .75])
    expect(quantileEdges(Float64Array.of(0, 0, 0, 0, 0, 0, 1, 2, 3, 4), 4)).toEqual([1.75]); // ties merge bins
    expect(uniformEdges(Float64Array.of(0, 10, NaN), 4)).toEqual([2.5, 5, 7.5]);
    expect(psi(expected, actual, { bins: 2, strategy: 'uniform' }).edges).toEqual([5.5]);
  });

  it.each([
    ['quantile count 0', () => quantileEdges(expected, 0), 'count must be an integer ≥ 1; got 0'],
    ['quantile plain array', () => quantileEdges([1, 2] as unknown as Float64Array, 2), 'values must be a Float64Array; got an array of length 2'],
    ['uniform fractional count', () => uniformEdges(expected, 1.5), 'count must be an integer ≥ 1; got 1.5'],
  ])('edges reject %s', (_name, call, message) => {
    expect(call).toThrow(LeadcalError);
    expect(call).toThrow(message);
  });

  it('reads the bands at 0.10 and 0.25', () => {
    expect([0, 0.0999, 0.1, 0.2499, 0.25, 3].map(psiBand)).toEqual(['stable', 'stable', 'moderate', 'moderate', 'shift', 'shift']);
  });

  it('a custom epsilon changes only the empty-bin terms', () => {
    const t = psi(expected, actual, { bins: [3, 7], epsilon: 1e-3 });
    expect(t.psi).toBeCloseTo(contribution(0.4, 0.2) + contribution(1e-3, 0.4) + contribution(0.5, 0.4) + contribution(0.1, 1e-3), 12);
  });

  it('does not modify its inputs', () => {
    const a = Float64Array.of(3, 1, 2);
    const b = Float64Array.of(2, NaN, 9);
    psi(a, b, { bins: 2 });
    expect([...a]).toEqual([3, 1, 2]);
    expect([...b]).toEqual([2, NaN, 9]);
  });

  const ok = Float64Array.of(1, 2, 3);
  it.each([
    ['expected not typed', [1, 2], ok, {}, 'expected must be a Float64Array; got an array of length 2'],
    ['empty actual', ok, new Float64Array(0), {}, 'actual must have at least one row; got 0'],
    ['infinite', ok, Float64Array.of(Infinity), {}, 'actual must hold finite numbers or NaN for missing; got Infinity at row 0'],
    ['one bin', ok, ok, { bins: 1 }, 'bins must be an integer ≥ 2; got 1'],
    ['fractional bins', ok, ok, { bins: 2.5 }, 'bins must be an integer ≥ 2; got 2.5'],
    ['unsorted edges', ok, ok, { bins: [3, 2] }, 'bins must be strictly increasing; got 3 then 2'],
    ['NaN edge', ok, ok, { bins: [NaN] }, 'bins must hold finite numbers; got NaN at position 0'],
    ['bins as text', ok, ok, { bins: '10' }, 'bins must be a bin count or an array of edges; got "10"'],
    ['strategy with edges', ok, ok, { bins: [2], strategy: 'quantile' }, 'strategy must be left out when edges are given'],
    ['unknown strategy', ok, ok, { strategy: 'kmeans' }, 'strategy must be one of "quantile", "uniform"; got "kmeans"'],
    ['epsilon zero', ok, ok, { epsilon: 0 }, 'epsilon must be a number in (0, 0.1); got 0'],
  ])('rejects %s', (_name, e, a, options, message) => {
    expect(() => psi(e as Float64Array, a, options as PsiOptions)).toThrow(LeadcalError);
    expect(() => psi(e as Float64Array, a, options as PsiOptions)).toThrow(message);
  });
});

describe('featurePsi', () => {
  it('compares categories by value, across different dictionaries, with (missing)', () => {
    // expected a a b _ ; actual b b c a (dictionary in another order, a new value c)
    const e = encodeCategories(['a', 'a', 'b', '']);
    const a = encodeCategories(['b', 'b', 'c', 'a']);
    const t = columnPsi(e, a);
    expect(t.bins.map((b) => [b.bin, b.expected, b.actual])).toEqual([['a', 2, 1], ['b', 1, 2], ['c', 0, 1], ['(missing)', 1, 0]]);
    const byHand = contribution(0.25, 0.5) + contribution(0.5, 0.25) + contribution(0.25, 1e-4) + contribution(1e-4, 0.25);
    expect(t.psi).toBeCloseTo(byHand, 12);
  });

  it('gives a table of features sorted by PSI with each feature\'s bins', () => {
    const number = (xs: number[]): Column => ({ kind: 'number', values: Float64Array.from(xs) });
    const result = featurePsi(
      { industry: encodeCategories([...'xxxxxxxxxxyyyyyyyyyy']), employees: number([1, 2, 3, 4]), same: number([5, 5, 6, 6]) },
      { industry: encodeCategories([...'xxxxxxxxxxxxxxyyyyyy']), employees: number([4, 4, 4, 4]), same: number([6, 5, 6, 5]) },
      { bins: [2.5] },
    );
    expect(result.features.map((f) => [f.feature, f.kind, f.bins, f.band])).toEqual([
      ['employees', 'number', 2, 'shift'],
      ['industry', 'category', 2, 'moderate'],
      ['same', 'number', 1, 'stable'],
    ]);
    expect(result.features[1]!.psi).toBeCloseTo(contribution(0.7, 0.5) + contribution(0.3, 0.5), 12); // 0.1695
    expect(result.tables.employees!.edges).toEqual([2.5]);
  });

  it.each([
    ['a missing feature', { f: encodeCategories(['a']) }, {}, 'actual must have every feature of expected; got no "f"'],
    ['kinds differ', { f: encodeCategories(['a']) }, { f: { kind: 'number', values: Float64Array.of(1) } }, 'f must have the same kind in both samples; got category and number'],
    ['not a column', { f: [1, 2] }, { f: [1, 2] }, 'expected f must be a column'],
    ['code out of range', { f: { kind: 'category', codes: Int32Array.of(3), values: ['a'] } }, { f: encodeCategories(['a']) }, 'expected f codes must be −1 or an index into values; got 3 at row 0'],
    ['empty column', { f: encodeCategories([]) }, { f: encodeCategories(['a']) }, 'expected f must have at least one row; got 0'],
  ])('rejects %s', (_name, e, a, message) => {
    expect(() => featurePsi(e as Record<string, Column>, a as Record<string, Column>)).toThrow(LeadcalError);
    expect(() => featurePsi(e as Record<string, Column>, a as Record<string, Column>)).toThrow(message);
  });

  it('rejects bins for a category column', () => {
    expect(() => columnPsi(encodeCategories(['a']), encodeCategories(['a']), { bins: 3 })).toThrow('bins must be left out for category columns; got 3');
  });
});

describe('bandDrift', () => {
  const before: ScoredPeriod = { scores: Float64Array.of(10, 20, 30, 40, 50), labels: Uint8Array.of(0, 0, 1, 1, 1) };
  const after: ScoredPeriod = { scores: Float64Array.of(10, 20, 30, 40), labels: Uint8Array.of(0, 1, 0, 1) };

  it('puts both periods\' conversion by band side by side with Wilson intervals and a totals row', () => {
    const r = bandDrift(before, after, { bands: [25] });
    expect(r.bands.map((b) => [b.band, b.beforeLeads, b.beforeConversions, b.beforeRate, b.afterLeads, b.afterConversions, b.afterRate, b.rateChange, b.overlap])).toEqual([
      ['< 25', 2, 0, 0, 2, 1, 0.5, 0.5, true],
      ['≥ 25', 3, 3, 1, 2, 1, 0.5, -0.5, true],
    ]);
    expect(r.bands[0]).toMatchObject({ beforeRateLow: 0, beforeRateHigh: wilsonRange(0, 2).high, afterRateLow: wilsonRange(1, 2).low });
    expect(r.total).toMatchObject({ band: 'total', beforeLeads: 5, beforeConversions: 3, afterLeads: 4, afterConversions: 2, rateChange: 0.5 - 0.6 });
  });

  it('flags intervals that do not overlap, and empty bands', () => {
    const many = (n: number, score: number, conversions: number): ScoredPeriod => ({ scores: new Float64Array(n).fill(score), labels: Uint8Array.from({ length: n }, (_, i) => (i < conversions ? 1 : 0)) });
    const r = bandDrift(many(200, 80, 100), many(200, 80, 20), { bands: [50] });
    expect(r.bands[0]).toMatchObject({ band: '< 50', beforeLeads: 0, beforeRate: null, rateChange: null, overlap: null, beforeRateLow: NaN, beforeRateHigh: NaN }); // no leads, no interval (stats/wilson.ts)
    expect(r.bands[1]).toMatchObject({ beforeRate: 0.5, afterRate: 0.1, overlap: false });
  });

  it('uses 5 quantile bands of the before period by default', () => {
    const scores = Float64Array.from({ length: 101 }, (_, i) => i);
    const r = bandDrift({ scores, labels: new Uint8Array(101) }, { scores, labels: new Uint8Array(101) });
    expect(r.edges).toEqual([20, 40, 60, 80]);
    expect(r.bands.map((b) => b.beforeLeads)).toEqual([20, 20, 20, 20, 21]);
  });

  it.each([
    ['before not an object', null, after, {}, 'before must be { scores, labels }; got null'],
    ['NaN score', { scores: Float64Array.of(NaN), labels: Uint8Array.of(0) }, after, {}, 'before.scores must hold finite numbers; got NaN at row 0'],
    ['empty after', before, { scores: new Float64Array(0), labels: new Uint8Array(0) }, {}, 'after.scores must have at least one row; got 0'],
    ['labels length', before, { scores: Float64Array.of(1), labels: Uint8Array.of(0, 1) }, {}, 'after.labels must have one row per row of after.scores (1); got 2'],
    ['one band', before, after, { bands: 1 }, 'bands must be an integer ≥ 2; got 1'],
    ['unsorted bands', before, after, { bands: [50, 10] }, 'bands must be strictly increasing; got 50 then 10'],
  ])('rejects %s', (_name, b, a, options, message) => {
    expect(() => bandDrift(b as ScoredPeriod, a, options as BandDriftOptions)).toThrow(LeadcalError);
    expect(() => bandDrift(b as ScoredPeriod, a, options as BandDriftOptions)).toThrow(message);
  });
});
