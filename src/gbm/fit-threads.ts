/**
 * The second thread of a fit: a worker, kept synchronous with Atomics, that does half of the
 * heavy work of every boosting iteration. The binned rows, the row index, the gradients,
 * the raw scores and the scratch arrays live in the fit's shared WebAssembly memory (./arena.ts;
 * the worker instantiates the same kernels on it), or on SharedArrayBuffers when there is no
 * such memory (the JavaScript kernels on both threads); the caller posts a job
 * through a control word, does its own half and waits for the worker's. Jobs:
 * - histogram: the worker gathers the upper half of a sparse node's binned lines while the
 *   caller gathers the lower half (a barrier between them), then both take passes of the
 *   histogram's plan in turn from a shared counter until none is left (so a thread slowed by
 *   another process does fewer);
 * - partition: the worker partitions the upper half of a node's rows and their gradients into
 *   its own scratch, tells the caller, and places its right rows at the end of the node (at
 *   mid + its left rows, whatever the caller's half holds) while the caller places the
 *   worker's left rows and its own right rows: [L0 R0 | L1 R1] becomes [L0 L1 R0 R1];
 * - gradients: the worker computes the gradients and hessians of the upper half of the rows
 *   and their sums;
 * - leaves: the worker adds the new tree's leaf values to the raw scores of the rows in the
 *   upper half of the row index;
 * - before the boosting, the cut points of the last half of the features (from their sampled
 *   values, posted on a message port) and the bins of the upper half of the rows (their
 *   values copied into a SharedArrayBuffer).
 * Every number is computed by one thread in a fixed order whatever the number of threads, so
 * the bits do not depend on threads. The worker runs the source text of the kernels (`eval`),
 * so it needs no module loader and works the same from source, tests and the built package. A
 * worker that throws reports it at once; one that does not answer within
 * {@link WORKER_TIMEOUT_MS} is dropped; either way the caller redoes the worker's half of that
 * job itself (same kernels, same bits) and goes on alone.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { ARG, DONE, ERROR, FREE_WORD, JOB, READY, SEQ, startWorker } from '../worker-channel.js';
import { logisticLoss } from '../stats/logistic.js';
import { binRows, cutsOf, radixSort, type BinHelper } from './bin-mapper.js';
import type { FitAllocator } from './arena.js';
import { addLeafValues, partitionRows, type PartitionHelper } from './grow-tree.js';
import { FEATURE_STRIDE, gatherNode, histogramLength, histogramPass, histogramPassColumns, nodePass, PASS, type HistogramHelper, type HistogramMemory } from './histogram.js';

/** Control words of this worker's own (after the channel's: worker-channel.ts). */
const MAIN_GATHERED = FREE_WORD;
const WORKER_GATHERED = FREE_WORD + 1;
const RESULT = FREE_WORD + 2;
const NEXT_PASS = FREE_WORD + 3; // the next pass of a histogram to run
/** Checks of a control word before sleeping: between jobs (a few milliseconds), for the other thread's half of a job (a fraction of one). */
const WORKER_SPINS = 1_000_000;
const CALLER_SPINS = 100_000;
const HISTOGRAM = 1;
const PARTITION = 2;
const GRADIENTS = 3;
const CUTS = 4;
const BINS = 5;
const LEAVES = 6;

/** Memory the fit shares with the worker. */
export interface SharedFitMemory extends HistogramMemory {
  rows: Uint32Array;
  gradients: Float64Array;
  hessians: Float64Array;
  raw: Float64Array;
  y: Uint8Array;
  train: Uint32Array;
  /** The leaves of the last tree: leaf l holds rows[leafStart[l]..leafEnd[l]) and adds leafValue[l]. */
  leafStart: Int32Array;
  leafEnd: Int32Array;
  leafValue: Float64Array;
}

/**
 * Gradients and hessians of the log loss for rows [from, to) (into `gradients`/`hessians`, then
 * interleaved into `gradHess`; the loss itself is not computed: see `lossSample` in
 * ./fit-gbm.ts), and the sums of the gradients and hessians of the training rows
 * train[t0..t1), into out[at] and out[at + 1].
 * Self-contained: the worker runs its source text with `loss` = {@link logisticLoss}.
 */
