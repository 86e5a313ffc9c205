/**
 * The second thread of prediction: a worker started per call predicts the upper half of the
 * rows while the caller predicts the lower half. The worker's rows are copied into a
 * SharedArrayBuffer, its raw scores land in one, and the caller waits with Atomics. Each row
 * is summed by one thread in tree order, so the bits do not depend on the split. The worker
 * runs the source text of {@link predictKernel} (`eval`), so it needs no module loader and
 * works the same from source, tests and the built package.
 */
import { Worker } from 'node:worker_threads';
import { predictKernel, type CompiledEnsemble } from './predict-gbm.js';
import type { GbmDesign } from './types.js';

const WORKER_SOURCE = (kernel: string): string => `
const { workerData } = require('node:worker_threads');
const __name = (f) => f;
const kernel = (${kernel});
const { done, values, rows, features, roots, depth, column, threshold, left, value, raw, from, to, block } = workerData;
const flag = new Int32Array(done);
// the caller copies the rows in while this thread starts
Atomics.wait(flag, 1, 0);
const columns = Array.from({ length: features }, (_, f) => new Float64Array(values, f * rows * 8, rows));
kernel(columns, from, features, roots, depth, column, threshold, left, value, new Float64Array(raw), from, to, new Float64Array(block * 2 * features), block);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
`;

/**
 * Raw scores of every row of X (baseline + trees), the upper half computed on a worker
 * thread (started first: it boots while its rows are copied into shared memory); null when
 * the worker fails or does not answer in time (the caller then predicts alone).
 */
export function predictOnWorker(c: CompiledEnsemble, X: GbmDesign, baseline: number, block: number): Float64Array | null {
  const n = X.rows;
  const F = c.features;
  // the caller's half ends on a block boundary
  const mid = Math.min(n, Math.ceil(n / 2 / block) * block);
  const rows = n - mid;
  const values = new SharedArrayBuffer(Math.max(8, F * rows * 8));
  const rawBuffer = new SharedArrayBuffer(Math.max(8, n * 8));
  // flag[0]: the worker is done; flag[1]: its rows are copied in
  const done = new SharedArrayBuffer(8);
  const flag = new Int32Array(done);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE(predictKernel.toString()), {
      eval: true,
      workerData: { done, values, rows, features: F, roots: c.roots, depth: c.depth, column: c.column, threshold: c.threshold, left: c.left, value: c.value, raw: rawBuffer, from: mid, to: n, block },
    });
  } catch {
    return null;
  }
  worker.unref();
  worker.on('error', () => undefined); // a failed worker is noticed as a timeout below
  X.columns.forEach((col, f) => new Float64Array(values, f * rows * 8, rows).set(col.subarray(mid)));
  const shared = new Float64Array(rawBuffer, 0, n).fill(baseline);
  Atomics.store(flag, 1, 1);
  Atomics.notify(flag, 1);
  predictKernel(X.columns, 0, F, c.roots, c.depth, c.column, c.threshold, c.left, c.value, shared, 0, mid, new Float64Array(block * 2 * F), block);
  const answered = Atomics.wait(flag, 0, 0, 60_000) !== 'timed-out' || Atomics.load(flag, 0) === 1;
  void worker.terminate();
  if (!answered) return null;
  const raw = new Float64Array(n);
  raw.set(shared);
  return raw;
}
