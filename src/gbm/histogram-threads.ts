/**
 * A worker thread that builds part of every gradient histogram (feature-parallel), kept
 * synchronous with Atomics: the binned columns, the row index and the gathered gradients live
 * in SharedArrayBuffers; the caller posts a row segment through a control word, sums its own
 * features, waits for the worker and copies the worker's features from a shared histogram.
 * Each feature is summed by one thread in row order, so the bits do not depend on threads.
 * The worker runs the source text of {@link histogramFeatures} (`eval`), so it needs no module
 * loader and works the same from source, tests and the built package.
 */
import { Worker } from 'node:worker_threads';
import { FEATURE_STRIDE, histogramFeatures, type HistogramHelper } from './histogram.js';

/** Control words: sequence number (−1 = stop), segment start, segment end, done sequence, ready. */
const SEQ = 0;
const START = 1;
const END = 2;
const DONE = 3;
const READY = 4;

/** Memory the fit shares with the worker. */
export interface SharedGrowMemory {
  bins: Uint8Array[];
  rows: Uint32Array;
  orderedG: Float64Array;
  orderedH: Float64Array;
}

/** Typed arrays of `length` elements on a SharedArrayBuffer. */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}
export function sharedUint32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(length * 4));
}
/** `features` columns of `rows` bytes, each a view into one SharedArrayBuffer. */
export function sharedColumns(features: number, rows: number): Uint8Array[] {
  const buffer = new SharedArrayBuffer(Math.max(1, features * rows));
  return Array.from({ length: features }, (_, f) => new Uint8Array(buffer, f * rows, rows));
}

const WORKER_SOURCE = (kernel: string): string => `
const { workerData } = require('node:worker_threads');
const __name = (f) => f;
const kernel = (${kernel});
const { control, bins, rows, orderedG, orderedH, hist, from, to } = workerData;
const ctrl = new Int32Array(control);
Atomics.store(ctrl, ${READY}, 1);
Atomics.notify(ctrl, ${READY});
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, ${SEQ}, seen);
  seen = Atomics.load(ctrl, ${SEQ});
  if (seen < 0) break;
  const start = ctrl[${START}];
  kernel(hist, bins, rows, start, ctrl[${END}] - start, orderedG, orderedH, from, to);
  Atomics.store(ctrl, ${DONE}, seen);
  Atomics.notify(ctrl, ${DONE});
}
`;

/** How long the caller waits for the worker's half of one histogram before summing it itself. */
export const WORKER_TIMEOUT_MS = 30_000;

/** A started helper and the way to stop it; null when the worker did not start in time. */
export function startHistogramHelper(memory: SharedGrowMemory): (HistogramHelper & { close(): void }) | null {
  const features = memory.bins.length;
  const from = Math.ceil(features / 2);
  const control = new Int32Array(new SharedArrayBuffer(8 * 4));
  const hist = sharedFloat64(features * FEATURE_STRIDE);
  const worker = new Worker(WORKER_SOURCE(histogramFeatures.toString()), {
    eval: true,
    workerData: { control: control.buffer, bins: memory.bins, rows: memory.rows, orderedG: memory.orderedG, orderedH: memory.orderedH, hist, from, to: features },
  });
  worker.unref();
  worker.on('error', () => undefined); // a failed worker is noticed as a timeout below
  if (Atomics.wait(control, READY, 0, 20_000) === 'timed-out' && Atomics.load(control, READY) === 0) {
    void worker.terminate();
    return null;
  }
  let seq = 0;
  let dead = false;
  return {
    from,
    start(start, end) {
      control[START] = start;
      control[END] = end;
      if (dead) return;
      Atomics.store(control, SEQ, ++seq);
      Atomics.notify(control, SEQ);
    },
    finish(target) {
      // bounded: a worker that died or stalls (never seen in tests, but a blocked wait would hang
      // the fit) is replaced by the main thread summing its features itself: the same kernel over
      // the same rows in the same order, so the same bits; the worker is not used again
      const deadline = Date.now() + WORKER_TIMEOUT_MS;
      while (!dead && Atomics.load(control, DONE) !== seq) {
        const left = deadline - Date.now();
        if (left <= 0) { dead = true; void worker.terminate(); break; }
        Atomics.wait(control, DONE, Atomics.load(control, DONE), Math.min(left, 1000));
      }
      if (dead) {
        const start = control[START]!;
        histogramFeatures(target, memory.bins, memory.rows, start, control[END]! - start, memory.orderedG, memory.orderedH, from, features);
        return;
      }
      target.set(hist.subarray(from * FEATURE_STRIDE, features * FEATURE_STRIDE), from * FEATURE_STRIDE);
    },
    close() {
      Atomics.store(control, SEQ, -1);
      Atomics.notify(control, SEQ);
      void worker.terminate();
    },
  };
}
