/**
 * The one time split of a frame, as index views: train = the snapshots whose label window
 * (t, t + horizon] closed by `testFromMs`, test = the snapshots at or after it. Fit, compare
 * and report all split this way. The train view holds exactly the snapshots that
 * `buildFrame(history, { untilMs: min(testFromMs, until) })` keeps (censoring at testFrom), so
 * no outcome after testFrom ever reaches a training label.
 */
import { DAY_MS } from '../stats/days.js';
import type { Frame } from './frame.js';
import { frameRows } from './sub-frame.js';

export interface FrameSplit {
  /** Snapshot indices whose label window closes at or before testFromMs (t + horizon ≤ testFrom). */
  train: Int32Array;
  /** Snapshot indices with t ≥ testFromMs. */
  test: Int32Array;
  testFromMs: number;
}

/**
 * Split a frame in time at `testFromMs`. Snapshots with t < testFrom < t + horizon are in
 * neither part (their outcome was not known at testFrom). Complexity: O(snapshots).
 *
 * @example
 * const { train, test } = splitFrameAt(frame, Date.UTC(2025, 9, 1));
 * train.every((s) => frame.asOfMs[s] + 90 * DAY_MS <= Date.UTC(2025, 9, 1)) // => true (horizon 90)
 */
export function splitFrameAt(frame: Frame, testFromMs: number): FrameSplit {
  const horizonMs = frame.options.horizonDays * DAY_MS;
  let nTrain = 0;
  let nTest = 0;
  for (let s = 0; s < frame.count; s++) {
    const t = frame.asOfMs[s]!;
    if (t + horizonMs <= testFromMs) nTrain++;
    if (t >= testFromMs) nTest++;
  }
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  for (let s = 0, i = 0, j = 0; s < frame.count; s++) {
    const t = frame.asOfMs[s]!;
    if (t + horizonMs <= testFromMs) train[i++] = s;
    if (t >= testFromMs) test[j++] = s;
  }
  return { train, test, testFromMs };
}

/**
 * The train and test parts of a frame as frames of their own (copies of the rows).
 *
 * @example
 * const { train, test } = splitFrames(frame, Date.UTC(2025, 9, 1)); train.count + test.count <= frame.count // => true
 */
export function splitFrames(frame: Frame, testFromMs: number): { train: Frame; test: Frame; testFromMs: number } {
  const split = splitFrameAt(frame, testFromMs);
  return { train: frameRows(frame, split.train), test: frameRows(frame, split.test), testFromMs };
}
