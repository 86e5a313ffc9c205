/**
 * The caller's side of a fit's second thread (`fit/decay-threads.ts`, `gbm/fit-threads.ts`): a
 * worker started from source text, and a control array in a SharedArrayBuffer through which
 * the caller posts a job (its number and up to ARGS arguments, then a new sequence number) and
 * waits for it (the worker writes the sequence number into DONE). A worker that throws sets
 * ERROR; one that does not answer within the timeout is dropped; either way `wait` says false
 * and the caller does the worker's part itself, so a result never depends on the thread.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';

/** Control words: the job's sequence number (−1 = stop), the last finished one, the job, its arguments, the error and ready flags. */
export const SEQ = 0;
export const DONE = 1;
export const JOB = 2;
export const ARG = 3;
export const ARGS = 6;
export const ERROR = 9;
export const READY = 10;
/** The first control word free for a worker's own use, and the size of the control array. */
export const FREE_WORD = 11;
export const CONTROL_WORDS = 16;

/** A second thread seen from the caller. */
export interface WorkerChannel {
  /** The control array (shared with the worker as `workerData.control`). */
  readonly control: Int32Array;
  /** The sequence number of the last posted job. */
  readonly seq: number;
  /** Jobs the worker has finished and the caller has seen. */
  readonly jobs: number;
  /** The worker failed, timed out or could not start: do its part yourself. */
  readonly dead: boolean;
  /** The worker has started (without waiting). */
  started(): boolean;
  /** Wait up to `timeoutMs` for the worker to start; false (and dropped) when it does not. */
  ready(timeoutMs: number): boolean;
  /** Post a job; false when the worker is dead (do the job yourself). */
  post(job: number, args: ArrayLike<number>): boolean;
  /** Wait until control[word] holds the last job's sequence number: false (and the worker dropped) on an error or a timeout. */
  wait(word?: number): boolean;
  /** Stop using the worker (it is terminated). */
  drop(): void;
  /** Tell the worker to stop, then drop it. */
  close(): void;
}

/**
 * Start a worker on `source` (evaluated as CommonJS; `workerData.control` is the control array's
 * buffer) and return the caller's channel to it. The caller checks the control word `spins`
 * times before sleeping, and gives up on a job after `timeoutMs`.
 */
export function startWorker(source: string, workerData: Record<string, unknown>, options: { timeoutMs: number; spins: number; transferList?: TransferListItem[] }): WorkerChannel {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  let worker: Worker | undefined;
  try {
    worker = new Worker(source, { eval: true, workerData: { ...workerData, control: control.buffer }, ...(options.transferList ? { transferList: options.transferList } : {}) });
    worker.unref();
    worker.on('error', () => undefined); // noticed as the error flag or a timeout
  } catch {
    worker = undefined;
  }
  let seq = 0;
  let jobs = 0;
  let dead = worker === undefined;
  const drop = (): void => {
    if (!dead) void worker!.terminate();
    dead = true;
  };
  return {
    control,
    get seq() {
      return seq;
    },
    get jobs() {
      return jobs;
    },
    get dead() {
      return dead;
    },
    started() {
      return !dead && Atomics.load(control, READY) === 1;
    },
    ready(timeoutMs) {
      if (!dead && Atomics.wait(control, READY, 0, timeoutMs) === 'timed-out' && Atomics.load(control, READY) === 0) drop();
      return !dead;
    },
    post(job, args) {
      if (dead) return false;
      control[JOB] = job;
      for (let a = 0; a < args.length; a++) control[ARG + a] = args[a]!;
      Atomics.store(control, SEQ, ++seq);
      Atomics.notify(control, SEQ);
      return true;
    },
    wait(word = DONE) {
      if (dead) return false;
      const deadline = Date.now() + options.timeoutMs;
      for (let spin = 0; Atomics.load(control, word) !== seq; spin++) {
        if (Atomics.load(control, ERROR) !== 0) break;
        if (spin < options.spins) continue; // the two parts of a job usually end close together
        const left = deadline - Date.now();
        if (left <= 0) break;
        Atomics.wait(control, word, Atomics.load(control, word), Math.min(left, 1000));
      }
      if (Atomics.load(control, word) !== seq || Atomics.load(control, ERROR) !== 0) drop();
      else if (word === DONE) jobs++;
      return !dead;
    },
    drop,
    close() {
      if (!dead) {
        Atomics.store(control, SEQ, -1);
        Atomics.notify(control, SEQ);
      }
      drop();
    },
  };
}