export function gradientRange(loss: typeof logisticLoss, raw: Float64Array, y: Uint8Array, gradients: Float64Array, hessians: Float64Array, gradHess: Float64Array, train: Uint32Array, from: number, to: number, t0: number, t1: number, out: Float64Array, at: number): void {
  loss(raw.subarray(from, to), y.subarray(from, to), null, gradients.subarray(from, to), hessians.subarray(from, to), false);
  for (let i = from; i < to; i++) {
    gradHess[2 * i] = gradients[i]!;
    gradHess[2 * i + 1] = hessians[i]!;
  }
  let G = 0;
  let H = 0;
  for (let t = t0; t < t1; t++) {
    const r = train[t]!;
    G += gradients[r]!;
    H += hessians[r]!;
  }
  out[at] = G;
  out[at + 1] = H;
}

const WORKER_SOURCE = (kernels: Record<string, string>): string => `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const __name = (f) => f;
${Object.entries(kernels).map(([name, source]) => `const ${name} = (${source});`).join('\n')}
const { control, port, wasm: share, results, binned, stride, columns, compact, rows, gh, gradients, hessians, gradHess, raw, y, train, leafStart, leafEnd, leafValue, lefts, rights, ghLefts, ghRights, hist, plan } = workerData;
// the WebAssembly kernels on the fit's memory (./arena.ts), or null: the JavaScript ones (on
// the same arrays, the same bits)
let wasm = null;
try {
  wasm = share ? new WebAssembly.Instance(share.module, { env: { memory: share.memory } }).exports : null;
} catch {
  wasm = null;
}
const c = new Int32Array(control);
Atomics.store(c, ${READY}, 1);
Atomics.notify(c, ${READY});
let seen = 0;
for (;;) {
  // jobs come microseconds to milliseconds apart within a tree: waking a sleeping thread costs
  // far more (tens of microseconds on a quiet machine, much more on a busy one), so spin first
  for (let spin = 0; spin < ${WORKER_SPINS} && Atomics.load(c, ${SEQ}) === seen; spin++);
  Atomics.wait(c, ${SEQ}, seen);
  seen = Atomics.load(c, ${SEQ});
  if (seen < 0) break;
  const a = c.slice(${ARG}, ${ARG + 6});
  try {
    switch (c[${JOB}]) {
      case ${HISTOGRAM}: {
        gatherNode(rows, a[1], a[2], a[0], a[3], binned, compact, stride, wasm);
        Atomics.store(c, ${WORKER_GATHERED}, seen);
        Atomics.notify(c, ${WORKER_GATHERED});
        for (let spin = 0; spin < ${CALLER_SPINS} && Atomics.load(c, ${MAIN_GATHERED}) !== seen; spin++);
        for (let v = Atomics.load(c, ${MAIN_GATHERED}); v !== seen; v = Atomics.load(c, ${MAIN_GATHERED})) Atomics.wait(c, ${MAIN_GATHERED}, v, 1000);
        // a pass the worker takes counts as its own (the caller marks the ones it claims)
        for (let u = Atomics.add(c, ${NEXT_PASS}, 1); u < a[4]; u = Atomics.add(c, ${NEXT_PASS}, 1)) nodePass(a[3], hist, workerData, rows, a[0], a[2] - a[0], u, wasm);
        break;
      }
      case ${PARTITION}: {
        const l = partitionRows(rows, gh, columns[a[2]], a[3], a[4], a[0], a[1], lefts, ghLefts, 0, rights, ghRights, wasm);
        c[${RESULT}] = l;
        Atomics.store(c, ${WORKER_GATHERED}, seen);
        Atomics.notify(c, ${WORKER_GATHERED});
        // its right rows end the node, from mid + l on whatever the caller's half holds
        const r = a[1] - a[0] - l;
        rows.set(rights.subarray(0, r), a[0] + l);
        gh.set(ghRights.subarray(0, 2 * r), 2 * (a[0] + l));
        break;
      }
      case ${GRADIENTS}:
        gradientRange(logisticLoss, raw, y, gradients, hessians, gradHess, train, a[0], a[1], a[2], a[3], results, 2);
        break;
      case ${LEAVES}:
        addLeafValues(rows, raw, leafStart, leafEnd, leafValue, a[0], a[1], a[2]);
        break;
      case ${CUTS}: {
        const { values, maxBins } = receiveMessageOnPort(port).message;
        const all = values.length ? Uint32Array.from({ length: values[0].length }, (_, i) => i) : new Uint32Array(0);
        port.postMessage(values.map((v) => cutsOf(v, all, maxBins)));
        break;
      }
      case ${BINS}: {
        const { upper, cuts } = receiveMessageOnPort(port).message;
        binRows(upper, a[0], cuts, binned, stride, columns, a[0], a[1]);
        break;
      }
    }
  } catch (e) {
    Atomics.store(c, ${ERROR}, 1);
    Atomics.store(c, ${WORKER_GATHERED}, seen);
    Atomics.notify(c, ${WORKER_GATHERED});
  }
  Atomics.store(c, ${DONE}, seen);
  Atomics.notify(c, ${DONE});
}
`;

