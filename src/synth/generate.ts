/**
 * Public wrapper of the synthetic CRM history generator: checks options, draws creation
 * times, then runs the per-lead kernel with one seeded stream per lead.
 *
 * Lead ids follow creation order. Lead i (1-based, in creation order) draws everything from
 * `createRandom(deriveSeed(seed, i))`, so its history does not depend on other leads'
 * draws; creation times come from `createRandom(seed)`.
 */
import { EVENT_COLUMNS, LEAD_COLUMNS, OUTCOME_COLUMNS, type Table } from './columns.js';
import { compileTruth } from './compile-truth.js';
import { createRandom, deriveSeed } from '../random.js';
import { sampleLead } from './sample-lead.js';
import { createScratch, type RowSink } from './event-buffer.js';
import { simulateLead } from './simulate-lead.js';
import { createTimestampFormatter } from './timestamp.js';
import { checkTruth, defaultTruth, type SynthTruth, type TruthGenerator } from './truth.js';
import { DAY_MS } from '../stats/days.js';

/** Share of the period over which leads are created (the rest is observation time). */
export const CREATION_WINDOW_SHARE = 2 / 3;

/** Options of `generateHistory`. */
export interface GenerateOptions {
  /** Number of leads (positive integer). */
  leads: number;
  /** Seed (safe integer); equal options give identical output. */
  seed: number;
  /** Start of the period, epoch ms in whole seconds; default 2025-01-01T00:00:00Z. */
  startMs?: number;
  /** Length of the period in days (positive integer); default 540. */
  days?: number;
  /** Planted truth; default `defaultTruth`. Checked with the truth schema. */
  truth?: SynthTruth;
}

/** A generated history: three text tables, the truth behind them, and the settings used. */
export interface SynthHistory {
  leads: Table;
  events: Table;
  outcomes: Table;
  truth: SynthTruth;
  /** End of the period (exclusive), epoch ms; nothing in the tables happens at or after it. */
  endMs: number;
  generator: TruthGenerator;
}

/** Default generator settings. */
export const generateDefaults = {
  startMs: Date.UTC(2025, 0, 1),
  days: 540,
} as const;

function checkInteger(value: number, name: string, min?: number): void {
  if (!Number.isSafeInteger(value) || (min !== undefined && value < min)) {
    const expected = min === undefined ? 'a safe integer' : `an integer ≥ ${min}`;
    throw new Error(`generateHistory: ${name} must be ${expected}; got ${String(value)}`);
  }
}

/** Checked settings of a generation run (see {@link planHistory}). */
export interface HistoryPlan {
  truth: SynthTruth;
  endMs: number;
  generator: TruthGenerator;
}

/**
 * Check the options of a generation run and resolve their defaults.
 *
 * @throws Error when an option is out of range or the truth fails its schema.
 * @example
 * planHistory({ leads: 10, seed: 1 }).generator.days; // => 540
 */
export function planHistory(options: GenerateOptions): HistoryPlan {
  const { leads, seed } = options;
  const startMs = options.startMs ?? generateDefaults.startMs;
  const days = options.days ?? generateDefaults.days;
  checkInteger(leads, 'leads', 1);
  checkInteger(seed, 'seed');
  checkInteger(days, 'days', 1);
  checkInteger(startMs, 'startMs');
  if (startMs % 1000 !== 0) {
    throw new Error(`generateHistory: startMs must be a whole second; got ${startMs}`);
  }
  const truth = checkTruth(options.truth ?? defaultTruth, 'options.truth');
  return { truth, endMs: startMs + days * DAY_MS, generator: { seed, leads, startMs, days } };
}

/**
 * The leads of a plan one at a time: each step simulates a lead, appends its events and
 * outcomes to `sink` and yields its row of `leads.csv`. A caller that empties the sink after
 * each step holds one lead at a time (how `writeGeneratedHistory` streams).
 *
 * @example
 * const sink = { events: [], outcomes: [] }; [...generateLeads(planHistory({ leads: 3, seed: 1 }), sink)].length; // => 3
 */
export function* generateLeads(plan: HistoryPlan, sink: RowSink): Generator<string[]> {
  const { seed, leads, startMs, days } = plan.generator;
  const endMs = plan.endMs;
  const windowSeconds = Math.max(1, Math.floor((days * CREATION_WINDOW_SHARE * DAY_MS) / 1000));

  const creation = createRandom(seed);
  const createdMs = new Float64Array(leads);
  for (let i = 0; i < leads; i += 1) createdMs[i] = startMs + creation.int(windowSeconds) * 1000;
  createdMs.sort();

  const model = compileTruth(plan.truth);
  const scratch = createScratch(model);
  const format = createTimestampFormatter();
  const width = Math.max(6, String(leads).length);
  for (let i = 0; i < leads; i += 1) {
    const random = createRandom(deriveSeed(seed, i + 1));
    const leadId = `L${String(i + 1).padStart(width, '0')}`;
    const created = createdMs[i] ?? startMs;
    const lead = sampleLead(model, random);
    const v = lead.values;
    const row = [
      leadId, format(created), v['industry'] ?? '', v['employees'] ?? '', v['job_level'] ?? '',
      v['country'] ?? '', v['segment'] ?? '', v['product'] ?? '', v['source'] ?? '',
    ];
    simulateLead(model, lead, leadId, created, endMs, random, format, scratch, sink);
    yield row;
  }
}

/**
 * Generates a seeded synthetic CRM history with a planted scoring truth.
 *
 * Leads are created uniformly (whole seconds) over the first two thirds of the period and
 * simulated until its end; see `simulate-lead.ts` for the daily process and
 * `truth-score.ts` for the hazard. Deterministic: the same options give identical tables.
 *
 * Complexity: O(leads × days) kernel steps plus O(events) formatting.
 *
 * @throws Error when an option is out of range or the truth fails its schema.
 * @example
 * const history = generateHistory({ leads: 2000, seed: 7 });
 * history.leads.rows.length; // => 2000
 * history.leads.header[0]; // => 'lead_id'
 */
export function generateHistory(options: GenerateOptions): SynthHistory {
  const plan = planHistory(options);
  const leadRows: string[][] = [];
  const sink: RowSink = { events: [], outcomes: [] };
  for (const row of generateLeads(plan, sink)) leadRows.push(row);
  return {
    leads: { header: [...LEAD_COLUMNS], rows: leadRows },
    events: { header: [...EVENT_COLUMNS], rows: sink.events },
    outcomes: { header: [...OUTCOME_COLUMNS], rows: sink.outcomes },
    ...plan,
  };
}
