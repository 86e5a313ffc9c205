/**
 * Does the activity reach the end of the frame? Snapshots are taken up to `until` (by default
 * the history's latest timestamp, often the last purchase or close); when the events table ends
 * long before that — an export cut earlier, a tracking change — every snapshot after its end sees
 * no activity, behaviours look absent, and the fit learns from a frame that is not the world the
 * model will score. `activityEnd` measures the gap and proposes `--until` at the last event.
 */
import type { History } from '../data/history.js';
import type { Issue } from '../errors.js';
import { DAY_MS } from '../stats/days.js';

export interface ActivityEnd {
  /** Last event (NaN when there are no events). */
  lastEventMs: number;
  /** Last outcome of any stage (NaN when none). */
  lastOutcomeMs: number;
  /** Days from the last event to the frame's end. */
  gapDays: number;
  /** The frame runs past the activity: a warning with the `--until` that fits. */
  issue?: Omit<Issue, 'severity'>;
}

/** Days past the last event from which a frame is said to run past the activity (or the horizon, when longer). */
export const ACTIVITY_GAP_DAYS = 30;

function latestEvent(history: History): number {
  let latest = NaN;
  for (const t of history.events.occurredMs) if (!(t <= latest)) latest = t;
  return latest;
}

const dayText = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Compare the end of the events with the frame's end and the last outcome; `lastEventMs` when
 * the events are not loaded (pushed down to DuckDB). Complexity: O(events + leads).
 *
 * @example
 * activityEnd(history, history.untilMs, 90).issue?.hint // => 'frame up to the end of the activity: --until 2018-10-18 …'
 */
export function activityEnd(history: History, untilMs: number, horizonDays = 0, lastEventMs = latestEvent(history)): ActivityEnd {
  let lastOutcomeMs = NaN;
  for (const reach of history.outcomes.reachMs) for (const t of reach) if (Number.isFinite(t) && t <= untilMs && !(t <= lastOutcomeMs)) lastOutcomeMs = t;
  const gapDays = (untilMs - lastEventMs) / DAY_MS;
  const out: ActivityEnd = { lastEventMs, lastOutcomeMs, gapDays };
  const limit = Math.max(ACTIVITY_GAP_DAYS, horizonDays);
  if (!Number.isFinite(lastEventMs) || !(gapDays > limit)) return out;
  const outcomesAfter = Number.isFinite(lastOutcomeMs) && lastOutcomeMs - lastEventMs > limit * DAY_MS;
  const until = dayText(lastEventMs + DAY_MS);
  out.issue = {
    code: 'frame_past_events', column: '--until',
    message: `the events end on ${dayText(lastEventMs)}, ${Math.round(gapDays)} days before the frame's end (${dayText(untilMs)}${outcomesAfter ? `; outcomes go on until ${dayText(lastOutcomeMs)}` : ''}): snapshots after it see no activity, so behaviours look absent for them`,
    hint: `frame up to the end of the activity: --until ${until} (or check that the events export is complete)`,
  };
  return out;
}
