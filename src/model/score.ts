/**
 * The scorer: a pure function of (model, history, time), columnar, with no per-row objects in
 * the hot loop. A score at snapshot time t is the sum, in this order, of:
 *
 * 1. **Fit rules** (lead attributes): the points of the listed level or of the first bin
 *    [min, max) holding the value; `missing` when the value is missing; `other` otherwise.
 * 2. **Behaviour rules**, over the lead's matching events with occurred_at < t, oldest first
 *    (age a = t − occurred_at):
 *    - events older than `lookbackDays` are ignored;
 *    - `firstTimeOnly`: only the first (oldest) event counts;
 *    - raw points of the n-th event = points (+ `repeatBonus` when n ≥ 2);
 *    - `capPerWindow {points: C, days: D}`: windows counted back from t (window w holds ages in
 *      [w·D, (w+1)·D)); within a window events are admitted oldest first until C raw points,
 *      the event crossing C admitted in part: admitted = max(0, min(raw, C − raw points of the
 *      window's earlier events));
 *    - decay: admitted · 2^(−a / halfLifeDays) (no decay without a half-life);
 *    - `cap`: the rule's total is clamped to [−cap, cap].
 * 3. **Decay rules** (step forms; points are usually negative):
 *    - `inactivity`: points × ⌊(t − last activity) / everyDays⌋, the last activity being the
 *      latest event of the listed types (any type by default) before t, or created_at;
 *    - `noEvent`: points once when t − (latest matching event before t, or created_at) ≥ withinDays;
 *    - `unanswered`: points per `event` at time s with s + withinDays ≤ t and no `response` in
 *      [s, s + withinDays] before t.
 * 4. **Floor**: with `decayFloor` F, decay may not take the score below F: the decay part is
 *    max(steps, min(0, F − (base + fit + behaviour))); the difference shows as a "floor" line.
 * Rules restricted to `segments` apply only to leads of those segments.
 */
import type { History } from '../data/history.js';
import { eventsBefore } from '../data/history.js';
import { LeadcalError } from '../errors.js';
import type { Frame } from '../frame/frame.js';
import { compileModel, type CompiledModel } from './compile.js';
import type { ScoringModel } from './schema.js';

export interface ScoreTable {
  count: number;
  lead: Int32Array;
  asOfMs: Float64Array;
  score: Float64Array;
  fit: Float64Array;
  behavior: Float64Array;
  decay: Float64Array;
  /** Index into `segmentNames`. */
  segment: Int32Array;
  segmentNames: string[];
  threshold: Float64Array;
  /** 1 when score ≥ the segment's threshold. */
  above: Uint8Array;
  /** 0 none, 1 A, 2 B, 3 C, 4 D. */
  grade: Uint8Array;
  /** 0 none, 1 (most engaged) … 4. */
  engagement: Uint8Array;
}

/** One line of an explanation; `after` values add up exactly (in order) to the score. */
export interface ExplanationLine {
  group: 'base' | 'fit' | 'behavior' | 'decay' | 'floor';
  rule: string;
  detail: string;
  /** Matching events (behaviour rules) or penalty steps (decay rules). */
  count: number;
  /** Points before decay and caps (raw). */
  before: number;
  /** Points counted in the score. */
  after: number;
}

/** Scratch space reused across snapshots (no allocation per snapshot). */
interface Scratch {
  total: Float64Array;
  raw: Float64Array;
  count: Int32Array;
  winIndex: Float64Array;
  winRaw: Float64Array;
  last: Float64Array;
  unanswered: Int32Array;
}

function scratchFor(c: CompiledModel): Scratch {
  const r = c.behavior.length;
  const d = c.decay.length;
  return { total: new Float64Array(r), raw: new Float64Array(r), count: new Int32Array(r), winIndex: new Float64Array(r), winRaw: new Float64Array(r), last: new Float64Array(d), unanswered: new Int32Array(d) };
}

const GRADE = ['', 'A', 'B', 'C', 'D'];

interface OneScore {
  score: number;
  fit: number;
  behavior: number;
  decay: number;
}

const result: OneScore = { score: 0, fit: 0, behavior: 0, decay: 0 };

/**
 * Score one (lead, t); fills `trace` with explanation lines and `parts` with each line's points
 * (see {@link scoreParts}) when given.
 */
