/**
 * The time split shared by calibration and comparison: train on snapshots whose label window
 * closes before `testFromMs` (a frame with until = testFrom), test on snapshots at or after it.
 * Without a date, the last 30% of snapshot times are the test period.
 */
import type { History } from '../data/history.js';
import { buildFrame, type Frame, type FrameOptions } from '../frame/frame.js';

export interface TimeSplit {
  train: Frame;
  test: Frame;
  testFromMs: number;
}

/** Rows of a frame where `keep` holds, as a frame. */
export function subFrame(frame: Frame, keep: (s: number) => boolean): Frame {
  const idx: number[] = [];
  for (let s = 0; s < frame.count; s++) if (keep(s)) idx.push(s);
  const label = Uint8Array.from(idx, (s) => frame.label[s]!);
  let positives = 0;
  for (const y of label) positives += y;
  return { ...frame, count: idx.length, lead: Int32Array.from(idx, (s) => frame.lead[s]!), asOfMs: Float64Array.from(idx, (s) => frame.asOfMs[s]!), label, positives };
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
  const train = buildFrame(history, { ...frameOptions, untilMs: Math.min(from, full.options.untilMs) });
  const test = subFrame(full, (s) => full.asOfMs[s]! >= from!);
  return { train, test, testFromMs: from };
}
