/**
 * The second thread of a decay fit: a worker, kept synchronous with Atomics, that shares each
 * pass of the fit (`decay-fit.ts`, `Problem`) with the caller: the decayed columns of the
 * behaviours whose half-life changed, the rows' η, loss and gradient sums, the behaviours'
 * sums over their rows, and the rows' Gauss–Newton products, each split into fixed items (a behaviour, or a fixed chunk of rows)
 * that both threads take in turn from a shared counter, so a core slowed by another process
 * does fewer. Each item writes only its own slot and the caller adds the slots in a fixed
 * order, so the bits never depend on which thread took what. The arrays live in
 * SharedArrayBuffers. The worker runs the source text of the kernels (`decay-kernels.ts`, the
 * decay sums of `stats/decay.ts`, the loss of `stats/logistic.ts`), so it needs no module
 * loader and works the same from source, tests and the built package. Until it has started, and
 * after it fails (an error, or no answer within {@link DECAY_WORKER_TIMEOUT_MS}), the caller
 * does every item itself with the same kernels.
 */
import { ARG, DONE, ERROR, JOB, READY, SEQ, startWorker, type WorkerChannel } from '../worker-channel.js';
import { addDecayedSums, addDecayedTriplesByChain, addDecayedTriplesByRun, decayRatePerDay } from '../stats/decay.js';
import { logisticLoss } from '../stats/logistic.js';
import { behaviorSums, columnKernel, hessianKernel, rowsKernel } from './decay-kernels.js';

/** Jobs. */
export const HESSIAN_JOB = 1;
export const COLUMNS_JOB = 2;
export const ROWS_JOB = 3;
export const SUMS_JOB = 4;

/** How long the caller waits for the worker's part of one job before doing it itself. */
export const DECAY_WORKER_TIMEOUT_MS = 30_000;

/** What the worker reads and writes (typed arrays on SharedArrayBuffers). */
export interface DecayMemory {
  runStart: Int32Array;
  rowStart: Int32Array;
  rowCode: Int32Array;
  behaviorStart: Int32Array;
  thetaOf: Int32Array;
  /** The chunks of the passes over the rows: their runs, each behaviour's first entry, their Hessian products and sums. */
  chunkRun: Int32Array;
  chunkCursor: Int32Array;
  chunkH: Float64Array;
  chunkSums: Float64Array;
  /** The shared counter from which both threads take a job's next item. */
  next: Int32Array;
  eta: Float64Array;
  r: Float64Array;
  W: Float64Array;
  labels: Uint8Array;
  offset: Float64Array | null;
  /** The current point (the caller copies it in before a rows job). */
  point: Float64Array;
  /** The behaviour coefficients of the current point (the caller copies them in). */
  beta: Float64Array;
  ks: number;
  kb: number;
  size: number;
  tied: boolean;
  /** Per behaviour: its compact column's triples x, ∂x/∂θ, ∂²x/∂θ², views into `flat` (which the passes over the rows read). */
  xde: Float64Array[];
  flat: Float64Array;
  /** Per behaviour: its pairs (and their entries when not in snapshot order) and its rows. */
  snapshot: Int32Array[];
  ageDays: Float64Array[];
  entry: (Int32Array | null)[];
  /** Per behaviour: the chain of its pairs (`decayChain`), or null. */
  chain: (Int32Array | null)[];
  rows: Int32Array[];
  weights: Float64Array | null;
  totalWeight: number;
  /** 1 where the behaviour's half-life is fitted. */
  fitted: Int32Array;
  /** A columns job: the behaviours to recompute and their half-lives. */
  which: Int32Array;
  halfLives: Float64Array;
  /** Moments v, v′, v″ per behaviour (3 each). */
  moments: Float64Array;
  /** The behaviours, longest column first: item q of a sums job is behaviour order[q]. */
  order: Int32Array;
  /** A sums job's output: Σ r x_b, Σ r ∂x_b/∂θ, Σ r ∂²x_b/∂θ² (kb each). */
  behaviorSums: Float64Array;
}

const WORKER_SOURCE = (kernels: Record<string, string>): string => `
const { workerData: m } = require('node:worker_threads');
const __name = (f) => f;
${Object.entries(kernels).map(([name, source]) => `const ${name} = (${source});`).join('\n')}
const c = new Int32Array(m.control);
Atomics.store(c, ${READY}, 1);
Atomics.notify(c, ${READY});
let seen = 0;
for (;;) {
  Atomics.wait(c, ${SEQ}, seen);
  seen = Atomics.load(c, ${SEQ});
  if (seen < 0) break;
  // the job's items (a0 of them) are taken in turn from the shared counter, the caller taking them too
  const a0 = c[${ARG}], a1 = c[${ARG + 1}];
  const S = m.size * m.size, L = m.chunkSums.length / (m.chunkRun.length - 1);
  try {
    for (let q = Atomics.add(m.next, 0, 1); q < a0; q = Atomics.add(m.next, 0, 1)) {
      const job = c[${JOB}];
      if (job === ${HESSIAN_JOB}) {
        hessianKernel(m.chunkRun[q], m.chunkRun[q + 1], m.runStart, m.rowStart, m.rowCode, m.behaviorStart, m.thetaOf, m.flat, m.chunkCursor.subarray(q * m.kb, (q + 1) * m.kb), m.W, m.beta, m.ks, m.kb, m.size, m.tied, a1 === 1, m.chunkH.subarray(q * S, (q + 1) * S));
      } else if (job === ${ROWS_JOB}) {
        rowsKernel(logisticLoss, m.chunkRun[q], m.chunkRun[q + 1], m.runStart, m.rowStart, m.rowCode, m.behaviorStart, m.flat, m.chunkCursor.subarray(q * m.kb, (q + 1) * m.kb), m.point, m.ks, m.labels, m.weights, m.offset, m.eta, m.r, m.W, m.chunkSums, q * L);
      } else if (job === ${SUMS_JOB}) {
        const b = m.order[q];
        behaviorSums(m.r, m.rows[b], m.xde[b], m.behaviorSums, b, m.kb + b, 2 * m.kb + b);
      } else {
        const b = m.which[q];
        columnKernel(addDecayedTriplesByChain, addDecayedTriplesByRun, addDecayedSums, m.snapshot[b], m.ageDays[b], m.chain[b], m.entry[b], m.halfLives[q], m.xde[b], m.rows[b], m.weights, m.totalWeight, m.fitted[b] === 1, m.moments, 3 * b);
      }
    }
  } catch (e) {
    Atomics.store(c, ${ERROR}, 1);
  }
  Atomics.store(c, ${DONE}, seen);
  Atomics.notify(c, ${DONE});
}
`;

/**
 * Start the worker; it boots while the caller goes on. The caller posts a job only once
 * `started()` (else it does the job itself) and waits for it with `wait()`.
 */
export function startDecayHelper(memory: DecayMemory): WorkerChannel {
  const kernels = { decayRatePerDay, addDecayedSums, addDecayedTriplesByChain, addDecayedTriplesByRun, logisticLoss, behaviorSums, columnKernel, hessianKernel, rowsKernel };
  return startWorker(WORKER_SOURCE(Object.fromEntries(Object.entries(kernels).map(([k, f]) => [k, f.toString()]))), { ...memory }, { timeoutMs: DECAY_WORKER_TIMEOUT_MS, spins: 2000 });
}
