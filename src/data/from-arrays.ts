/**
 * Build a History from columns already in memory (a DuckDB query, a notebook, a generator),
 * without files: the same invariants as the loader (events sorted by lead and time, CSR
 * offsets, first reach per funnel stage with later stages implying earlier ones).
 */
import { LeadcalError } from '../errors.js';
import type { CategoryColumn, Column } from './columns.js';
import { leadTimeOrder } from './event-order.js';
import type { History, Outcomes } from './history.js';
import { FUNNEL_STAGES, isFunnelCode } from './stages.js';
import { dataRecord } from '../keyed-record.js';

export interface HistoryArrays {
  leads: { ids: string[]; createdMs: Float64Array; attributes?: Record<string, Column> };
  events?: { lead: Int32Array; type: CategoryColumn; occurredMs: Float64Array; columns?: Record<string, Column> };
  /** `stage` holds codes into STAGES (mql 0, sql 1, opportunity 2, won 3, lost 4, disqualified 5). */
  outcomes?: { lead: Int32Array; stage: Uint8Array; occurredMs: Float64Array };
  untilMs?: number;
}

/**
 * First time each lead reached each funnel stage (or a later one), and first closing time.
 *
 * @example
 * outcomeReach(1, Int32Array.of(0), Uint8Array.of(3), Float64Array.of(10)).reachMs[1][0] // => 10
 */
export function outcomeReach(leadCount: number, lead: Int32Array, stage: Uint8Array, time: Float64Array): Pick<Outcomes, 'reachMs' | 'closedMs'> {
  const reachMs = FUNNEL_STAGES.map(() => new Float64Array(leadCount).fill(Infinity));
  const closedMs = new Float64Array(leadCount).fill(Infinity);
  for (let k = 0; k < lead.length; k++) {
    const li = lead[k]!;
    const c = stage[k]!;
    const t = time[k]!;
    if (isFunnelCode(c)) {
      for (let s = 0; s <= c; s++) if (t < reachMs[s]![li]!) reachMs[s]![li] = t;
    } else if (t < closedMs[li]!) closedMs[li] = t;
  }
  return { reachMs, closedMs };
}

function check(ok: boolean, column: string, message: string): void {
  if (!ok) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint: 'all columns of a table must have the same length and valid lead indexes' });
}

/**
 * Build a History from typed columns. Events need not be sorted.
 *
 * @example
 * const h = historyFromArrays({ leads: { ids: ['A'], createdMs: Float64Array.of(0) } }); h.leads.count
 * // => 1
 */
export function historyFromArrays(input: HistoryArrays): History {
  const { ids, createdMs } = input.leads;
  const n = ids.length;
  check(createdMs.length === n, 'leads.createdMs', `leads.createdMs must have ${n} values; got ${createdMs.length}`);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  check(index.size === n, 'leads.ids', 'lead ids must be unique');
  const attributes = dataRecord(Object.entries(input.leads.attributes ?? {}));
  for (const [name, col] of Object.entries(attributes)) check((col.kind === 'number' ? col.values.length : col.codes.length) === n, `leads.attributes.${name}`, `attribute ${name} must have ${n} values`);

  const ev = input.events ?? { lead: new Int32Array(0), type: { kind: 'category' as const, codes: new Int32Array(0), values: [] }, occurredMs: new Float64Array(0) };
  const m = ev.lead.length;
  check(ev.occurredMs.length === m && ev.type.codes.length === m, 'events', 'event columns must have equal lengths');
  for (let k = 0; k < m; k++) if (!(ev.lead[k]! >= 0 && ev.lead[k]! < n)) check(false, 'events.lead', `event ${k} has lead index ${ev.lead[k]}, outside 0..${n - 1}`);
  const { order, offsets } = leadTimeOrder(ev.lead, ev.occurredMs, n);
  const take = <T extends Int32Array | Float64Array>(a: T, make: (len: number) => T): T => {
    const out = make(m);
    for (let k = 0; k < m; k++) out[k] = a[order[k]!]!;
    return out;
  };
  const columns: Record<string, Column> = Object.create(null);
  for (const [name, col] of Object.entries(ev.columns ?? {})) {
    columns[name] = col.kind === 'number' ? { kind: 'number', values: take(col.values, (l) => new Float64Array(l)) } : { kind: 'category', codes: take(col.codes, (l) => new Int32Array(l)), values: col.values };
  }
  const lines = new Int32Array(m);
  for (let k = 0; k < m; k++) lines[k] = order[k]! + 2;

  const oc = input.outcomes ?? { lead: new Int32Array(0), stage: new Uint8Array(0), occurredMs: new Float64Array(0) };
  check(oc.stage.length === oc.lead.length && oc.occurredMs.length === oc.lead.length, 'outcomes', 'outcome columns must have equal lengths');
  const reach = outcomeReach(n, oc.lead, oc.stage, oc.occurredMs);

  let latest = -Infinity;
  for (const t of createdMs) if (t > latest) latest = t;
  for (const t of ev.occurredMs) if (t > latest) latest = t;
  for (const t of oc.occurredMs) if (t > latest) latest = t;
  return {
    dir: '(memory)',
    leads: { count: n, ids, index, createdMs, attributes, file: '(memory)', lines: Int32Array.from({ length: n }, (_, i) => i + 2) },
    events: {
      count: m, lead: take(ev.lead, (l) => new Int32Array(l)), type: { kind: 'category', codes: take(ev.type.codes, (l) => new Int32Array(l)), values: ev.type.values },
      occurredMs: take(ev.occurredMs, (l) => new Float64Array(l)), columns, offsets, files: ['(memory)'], fileOf: new Uint8Array(m), lines,
    },
    outcomes: { count: oc.lead.length, lead: oc.lead, stage: oc.stage, occurredMs: oc.occurredMs, ...reach },
    latestMs: latest,
    untilMs: input.untilMs ?? latest,
    assumedOffsetMinutes: 0,
  };
}
