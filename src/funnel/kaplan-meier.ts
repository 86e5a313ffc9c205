/**
 * Kaplan–Meier estimate of a survival curve from right-censored durations, and its quantiles.
 * Used for time-to-convert: "survival" is still not having converted.
 */
import { checkFloat64, checkLabels, checkLength, rejectArgument } from '../check-arguments.js';

/** One step of the curve: at `time`, `events` happened among `atRisk`, then `censored` left. */
export interface KaplanMeierRow {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  /** Ŝ(time): the estimated share still without the event just after `time`. */
  survival: number;
  /** Greenwood standard error of Ŝ; null once Ŝ reaches 0. */
  stdErr: number | null;
}

/**
 * Kaplan–Meier product-limit estimate: Ŝ(t) = Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ), with dᵢ
 * events among nᵢ at risk. At a tied time, events come before censorings (a unit censored at t
 * is at risk at t), the usual convention. Greenwood: Var Ŝ(t) = Ŝ(t)² Σ dᵢ/(nᵢ(nᵢ − dᵢ)).
 * One row per distinct time with an event or a censoring, ascending.
 *
 * Reference: Kaplan & Meier (1958), JASA 53(282); Greenwood (1926). Matches R's
 * `survival::survfit(Surv(time, event) ~ 1)`.
 * Complexity: O(n log n) (two native sorts), O(n) memory.
 * @throws LeadcalError `option_invalid` when durations are not finite and ≥ 0, events not 0/1,
 * or the lengths differ.
 *
 * @example
 * kaplanMeier(Float64Array.of(1, 2, 2, 3), Uint8Array.of(1, 1, 0, 1)).map((r) => r.survival)
 * // => [0.75, 0.5, 0]
 */
export function kaplanMeier(durations: Float64Array, events: Uint8Array): KaplanMeierRow[] {
  checkFloat64(durations, 'durations');
  checkLabels(events, 'events');
  checkLength(events, 'events', durations.length, 'durations');
  for (let i = 0; i < durations.length; i++) {
    const d = durations[i]!;
    if (!Number.isFinite(d) || d < 0) rejectArgument('durations', `durations must be finite and ≥ 0; got ${d} at row ${i}`, 'durations are times from entry to event or censoring');
  }
  return kaplanMeierKernel(durations, events);
}

/** The estimator on checked input. */
export function kaplanMeierKernel(durations: Float64Array, events: Uint8Array): KaplanMeierRow[] {
  const n = durations.length;
  let eventCount = 0;
  for (let i = 0; i < n; i++) eventCount += events[i]!;
  const eventTimes = new Float64Array(eventCount);
  const censorTimes = new Float64Array(n - eventCount);
  for (let i = 0, e = 0, c = 0; i < n; i++) {
    if (events[i]) eventTimes[e++] = durations[i]!;
    else censorTimes[c++] = durations[i]!;
  }
  eventTimes.sort();
  censorTimes.sort();

  const rows: KaplanMeierRow[] = [];
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  let e = 0;
  let c = 0;
  while (e < eventTimes.length || c < censorTimes.length) {
    const time = Math.min(e < eventTimes.length ? eventTimes[e]! : Infinity, c < censorTimes.length ? censorTimes[c]! : Infinity);
    let d = 0;
    let q = 0;
    while (e < eventTimes.length && eventTimes[e] === time) {
      d++;
      e++;
    }
    while (c < censorTimes.length && censorTimes[c] === time) {
      q++;
      c++;
    }
    if (d > 0) {
      survival *= 1 - d / atRisk;
      greenwood += atRisk > d ? d / (atRisk * (atRisk - d)) : Infinity;
    }
    rows.push({ time, atRisk, events: d, censored: q, survival, stdErr: survival > 0 ? survival * Math.sqrt(greenwood) : null });
    atRisk -= d + q;
  }
  return rows;
}

/**
 * The p-quantile of the time to event: the smallest time with Ŝ(time) ≤ 1 − p (the time by
 * which a share p has had the event); null when the curve never gets that low (too few events
 * or too short a follow-up). A 1e-12 tolerance absorbs rounding in the product. Unlike R, a
 * curve that sits exactly at 1 − p over an interval gives the interval's start, not its midpoint.
 * Complexity: O(rows).
 *
 * @example
 * kaplanMeierQuantile(kaplanMeier(Float64Array.of(1, 2, 2, 3), Uint8Array.of(1, 1, 0, 1)), 0.5)
 * // => 2
 */
export function kaplanMeierQuantile(curve: readonly KaplanMeierRow[], p: number): number | null {
  if (!(p > 0 && p < 1)) rejectArgument('p', `p must be in (0, 1); got ${p}`, 'e.g. 0.5 for the median');
  for (const row of curve) if (row.survival <= 1 - p + 1e-12) return row.time;
  return null;
}
