/**
 * The split of calibration and comparison: `frame/split.ts`'s split — in time (train on
 * snapshots whose label window closes by `testFromMs`, test on snapshots at or after it) or the
 * seeded stratified holdout a flat-table model records — with this layer's default: the last
 * 30% of snapshot times for a dated history, 30% of leads (seed 1) for an undated flat table.
 */
import type { History } from '../data/history.js';
import { buildFrame, type Frame, type FrameOptions } from '../frame/frame.js';
import { describeHoldout, splitFrames, splitFramesBy, type HoldoutSpec } from '../frame/split.js';
import { subFrame } from '../frame/sub-frame.js';

export { subFrame };

export interface TimeSplit {
  train: Frame;
  test: Frame;
  /** Start of the test period (NaN for a stratified holdout). */
  testFromMs: number;
  holdout: HoldoutSpec;
  /** The holdout in words, for every output that reports a test metric. */
  description: string;
}

/**
 * Split a history in time.
 *
 * @example
 * const { train, test } = timeSplit(history, { horizonDays: 90 }, Date.UTC(2025, 9, 1));
 */
export function timeSplit(history: History, frameOptions: FrameOptions, testFromMs?: number, holdout?: HoldoutSpec): TimeSplit {
  const full = buildFrame(history, frameOptions);
  let spec = holdout ?? (testFromMs === undefined ? undefined : { kind: 'time' as const, testFromMs });
  if (spec === undefined && history.flat && !history.flat.dated) spec = { kind: 'stratified', testShare: 0.3, seed: 1 };
  if (spec === undefined) {
    const times = Float64Array.from(full.asOfMs).sort();
    spec = { kind: 'time', testFromMs: times[Math.floor(0.7 * (times.length - 1))] ?? full.options.untilMs };
  }
  if (spec.kind === 'time') return { ...splitFrames(full, spec.testFromMs), holdout: spec, description: describeHoldout(spec) };
  return { ...splitFramesBy(full, spec), testFromMs: NaN, holdout: spec, description: describeHoldout(spec) };
}
