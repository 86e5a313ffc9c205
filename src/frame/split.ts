/**
 * The one time split of a frame, as index views: train = the snapshots whose label window
 * (t, t + horizon] closed by `testFromMs`, test = the snapshots at or after it. Fit, compare
 * and report all split this way. The train view holds exactly the snapshots that
 * `buildFrame(history, { untilMs: min(testFromMs, until) })` keeps (censoring at testFrom), so
 * no outcome after testFrom ever reaches a training label.
 *
 * Tables without a meaningful time (flat labelled tables) split instead by a seeded share of
 * leads stratified by label (`splitFrameStratified`); `HoldoutSpec` names either.
 */
import { LeadcalError } from '../errors.js';
import { formatTimestamp } from '../data/timestamp.js';
import { createRandom } from '../random.js';
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

/** How a fit holds out its test snapshots: in time, or a seeded share of leads stratified by label. */
export type HoldoutSpec =
  | { kind: 'time'; testFromMs: number }
  | { kind: 'stratified'; testShare: number; seed: number };

/**
 * A seeded stratified split by lead, for tables without a meaningful time (flat labelled tables):
 * leads are grouped by whether any of their snapshots is positive, each group is shuffled
 * (Fisher–Yates with `createRandom(seed)`, positives first) and its first round(share · n) leads
 * are the test part. All snapshots of a lead fall on one side. Complexity: O(snapshots + leads).
 *
 * @example
 * const { train, test } = splitFrameStratified(frame, 0.3, 1); test.length / frame.count // => ≈ 0.3
 */
export function splitFrameStratified(frame: Frame, testShare: number, seed: number): { train: Int32Array; test: Int32Array } {
  if (!(testShare > 0 && testShare < 1)) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--test-share', message: `the test share must be between 0 and 1; got ${testShare}`, hint: 'e.g. --test-share 0.3' });
  }
  // leads in order of first snapshot, with their class
  const seen = new Map<number, number>();
  const leads: number[] = [];
  for (let s = 0; s < frame.count; s++) {
    const l = frame.lead[s]!;
    const k = seen.get(l);
    if (k === undefined) {
      seen.set(l, leads.length);
      leads.push(frame.label[s]!);
    } else if (frame.label[s]) leads[k] = 1;
  }
  const random = createRandom(seed);
  const inTest = new Uint8Array(leads.length);
  for (const cls of [1, 0]) {
    const group: number[] = [];
    leads.forEach((y, k) => { if (y === cls) group.push(k); });
    for (let i = group.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    const n = Math.round(testShare * group.length);
    for (let i = 0; i < n; i++) inTest[group[i]!] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let s = 0; s < frame.count; s++) (inTest[seen.get(frame.lead[s]!)!] ? test : train).push(s);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * A frame's train and test parts for a holdout spec, as frames.
 *
 * @example
 * splitFramesBy(frame, { kind: 'stratified', testShare: 0.3, seed: 1 }).test.count // => ≈ 0.3 · frame.count
 */
export function splitFramesBy(frame: Frame, holdout: HoldoutSpec): { train: Frame; test: Frame } {
  if (holdout.kind === 'time') return splitFrames(frame, holdout.testFromMs);
  const { train, test } = splitFrameStratified(frame, holdout.testShare, holdout.seed);
  return { train: frameRows(frame, train), test: frameRows(frame, test) };
}

/**
 * The holdout in words, for every output that reports a test metric.
 *
 * @example
 * describeHoldout({ kind: 'stratified', testShare: 0.3, seed: 1 }) // => 'stratified split: 30% of leads held out (seed 1)'
 */
export function describeHoldout(holdout: HoldoutSpec): string {
  if (holdout.kind === 'time') return `time split: test from ${formatTimestamp(holdout.testFromMs)}`;
  return `stratified split: ${Math.round(100 * holdout.testShare * 10) / 10}% of leads held out (seed ${holdout.seed})`;
}

/**
 * Which snapshots an analysis used, in words: the same phrase for `leadcal sweep` and the
 * report's thresholds page, so the two say (and, on the same snapshots, agree on) the same.
 *
 * @example
 * describeSnapshotsUsed({ kind: 'time', testFromMs: Date.UTC(2025, 9, 1) }, 1234, { target: 'sql', horizonDays: 90 })
 * // => 'the test period from 2025-10-01T00:00:00Z (1,234 snapshots, target sql within 90 days)'
 */
export function describeSnapshotsUsed(holdout: HoldoutSpec | undefined, snapshots: number, frame: { target: string; horizonDays: number }): string {
  const which = !holdout ? 'every snapshot' : holdout.kind === 'time' ? `the test period from ${formatTimestamp(holdout.testFromMs)}` : `the test part of the ${describeHoldout(holdout)}`;
  return `${which} (${snapshots.toLocaleString('en-US')} snapshots, target ${frame.target} within ${frame.horizonDays} days)`;
}
