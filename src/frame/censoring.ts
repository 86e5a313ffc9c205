/**
 * The one rule for which (lead, t) can be labelled, shared by point-in-time frames and the
 * qualification cohort: a snapshot at t is kept only while the lead is open — created before
 * t, target not reached at or before t, not closed at or before t — and only if its label
 * window (t, t + horizon] ends by `until`; otherwise it is left out for the first reason that
 * applies, and a censored snapshot is never a negative.
 */

/** Candidates not kept, by the first reason that applies. */
export interface LeftOut {
  notCreated: number;
  converted: number;
  closed: number;
  censored: number;
}

/** The reasons in the order they are tested; status k > 0 is reason k − 1. */
export const LEFT_OUT_REASONS = ['notCreated', 'converted', 'closed', 'censored'] as const;

/** Status of a kept snapshot. */
export const KEPT = 0;

/**
 * Status of the snapshot of a lead at `t`: 0 ({@link KEPT}) or 1 + the index of the first
 * reason in {@link LEFT_OUT_REASONS} (1 notCreated: created at or after t; 2 converted: target
 * reached at or before t; 3 closed: lost/disqualified at or before t; 4 censored:
 * t + horizon > until). Infinity stands for "never" in `reachMs` and `closedMs`.
 * Complexity: O(1).
 *
 * @example
 * snapshotStatus(0, Infinity, Infinity, 10, 5, 20) // => 0 (kept)
 * snapshotStatus(0, Infinity, Infinity, 10, 15, 20) // => 4 (censored)
 */
export function snapshotStatus(createdMs: number, reachMs: number, closedMs: number, t: number, horizonMs: number, untilMs: number): number {
  if (!(createdMs < t)) return 1;
  if (reachMs <= t) return 2;
  if (closedMs <= t) return 3;
  if (t + horizonMs > untilMs) return 4;
  return KEPT;
}

/**
 * Label of a kept snapshot: 1 iff the target is reached in (t, t + horizon].
 * Complexity: O(1).
 *
 * @example
 * labelWithin(12, 10, 5) // => 1
 */
export function labelWithin(reachMs: number, t: number, horizonMs: number): 0 | 1 {
  return reachMs <= t + horizonMs ? 1 : 0;
}

/** Count a left-out status (1–4) in `leftOut`; 0 (kept) counts nothing. */
export function countLeftOut(leftOut: LeftOut, status: number): void {
  if (status > 0) leftOut[LEFT_OUT_REASONS[status - 1]!]++;
}