/** How long the caller waits for the worker's half of one job before doing it itself. */
export const WORKER_TIMEOUT_MS = 30_000;

/** The worker's side of a fit, seen from the caller. */
export interface FitHelper extends HistogramHelper, PartitionHelper, BinHelper {
  /** Start the gradients and hessians of rows [from, to) and their sums over train[t0..t1). */
  startGradients(from: number, to: number, t0: number, t1: number): void;
  /** Wait for them: out[at], out[at + 1] = gradient sum, hessian sum. */
  finishGradients(out: Float64Array, at: number): void;
  /** Start adding the first `leaves` leaves' values (memory.leafStart…) to the raw scores of the rows at positions [from, to). */
  startLeaves(leaves: number, from: number, to: number): void;
  finishLeaves(): void;
  /** Wait until the worker has started (returns false when it did not). */
  ready(): boolean;
  close(): void;
}

/** Bytes of the worker's own arrays for a fit of `rows` training rows and `features` features (see ./arena.ts). */
export function helperBytes(rows: number, features: number): number[] {
  return [4 * 8, 8 * histogramLength(features), 4 * rows, 4 * rows, 16 * rows, 16 * rows];
}

/**
 * Start the worker (it boots while the caller goes on; see {@link FitHelper.ready}); its arrays
 * come from `alloc` ({@link helperBytes}), on the fit's memory.
 */
