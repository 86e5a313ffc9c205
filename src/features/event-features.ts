/**
 * Event features of a frame computed point-in-time: every value at snapshot t uses only events
 * with occurred_at < t. (Decayed behaviour counts are built by `behaviors.ts` for the fit and by
 * the scorer in `model/score.ts`, both on the decay kernel of `stats/decay.ts`.)
 */
import type { History } from '../data/history.js';
import { eventsBefore } from '../data/history.js';
import type { Frame } from '../frame/frame.js';
import { daysBetween } from '../stats/days.js';

/**
 * Days since the last event (of any type) before each snapshot; NaN when there is none.
 *
 * @example
 * daysSinceLastEvent(history, frame)[0] // => 12.5
 */
export function daysSinceLastEvent(history: History, frame: Frame): Float64Array {
  const out = new Float64Array(frame.count);
  const ev = history.events;
  for (let s = 0; s < frame.count; s++) {
    const lead = frame.lead[s]!;
    const end = eventsBefore(ev, lead, frame.asOfMs[s]!);
    out[s] = end > ev.offsets[lead]! ? daysBetween(ev.occurredMs[end - 1]!, frame.asOfMs[s]!) : NaN;
  }
  return out;
}
