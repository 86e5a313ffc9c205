import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../../src/errors.js';
import { sweepThresholds, type SweepInput, type SweepOptions } from '../../src/thresholds/index.js';

const DAY = 86_400_000;

/** The sweep by definition: for every distinct score of a group, scan all rows. O(n²). */
function bruteForce(input: SweepInput, months: number, value?: number, cost?: number) {
  const n = input.scores.length;
  const groups: { segment: string; rows: number[] }[] = [{ segment: 'overall', rows: [...Array(n).keys()] }];
  if (input.segments) {
    input.segments.values.forEach((v, code) => groups.push({ segment: v, rows: [...Array(n).keys()].filter((i) => input.segments!.codes[i] === code) }));
    const missing = [...Array(n).keys()].filter((i) => input.segments!.codes[i] === -1);
    if (missing.length) groups.push({ segment: '(missing)', rows: missing });
  }
  return groups.map(({ segment, rows }) => {
    const positives = rows.filter((i) => input.labels[i] === 1).length;
    const thresholds = [...new Set(rows.map((i) => input.scores[i]!))].sort((a, b) => a - b);
    return {
      segment,
      base: { leads: rows.length, conversions: positives },
      points: thresholds.map((t) => {
        const passedRows = rows.filter((i) => input.scores[i]! >= t);
        const conversions = passedRows.filter((i) => input.labels[i] === 1).length;
        const passed = passedRows.length;
        const heldBack = rows.length - passed;
        return {
          threshold: t,
          passed,
          passedPerMonth: passed / months,
          conversions,
          conversionRate: conversions / passed,
          heldBack,
          heldBackConversions: positives - conversions,
          heldBackRate: heldBack ? (positives - conversions) / heldBack : null,
          recall: positives ? conversions / positives : null,
          lift: positives ? conversions / passed / (positives / rows.length) : null,
          ...(value === undefined ? {} : { expectedValue: conversions * value - passed * cost! }),
        };
      }),
    };
  });
}

const sweepData = fc
  .record({
    n: fc.integer({ min: 1, max: 40 }),
    distinct: fc.integer({ min: 1, max: 6 }),
    segments: fc.integer({ min: -1, max: 4 }), // -1: no segment column
    positiveRate: fc.constantFrom(0, 0.1, 0.5, 1),
    continuous: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1e9 }),
  })
  .map(({ n, distinct, segments, positiveRate, continuous, seed }) => {
    let s = seed;
    const rnd = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const input: SweepInput = {
      scores: Float64Array.from({ length: n }, () => (continuous ? rnd() * 100 - 50 : Math.floor(rnd() * distinct) * 10)),
      labels: Uint8Array.from({ length: n }, () => (rnd() < positiveRate ? 1 : 0)),
      asOfMs: Float64Array.from({ length: n }, () => Math.floor(rnd() * 400) * DAY),
    };
    if (segments >= 0) {
      // segment code `segments` is never used when drawn below it: an empty dictionary value
      input.segments = { codes: Int32Array.from({ length: n }, () => Math.floor(rnd() * (segments + 1)) - 1), values: Array.from({ length: segments + 1 }, (_, k) => `s${k}`) };
    }
    return input;
  });