export function startFitHelper(memory: SharedFitMemory, alloc: FitAllocator): FitHelper {
  const features = memory.features;
  const from = Math.ceil(features / 2);
  const n = memory.rows.length;
  const results = alloc.float64(4);
  const hist = alloc.float64(histogramLength(features));
  // per pass of the last histogram: 1 unless the caller took it (set in startHistogram; the
  // caller's alone, the worker only takes passes from NEXT_PASS)
  const plan = memory.plan;
  const owner = new Uint8Array(plan.passes.length / PASS);
  const lefts = alloc.uint32(n);
  const rights = alloc.uint32(n);
  const ghLefts = alloc.float64(2 * n);
  const ghRights = alloc.float64(2 * n);
  const kernels = { histogramPass, histogramPassColumns, nodePass, gatherNode, partitionRows, addLeafValues, logisticLoss, gradientRange, cutsOf, radixSort, binRows };
  const { port1, port2 } = new MessageChannel();
  const channel = startWorker(WORKER_SOURCE(Object.fromEntries(Object.entries(kernels).map(([k, f]) => [k, f.toString()]))), { port: port2, wasm: alloc.share, results, ...memory, lefts, rights, ghLefts, ghRights, hist }, { timeoutMs: WORKER_TIMEOUT_MS, spins: CALLER_SPINS, transferList: [port2] });
  const control = channel.control;
  let args = [0, 0, 0, 0, 0, 0];
  // the helper's right rows (and gradients) of a partition go to rows[mid + l..end)
  const placeRights = (r: Uint32Array, g: Float64Array, mid: number, end: number, l: number): void => {
    memory.rows.set(r.subarray(0, end - mid - l), mid + l);
    memory.gh.set(g.subarray(0, 2 * (end - mid - l)), 2 * (mid + l));
  };
  let rightsPlaced = true;
  let fallback: { lefts: Uint32Array; rights: Uint32Array; ghLefts: Float64Array; ghRights: Float64Array } | null = null;
  let pending: { values?: Float64Array[]; maxBins?: number; columns?: Float64Array[]; cuts?: Float64Array[] } = {};
  const post = (job: number, a: number[]): void => {
    args = a;
    channel.post(job, a);
  };
  const wait = (word: number): boolean => channel.wait(word);
  return {
    from,
    ready() {
      return channel.ready(20_000);
    },
    startHistogram(start, mid, end, mode) {
      // every pass counts as the worker's until the caller claims it: a worker dropped between
      // taking a pass and marking it leaves it to be run again here, not skipped
      owner.fill(1, 0, plan.count);
      Atomics.store(control, NEXT_PASS, 0);
      post(HISTOGRAM, [start, mid, end, mode, plan.count]);
    },
    syncGather() {
      if (!channel.dead) {
        Atomics.store(control, MAIN_GATHERED, channel.seq);
        Atomics.notify(control, MAIN_GATHERED);
      }
      const m = memory;
      if (!wait(WORKER_GATHERED)) gatherNode(m.rows, args[1]!, args[2]!, args[0]!, args[3]!, m.binned, m.compact, m.stride, alloc.kernels);
    },
    claimPass() {
      const u = Atomics.add(control, NEXT_PASS, 1);
      if (u < plan.count) owner[u] = 0;
      return u;
    },
    finishHistogram(target) {
      const done = wait(DONE);
      for (let u = 0; u < plan.count; u++) {
        if (owner[u] !== 1) continue;
        // a dropped worker's passes are run again here
        if (!done) nodePass(args[3]!, target, memory, memory.rows, args[0]!, args[2]! - args[0]!, u);
        else for (let k = 1; k < PASS; k++) {
          const f = plan.passes[u * PASS + k]!;
          if (f >= 0) target.set(hist.subarray(f * FEATURE_STRIDE, (f + 1) * FEATURE_STRIDE), f * FEATURE_STRIDE);
        }
      }
    },
    startPartition(mid, end, feature, bin, missingLeft) {
      rightsPlaced = true;
      post(PARTITION, [mid, end, feature, bin, missingLeft]);
    },
    finishPartition() {
      const [mid, end, feature, bin, missingLeft] = args as [number, number, number, number, number];
      if (wait(WORKER_GATHERED)) {
        const l = control[RESULT]!;
        rightsPlaced = false;
        return { lefts: lefts.subarray(0, l), ghLefts: ghLefts.subarray(0, 2 * l) };
      }
      // the dropped worker may still write its scratch: partition into arrays of our own
      const f = (fallback ??= { lefts: new Uint32Array(n), rights: new Uint32Array(n), ghLefts: new Float64Array(2 * n), ghRights: new Float64Array(2 * n) });
      const l = partitionRows(memory.rows, memory.gh, memory.columns[feature]!, bin, missingLeft, mid, end, f.lefts, f.ghLefts, 0, f.rights, f.ghRights);
      placeRights(f.rights, f.ghRights, mid, end, l);
      rightsPlaced = true;
      return { lefts: f.lefts.subarray(0, l), ghLefts: f.ghLefts.subarray(0, 2 * l) };
    },
    finishPlacing() {
      // a worker dropped after partitioning: its right rows are in its scratch, complete
      if (!wait(DONE) && !rightsPlaced) placeRights(rights, ghRights, args[0]!, args[1]!, control[RESULT]!);
    },
    startGradients(from, to, t0, t1) {
      post(GRADIENTS, [from, to, t0, t1]);
    },
    finishGradients(out, at) {
      if (wait(DONE)) out.set(results.subarray(2, 4), at);
      else gradientRange(logisticLoss, memory.raw, memory.y, memory.gradients, memory.hessians, memory.gradHess, memory.train, args[0]!, args[1]!, args[2]!, args[3]!, out, at);
    },
    startLeaves(leaves, from, to) {
      post(LEAVES, [leaves, from, to]);
    },
    finishLeaves() {
      if (!wait(DONE)) addLeafValues(memory.rows, memory.raw, memory.leafStart, memory.leafEnd, memory.leafValue, args[0]!, args[1]!, args[2]!);
    },
    startCuts(values, maxBins) {
      pending = { values, maxBins };
      if (!channel.dead) port1.postMessage({ values, maxBins });
      post(CUTS, []);
    },
    finishCuts() {
      const answer = wait(DONE) ? receiveMessageOnPort(port1) : undefined;
      if (answer) return answer.message as Float64Array[];
      channel.drop();
      const { values, maxBins } = pending as { values: Float64Array[]; maxBins: number };
      const all = values.length ? Uint32Array.from({ length: values[0]!.length }, (_, i) => i) : new Uint32Array(0);
      return values.map((v) => cutsOf(v, all, maxBins));
    },
    startBinning(columns, cuts, mid) {
      pending = { columns, cuts };
      if (!channel.dead) {
        // the worker reads its rows from shared memory
        const rows = columns[0]?.length ?? 0;
        const upper = new SharedArrayBuffer(Math.max(8, features * (rows - mid) * 8));
        const views = columns.map((col, f) => {
          const view = new Float64Array(upper, f * (rows - mid) * 8, rows - mid);
          view.set(col.subarray(mid));
          return view;
        });
        port1.postMessage({ upper: views, cuts });
      }
      post(BINS, [mid, columns[0]?.length ?? 0]);
    },
    finishBinning() {
      if (!wait(DONE)) binRows(pending.columns!, 0, pending.cuts!, memory.binned, memory.stride, memory.columns, args[0]!, args[1]!);
    },
    close() {
      port1.close();
      channel.close();
    },
  };
}
