/**
 * Point-in-time qualification state: what was known about each criterion of a lead at time t.
 * Only records with occurred_at < t count (a record exactly at t is not yet known), and the
 * latest of them per criterion wins (file order breaks ties in time). No record = unknown.
 */
import type { Qualifications } from './qualifications.js';

export interface QualificationStates {
  /** Rows, one per (lead, t) asked for. */
  count: number;
  /** Columns: the recorded criteria of the table, by code. */
  criteria: string[];
  /** value[k · criteria.length + c]: UNKNOWN (no record, or recorded unknown), MET or NOT_MET. */
  value: Uint8Array;
  /** Time of the record behind each value; -Infinity without a record. */
  recordedMs: Float64Array;
}

/**
 * The state of every recorded criterion for each row (lead[k], asOfMs[k]).
 *
 * Complexity: O(rows · criteria + records of the leads asked for).
 * @example
 * const s = qualificationStatesAt(q, Int32Array.of(0), Float64Array.of(tMs));
 * s.value[s.criteria.indexOf('budget')] // => 1 when budget was last recorded met before t
 */
export function qualificationStatesAt(q: Qualifications, lead: Int32Array, asOfMs: Float64Array): QualificationStates {
  const width = q.criteria.length;
  const n = lead.length;
  const value = new Uint8Array(n * width);
  const recordedMs = new Float64Array(n * width).fill(-Infinity);
  for (let k = 0; k < n; k++) {
    const li = lead[k]!;
    const t = asOfMs[k]!;
    const base = k * width;
    for (let r = q.offsets[li]!, end = q.offsets[li + 1]!; r < end; r++) {
      const at = q.occurredMs[r]!;
      if (!(at < t)) break; // records are sorted by time within a lead
      const c = base + q.criterion[r]!;
      value[c] = q.value[r]!;
      recordedMs[c] = at;
    }
  }
  return { count: n, criteria: q.criteria, value, recordedMs };
}