function scoreOne(c: CompiledModel, s: Scratch, lead: number, t: number, trace?: ExplanationLine[], parts?: Float64Array): OneScore {
  const { events, leads } = c.history;
  const seg = c.segmentOfLead[lead]!;
  const nb = c.behavior.length;
  const nd = c.decay.length;
  s.total.fill(0);
  s.raw.fill(0);
  s.count.fill(0);
  s.winIndex.fill(-1);
  s.winRaw.fill(0);
  s.unanswered.fill(0);
  const created = leads.createdMs[lead]!;
  s.last.fill(created);

  const start = events.offsets[lead]!;
  const end = eventsBefore(events, lead, t);
  const words = c.words;
  for (let k = start; k < end; k++) {
    const age = t - events.occurredMs[k]!;
    for (let w = 0; w < words; w++) {
      let bits = c.eventRules[k * words + w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const r = (w << 5) + 31 - Math.clz32(low);
        bits ^= low;
        const b = c.behavior[r]!;
        if (!b.inSegment[seg] || age >= b.lookbackMs || (b.ofLead && !b.ofLead[lead])) continue;
        const n = ++s.count[r]!;
        if (b.firstTimeOnly && n > 1) continue;
        let p = n > 1 ? b.points + b.repeatBonus : b.points;
        s.raw[r]! += p;
        if (b.windowMs > 0) {
          const win = Math.floor(age / b.windowMs);
          if (win !== s.winIndex[r]) {
            s.winIndex[r] = win;
            s.winRaw[r] = 0;
          }
          const room = b.windowCap - s.winRaw[r]!;
          s.winRaw[r]! += p;
          p = Math.max(0, Math.min(p, room));
        }
        if (b.decayRate > 0) p *= Math.exp(-b.decayRate * age);
        s.total[r]! += p;
      }
    }
    for (let d = 0; d < nd; d++) {
      const dr = c.decay[d]!;
      if (!dr.eventMask[k]) continue;
      if (dr.rule.kind === 'unanswered') {
        const sent = events.occurredMs[k]!;
        const reply = dr.nextResponseMs![k]!;
        // a reply counts only if known at t (before t) and within the window
        if (sent + dr.spanMs <= t && !(reply <= sent + dr.spanMs && reply < t)) s.unanswered[d]!++;
      } else s.last[d] = events.occurredMs[k]!;
    }
  }

  // sum in line order: base, fit rules, behaviour rules, decay rules, floor
  const base = c.model.basePoints ?? 0;
  let score = base;
  const nf = c.fitPoints.length;
  if (parts) {
    parts.fill(0);
    parts[0] = base;
  }
  if (trace && base !== 0) trace.push({ group: 'base', rule: 'basePoints', detail: 'points every lead starts with', count: 1, before: base, after: base });
  let fit = 0;
  for (let f = 0; f < c.fitPoints.length; f++) {
    const p = c.fitPoints[f]![lead]!;
    score += p;
    fit += p;
    if (parts) parts[1 + f] = p;
    if (trace && c.fitFired[f]![lead]) {
      const rule = c.fitRules[f]!;
      const col = c.history.leads.attributes[rule.field];
      let value = '(missing)';
      if (col?.kind === 'category' && col.codes[lead]! >= 0) value = col.values[col.codes[lead]!]!;
      if (col?.kind === 'number' && !Number.isNaN(col.values[lead]!)) value = String(col.values[lead]);
      const matched = rule.cases[c.fitCases[f]![lead]!]!;
      trace.push({ group: 'fit', rule: c.fitIds[f]!, detail: `${rule.field} = ${value}${matched.kind === 'level' || matched.kind === 'missing' ? '' : ` (${matched.label})`}`, count: 1, before: p, after: p });
    }
  }
  let behavior = 0;
  for (let r = 0; r < nb; r++) {
    let v = s.total[r]!;
    const b = c.behavior[r]!;
    if (v > b.cap) v = b.cap;
    else if (v < -b.cap) v = -b.cap;
    behavior += v;
    score += v;
    if (parts) parts[1 + nf + r] = v;
    if (trace && s.count[r]! > 0) {
      const counted = b.firstTimeOnly ? 1 : s.count[r]!;
      trace.push({ group: 'behavior', rule: b.id, detail: `${counted} × ${b.rule.event}${b.rule.where ? ` ${JSON.stringify(b.rule.where)}` : ''}`, count: s.count[r]!, before: s.raw[r]!, after: v });
    }
  }
  let steps = 0;
  for (let d = 0; d < nd; d++) {
    const dr = c.decay[d]!;
    if (!dr.inSegment[seg]) continue;
    let n = 0;
    if (dr.rule.kind === 'inactivity') n = Math.floor((t - s.last[d]!) / dr.spanMs);
    else if (dr.rule.kind === 'noEvent') n = t - s.last[d]! >= dr.spanMs ? 1 : 0;
    else n = s.unanswered[d]!;
    if (n <= 0) continue;
    const v = n * dr.points;
    steps += v;
    score += v;
    if (parts) parts[1 + nf + nb + d] = v;
    if (trace) trace.push({ group: 'decay', rule: dr.id, detail: `${dr.rule.kind}: ${n} step(s) of ${dr.points}`, count: n, before: v, after: v });
  }
  let decay = steps;
  const floor = c.model.decayFloor;
  if (floor !== undefined && steps < 0) {
    const bounded = Math.max(steps, Math.min(0, floor - (base + fit + behavior)));
    if (bounded !== steps) {
      const lift = bounded - steps;
      decay = bounded;
      score += lift;
      if (parts) parts[1 + nf + nb + nd] = lift;
      if (trace) trace.push({ group: 'floor', rule: 'decayFloor', detail: `decay stops at the floor ${floor}`, count: 1, before: lift, after: lift });
    }
  }
  result.score = score;
  result.fit = fit;
  result.behavior = behavior;
  result.decay = decay;
  return result;
}

