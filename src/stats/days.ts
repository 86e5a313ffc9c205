/**
 * Day arithmetic on epoch milliseconds. Every timestamp in leadcal is UTC epoch ms (parsed by
 * `data/timestamp.ts`, never by the local-time-prone `Date` string parser), and a day is exactly 86 400 000 ms: no
 * calendar, time zone or leap second enters any duration.
 */

/** Milliseconds in a day (24 · 60 · 60 · 1000). */
export const DAY_MS = 86_400_000;

/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;

/**
 * Days from `fromMs` to `toMs` (negative when `toMs` is earlier), as a real number.
 * Complexity: O(1).
 *
 * @example
 * daysBetween(Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 2, 12)) // => 1.5
 */
export function daysBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / DAY_MS;
}

/**
 * A duration in days as milliseconds.
 * Complexity: O(1).
 *
 * @example
 * daysToMs(1.5) // => 129600000
 */
export function daysToMs(days: number): number {
  return days * DAY_MS;
}
