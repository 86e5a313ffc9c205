/**
 * A mapping with its defaults filled in: what the loader reads. Kept apart from mapping.ts (the
 * file's schema and reader) so that loading a history without a mapping file loads neither zod
 * nor the YAML parser.
 */
import type { EventsSource, LeadsSource, Mapping, OutcomesSource } from './mapping.js';

/** A mapping with every table resolved to a list of sources. */
export interface ResolvedMapping {
  description?: string;
  timezone?: string;
  leads: LeadsSource;
  events: EventsSource[];
  outcomes: OutcomesSource[];
}

/**
 * Fill in the defaults of the data contract: `leads`, `events`, `outcomes` files named as the
 * tables, contract column names, every other column kept.
 */
export function resolveMapping(mapping: Mapping | undefined): ResolvedMapping {
  const m = mapping ?? {};
  const events = m.events === null ? [] : m.events === undefined ? [{ file: 'events' }] : Array.isArray(m.events) ? m.events : [m.events];
  const outcomes = m.outcomes === undefined ? [{ file: 'outcomes' }] : Array.isArray(m.outcomes) ? m.outcomes : [m.outcomes];
  return {
    ...(m.description === undefined ? {} : { description: m.description }),
    ...(m.timezone === undefined ? {} : { timezone: m.timezone }),
    leads: m.leads ?? { file: 'leads' },
    events,
    outcomes,
  };
}