/**
 * Score (lead, t) pairs with a compiled model. Complexity: O(Σ events of each lead before t ×
 * rules firing per event); nothing is allocated per snapshot.
 *
 * @example
 * const table = scoreSnapshots(compiled, frame.lead, frame.asOfMs); table.score[0]
 * // => 35
 */
export function scoreSnapshots(c: CompiledModel, lead: Int32Array, asOfMs: Float64Array): ScoreTable {
  return scoreRows(c, lead, asOfMs);
}

/**
 * The number of explanation parts of a compiled model: base, each fit rule, each behaviour
 * rule, each decay rule (model order), the floor.
 */
export function partCount(c: CompiledModel): number {
  return 2 + c.fitPoints.length + c.behavior.length + c.decay.length;
}

/**
 * {@link scoreSnapshots}, handing `visit` each row's points per explanation part, in explanation
 * order: `[base, fit rules…, behaviour rules…, decay rules…, floor]` (0 where a rule did not
 * apply). They are the `after` values of `explainScore`'s lines, and add up to the score. The
 * array is reused across rows (copy what you keep).
 *
 * @example
 * scoreParts(compiled, lead, asOfMs, (row, parts) => { sums[row] = parts.reduce((a, b) => a + b, 0); }) // sums = scores
 */
export function scoreParts(c: CompiledModel, lead: Int32Array, asOfMs: Float64Array, visit: (row: number, parts: Float64Array) => void): ScoreTable {
  return scoreRows(c, lead, asOfMs, visit);
}

