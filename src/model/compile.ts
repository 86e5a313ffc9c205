/**
 * Compile a scoring model against a history: every condition is evaluated once into typed
 * arrays (fit points per lead, segment per lead, a rule bitmask per event, masks for decay
 * rules), so that the scorer's hot loop only does arithmetic.
 */
import type { History } from '../data/history.js';
import { decayRatePerMs } from '../stats/decay.js';
import { DAY_MS } from '../stats/days.js';
import { warn } from '../warnings.js';
import { attributeCases, caseShows, resolveAttributeRule, type ResolvedAttributeRule } from './attribute-rule.js';
import { conditionsMask, numberMatches, textMatches } from './conditions.js';
import type { Column } from '../data/columns.js';
import { DEFAULT_SEGMENT, ruleId, uniqueRuleIds, type BehaviorRule, type Condition, type DecayRule, type ScoringModel } from './schema.js';

export interface CompiledBehavior {
  id: string;
  rule: BehaviorRule;
  /** Applies to leads of these segment indexes (1 = yes). */
  inSegment: Uint8Array;
  /** Applies to these leads (1 = yes): the rule's `when` conditions; null = every lead. */
  ofLead: Uint8Array | null;
  points: number;
  repeatBonus: number;
  firstTimeOnly: boolean;
  /** ln 2 / half-life in ms, 0 for no decay. */
  decayRate: number;
  lookbackMs: number;
  windowMs: number;
  windowCap: number;
  cap: number;
}

export interface CompiledDecay {
  id: string;
  rule: DecayRule;
  inSegment: Uint8Array;
  points: number;
  /** inactivity: step length; noEvent / unanswered: window length (ms). */
  spanMs: number;
  /** Events that count for this rule (activity, the watched event, or the sent event), 1 = yes. */
  eventMask: Uint8Array;
  /** unanswered: time of the next response event after each event (Infinity if none). */
  nextResponseMs?: Float64Array;
}

export interface CompiledModel {
  model: ScoringModel;
  history: History;
  /** Segment names; the last one is "default". */
  segmentNames: string[];
  segmentOfLead: Int32Array;
  thresholds: Float64Array;
  fitIds: string[];
  /** The fit rules with every case written out (the one reading of each rule). */
  fitRules: ResolvedAttributeRule[];
  /** Per fit rule: the case index of each lead (−1 where the rule does not apply). */
  fitCases: Int32Array[];
  /** Per fit rule: points per lead (0 where the rule does not apply). */
  fitPoints: Float64Array[];
  /** Per fit rule: 1 where the rule matched the lead (a listed level, a bin, missing or other). */
  fitFired: Uint8Array[];
  behavior: CompiledBehavior[];
  /** Rule bitmask per event: bit r of word ⌊r/32⌋ at events × words. */
  eventRules: Uint32Array;
  words: number;
  decay: CompiledDecay[];
}

