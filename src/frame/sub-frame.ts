/** Row subsets of a frame (time splits, folds), copied into a frame of their own. */
import type { Frame } from './frame.js';

/**
 * Rows of a frame where `keep` holds, as a frame.
 *
 * @example
 * subFrame(frame, (s) => frame.asOfMs[s] >= testFromMs).count // => snapshots of the test period
 */
export function subFrame(frame: Frame, keep: (s: number) => boolean): Frame {
  const idx: number[] = [];
  for (let s = 0; s < frame.count; s++) if (keep(s)) idx.push(s);
  const label = Uint8Array.from(idx, (s) => frame.label[s]!);
  let positives = 0;
  for (const y of label) positives += y;
  return { ...frame, count: idx.length, lead: Int32Array.from(idx, (s) => frame.lead[s]!), asOfMs: Float64Array.from(idx, (s) => frame.asOfMs[s]!), label, positives };
}
