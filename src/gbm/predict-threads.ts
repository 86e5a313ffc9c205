/**
 * The second thread of prediction: a worker started per call shares the last three quarters
 * of the rows with the caller, which predicts the first quarter first (with a WebAssembly
 * memory, ./predict-gbm.ts `predictMemory`: every row is shared, both threads run the
 * WebAssembly kernel, and the caller takes chunks once it has copied them all). They go in chunks of
 * {@link CHUNK} rows, copied by the caller into a SharedArrayBuffer one chunk after another
 * (the worker starts on the first while the rest are copied) and taken in turn from a shared
 * counter: the worker takes them as they are copied, the caller takes what is left once its
 * own quarter is done (reading its own arrays), so a thread slowed by another process does
 * fewer. Raw scores land in a SharedArrayBuffer; the caller waits with Atomics. Each row is
 * summed by one thread in tree order, so the bits do not depend on who predicts it. The
 * worker runs the source text of {@link predictKernel} (`eval`), so it needs no module loader
 * and works the same from source, tests and the built package.
 */
import { Worker } from 'node:worker_threads';
import { predictKernel, predictRows, type CompiledEnsemble, type PredictMemory } from './predict-gbm.js';
import type { GbmDesign } from './types.js';

/** Rows per chunk of the shared rows (a multiple of the block size). */
export const CHUNK = 8192;

/** Control words: chunks copied, next chunk to take, chunks the worker finished. */
const COPIED = 0;
const NEXT = 1;
const FINISHED = 2;

const WORKER_SOURCE = (kernel: string, rowsKernel: string): string => `
const { workerData } = require('node:worker_threads');
const __name = (f) => f;
const kernel = (${kernel});
const predictRows = (${rowsKernel});
const { control, columns, rows, features, roots, depth, node, shift, threshold, value, raw: out, from, chunks, chunk, block, wasm: share, memory } = workerData;
const c = new Int32Array(control);
// with a WebAssembly memory (every row in it, from = 0), its kernel; else the JavaScript one
let wasm = null;
try {
  wasm = share ? new WebAssembly.Instance(share.module, { env: { memory: share.memory } }).exports : null;
} catch {
  wasm = null;
}
const scratch = memory ? memory.scratch[1] : new Float64Array(block * 2 * features);
for (let k = Atomics.add(c, ${NEXT}, 1); k < chunks; k = Atomics.add(c, ${NEXT}, 1)) {
  // wait until the caller has copied chunk k
  for (let copied = Atomics.load(c, ${COPIED}); copied <= k; copied = Atomics.load(c, ${COPIED})) Atomics.wait(c, ${COPIED}, copied, 1000);
  const a = from + k * chunk;
  if (wasm) predictRows(wasm, memory, shift, a, Math.min(from + rows, a + chunk), scratch, block);
  else kernel(columns, from, features, roots, depth, node, shift, threshold, value, out, a, Math.min(from + rows, a + chunk), scratch, block);
  Atomics.add(c, ${FINISHED}, 1);
  Atomics.notify(c, ${FINISHED});
}
`;

/**
 * Raw scores of every row of X (baseline + trees), the last three quarters (with a WebAssembly
 * `memory`, every row) shared with a worker thread (started first: it boots while the caller
 * copies); null when the worker fails or does not answer in time (the caller then predicts
 * alone).
 */
export function predictOnWorker(c: CompiledEnsemble, X: GbmDesign, baseline: number, block: number, memory: PredictMemory | null = null): Float64Array | null {
  const node = c.node;
  if (!node) return null;
  const n = X.rows;
  const F = c.features;
  // the caller's own rows end on a chunk boundary; it also copies the shared rows, so it keeps
  // a quarter (with WebAssembly every row is copied, so none)
  const mid = memory ? 0 : Math.min(n, Math.ceil(n / 4 / CHUNK) * CHUNK);
  const rows = n - mid;
  const chunks = Math.ceil(rows / CHUNK);
  const values = memory ? null : new SharedArrayBuffer(Math.max(8, F * rows * 8));
  const columns = memory ? memory.columns : X.columns.map((_, f) => new Float64Array(values!, f * rows * 8, rows));
  const shared = memory ? memory.raw : new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)), 0, n);
  const control = new SharedArrayBuffer(12);
  const flag = new Int32Array(control);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE(predictKernel.toString(), predictRows.toString()), {
      eval: true,
      workerData: { control, columns, rows, features: F, roots: c.roots, depth: c.depth, node: c.node, shift: c.shift, threshold: c.threshold, value: c.value, raw: shared, from: mid, chunks, chunk: CHUNK, block, wasm: memory?.share ?? null, memory: memory ? { ...memory, kernels: null, share: null } : null },
    });
  } catch {
    return null;
  }
  worker.unref();
  worker.on('error', () => undefined); // a failed worker is noticed as a timeout below
  shared.fill(baseline);
  for (let k = 0; k < chunks; k++) {
    const a = k * CHUNK;
    const b = Math.min(rows, a + CHUNK);
    X.columns.forEach((col, f) => columns[f]!.set(col.subarray(mid + a, mid + b), a));
    Atomics.store(flag, COPIED, k + 1);
    Atomics.notify(flag, COPIED);
  }
  const scratch = memory ? memory.scratch[0]! : new Float64Array(block * 2 * F);
  predictKernel(X.columns, 0, F, c.roots, c.depth, node, c.shift, c.threshold, c.value, shared, 0, mid, scratch, block);
  let mine = 0;
  for (let k = Atomics.add(flag, NEXT, 1); k < chunks; k = Atomics.add(flag, NEXT, 1)) {
    mine++;
    const a = mid + k * CHUNK;
    if (memory) predictRows(memory.kernels, memory, c.shift, a, Math.min(n, a + CHUNK), scratch, block);
    else predictKernel(X.columns, 0, F, c.roots, c.depth, node, c.shift, c.threshold, c.value, shared, a, Math.min(n, a + CHUNK), scratch, block);
  }
  // the worker's chunks: every chunk the caller did not take
  const deadline = Date.now() + 60_000;
  for (let done = Atomics.load(flag, FINISHED); done < chunks - mine; done = Atomics.load(flag, FINISHED)) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    Atomics.wait(flag, FINISHED, done, Math.min(left, 1000));
  }
  const answered = Atomics.load(flag, FINISHED) === chunks - mine;
  void worker.terminate();
  if (!answered) return null;
  const raw = new Float64Array(n);
  raw.set(shared);
  return raw;
}
