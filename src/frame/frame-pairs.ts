/**
 * Every (snapshot, event) pair of a frame — event before the snapshot, same lead — with the
 * event's cell (type × split value) and age, gathered outside Node (the DuckDB pushdown,
 * `features/duckdb-frame.ts`) so that the events never reach it as rows. What the behaviour
 * planner (`features/behaviors.ts`, `behaviorPairsFrom`) and the pair scorer
 * (`model/pair-scores.ts`) read in place of `history.events`, for the frame and any of its
 * sub-frames (a time split, a training period, a fold).
 *
 * Cell c of type code t and split value code v (−1 missing) is t·(V + 1) + v + 1, V the number
 * of split values, as `planBehaviors` numbers them.
 */
import { LeadcalError } from '../errors.js';
import type { Frame } from './frame.js';

export interface FramePairs {
  /** The frame the pairs are of. */
  frame: Frame;
  /** Event types, in the order the loader would code them (first appearance). */
  types: string[];
  /** The event column splitting types (null: none). */
  splitName: string | null;
  /** Its values, in first-appearance order (none when the column is missing or numeric). */
  values: string[];
  /** Pairs of snapshot s are start[s] … start[s + 1] − 1, in event time order (length count + 1). */
  start: Int32Array;
  /** Per pair: the event's cell. */
  cell: Int32Array;
  /** Per pair: the event's age at the snapshot in days, (t − occurred_at) / DAY_MS. */
  ageDays: Float64Array;
  /** Events kept (a known lead, a type and a time), and the latest of their times (NaN for none). */
  events: number;
  lastEventMs: number;
}

/**
 * For each snapshot of `sub` (a sub-frame of `full`, in its order: a split, a period, a fold),
 * its row in `full`, matched on (lead, t) by one merge walk.
 * Complexity: O(full.count).
 *
 * @throws {LeadcalError} internal when a snapshot of `sub` is not in `full`
 * @example
 * snapshotRows(frame, subFrame(frame, (s) => s % 2 === 1)) // => Int32Array [1, 3, 5, …]
 */
export function snapshotRows(full: Frame, sub: Frame): Int32Array {
  const rows = new Int32Array(sub.count);
  let r = 0;
  for (let s = 0; s < sub.count; s++) {
    const lead = sub.lead[s]!;
    const t = sub.asOfMs[s]!;
    while (r < full.count && !(full.lead[r] === lead && full.asOfMs[r] === t)) r++;
    if (r === full.count) throw new LeadcalError({ code: 'internal', severity: 'error', message: `snapshot ${s} (lead ${lead}, t ${t}) is not in the frame the pairs were gathered for`, hint: 'pass a sub-frame of FramePairs.frame, in its order' });
    rows[s] = r++;
  }
  return rows;
}