function scoreRows(c: CompiledModel, lead: Int32Array, asOfMs: Float64Array, visit?: (row: number, parts: Float64Array) => void): ScoreTable {
  if (lead.length !== asOfMs.length) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'asOfMs', message: `lead and asOfMs must have equal lengths; got ${lead.length} and ${asOfMs.length}`, hint: 'pass one time per snapshot' });
  const n = lead.length;
  const out: ScoreTable = {
    count: n, lead, asOfMs,
    score: new Float64Array(n), fit: new Float64Array(n), behavior: new Float64Array(n), decay: new Float64Array(n),
    segment: new Int32Array(n), segmentNames: c.segmentNames, threshold: new Float64Array(n),
    above: new Uint8Array(n), grade: new Uint8Array(n), engagement: new Uint8Array(n),
  };
  const s = scratchFor(c);
  const grades = c.model.grades;
  const bands = c.model.engagementBands;
  const parts = visit ? new Float64Array(partCount(c)) : undefined;
  for (let i = 0; i < n; i++) {
    const l = lead[i]!;
    const r = scoreOne(c, s, l, asOfMs[i]!, undefined, parts);
    if (visit) visit(i, parts!);
    out.score[i] = r.score;
    out.fit[i] = r.fit;
    out.behavior[i] = r.behavior;
    out.decay[i] = r.decay;
    const seg = c.segmentOfLead[l]!;
    out.segment[i] = seg;
    out.threshold[i] = c.thresholds[seg]!;
    out.above[i] = r.score >= c.thresholds[seg]! ? 1 : 0;
    if (grades) out.grade[i] = r.fit >= grades.A ? 1 : r.fit >= grades.B ? 2 : r.fit >= grades.C ? 3 : 4;
    if (bands) {
      const e = r.behavior + r.decay;
      out.engagement[i] = e >= bands[0] ? 1 : e >= bands[1] ? 2 : e >= bands[2] ? 3 : 4;
    }
  }
  return out;
}

/** Letter grade (A–D, '' when the model has no grades). */
export function gradeLetter(code: number): string {
  return GRADE[code] ?? '';
}

/** Fit × engagement cell such as "A1" ('' when the model lacks grades or bands). */
export function matrixCell(grade: number, engagement: number): string {
  return grade && engagement ? `${GRADE[grade]}${engagement}` : '';
}

/**
 * Score every snapshot of a frame.
 *
 * @example
 * scoreFrame(model, history, buildFrame(history)).count // => frame.count
 */
export function scoreFrame(model: ScoringModel | CompiledModel, history: History, frame: Frame): ScoreTable {
  const c = 'segmentOfLead' in model ? model : compileModel(model, history);
  return scoreSnapshots(c, frame.lead, frame.asOfMs);
}

/**
 * Score every lead created before `asOfMs` at that time (open or not).
 *
 * @example
 * scoreAsOf(model, history, Date.UTC(2025, 5, 30)).count // => leads created before June 30
 */
export function scoreAsOf(model: ScoringModel | CompiledModel, history: History, asOfMs: number): ScoreTable {
  const c = 'segmentOfLead' in model ? model : compileModel(model, history);
  const leads = leadsCreatedBefore(history, asOfMs);
  return scoreSnapshots(c, leads, new Float64Array(leads.length).fill(asOfMs));
}

/**
 * The leads `scoreAsOf` scores: those created strictly before `asOfMs`, in leads-table order.
 *
 * @example
 * leadsCreatedBefore(history, Date.UTC(2025, 5, 30)).length // => leads created before June 30
 */
export function leadsCreatedBefore(history: History, asOfMs: number): Int32Array {
  const leads: number[] = [];
  for (let i = 0; i < history.leads.count; i++) if (history.leads.createdMs[i]! < asOfMs) leads.push(i);
  return Int32Array.from(leads);
}

export interface Explanation {
  leadId: string;
  asOfMs: number;
  segment: string;
  threshold: number;
  score: number;
  fit: number;
  behavior: number;
  decay: number;
  above: boolean;
  lines: ExplanationLine[];
}

/**
 * Explain one lead's score at t: every rule that fired, its points before and after decay and
 * caps. The `after` column, summed in order, equals `score` exactly.
 *
 * @example
 * explainScore(compiled, 'L000042', Date.UTC(2025, 5, 30)).lines[0]
 * // => { group: 'fit', rule: 'industry', detail: 'industry = software', count: 1, before: 20, after: 20 }
 */
export function explainScore(c: CompiledModel, leadId: string, asOfMs: number): Explanation {
  const lead = c.history.leads.index.get(leadId);
  if (lead === undefined) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--lead', message: `no lead "${leadId}" in the history`, hint: 'give a lead_id of the leads table' });
  const lines: ExplanationLine[] = [];
  const r = scoreOne(c, scratchFor(c), lead, asOfMs, lines);
  const seg = c.segmentOfLead[lead]!;
  return { leadId, asOfMs, segment: c.segmentNames[seg]!, threshold: c.thresholds[seg]!, score: r.score, fit: r.fit, behavior: r.behavior, decay: r.decay, above: r.score >= c.thresholds[seg]!, lines };
}
