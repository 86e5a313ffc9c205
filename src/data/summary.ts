/**
 * A plain-table summary of a loaded history: sizes, period, event types, stages reached, and
 * each attribute's type and missing share.
 */
import type { History } from './history.js';
import { FUNNEL_STAGES } from './stages.js';
import { formatTimestamp } from './timestamp.js';

export interface HistorySummary {
  leads: number;
  events: number;
  outcomes: number;
  firstCreated: string | null;
  latest: string | null;
  until: string | null;
  eventTypes: { type: string; events: number; leads: number }[];
  stages: { stage: string; leads: number; share: number }[];
  closedLeads: number;
  attributes: { name: string; kind: 'number' | 'category'; distinct: number; missingShare: number }[];
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? formatTimestamp(ms) : null);

/**
 * Summarise a history as plain tables.
 *
 * @example
 * summarizeHistory(history).stages[1] // => { stage: 'sql', leads: 212, share: 0.106 }
 */
export function summarizeHistory(history: History): HistorySummary {
  const { leads, events, outcomes } = history;
  let first = Infinity;
  for (const t of leads.createdMs) if (t < first) first = t;
  const typeEvents = new Float64Array(events.type.values.length);
  const typeLeads = new Float64Array(events.type.values.length);
  const lastLeadOfType = new Int32Array(events.type.values.length).fill(-1);
  for (let k = 0; k < events.count; k++) {
    const c = events.type.codes[k]!;
    typeEvents[c]!++;
    if (lastLeadOfType[c] !== events.lead[k]) {
      lastLeadOfType[c] = events.lead[k]!;
      typeLeads[c]!++;
    }
  }
  const eventTypes = events.type.values
    .map((type, c) => ({ type, events: typeEvents[c]!, leads: typeLeads[c]! }))
    .sort((a, b) => b.events - a.events || a.type.localeCompare(b.type));
  const stages = FUNNEL_STAGES.map((stage, s) => {
    let n = 0;
    for (const t of outcomes.reachMs[s]!) if (t !== Infinity) n++;
    return { stage, leads: n, share: leads.count ? n / leads.count : 0 };
  });
  let closedLeads = 0;
  for (const t of outcomes.closedMs) if (t !== Infinity) closedLeads++;
  const attributes = Object.entries(leads.attributes).map(([name, col]) => {
    let missing = 0;
    let distinct: number;
    if (col.kind === 'number') {
      const seen = new Set<number>();
      for (const v of col.values) if (Number.isNaN(v)) missing++; else seen.add(v);
      distinct = seen.size;
    } else {
      for (const c of col.codes) if (c < 0) missing++;
      distinct = col.values.length;
    }
    return { name, kind: col.kind, distinct, missingShare: leads.count ? missing / leads.count : 0 };
  });
  return {
    leads: leads.count,
    events: events.count,
    outcomes: outcomes.count,
    firstCreated: iso(first),
    latest: iso(history.latestMs),
    until: iso(history.untilMs),
    eventTypes,
    stages,
    closedLeads,
    attributes,
  };
}
