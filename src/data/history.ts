/**
 * The loaded history: three columnar tables keyed by lead index. Events are sorted by
 * (lead, occurred_at) with CSR offsets so that "events of lead i before t" is a binary search.
 * Outcomes are also summarised per lead as the first time each funnel stage was reached
 * (reaching a later stage implies the earlier ones) and the first time the lead was closed.
 */
import type { CategoryColumn, Column } from './columns.js';
import type { FlatTableInfo } from './flat-table.js';
import { FUNNEL_STAGES } from './stages.js';

export interface Leads {
  count: number;
  ids: string[];
  /** lead_id → row index. */
  index: Map<string, number>;
  createdMs: Float64Array;
  /** Attribute columns typed on load, by our name. */
  attributes: Record<string, Column>;
  /** How the fit reads numeric attributes, as the mapping says (`kinds`). */
  kinds?: Record<string, 'category' | 'number'>;
  /** The binning trend per numeric attribute, as the mapping says (`trends`). */
  trends?: Record<string, 'ascending' | 'descending' | 'peak' | 'valley' | 'none' | 'auto'>;
  file: string;
  lines: Int32Array;
}

export interface Events {
  count: number;
  /** Lead index of each event; events are sorted by (lead, occurredMs). */
  lead: Int32Array;
  type: CategoryColumn;
  occurredMs: Float64Array;
  /** Optional event columns (page, channel …) typed on load. */
  columns: Record<string, Column>;
  /** Events of lead i are rows offsets[i] .. offsets[i + 1] - 1. */
  offsets: Int32Array;
  files: string[];
  fileOf: Uint8Array;
  lines: Int32Array;
}

export interface Outcomes {
  count: number;
  lead: Int32Array;
  /** Stage code: index into STAGES. */
  stage: Uint8Array;
  occurredMs: Float64Array;
  /** Per funnel stage (index into FUNNEL_STAGES): first time each lead reached it or a later one; Infinity if never. */
  reachMs: Float64Array[];
  /** First time each lead was lost or disqualified; Infinity if never. */
  closedMs: Float64Array;
}

export interface History {
  /** The folder it was read from. */
  dir: string;
  leads: Leads;
  events: Events;
  outcomes: Outcomes;
  /** Latest timestamp in the history (created, event or outcome). */
  latestMs: number;
  /** The end of observation: `until` if given, else latestMs. */
  untilMs: number;
  /** Offset assumed for timestamps written without a zone, minutes east of UTC. */
  assumedOffsetMinutes: number;
  /**
   * Set when the history was read from a flat labelled table: one snapshot per lead, the label
   * as outcome, no point-in-time guarantee for its attributes (see `data/flat-table.ts`).
   */
  flat?: FlatTableInfo;
}

/** Index of a funnel stage name in `reachMs`. */
export function funnelIndex(stage: (typeof FUNNEL_STAGES)[number]): number {
  return FUNNEL_STAGES.indexOf(stage);
}

/**
 * First index in lead i's events with occurredMs >= t, i.e. the end of "events strictly
 * before t". Binary search: O(log events of the lead).
 *
 * @example
 * const end = eventsBefore(history.events, lead, tMs); // events offsets[lead] .. end - 1 are known at t
 */
export function eventsBefore(events: Events, lead: number, tMs: number): number {
  let lo = events.offsets[lead]!;
  let hi = events.offsets[lead + 1]!;
  const times = events.occurredMs;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
