/**
 * Behaviour features of a frame, computed point-in-time: every value at snapshot t uses only
 * events with occurred_at < t. Kernels loop over the CSR event arrays; nothing is allocated per
 * snapshot.
 */
import type { History } from '../data/history.js';
import { eventsBefore } from '../data/history.js';
import { DAY_MS } from '../data/timestamp.js';
import type { Frame } from '../frame/frame.js';

/** Which events a feature counts: a type, and optionally one value of an event column. */
export interface EventFilter {
  type: string;
  where?: { column: string; value: string };
}

function matcher(history: History, filter: EventFilter): (k: number) => boolean {
  const ev = history.events;
  const typeCode = ev.type.values.indexOf(filter.type);
  if (typeCode < 0) return () => false;
  if (!filter.where) return (k) => ev.type.codes[k] === typeCode;
  const col = ev.columns[filter.where.column];
  if (!col) return () => false;
  if (col.kind === 'number') {
    const v = Number(filter.where.value);
    return (k) => ev.type.codes[k] === typeCode && col.values[k] === v;
  }
  const code = col.values.indexOf(filter.where.value);
  return (k) => ev.type.codes[k] === typeCode && col.codes[k] === code;
}

/**
 * Decayed count of matching events before each snapshot: Σ 2^(−age/halfLife) with age in days;
 * `halfLifeDays = Infinity` gives the plain count.
 *
 * @example
 * decayedEventSum(history, frame, { type: 'email_open' }, 7) // Float64Array, one value per snapshot
 */
export function decayedEventSum(history: History, frame: Frame, filter: EventFilter, halfLifeDays = Infinity): Float64Array {
  const out = new Float64Array(frame.count);
  const match = matcher(history, filter);
  const ev = history.events;
  const rate = Number.isFinite(halfLifeDays) ? Math.LN2 / (halfLifeDays * DAY_MS) : 0;
  for (let s = 0; s < frame.count; s++) {
    const lead = frame.lead[s]!;
    const t = frame.asOfMs[s]!;
    const end = eventsBefore(ev, lead, t);
    let sum = 0;
    for (let k = ev.offsets[lead]!; k < end; k++) {
      if (match(k)) sum += rate === 0 ? 1 : Math.exp(-rate * (t - ev.occurredMs[k]!));
    }
    out[s] = sum;
  }
  return out;
}

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
    out[s] = end > ev.offsets[lead]! ? (frame.asOfMs[s]! - ev.occurredMs[end - 1]!) / DAY_MS : NaN;
  }
  return out;
}
