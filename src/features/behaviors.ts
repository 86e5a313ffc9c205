/**
 * Behaviour features for fitting. Each behaviour is an event type, split by an event column
 * (by default `page`) for values with enough support, so that pricing and careers page views
 * are different behaviours. Behaviours are disjoint: every event belongs to at most one.
 *
 * The value of behaviour b at snapshot t is the decayed count x_b(t) = Σ 2^(−a/h_b) over its
 * events of age a = t − occurred_at > 0. Fitting h_b needs x_b for many h_b, so the
 * (snapshot, age) pairs are gathered once and the decayed columns recomputed from them.
 */
import { sharedFloat64, sharedInt32 } from '../shared-memory.js';
import type { History } from '../data/history.js';
import { eventsBefore } from '../data/history.js';
import type { Frame } from '../frame/frame.js';
import { snapshotRows, type FramePairs } from '../frame/frame-pairs.js';
import { LeadcalError } from '../errors.js';
import type { Condition } from '../model/schema.js';
import { addDecayedSums } from '../stats/decay.js';
import { daysBetween } from '../stats/days.js';

export interface BehaviorPlan {
  /** Readable unique label, e.g. `page_view[page=pricing]`. */
  label: string;
  event: string;
  where?: Record<string, Condition>;
  /** Events before some snapshot (pairs) and snapshots with at least one event. */
  pairs: number;
  snapshots: number;
}

export interface BehaviorPairs {
  plans: BehaviorPlan[];
  /** Per behaviour: snapshot index and age in days of each (snapshot, event) pair. */
  snapshot: Int32Array[];
  ageDays: Float64Array[];
}

export interface BehaviorOptions {
  /** Event column splitting each type (default `page`); null for no split. */
  splitColumn?: string | null;
  /** Minimum (snapshot, event) pairs for a behaviour or a split value (default 50). */
  minPairs?: number;
  /** Minimum snapshots with the behaviour (default 20). */
  minSnapshots?: number;
  /** Event types never used (e.g. sales activity). */
  excludeTypes?: string[];
}

/**
 * Plan the behaviours and gather their (snapshot, age) pairs in one pass over the frame.
 * Complexity: O(Σ events before each snapshot).
 *
 * @example
 * const { plans } = behaviorPairs(history, frame); plans.map((p) => p.label)
 * // => ['email_open', 'page_view[page=pricing]', 'page_view[page=careers]', …]
 */
export function behaviorPairs(history: History, frame: Frame, options: BehaviorOptions = {}): BehaviorPairs {
  const ev = history.events;
  const splitName = options.splitColumn === undefined ? 'page' : options.splitColumn;
  const split = splitName ? ev.columns[splitName] : undefined;
  const nValues = split?.kind === 'category' ? split.values.length : 0;
  const cell = (k: number): number => ev.type.codes[k]! * (nValues + 1) + (split?.kind === 'category' ? split.codes[k]! : -1) + 1;
  const eachPair = (visit: (s: number, cell: number, k: number) => void): void => {
    for (let s = 0; s < frame.count; s++) {
      const lead = frame.lead[s]!;
      const end = eventsBefore(ev, lead, frame.asOfMs[s]!);
      for (let k = ev.offsets[lead]!; k < end; k++) visit(s, cell(k), k);
    }
  };
  return gatherBehaviors(ev.type.values, splitName, split?.kind === 'category' ? split.values : [], options, eachPair, (s, k) => daysBetween(ev.occurredMs[k]!, frame.asOfMs[s]!));
}

/**
 * The two passes of {@link behaviorPairs} over any source of (snapshot, cell, pair index)
 * triples visited grouped by snapshot, in time order: pair counts per cell, `planBehaviors`, then each
 * planned behaviour's (snapshot, age) pairs.
 */
function gatherBehaviors(types: readonly string[], splitName: string | null, values: readonly string[], options: BehaviorOptions, eachPair: (visit: (s: number, cell: number, k: number) => void) => void, ageOf: (s: number, k: number) => number): BehaviorPairs {
  const cellPairs = new Float64Array(types.length * (values.length + 1));
  eachPair((_, c) => cellPairs[c]!++);
  const { plans, cellBehavior } = planBehaviors(types, splitName, values, cellPairs, options.minPairs ?? 50, new Set(options.excludeTypes ?? []));
  const pairs = new PairCollector(plans, cellPairs, cellBehavior);
  eachPair((s, c, k) => {
    const b = cellBehavior[c]!;
    if (b >= 0) pairs.add(b, s, ageOf(s, k));
  });
  return pairs.finish(options.minSnapshots ?? 20);
}