/** A per-event test for a rule's `where` (AND of conditions), deciding category conditions per dictionary value. */
function eventTest(columns: Record<string, Column>, where: Record<string, Condition> | undefined): (k: number) => boolean {
  const checks: ((k: number) => boolean)[] = [];
  for (const [name, condition] of Object.entries(where ?? {})) {
    const col = columns[name];
    const wantsMissing = typeof condition === 'object' && !Array.isArray(condition) && 'missing' in condition && condition.missing;
    if (!col) {
      checks.push(() => wantsMissing);
      continue;
    }
    if (col.kind === 'category') {
      const ok = Uint8Array.from(col.values, (v) => (textMatches(condition, v) ? 1 : 0));
      const codes = col.codes;
      checks.push((k) => {
        const c = codes[k]!;
        return c < 0 ? wantsMissing : ok[c] === 1;
      });
    } else {
      const values = col.values;
      checks.push((k) => (Number.isNaN(values[k]!) ? wantsMissing : numberMatches(condition, values[k]!)));
    }
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (k) => checks.every((c) => c(k));
}


function segmentMask(names: string[], list: string[] | undefined): Uint8Array {
  const mask = new Uint8Array(names.length);
  if (!list) return mask.fill(1);
  for (const s of list) {
    const i = names.indexOf(s);
    if (i >= 0) mask[i] = 1;
  }
  return mask;
}

function compileFitRule(history: History, rule: ResolvedAttributeRule, segmentOfLead: Int32Array, inSegment: Uint8Array): { cases: Int32Array; points: Float64Array; fired: Uint8Array } {
  const n = history.leads.count;
  const column = history.leads.attributes[rule.field];
  if (!column) warn({ code: 'column_missing', column: rule.field, message: `model rule on "${rule.field}": no such lead attribute; every lead counts as missing`, hint: 'check the field name against `leadcal summary`' });
  const cases = attributeCases(rule, column, n);
  const points = new Float64Array(n);
  const fired = new Uint8Array(n);
  const casePoints = Float64Array.from(rule.cases, (c) => c.points);
  const caseFired = Uint8Array.from(rule.cases, (c) => (caseShows(c) ? 1 : 0));
  for (let i = 0; i < n; i++) {
    if (!inSegment[segmentOfLead[i]!]) { cases[i] = -1; continue; }
    points[i] = casePoints[cases[i]!]!;
    fired[i] = caseFired[cases[i]!]!;
  }
  return { cases, points, fired };
}

/**
 * Compile a model for a history (conditions evaluated once, as typed arrays).
 * Complexity: O(leads × fit rules + events × behaviour rules).
 *
 * @example
 * const compiled = compileModel(model, history); compiled.segmentNames
 * // => ['enterprise', 'smb', 'default']
 */
export function compileModel(model: ScoringModel, history: History): CompiledModel {
  const { leads, events } = history;
  const segmentNames = [...model.segments.map((s) => s.name), DEFAULT_SEGMENT];
  const segmentOfLead = new Int32Array(leads.count).fill(model.segments.length);
  for (let s = model.segments.length - 1; s >= 0; s--) {
    const mask = conditionsMask(leads.attributes, model.segments[s]!.when, leads.count);
    for (let i = 0; i < leads.count; i++) if (mask[i]) segmentOfLead[i] = s;
  }
  const thresholds = Float64Array.from([...model.segments.map((s) => s.threshold ?? model.threshold), model.threshold]);

  const fitIds = uniqueRuleIds(model.fit.map((r, i) => ruleId(r, i)));
  const fitResolved = model.fit.map((rule, f) => resolveAttributeRule(rule, fitIds[f]!));
  const fitPoints: Float64Array[] = [];
  const fitFired: Uint8Array[] = [];
  const fitCases: Int32Array[] = [];
  for (const rule of fitResolved) {
    const { cases, points, fired } = compileFitRule(history, rule, segmentOfLead, segmentMask(segmentNames, rule.segments));
    fitCases.push(cases);
    fitPoints.push(points);
    fitFired.push(fired);
  }

  const behaviorIds = uniqueRuleIds(model.behavior.map((r, i) => ruleId(r, i)));
  const behavior: CompiledBehavior[] = model.behavior.map((rule, r) => ({
    id: behaviorIds[r]!,
    rule,
    inSegment: segmentMask(segmentNames, rule.segments),
    ofLead: rule.when ? conditionsMask(leads.attributes, rule.when, leads.count) : null,
    points: rule.points,
    repeatBonus: rule.repeatBonus ?? 0,
    firstTimeOnly: rule.firstTimeOnly ?? false,
    decayRate: rule.halfLifeDays ? decayRatePerMs(rule.halfLifeDays) : 0,
    lookbackMs: rule.lookbackDays ? rule.lookbackDays * DAY_MS : Infinity,
    windowMs: rule.capPerWindow ? rule.capPerWindow.days * DAY_MS : 0,
    windowCap: rule.capPerWindow?.points ?? Infinity,
    cap: rule.cap ?? Infinity,
  }));
  const words = Math.max(1, Math.ceil(behavior.length / 32));
  const eventRules = new Uint32Array(events.count * words);
  // one pass over the events: each event is tested only against the rules of its type, and
  // conditions on category columns are decided once per dictionary value
  const rulesOfType: number[][] = events.type.values.map(() => []);
  const tests: ((k: number) => boolean)[] = [];
  behavior.forEach((b, r) => {
    for (const name of Object.keys(b.rule.where ?? {})) {
      if (!events.columns[name]) warn({ code: 'column_missing', column: name, message: `model rule "${b.id}" filters on event column "${name}", which the history does not have; the rule never fires`, hint: 'check the column name' });
    }
    tests.push(eventTest(events.columns, b.rule.where));
    const typeCode = events.type.values.indexOf(b.rule.event);
    if (typeCode >= 0) rulesOfType[typeCode]!.push(r);
  });
  const typeCodes = events.type.codes;
  for (let k = 0; k < events.count; k++) {
    const rules = rulesOfType[typeCodes[k]!]!;
    for (let q = 0; q < rules.length; q++) {
      const r = rules[q]!;
      if (tests[r]!(k)) eventRules[k * words + (r >>> 5)]! |= 1 << (r & 31);
    }
  }

  const decayIds = uniqueRuleIds(model.decay.map((r, i) => ruleId(r, i)));
  const decay: CompiledDecay[] = model.decay.map((rule, d) => {
    const eventMask = new Uint8Array(events.count);
    const base = { id: decayIds[d]!, rule, inSegment: segmentMask(segmentNames, rule.segments), points: rule.points, eventMask };
    if (rule.kind === 'inactivity') {
      const typeOk = events.type.values.map((v) => (!rule.events || rule.events.includes(v) ? 1 : 0));
      for (let k = 0; k < events.count; k++) eventMask[k] = typeOk[events.type.codes[k]!]!;
      return { ...base, spanMs: rule.everyDays * DAY_MS };
    }
    if (rule.kind === 'noEvent') {
      const typeCode = events.type.values.indexOf(rule.event);
      const test = eventTest(events.columns, rule.where);
      if (typeCode >= 0) for (let k = 0; k < events.count; k++) eventMask[k] = events.type.codes[k] === typeCode && test(k) ? 1 : 0;
      return { ...base, spanMs: rule.withinDays * DAY_MS };
    }
    const sent = events.type.values.indexOf(rule.event);
    const response = events.type.values.indexOf(rule.response);
    const nextResponseMs = new Float64Array(sent < 0 ? 0 : events.count).fill(Infinity);
    if (sent < 0) return { ...base, spanMs: rule.withinDays * DAY_MS, nextResponseMs }; // nothing was ever sent
    for (let i = 0; i < leads.count; i++) {
      let next = Infinity;
      for (let k = events.offsets[i + 1]! - 1; k >= events.offsets[i]!; k--) {
        const t = events.occurredMs[k]!;
        if (events.type.codes[k] === sent) {
          eventMask[k] = 1;
          // the next response strictly after this event (responses at the same instant count)
          nextResponseMs[k] = next;
        }
        if (events.type.codes[k] === response) next = t;
      }
    }
    // a response at exactly the same time as the send counts as an answer
    for (let i = 0; i < leads.count; i++) {
      for (let k = events.offsets[i]!; k < events.offsets[i + 1]!; k++) {
        if (!eventMask[k]) continue;
        const t = events.occurredMs[k]!;
        for (let m = k + 1; m < events.offsets[i + 1]! && events.occurredMs[m] === t; m++) if (events.type.codes[m] === response) nextResponseMs[k] = t;
        for (let m = k - 1; m >= events.offsets[i]! && events.occurredMs[m] === t; m--) if (events.type.codes[m] === response) nextResponseMs[k] = t;
      }
    }
    return { ...base, spanMs: rule.withinDays * DAY_MS, nextResponseMs };
  });

  return { model, history, segmentNames, segmentOfLead, thresholds, fitIds, fitRules: fitResolved, fitCases, fitPoints, fitFired, behavior, eventRules, words, decay };
}
