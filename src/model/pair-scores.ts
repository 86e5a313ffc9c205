/**
 * Scores from (snapshot, event) pairs gathered outside Node (`FramePairs`, the DuckDB
 * pushdown) instead of the history's events, for the models a fit writes: base points, fit
 * rules, and behaviour rules that are decayed counts. The score at snapshot s is
 *
 *   basePoints + Σ_f points of f's case for the lead + Σ_r points_r · Σ 2^(−age/h_r),
 *
 * the inner sum over the pairs of s whose event rule r matches, h_r its half-life (no decay
 * without one) — the scorer's reading (`model/score.ts`) of such a model, added in its order
 * (base, fit rules, behaviour rules; pairs oldest first). The rules are read by the scorer's own
 * compilation (`compileModel`: attribute cases per lead; each rule's event type and `where`
 * decided once per cell, the cells standing in for the events), and the decay weight is
 * `stats/decay.ts`'s. Rules whose meaning needs the events one by one (caps, windows, first
 * time only, repeat bonus, lookback, `when`, segments, step decay rules) are refused.
 */
import type { Events, History } from '../data/history.js';
import { LeadcalError } from '../errors.js';
import type { Frame } from '../frame/frame.js';
import { snapshotRows, type FramePairs } from '../frame/frame-pairs.js';
import { decayWeight } from '../stats/decay.js';
import type { CompiledModel } from './compile.js';
import type { ScoringModel } from './schema.js';

/**
 * The history with the cells of `pairs` as its events (one row per cell), so that
 * `compileModel` decides each rule's type and `where` once per cell: compile a model against it
 * for {@link scoreFromPairs} (its attribute rules read the leads as ever).
 *
 * @example
 * const compiled = compileModel(model, withPairCells(history, pairs));
 */
export function withPairCells(history: History, pairs: FramePairs): History {
  const width = pairs.values.length + 1;
  const n = pairs.types.length * width;
  const type = { kind: 'category' as const, values: pairs.types, codes: Int32Array.from({ length: n }, (_, c) => Math.floor(c / width)) };
  const split = { kind: 'category' as const, values: pairs.values, codes: Int32Array.from({ length: n }, (_, c) => (c % width) - 1) };
  const events: Events = {
    count: n, lead: new Int32Array(n), type, occurredMs: new Float64Array(n),
    columns: pairs.splitName !== null && pairs.values.length > 0 ? { [pairs.splitName]: split } : {},
    offsets: new Int32Array(history.leads.count + 1), files: [], fileOf: new Uint8Array(n), lines: new Int32Array(n),
  };
  return { ...history, events };
}

/**
 * What of a model pairs cannot score, in words (empty when they can).
 *
 * @example
 * pairUnscorable({ ...model, segments: [] }, 'page') // => []
 */
export function pairUnscorable(model: ScoringModel, splitName: string | null): string[] {
  const out: string[] = [];
  if (model.segments.length) out.push('segments');
  if (model.decay.length) out.push('decay rules');
  for (const [r, rule] of model.behavior.entries()) {
    const name = rule.id ?? `behaviour rule ${r + 1}`;
    for (const key of ['lookbackDays', 'firstTimeOnly', 'repeatBonus', 'capPerWindow', 'cap', 'segments', 'when'] as const) if (rule[key] !== undefined) out.push(`${name}: ${key}`);
    for (const column of Object.keys(rule.where ?? {})) if (column !== splitName) out.push(`${name}: where on ${column}`);
  }
  return out;
}

/**
 * The scores of a frame's snapshots from pairs: `frame` is `pairs.frame` or a sub-frame of it,
 * `c` the model compiled against {@link withPairCells}. Equal to
 * `scoreSnapshots(compileModel(model, history), frame.lead, frame.asOfMs).score` on the history
 * with its events (to rounding: the scorer weighs each event's points, this sums the weights
 * then multiplies; tested to 1e-9).
 * Complexity: O(frame pairs × rules per cell).
 *
 * @throws {LeadcalError} option_invalid for a model with rules pairs cannot score (see {@link pairUnscorable})
 * @example
 * scoreFromPairs(compileModel(model, withPairCells(history, pairs)), pairs, pairs.frame)[0] // => 41
 */
export function scoreFromPairs(c: CompiledModel, pairs: FramePairs, frame: Frame): Float64Array {
  const { model } = c;
  const unscorable = pairUnscorable(model, pairs.splitName);
  if (unscorable.length) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--engine', message: `the model ${model.name} cannot be scored from the pushed-down pairs: ${unscorable.slice(0, 6).join('; ')}`, hint: 'score it with the events loaded (without --engine duckdb)' });
  if (c.history.events.type.values !== pairs.types) throw new LeadcalError({ code: 'internal', severity: 'error', message: 'scoreFromPairs needs the model compiled against withPairCells(history, pairs)', hint: 'compileModel(model, withPairCells(history, pairs))' });
  const rows = frame === pairs.frame ? null : snapshotRows(pairs.frame, frame);
  const { start, cell, ageDays } = pairs;
  const nb = c.behavior.length;
  const words = c.words;
  const halfLives = c.behavior.map((b) => b.rule.halfLifeDays ?? Infinity);
  const sums = new Float64Array(nb);
  const base = model.basePoints ?? 0;
  const out = new Float64Array(frame.count);
  for (let s = 0; s < frame.count; s++) {
    const r = rows ? rows[s]! : s;
    sums.fill(0);
    for (let k = start[r]!; k < start[r + 1]!; k++) {
      const at = cell[k]! * words;
      for (let w = 0; w < words; w++) {
        let bits = c.eventRules[at + w]!;
        while (bits !== 0) {
          const low = bits & -bits;
          const rule = (w << 5) + 31 - Math.clz32(low);
          bits ^= low;
          sums[rule]! += decayWeight(ageDays[k]!, halfLives[rule]!);
        }
      }
    }
    const lead = frame.lead[s]!;
    let score = base;
    for (let f = 0; f < c.fitPoints.length; f++) score += c.fitPoints[f]![lead]!;
    for (let b = 0; b < nb; b++) score += c.behavior[b]!.points * sums[b]!;
    out[s] = score;
  }
  return out;
}