/**
 * {@link behaviorPairs} from pairs gathered elsewhere (the DuckDB pushdown) instead of the
 * history's events: the same two passes — pair counts per cell over the snapshots of `frame`,
 * `planBehaviors`, then each planned behaviour's pairs — so the same plans and pairs, bit for
 * bit. `frame` is `all.frame` or a sub-frame of it (a training period, a fold).
 * Complexity: O(frame snapshots + their pairs).
 *
 * @throws {LeadcalError} option_invalid when `splitColumn` is not the column the pairs were coded by
 * @example
 * const all = await framePairsInDuckDB(history, 'events.parquet');
 * behaviorPairsFrom(all, all.frame).plans.map((p) => p.label) // => the labels behaviorPairs gives
 */
export function behaviorPairsFrom(all: FramePairs, frame: Frame, options: BehaviorOptions = {}): BehaviorPairs {
  const splitName = options.splitColumn === undefined ? 'page' : options.splitColumn;
  if (splitName !== all.splitName) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'splitColumn', message: `the pairs were gathered split by ${all.splitName ?? 'no column'}, not ${splitName ?? 'no column'}`, hint: 'gather the pairs with the same split column' });
  const rows = frame === all.frame ? null : snapshotRows(all.frame, frame);
  const { start, cell, ageDays } = all;
  const eachPair = (visit: (s: number, cell: number, k: number) => void): void => {
    for (let s = 0; s < frame.count; s++) {
      const r = rows ? rows[s]! : s;
      for (let k = start[r]!; k < start[r + 1]!; k++) visit(s, cell[k]!, k);
    }
  };
  return gatherBehaviors(all.types, splitName, all.values, options, eachPair, (_, k) => ageDays[k]!);
}

/**
 * Gathers each planned behaviour's (snapshot, age) pairs into arrays sized from the cell counts,
 * counting the snapshots each behaviour is seen in; pairs arrive grouped by snapshot. The second pass of
 * {@link behaviorPairs} and {@link behaviorPairsFrom}.
 */
export class PairCollector {
  private readonly snapshot: Int32Array[];
  private readonly ageDays: Float64Array[];
  private readonly fill: Int32Array;
  private readonly lastSnapshot: Int32Array;
  private readonly counts: Int32Array;

  constructor(private readonly plans: BehaviorPlan[], cellPairs: Float64Array, cellBehavior: Int32Array) {
    this.counts = new Int32Array(plans.length);
    for (let c = 0; c < cellPairs.length; c++) if (cellBehavior[c]! >= 0) this.counts[cellBehavior[c]!]! += cellPairs[c]!;
    // on SharedArrayBuffers: the decay fit's second thread reads them as they are (no copy)
    this.snapshot = plans.map((_, b) => sharedInt32(this.counts[b]!));
    this.ageDays = plans.map((_, b) => sharedFloat64(this.counts[b]!));
    this.fill = new Int32Array(plans.length);
    this.lastSnapshot = new Int32Array(plans.length).fill(-1);
  }

  /** Pair of behaviour b: snapshot s, event age in days. */
  add(b: number, s: number, ageDays: number): void {
    const i = this.fill[b]!++;
    this.snapshot[b]![i] = s;
    this.ageDays[b]![i] = ageDays;
    if (this.lastSnapshot[b] !== s) {
      this.lastSnapshot[b] = s;
      this.plans[b]!.snapshots++;
    }
  }

  /** The pairs, without the behaviours seen in fewer than `minSnapshots` snapshots. */
  finish(minSnapshots: number): BehaviorPairs {
    this.plans.forEach((p, b) => (p.pairs = this.counts[b]!));
    return dropRareBehaviors({ plans: this.plans, snapshot: this.snapshot, ageDays: this.ageDays }, minSnapshots);
  }
}

/** The behaviours seen in at least `minSnapshots` snapshots (the last step of {@link behaviorPairs}). */
export function dropRareBehaviors(pairs: BehaviorPairs, minSnapshots: number): BehaviorPairs {
  const keep = pairs.plans.map((p) => p.snapshots >= minSnapshots);
  return {
    plans: pairs.plans.filter((_, b) => keep[b]),
    snapshot: pairs.snapshot.filter((_, b) => keep[b]),
    ageDays: pairs.ageDays.filter((_, b) => keep[b]),
  };
}

