// The WebAssembly kernels: the committed bytes are those of src/gbm/kernels.wat, each kernel
// gives the bits of its JavaScript twin, and a fit on the JavaScript path is the same model.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleKernels, kernelsSource } from '../../scripts/build-wasm.js';
import { arenaBytes, fitAllocator } from '../../src/gbm/arena.js';
import { partitionRows } from '../../src/gbm/grow-tree.js';
import { fitGbm } from '../../src/gbm/index.js';
import { synthetic } from './gbm-synthetic.js';

describe('WebAssembly kernels', () => {
  afterEach(() => {
    delete process.env.LEADCAL_GBM_WASM;
  });

  it('are the assembled text (npm run build:wasm after editing kernels.wat)', async () => {
    const text = readFileSync(new URL('../../src/gbm/kernels.wat', import.meta.url), 'utf8');
    const committed = readFileSync(new URL('../../src/gbm/kernels-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(kernelsSource(await assembleKernels(text)));
  });

  it('partition: the bits of the JavaScript loop, in place or not, with missing values either way', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 0, max: 254 }), fc.boolean(), fc.boolean(), (bins, bin, missingLeft, inPlace) => {
        const n = bins.length;
        const alloc = fitAllocator(arenaBytes([n, 4 * n, 16 * n, 4 * n, 16 * n, 4 * n, 16 * n]), false);
        expect(alloc.kernels).not.toBeNull();
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
    for (const threads of [1, 2] as const) {
      const wasm = fitGbm(X, y, { maxIter: 10, seed: 4, earlyStopping: true, threads });
      process.env.LEADCAL_GBM_WASM = '0';
      const js = fitGbm(X, y, { maxIter: 10, seed: 4, earlyStopping: true, threads });
      delete process.env.LEADCAL_GBM_WASM;
      expect(JSON.stringify(wasm.model)).toBe(JSON.stringify(js.model));
      expect(wasm.diagnostics).toEqual(js.diagnostics);
    }
  });
});
