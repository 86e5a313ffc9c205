// The WebAssembly kernels: the committed bytes are those of src/gbm/kernels.wat, each kernel
// gives the bits of its JavaScript twin, and a fit on the JavaScript path is the same model.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleKernels, kernelsSource } from '../../scripts/build-wasm.js';
import { arenaBytes, fitAllocator } from '../../src/gbm/arena.js';
import { partitionRows } from '../../src/gbm/grow-tree.js';
import { fitGbm, type GbmDesign, type GbmOptions } from '../../src/gbm/index.js';
import { synthetic } from './gbm-synthetic.js';

/** Run `f` with LEADCAL_GBM_WASM set to `value` (undefined: unset), then restore it. */
function withWasm<T>(value: string | undefined, f: () => T): T {
  const saved = process.env.LEADCAL_GBM_WASM;
  if (value === undefined) delete process.env.LEADCAL_GBM_WASM;
  else process.env.LEADCAL_GBM_WASM = value;
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env.LEADCAL_GBM_WASM;
    else process.env.LEADCAL_GBM_WASM = saved;
  }
}

/** The same fit on the WebAssembly kernels and on the JavaScript ones: the same model and diagnostics. */
function expectSameFits(X: GbmDesign, y: Uint8Array, options: GbmOptions): void {
  const wasm = withWasm(undefined, () => fitGbm(X, y, options));
  const js = withWasm('0', () => fitGbm(X, y, options));
  // the WebAssembly path really ran (a memory that cannot be had falls back without a word)
  expect(wasm.diagnostics.kernels).toBe('webassembly');
  expect(js.diagnostics.kernels).toBe('javascript');
  expect(JSON.stringify(wasm.model)).toBe(JSON.stringify(js.model));
  expect({ ...wasm.diagnostics, kernels: 'any' }).toEqual({ ...js.diagnostics, kernels: 'any' });
}

describe('WebAssembly kernels', () => {
  it('are the assembled text (npm run build:wasm after editing kernels.wat)', async () => {
    const text = readFileSync(new URL('../../src/gbm/kernels.wat', import.meta.url), 'utf8');
    const committed = readFileSync(new URL('../../src/gbm/kernels-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(kernelsSource(await assembleKernels(text)));
  });

  it('partition: the bits of the JavaScript loop, in place or not, with missing values either way', () => {
    // one memory for every case (each WebAssembly memory reserves gigabytes of address space)
    const alloc = withWasm(undefined, () => fitAllocator(arenaBytes([16 * 2 ** 20]), false));
    expect(alloc.kernels).not.toBeNull();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 0, max: 254 }), fc.boolean(), fc.boolean(), (bins, bin, missingLeft, inPlace) => {
        const n = bins.length;
        const col = alloc.uint8(n);
        col.set(bins);
        const make = () => {
          const rows = alloc.uint32(n);
          const gh = alloc.float64(2 * n);
          // rows in a scrambled order, so the column is read through the index
          for (let i = 0; i < n; i++) rows[i] = (i * 7) % n;
          for (let i = 0; i < 2 * n; i++) gh[i] = Math.sin(i) / 3;
          return { rows, gh };
        };
        const js = make();
        const jsOut = { lefts: new Uint32Array(n), ghLefts: new Float64Array(2 * n), rights: new Uint32Array(n), ghRights: new Float64Array(2 * n) };
        const wa = make();
        const waOut = { lefts: inPlace ? wa.rows : alloc.uint32(n), ghLefts: inPlace ? wa.gh : alloc.float64(2 * n), rights: alloc.uint32(n), ghRights: alloc.float64(2 * n) };
        const from = n >> 2;
        const l1 = partitionRows(js.rows, js.gh, col, bin, +missingLeft, from, n, inPlace ? js.rows : jsOut.lefts, inPlace ? js.gh : jsOut.ghLefts, inPlace ? from : 0, jsOut.rights, jsOut.ghRights);
        const l2 = partitionRows(wa.rows, wa.gh, col, bin, +missingLeft, from, n, waOut.lefts, waOut.ghLefts, inPlace ? from : 0, waOut.rights, waOut.ghRights, alloc.kernels);
        expect(l2).toBe(l1);
        const lefts = inPlace ? [js.rows, wa.rows] : [jsOut.lefts, waOut.lefts];
        const ghLefts = inPlace ? [js.gh, wa.gh] : [jsOut.ghLefts, waOut.ghLefts];
        expect(Array.from(lefts[1]!)).toEqual(Array.from(lefts[0]!));
        expect(Array.from(ghLefts[1]!)).toEqual(Array.from(ghLefts[0]!));
        const r = n - from - l1;
        expect(Array.from(waOut.rights.subarray(0, r))).toEqual(Array.from(jsOut.rights.subarray(0, r)));
        expect(Array.from(waOut.ghRights.subarray(0, 2 * r))).toEqual(Array.from(jsOut.ghRights.subarray(0, 2 * r)));
      }),
      { numRuns: 200 },
    );
  });

  it('give the model of the JavaScript kernels, on one thread and on two', () => {
    const { X, y } = synthetic(40_000, 6);
    for (const threads of [1, 2] as const) expectSameFits(X, y, { maxIter: 10, seed: 4, earlyStopping: true, threads });
  });

  it('give that model when a tree outgrows the histograms kept in the memory (the JavaScript passes take over)', () => {
    // 1,000 features: 10 histograms fit in the pool's 64 MB, a tree of 40 leaves needs more
    const rows = 3000;
    let s = 7;
    const next = (): number => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 2 ** 32;
    };
    const columns = Array.from({ length: 1000 }, (_, j) => Float64Array.from({ length: rows }, () => (j % 3 === 0 ? +(next() < 0.4) : next() < 0.02 ? Number.NaN : next())));
    const y = Uint8Array.from({ length: rows }, (_, i) => +(columns[1]![i]! + 0.5 * columns[0]![i]! + 0.3 * next() > 0.9));
    for (const threads of [1, 2] as const) expectSameFits({ rows, columns }, y, { maxIter: 3, maxLeafNodes: 40, minSamplesLeaf: 5, earlyStopping: false, threads });
  });
});
