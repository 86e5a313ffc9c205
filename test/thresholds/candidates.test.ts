import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MQL_THRESHOLD_CANDIDATES, sweepThresholds, wholePointScores } from '../../src/thresholds/index.js';

const DAY = 86_400_000;

describe('wholePointScores', () => {
  it('floors to whole points, absorbing float noise just below a whole point', () => {
    expect(Array.from(wholePointScores(Float64Array.of(93.5, 94, -0.5, 59.9999999999999, 0)))).toEqual([93, 94, -1, 60, 0]);
  });

  it('leaves its input unchanged', () => {
    const scores = Float64Array.of(1.5, 2.5);
    wholePointScores(scores);
    expect(Array.from(scores)).toEqual([1.5, 2.5]);
  });
});

describe("sweepThresholds({ candidates: 'wholePoints' })", () => {
  it('is what leadcal sweep, the report and the demo use', () => {
    expect(MQL_THRESHOLD_CANDIDATES).toBe('wholePoints');
  });

  it('tries every whole point some score reaches, and at each passes exactly the snapshots with score ≥ t', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -50, max: 150, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 60 }), (rows) => {
        const scores = Float64Array.from(rows, ([s]) => s);
        const labels = Uint8Array.from(rows, ([, y]) => (y ? 1 : 0));
        const sweep = sweepThresholds({ scores, labels, asOfMs: Float64Array.from(rows, (_, i) => i * DAY) }, { candidates: 'wholePoints' });
        const points = sweep.segments[0]!.points;
        expect(points.map((p) => p.threshold)).toEqual([...new Set(Array.from(scores, (s) => Math.floor(s + 1e-9)))].sort((a, b) => a - b));
        for (const p of points) {
          const passed = rows.filter(([s]) => s >= p.threshold - 1e-9);
          expect([p.passed, p.conversions]).toEqual([passed.length, passed.filter(([, y]) => y).length]);
        }
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  it('recommends a whole point where every distinct score would recommend one in between', () => {
    const input = { scores: Float64Array.of(10, 20, 93.5, 93.5, 94.2, 99), labels: Uint8Array.of(0, 0, 1, 0, 1, 1), asOfMs: new Float64Array(6) };
    const recommend = { objective: 'targetRate' as const, rate: 0.7, minConversions: 1 };
    expect(sweepThresholds(input, { recommend }).segments[0]!.recommended!.threshold).toBe(93.5);
    const whole = sweepThresholds(input, { recommend, candidates: 'wholePoints' }).segments[0]!.recommended!;
    expect([whole.threshold, whole.passed, whole.conversions]).toEqual([93, 4, 3]);
  });
});