/**
 * Decayed column x(t) = Σ 2^(−age/h) over a behaviour's pairs, and its derivative with
 * respect to log h: dx/dlog h = Σ 2^(−age/h) · ln 2 · age / h (the kernel `addDecayedSums` of
 * `stats/decay.ts`, as the decay fit uses it). `halfLifeDays = Infinity` gives plain counts
 * (derivative 0).
 *
 * @example
 * decayedColumn(Int32Array.of(0, 0), Float64Array.of(0, 7), 1, 7).values // => Float64Array [1.5]
 */
export function decayedColumn(snapshot: Int32Array, ageDays: Float64Array, rows: number, halfLifeDays: number, withDerivative = false): { values: Float64Array; dLogH?: Float64Array } {
  const values = new Float64Array(rows);
  const d = withDerivative ? new Float64Array(rows) : undefined;
  addDecayedSums(snapshot, ageDays, halfLifeDays, values, d);
  return d ? { values, dLogH: d } : { values };
}

/**
 * The behaviours planned from pair counts per cell (type t, split value v; cell t·(V + 1) +
 * v + 1, v = −1 for a missing value): per type, the split values with at least `minPairs` pairs,
 * then the remainder as `other` and `(none)`; a type with no split values is one behaviour.
 * Returns the plans (pair and snapshot counts 0) and each cell's behaviour (−1 = none). Shared
 * by {@link behaviorPairs} and the DuckDB pushdown, which counts the cells in SQL.
 * Complexity: O(types · values).
 *
 * @example
 * planBehaviors(['visit'], 'page', [], Float64Array.of(60), 50, new Set()).plans[0]!.label // => 'visit'
 */
export function planBehaviors(typeValues: readonly string[], splitName: string | null, splitValues: readonly string[], cellPairs: Float64Array, minPairs: number, excluded: ReadonlySet<string>): { plans: BehaviorPlan[]; cellBehavior: Int32Array } {
  const nTypes = typeValues.length;
  const nValues = splitValues.length;
  const plans: BehaviorPlan[] = [];
  const cellBehavior = new Int32Array(cellPairs.length).fill(-1);
  for (let t = 0; t < nTypes; t++) {
    const type = typeValues[t]!;
    if (excluded.has(type)) continue;
    const base = t * (nValues + 1);
    let total = 0;
    for (let v = 0; v <= nValues; v++) total += cellPairs[base + v]!;
    if (total < minPairs) continue;
    const kept: string[] = [];
    const hasValues = nValues > 0 && cellPairs.subarray(base + 1, base + nValues + 1).some((x) => x > 0);
    if (hasValues && true) {
      for (let v = 0; v < nValues; v++) {
        if (cellPairs[base + v + 1]! >= minPairs) {
          cellBehavior[base + v + 1] = plans.length;
          kept.push(splitValues[v]!);
          plans.push({ label: `${type}[${splitName}=${splitValues[v]}]`, event: type, where: { [splitName!]: splitValues[v]! }, pairs: 0, snapshots: 0 });
        }
      }
      let rest = 0;
      for (let v = 0; v < nValues; v++) if (cellBehavior[base + v + 1]! < 0) rest += cellPairs[base + v + 1]!;
      if (rest >= minPairs) {
        const id = plans.length;
        for (let v = 0; v < nValues; v++) if (cellBehavior[base + v + 1]! < 0) cellBehavior[base + v + 1] = id;
        plans.push({ label: `${type}[${splitName}=other]`, event: type, ...(kept.length ? { where: { [splitName!]: { not: kept } } } : {}), pairs: 0, snapshots: 0 });
        if (!kept.length) plans[id]!.where = { [splitName!]: { missing: false } };
      }
      if (cellPairs[base]! >= minPairs) {
        cellBehavior[base] = plans.length;
        plans.push({ label: `${type}[${splitName}=(none)]`, event: type, where: { [splitName!]: { missing: true } }, pairs: 0, snapshots: 0 });
      }
    } else {
      for (let v = 0; v <= nValues; v++) cellBehavior[base + v] = plans.length;
      plans.push({ label: type, event: type, pairs: 0, snapshots: 0 });
    }
  }
  return { plans, cellBehavior };
}
