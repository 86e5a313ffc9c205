/**
 * The planted truth's own score of a lead, so later code can compare fitted models with it.
 *
 * Definitions (t in epoch ms; only events with occurred_at strictly before t count):
 *   D_b(t)            = Σ_{events e of behaviour b, t_e < t} 2^(−(t − t_e) / (halfLifeDays_b · 1 day))
 *   truth score at t  = Σ attribute effects + Σ_b effect_b · D_b(t)
 *   truth logit at t  = baseDailyLogit + truth score at t
 *   daily SQL hazard  = sigmoid(truth logit at t)
 * An event matches behaviour b when its type equals b.type and, for page_view, its page
 * equals b.page. Missing or unknown attribute values contribute 0. The generator draws each
 * day's SQL conversion with exactly this hazard at a random check time within the day.
 * With planted drift (`truth.drift`), effect_b is the effect at t: the behaviour's effect times
 * the factors of its drift entries whose `from` is at or before t (`behaviourEffectAt`).
 */
import type { Table } from './columns.js';
import type { SynthTruth } from './truth.js';
import { DAY_MS } from '../stats/days.js';
import { parseTimestamp } from '../data/timestamp.js';

/** A lead as the truth sees it: attribute values as text (`employees` as an integer). */
export interface TruthLead {
  readonly attributes: Readonly<Record<string, string | undefined>>;
}

/** An event as the truth sees it. */
export interface TruthEvent {
  readonly type: string;
  readonly page?: string | undefined;
  readonly occurredMs: number;
}

/**
 * Index of the behaviour an event counts towards, or −1 when it counts towards none.
 *
 * @example
 * behaviourIndexOf(defaultTruth, 'page_view', 'pricing'); // => 0
 * behaviourIndexOf(defaultTruth, 'sales_call', ''); // => -1
 */
export function behaviourIndexOf(truth: SynthTruth, type: string, page: string | undefined): number {
  return truth.behaviours.findIndex(
    (b) => b.type === type && (b.type !== 'page_view' || b.page === page),
  );
}

/**
 * A behaviour's effect at time t: its `effect` times the factor of every drift entry for it
 * whose `from` ≤ t (no drift: the effect itself).
 *
 * @example
 * behaviourEffectAt({ ...defaultTruth, drift: [{ behaviour: 'demo_request', from: '2025-07-01', factor: 0.5 }] }, 'demo_request', Date.UTC(2025, 7, 1)); // => 0.75
 */
export function behaviourEffectAt(truth: SynthTruth, name: string, atMs: number): number {
  const behaviour = truth.behaviours.find((b) => b.name === name);
  let effect = behaviour?.effect ?? 0;
  for (const d of truth.drift ?? []) if (d.behaviour === name && parseTimestamp(d.from) <= atMs) effect *= d.factor;
  return effect;
}

/**
 * Logit effect of an employee count (the effect of the last bin whose `min` ≤ employees).
 *
 * @example
 * employeesEffect(defaultTruth, 49); // => 0
 * employeesEffect(defaultTruth, 1000); // => 0.8
 */
export function employeesEffect(truth: SynthTruth, employees: number): number {
  let effect = 0;
  for (const bin of truth.employees.bins) if (employees >= bin.min) effect = bin.effect;
  return effect;
}

/**
 * Sum of the attribute effects of a lead (categoricals plus employee bins).
 *
 * @example
 * truthAttributeScore(defaultTruth, { job_level: 'student', employees: '1200' }); // => -0.7
 */
export function truthAttributeScore(
  truth: SynthTruth,
  attributes: Readonly<Record<string, string | undefined>>,
): number {
  let score = 0;
  for (const [name, attribute] of Object.entries(truth.attributes)) {
    const value = attributes[name];
    if (value === undefined || value === '') continue;
    score += Object.hasOwn(attribute.levels, value) ? (attribute.levels[value]?.effect ?? 0) : 0;
  }
  const employees = attributes['employees'];
  if (employees !== undefined && employees !== '') {
    const count = Number(employees);
    if (Number.isFinite(count)) score += employeesEffect(truth, count);
  }
  return score;
}

/**
 * Decayed counts D_b(t) by behaviour name, from events strictly before `atMs`.
 *
 * @example
 * decayedCountsAt(defaultTruth, [{ type: 'demo_request', occurredMs: 0 }], 30 * 86_400_000)['demo_request']; // => 0.5
 */
