// Histogram passes: every mode and plan gives the naive per-bin sums (wide features to the bit,
// binary features' bin 0 as the node's total less bin 1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binnedStride } from '../../src/gbm/bin-mapper.js';
import { fitAllocator, type FitAllocator } from '../../src/gbm/arena.js';
import { buildHistogram, FEATURE_STRIDE, histogramLength, histogramPlan, PASS, planCapacity, type HistogramMemory } from '../../src/gbm/histogram.js';

/** Bins of `rows` rows: binary features take 0/1, the others 0..254 or 255 (missing). */
function design(rows: number, binary: boolean[], seed: number): { columns: Uint8Array[]; gh: Float64Array } {
  let s = seed | 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const columns = binary.map((b) => Uint8Array.from({ length: rows }, () => (b ? +(next() < 0.3) : next() < 0.05 ? 255 : Math.floor(next() * 12))));
  const gh = Float64Array.from({ length: 2 * rows }, (_, i) => (i % 2 ? next() * 0.25 : next() - 0.5));
  return { columns, gh };
}

describe('histogram passes', () => {
  it('give the naive sums in every mode, whatever the plan, in JavaScript and in WebAssembly', () => {
    // one memory for every case (each WebAssembly memory reserves gigabytes of address space)
    const saved = process.env.LEADCAL_GBM_WASM;
    delete process.env.LEADCAL_GBM_WASM;
    const arena = fitAllocator(256 * 2 ** 20, false);
    if (saved !== undefined) process.env.LEADCAL_GBM_WASM = saved;
    expect(arena.kernels).not.toBeNull();
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 23 }), fc.integer({ min: 1, max: 400 }), fc.integer(), fc.constantFrom('identity', 'columns', 'compact'), fc.boolean(), (binary, n, seed, mode, inWasm) => {
        const features = binary.length;
        const stride = binnedStride(features);
        const { columns: bins, gh: perRow } = design(n, binary, seed);
        // a sparse node (under DENSE_SHARE of the rows) is gathered
        const all = mode === 'compact' ? n * 30 : n;
        // the WebAssembly kernels read every array from the fit's memory; the JavaScript ones the same arrays
        const alloc: FitAllocator = { ...arena, kernels: inWasm ? arena.kernels : null };
        const binned = alloc.uint8(n * stride);
        const columns = alloc.columns(features, n);
        bins.forEach((c, f) => columns[f]!.set(c));
        columns.forEach((c, f) => c.forEach((v, r) => (binned[r * stride + f] = v)));
        // the node: every row (identity), or every other row read through the columns or gathered
        const rows = mode === 'identity' ? Uint32Array.from({ length: n }, (_, i) => i) : Uint32Array.from({ length: Math.ceil(n / 2) }, (_, i) => 2 * i);
        const index = alloc.uint32(all);
        index.set(rows);
        const gh = alloc.float64(2 * all);
        rows.forEach((r, i) => gh.set(perRow.subarray(2 * r, 2 * r + 2), 2 * i));
        const plan = histogramPlan(binary, alloc.int32(planCapacity(features) * PASS));
        expect(plan.count).toBeLessThanOrEqual(planCapacity(features));
        expect(plan.passes.length).toBe(planCapacity(features) * PASS);
        const m: HistogramMemory = { binned, stride, columns, features, plan, gradHess: perRow, gh, compact: alloc.uint8(all * stride) };
        let G = 0;
        let H = 0;
        for (let i = 0; i < rows.length; i++) {
          G += gh[2 * i]!;
          H += gh[2 * i + 1]!;
        }
        const hist = alloc.float64(histogramLength(features)).fill(7);
        buildHistogram(hist, m, index, 0, rows.length, G, H, undefined, alloc.kernels);
        for (let f = 0; f < features; f++) {
          const naive = new Float64Array(FEATURE_STRIDE);
          rows.forEach((r, i) => {
            const k = columns[f]![r]! * 3;
            naive[k] += gh[2 * i]!;
            naive[k + 1] += gh[2 * i + 1]!;
            naive[k + 2] += 1;
          });
          const got = hist.subarray(f * FEATURE_STRIDE, (f + 1) * FEATURE_STRIDE);
          if (!binary[f]) {
            expect(Array.from(got)).toEqual(Array.from(naive));
            continue;
          }
          expect(Array.from(got.subarray(3))).toEqual(Array.from(naive.subarray(3)));
          expect(got[2]).toBe(naive[2]);
          expect(got[0]).toBeCloseTo(naive[0]!, 12);
          expect(got[1]).toBeCloseTo(naive[1]!, 12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('plans five wide features and up to three binary ones a pass, then six binary ones', () => {
    const plan = histogramPlan([false, true, false, true, true, true, true, false, true, true, true, true]);
    const passes = Array.from({ length: plan.count }, (_, u) => Array.from(plan.passes.subarray(u * PASS, (u + 1) * PASS)));
    expect(passes).toEqual([
      [0, 0, 2, 7, -1, -1, 1, 3, 4],
      [1, 5, 6, 8, 9, 10, 11, -1, -1],
    ]);
    expect(Array.from(plan.binary)).toEqual([1, 3, 4, 5, 6, 8, 9, 10, 11]);
  });
});
