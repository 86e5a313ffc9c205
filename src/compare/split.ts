/**
 * The time split of calibration and comparison: `frame/split.ts`'s split (train on snapshots
 * whose label window closes by `testFromMs`, test on snapshots at or after it), with this
 * layer's default date: without one, the last 30% of snapshot times are the test period.
 */
import type { History } from '../data/history.js';
import { buildFrame, type Frame, type FrameOptions } from '../frame/frame.js';
import { splitFrames } from '../frame/split.js';
import { subFrame } from '../frame/sub-frame.js';

export { subFrame };

export interface TimeSplit {
  train: Frame;
  test: Frame;
  testFromMs: number;
}

/**
 * Split a history in time.
 *
 * @example
 * const { train, test } = timeSplit(history, { horizonDays: 90 }, Date.UTC(2025, 9, 1));
 */
export function timeSplit(history: History, frameOptions: FrameOptions, testFromMs?: number): TimeSplit {
  const full = buildFrame(history, frameOptions);
  let from = testFromMs;
  if (from === undefined) {
    const times = Float64Array.from(full.asOfMs).sort();
    from = times[Math.floor(0.7 * (times.length - 1))] ?? full.options.untilMs;
  }
  return splitFrames(full, from);
}
