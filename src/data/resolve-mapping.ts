/**
 * A mapping with its defaults filled in: what the loader reads. Kept apart from mapping.ts (the
 * file's schema and reader) so that loading a history without a mapping file loads neither zod
 * nor the YAML parser.
 */
import type { EventsSource, LabelSpec, LeadsSource, Mapping, OutcomesSource } from './mapping.js';

/** A mapping with every table resolved to a list of sources. */
export interface ResolvedMapping {
  description?: string;
  timezone?: string;
  leads: LeadsSource;
  events: EventsSource[];
  outcomes: OutcomesSource[];
  /** A flat labelled table: outcomes come from this column of the leads table. */
  label?: LabelSpec;
  /** Values read as empty in every table. */
  missing?: string[];
}

/**
 * Fill in the defaults of the data contract: `leads`, `events`, `outcomes` files named as the
 * tables, contract column names, every other column kept. With a `label` (a flat labelled
 * table) there are no events unless named and the outcomes come from the label.
 */
export function resolveMapping(mapping: Mapping | undefined): ResolvedMapping {
  const m = mapping ?? {};
  // a flat labelled table has no events table unless one is named, and its outcomes are the label
  const events = m.events === null || (m.events === undefined && m.label) ? [] : m.events === undefined ? [{ file: 'events' }] : Array.isArray(m.events) ? m.events : [m.events];
  const outcomes = m.label ? [] : m.outcomes === undefined ? [{ file: 'outcomes' }] : Array.isArray(m.outcomes) ? m.outcomes : [m.outcomes];
  return {
    ...(m.description === undefined ? {} : { description: m.description }),
    ...(m.timezone === undefined ? {} : { timezone: m.timezone }),
    leads: m.leads ?? { file: 'leads' },
    events,
    outcomes,
    ...(m.label === undefined ? {} : { label: m.label }),
    ...(m.missing === undefined ? {} : { missing: m.missing }),
  };
}