export function decayedCountsAt(
  truth: SynthTruth,
  events: readonly TruthEvent[],
  atMs: number,
): Record<string, number> {
  const decayed: Record<string, number> = {};
  for (const behaviour of truth.behaviours) decayed[behaviour.name] = 0;
  for (const event of events) {
    if (!(event.occurredMs < atMs)) continue;
    const index = behaviourIndexOf(truth, event.type, event.page);
    const behaviour = truth.behaviours[index];
    if (behaviour === undefined) continue;
    const ageDays = (atMs - event.occurredMs) / DAY_MS;
    decayed[behaviour.name] = (decayed[behaviour.name] ?? 0) + 2 ** (-ageDays / behaviour.halfLifeDays);
  }
  return decayed;
}

/**
 * Truth score: attribute effects plus Σ_b effect_b · decayed[b], excluding the baseline.
 *
 * @example
 * truthScore(defaultTruth, { attributes: {} }, { demo_request: 1 }); // => 1.5
 */
export function truthScore(
  truth: SynthTruth,
  lead: TruthLead,
  decayed: Readonly<Record<string, number>>,
  atMs?: number,
): number {
  let score = truthAttributeScore(truth, lead.attributes);
  for (const behaviour of truth.behaviours) {
    const effect = atMs === undefined ? behaviour.effect : behaviourEffectAt(truth, behaviour.name, atMs);
    score += effect * (decayed[behaviour.name] ?? 0);
  }
  return score;
}

/**
 * Logit of the daily SQL hazard: `baseDailyLogit` + truth score.
 *
 * @example
 * truthLogit(defaultTruth, { attributes: {} }, {}); // => -8.3
 */
export function truthLogit(
  truth: SynthTruth,
  lead: TruthLead,
  decayed: Readonly<Record<string, number>>,
): number {
  return truth.baseDailyLogit + truthScore(truth, lead, decayed);
}

/**
 * The truth score of one lead at `atMs`, using only its events strictly before `atMs`.
 *
 * @example
 * scoreTruthAt(defaultTruth, { attributes: { job_level: 'student' } }, [], 0); // => -1.5
 */
export function scoreTruthAt(
  truth: SynthTruth,
  lead: TruthLead,
  events: readonly TruthEvent[],
  atMs: number,
): number {
  return truthScore(truth, lead, decayedCountsAt(truth, events, atMs), atMs);
}

function columnIndex(table: Table, name: string, tableName: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) throw new Error(`${tableName} table has no column "${name}"`);
  return index;
}

/**
 * Truth scores straight from generated tables: one pass over the events.
 *
 * @param atMs one time for every lead, or a time per lead_id (leads absent from the map
 *   are left out of the result).
 * @returns lead_id → truth score at that lead's time.
 * @throws Error when a required column is missing.
 * @example
 * const history = generateHistory({ leads: 100, seed: 1 });
 * scoreTruthTablesAt(history.truth, history.leads, history.events, history.endMs).size; // => 100
 */
export function scoreTruthTablesAt(
  truth: SynthTruth,
  leads: Table,
  events: Table,
  atMs: number | ReadonlyMap<string, number>,
): Map<string, number> {
  const timeOf = (leadId: string): number | undefined =>
    typeof atMs === 'number' ? atMs : atMs.get(leadId);
  const leadIdColumn = columnIndex(leads, 'lead_id', 'leads');
  const behaviourScore = new Map<string, number>();
  const eventLead = columnIndex(events, 'lead_id', 'events');
  const eventType = columnIndex(events, 'type', 'events');
  const eventTime = columnIndex(events, 'occurred_at', 'events');
  const eventPage = columnIndex(events, 'page', 'events');
  for (const row of events.rows) {
    const leadId = row[eventLead] ?? '';
    const at = timeOf(leadId);
    if (at === undefined) continue;
    const occurredMs = parseTimestamp(row[eventTime] ?? '');
    if (!(occurredMs < at)) continue;
    const behaviour = truth.behaviours[behaviourIndexOf(truth, row[eventType] ?? '', row[eventPage])];
    if (behaviour === undefined || behaviour.effect === 0) continue;
    const effect = truth.drift ? behaviourEffectAt(truth, behaviour.name, at) : behaviour.effect;
    const contribution = effect * 2 ** (-(at - occurredMs) / DAY_MS / behaviour.halfLifeDays);
    behaviourScore.set(leadId, (behaviourScore.get(leadId) ?? 0) + contribution);
  }
  const scores = new Map<string, number>();
  for (const row of leads.rows) {
    const leadId = row[leadIdColumn] ?? '';
    if (timeOf(leadId) === undefined) continue;
    const attributes: Record<string, string> = {};
    leads.header.forEach((name, i) => {
      attributes[name] = row[i] ?? '';
    });
    scores.set(leadId, truthAttributeScore(truth, attributes) + (behaviourScore.get(leadId) ?? 0));
  }
  return scores;
}