describe('sweepThresholds', () => {
  it('equals the brute-force O(n²) sweep on random data (ties, empty and conversion-free segments, missing codes, one row)', () => {
    fc.assert(
      fc.property(sweepData, fc.boolean(), (input, withValue) => {
        const options: SweepOptions = withValue ? { valuePerConversion: 120, costPerTouch: 7, months: 3 } : {};
        const sweep = sweepThresholds(input, options);
        const months = sweep.months;
        let min = Infinity;
        let max = -Infinity;
        for (const t of input.asOfMs) [min, max] = [Math.min(min, t), Math.max(max, t)];
        expect(months).toBeCloseTo(withValue ? 3 : Math.max(1, (max - min) / (30.4375 * DAY)), 12);
        const expected = bruteForce(input, months, withValue ? 120 : undefined, withValue ? 7 : undefined);
        expect(sweep.segments.map((s) => s.segment)).toEqual(expected.map((s) => s.segment));
        sweep.segments.forEach((got, g) => {
          const want = expected[g]!;
          expect(got.base).toMatchObject(want.base);
          expect(got.points.length).toBe(want.points.length);
          got.points.forEach((p, k) => {
            const w = want.points[k]!;
            for (const key of Object.keys(w) as (keyof typeof w)[]) {
              const a = p[key];
              const b = w[key];
              if (typeof b === 'number' && typeof a === 'number') expect(a).toBeCloseTo(b, 9);
              else expect(a).toBe(b);
            }
            expect(p.conversionRateLow).toBeLessThanOrEqual(p.conversionRate + 1e-12);
            expect(p.conversionRateHigh).toBeGreaterThanOrEqual(p.conversionRate - 1e-12);
          });
        });
      }),
      { numRuns: 300, seed: 20250101 },
    );
  });

  it('lists overall, segments in dictionary order (empty ones too), then (missing)', () => {
    const sweep = sweepThresholds({
      scores: Float64Array.of(5, 5, 3, 1),
      labels: Uint8Array.of(1, 0, 1, 0),
      asOfMs: Float64Array.of(0, 0, 0, 0),
      segments: { codes: Int32Array.of(1, -1, 1, 1), values: ['a', 'b'] },
    });
    expect(sweep.segments.map((s) => [s.segment, s.kind, s.base.leads, s.points.length])).toEqual([
      ['overall', 'overall', 4, 3],
      ['a', 'segment', 0, 0],
      ['b', 'segment', 3, 3],
      ['(missing)', 'missing', 1, 1],
    ]);
    expect(sweep.months).toBe(1);
    const b = sweep.segments[2]!;
    expect(b.points.map((p) => [p.threshold, p.passed, p.conversions, p.heldBack, p.heldBackRate])).toEqual([
      [1, 3, 2, 0, null],
      [3, 2, 2, 1, 0],
      [5, 1, 1, 2, 0.5],
    ]);
    expect(b.points[2]!.lift).toBeCloseTo(1 / (2 / 3), 12);
    expect(b.recommended).toBeNull();
    expect(b.reason).toMatch(/^no objective given/);
  });

  it('handles a single row and a segment without conversions', () => {
    const one = sweepThresholds({ scores: Float64Array.of(42), labels: Uint8Array.of(0), asOfMs: Float64Array.of(0), segments: { codes: Int32Array.of(-1), values: [] } });
    expect(one.segments.map((s) => s.segment)).toEqual(['overall', '(missing)']);
    expect(one.segments[1]!.points).toEqual([{ threshold: 42, passed: 1, passedPerMonth: 1, conversions: 0, conversionRate: 0, conversionRateLow: 0, conversionRateHigh: expect.closeTo(1.959963984540054 ** 2 / (1 + 1.959963984540054 ** 2), 12), heldBack: 0, heldBackConversions: 0, heldBackRate: null, recall: null, lift: null }]);
    expect(one.segments[1]!.base).toEqual({ leads: 1, conversions: 0, rate: 0, leadsPerMonth: 1 });
  });

  it('keeps the scripted JSON contract keys', () => {
    const sweep = sweepThresholds({ scores: Float64Array.of(1, 2), labels: Uint8Array.of(0, 1), asOfMs: Float64Array.of(0, DAY) }, { recommend: { objective: 'capacity', mqlsPerMonth: 5, minConversions: 1 } });
    const json = JSON.parse(JSON.stringify(sweep)) as { segments: Record<string, unknown>[] };
    const seg = json.segments[0]!;
    expect(Object.keys(seg)).toEqual(expect.arrayContaining(['segment', 'base', 'points', 'recommended']));
    expect(Object.keys(seg.base as object)).toEqual(expect.arrayContaining(['leads', 'conversions']));
    expect(Object.keys((seg.points as object[])[0]!)).toEqual(expect.arrayContaining(['threshold', 'passed', 'passedPerMonth', 'conversions', 'conversionRate', 'recall', 'lift']));
    expect(seg.recommended).toMatchObject({ threshold: 1, passed: 2 });
  });

  it('does not modify its inputs', () => {
    const input: SweepInput = {
      scores: Float64Array.of(3, 1, 2, 2, 9),
      labels: Uint8Array.of(1, 0, 0, 1, 1),
      asOfMs: Float64Array.of(5, 4, 3, 2, 1),
      segments: { codes: Int32Array.of(0, 1, -1, 0, 1), values: ['x', 'y'] },
    };
    const before = JSON.stringify([...input.scores, ...input.labels, ...input.asOfMs, ...input.segments!.codes, input.segments!.values]);
    sweepThresholds(input, { valuePerConversion: 10, costPerTouch: 1 });
    expect(JSON.stringify([...input.scores, ...input.labels, ...input.asOfMs, ...input.segments!.codes, input.segments!.values])).toBe(before);
  });

  it('recommends by expected value by default when value and cost are given', () => {
    const sweep = sweepThresholds({ scores: Float64Array.of(1, 2, 3), labels: Uint8Array.of(0, 1, 1), asOfMs: Float64Array.of(0, 0, 0) }, { valuePerConversion: 10, costPerTouch: 4, recommend: { objective: 'expectedValue', minConversions: 0 } });
    expect(sweep.segments[0]!.points.map((p) => p.expectedValue)).toEqual([8, 12, 6]);
    expect(sweep.segments[0]!.recommended).toMatchObject({ threshold: 2, objective: 'expectedValue', expectedValue: 12 });
  });

  const ok = { scores: Float64Array.of(1, 2), labels: Uint8Array.of(0, 1), asOfMs: Float64Array.of(0, 0) };
  const rejected: [string, unknown, SweepOptions, string][] = [
    ['input not an object', null, {}, 'input must be an object'],
    ['scores not typed', { ...ok, scores: [1, 2] }, {}, 'scores must be a Float64Array; got an array of length 2'],
    ['scores NaN', { ...ok, scores: Float64Array.of(1, NaN) }, {}, 'scores must hold finite numbers; got NaN at row 1'],
    ['scores empty', { scores: new Float64Array(0), labels: new Uint8Array(0), asOfMs: new Float64Array(0) }, {}, 'scores must have at least one row; got 0'],
    ['labels not 0/1', { ...ok, labels: Uint8Array.of(0, 2) }, {}, 'labels must hold 0 or 1; got 2 at row 1'],
    ['labels length', { ...ok, labels: Uint8Array.of(0) }, {}, 'labels must have one row per row of scores (2); got 1'],
    ['asOfMs length', { ...ok, asOfMs: Float64Array.of(0) }, {}, 'asOfMs must have one row per row of scores (2); got 1'],
    ['asOfMs infinite', { ...ok, asOfMs: Float64Array.of(0, Infinity) }, {}, 'asOfMs must hold finite numbers; got Infinity at row 1'],
    ['segment codes type', { ...ok, segments: { codes: [0, 0], values: ['a'] } }, {}, 'segments.codes must be an Int32Array'],
    ['segment code out of range', { ...ok, segments: { codes: Int32Array.of(0, 1), values: ['a'] } }, {}, 'segments.codes must be −1 or an index into segments.values (0 … 0); got 1 at row 1'],
    ['segment values repeat', { ...ok, segments: { codes: Int32Array.of(0, 1), values: ['a', 'a'] } }, {}, 'segments.values must not repeat'],
    ['segment codes length', { ...ok, segments: { codes: Int32Array.of(0), values: ['a'] } }, {}, 'segments.codes must have one row per row of scores'],
    ['months zero', ok, { months: 0 }, 'months must be a positive number; got 0'],
    ['value without cost', ok, { valuePerConversion: 100 }, 'valuePerConversion and costPerTouch must be given together; got only valuePerConversion'],
    ['negative cost', ok, { valuePerConversion: 100, costPerTouch: -1 }, 'costPerTouch must be a number ≥ 0; got -1'],
    ['value zero', ok, { valuePerConversion: 0, costPerTouch: 1 }, 'valuePerConversion must be a positive number; got 0'],
    ['unknown candidates', ok, { candidates: 'halfPoints' as never }, 'candidates must be one of "everyScore", "wholePoints"; got "halfPoints"'],
  ];
  it.each(rejected)('rejects %s', (_name, input, options, message) => {
    let error: unknown;
    try {
      sweepThresholds(input as SweepInput, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LeadcalError);
    expect((error as LeadcalError).code).toBe('option_invalid');
    expect((error as LeadcalError).message).toContain(message);
  });
});
