import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deLongAuc, deLongTest, rocAuc } from '../../src/calibration/index.js';
import { compareAucs, swapPair } from '../../src/compare/auc-comparison.js';

const labels = Uint8Array.of(0, 0, 1, 0, 1, 1);
const a = Float64Array.of(0.1, 0.3, 0.35, 0.4, 0.8, 0.9);
const b = Float64Array.of(0.2, 0.1, 0.3, 0.5, 0.4, 0.6);

describe('compareAucs', () => {
  it('gives each scorer its DeLong AUC and interval, and the paired test against the first', () => {
    const [first, second] = compareAucs(labels, [a, b]);
    const d = deLongAuc(labels, a);
    expect(first).toEqual({ auc: d.auc, lower: d.lower, upper: d.upper, versusFirst: null });
    expect(second!.versusFirst).toEqual(deLongTest(labels, b, a));
    expect(second!.versusFirst!.difference).toBe(-0.11111111111111116);
  });

  it('falls back to the plain AUC without intervals when a class has a single row, NaN without both classes', () => {
    const one = Uint8Array.of(0, 0, 1, 0);
    const s = Float64Array.of(0.1, 0.5, 0.9, 0.2);
    expect(compareAucs(one, [s, s])).toEqual([
      { auc: rocAuc(one, s), lower: NaN, upper: NaN, versusFirst: null },
      { auc: rocAuc(one, s), lower: NaN, upper: NaN, versusFirst: null },
    ]);
    expect(compareAucs(Uint8Array.of(0, 0), [Float64Array.of(1, 2)])[0]!.auc).toBeNaN();
  });
});

describe('swapPair', () => {
  it('equals the test run the other way round, bit for bit (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { minLength: 6, maxLength: 60 }),
      (rows) => {
        const y = Uint8Array.from(rows, ([l]) => (l ? 1 : 0));
        const p = y.reduce((s, v) => s + v, 0);
        if (p < 2 || y.length - p < 2) return;
        const u = Float64Array.from(rows, ([, x]) => x);
        const v = Float64Array.from(rows, ([, , x]) => x);
        const swapped = swapPair(deLongTest(y, v, u));
        const direct = deLongTest(y, u, v);
        for (const k of ['aucA', 'aucB', 'difference', 'variance', 'standardError', 'z', 'pValue', 'lower', 'upper', 'level'] as const) expect(Object.is(swapped[k], direct[k])).toBe(true);
      },
    ), { numRuns: 200 });
  });
});
