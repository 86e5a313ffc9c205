/** Row subsets of a frame (time splits, folds), copied into a frame of their own. */
import type { Frame } from './frame.js';

/**
 * The snapshots `rows` (ascending indices) of a frame, as a frame. `leftOut` and `options`
 * are the parent frame's.
 * Complexity: O(rows).
 *
 * @example
 * frameRows(frame, Int32Array.of(0, 2)).count // => 2
 */
export function frameRows(frame: Frame, rows: Int32Array): Frame {
  const label = Uint8Array.from(rows, (s) => frame.label[s]!);
  let positives = 0;
  for (let i = 0; i < label.length; i++) positives += label[i]!;
  return { ...frame, count: rows.length, lead: Int32Array.from(rows, (s) => frame.lead[s]!), asOfMs: Float64Array.from(rows, (s) => frame.asOfMs[s]!), label, positives };
}

/**
 * Rows of a frame where `keep` holds, as a frame.
 *
 * @example
 * subFrame(frame, (s) => frame.asOfMs[s] >= testFromMs).count // => snapshots of the test period
 */
export function subFrame(frame: Frame, keep: (s: number) => boolean): Frame {
  const idx: number[] = [];
  for (let s = 0; s < frame.count; s++) if (keep(s)) idx.push(s);
  return frameRows(frame, Int32Array.from(idx));
}
