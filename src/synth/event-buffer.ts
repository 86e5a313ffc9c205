/**
 * Scratch memory of the simulation kernel: growable (time, code) event lists reused across
 * leads, so the per-day loop allocates nothing.
 */
import type { CompiledTruth } from './compile-truth.js';

/** Growable (time, code) list reused across leads. */
export class EventBuffer {
  times = new Float64Array(64);
  codes = new Int32Array(64);
  length = 0;

  push(time: number, code: number): void {
    if (this.length === this.times.length) {
      const times = new Float64Array(this.length * 2);
      const codes = new Int32Array(this.length * 2);
      times.set(this.times);
      codes.set(this.codes);
      this.times = times;
      this.codes = codes;
    }
    this.times[this.length] = time;
    this.codes[this.length] = code;
    this.length += 1;
  }

  /** Inserts keeping times ascending (stable: equal times keep insertion order). */
  insertSorted(time: number, code: number): void {
    this.push(time, code);
    let i = this.length - 1;
    while (i > 0 && (this.times[i - 1] ?? 0) > time) {
      this.times[i] = this.times[i - 1] ?? 0;
      this.codes[i] = this.codes[i - 1] ?? 0;
      i -= 1;
    }
    this.times[i] = time;
    this.codes[i] = code;
  }
}

/** Scratch memory for the kernel, allocated once per generation run. */
export interface Scratch {
  readonly decayed: Float64Array;
  /** Next event time of each constant-rate behaviour (parallel to `model.constant`). */
  readonly nextMs: Float64Array;
  readonly day: EventBuffer;
  readonly marketing: EventBuffer;
  readonly sales: EventBuffer;
}

/** Output rows the kernel appends to. */
export interface RowSink {
  readonly events: string[][];
  readonly outcomes: string[][];
}

/**
 * Creates scratch memory sized for a compiled truth.
 *
 * @example
 * createScratch(compileTruth(defaultTruth)).decayed.length; // => 13
 */
export function createScratch(model: CompiledTruth): Scratch {
  return {
    decayed: new Float64Array(model.count),
    nextMs: new Float64Array(model.constant.length),
    day: new EventBuffer(),
    marketing: new EventBuffer(),
    sales: new EventBuffer(),
  };
}
