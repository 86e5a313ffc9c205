/**
 * The scoring-model file: a versioned, human-editable YAML/JSON document that leadcal can both
 * apply (`leadcal score`) and fit (`leadcal fit`). Parsed once at the boundary with zod; every
 * problem names the file, the line and a fix.
 *
 * A score at time t = fit part (attribute rules) + behaviour part (event rules, decayed and
 * capped) + decay part (step penalties for inactivity, bounded by the floor). See
 * `score.ts` for the exact semantics of each rule kind.
 */
import { z } from 'zod';
import { parseConfig, readConfig } from '../config.js';
import { keyedRecord } from '../keyed-record.js';
import { LeadcalError, type Issue } from '../errors.js';
import { FUNNEL_STAGES } from '../data/stages.js';
import { parseDateOption } from '../data/timestamp.js';

/** Largest magnitude of any points value, threshold or base points in a model file. */
export const MAX_POINTS = 1_000_000;

/** A points value: finite and within ±MAX_POINTS, so that no sum of rules overflows. */
const pointsNumber = z.number().min(-MAX_POINTS, { message: `must be at least -${MAX_POINTS.toLocaleString('en-US')} points` }).max(MAX_POINTS, { message: `must be at most ${MAX_POINTS.toLocaleString('en-US')} points` });

/** A condition on one column: equals, one of, numeric range [min, max), not, glob, missing. */
export const conditionSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])).min(1),
  z.object({ min: z.number().optional(), max: z.number().optional() }).strict(),
  z.object({ not: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]) }).strict(),
  z.object({ matches: z.string().min(1) }).strict(),
  z.object({ missing: z.boolean() }).strict(),
]);
export type Condition = z.output<typeof conditionSchema>;

const conditions = keyedRecord(conditionSchema);

const binSchema = z.object({
  /** Inclusive lower bound (−∞ when omitted). */
  min: z.number().optional(),
  /** Exclusive upper bound (+∞ when omitted). */
  max: z.number().optional(),
  points: pointsNumber,
}).strict();

export const attributeRuleSchema = z.object({
  id: z.string().min(1).optional(),
  /** Lead attribute (column of the leads table). */
  field: z.string().min(1),
  /** Categorical map: level → points. */
  points: keyedRecord(pointsNumber).optional(),
  /** Numeric bins [min, max) → points; the first bin that contains the value applies. */
  bins: z.array(binSchema).min(1).optional(),
  /** Points when the value is missing (default 0). */
  missing: pointsNumber.optional(),
  /** Points for levels not listed / values in no bin (default 0). */
  other: pointsNumber.optional(),
  /** Apply only to leads of these segments. */
  segments: z.array(z.string()).optional(),
  note: z.string().optional(),
}).strict();

export const behaviorRuleSchema = z.object({
  id: z.string().min(1).optional(),
  /** Event type. */
  event: z.string().min(1),
  /** Conditions on event columns (page = pricing, page matches /careers*, …). */
  where: conditions.optional(),
  /** Points per matching event (negative for negative signals). */
  points: pointsNumber,
  /** Exponential decay: an event of age a is worth points·2^(−a/halfLifeDays). */
  halfLifeDays: z.number().positive().optional(),
  /** Only events younger than this many days count at all. */
  lookbackDays: z.number().positive().optional(),
  /** Only the first matching event counts. */
  firstTimeOnly: z.boolean().optional(),
  /** Extra points for every matching event after the first. */
  repeatBonus: pointsNumber.optional(),
  /** At most this many (raw) points per window of `days`, windows counted back from t. */
  capPerWindow: z.object({ points: pointsNumber.positive(), days: z.number().positive() }).strict().optional(),
  /** At most this many points in magnitude from the rule in total (after decay). */
  cap: pointsNumber.positive().optional(),
  segments: z.array(z.string()).optional(),
  /**
   * Apply only to leads whose attributes meet all these conditions (an interaction of an
   * attribute and a behaviour: "pricing views count for more in enterprise").
   */
  when: conditions.optional(),
  note: z.string().optional(),
}).strict();

export const decayRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('inactivity'),
    id: z.string().min(1).optional(),
    /** Points (negative) for each full `everyDays` since the last activity (or creation). */
    points: pointsNumber,
    everyDays: z.number().positive(),
    /** Event types that count as activity (default: any event). */
    events: z.array(z.string()).min(1).optional(),
    segments: z.array(z.string()).optional(),
    note: z.string().optional(),
  }).strict(),
  z.object({
    kind: z.literal('noEvent'),
    id: z.string().min(1).optional(),
    /** Points (negative) when no matching event happened in the last `withinDays` (nor since creation). */
    points: pointsNumber,
    withinDays: z.number().positive(),
    event: z.string().min(1),
    where: conditions.optional(),
    segments: z.array(z.string()).optional(),
    note: z.string().optional(),
  }).strict(),
  z.object({
    kind: z.literal('unanswered'),
    id: z.string().min(1).optional(),
    /** Points (negative) per `event` (e.g. email_send) not followed by `response` (e.g. email_open) within `withinDays`. */
    points: pointsNumber,
    event: z.string().min(1),
    response: z.string().min(1),
    withinDays: z.number().positive(),
    segments: z.array(z.string()).optional(),
    note: z.string().optional(),
  }).strict(),
]);

export const segmentSchema = z.object({
  name: z.string().min(1),
  /** All conditions must hold (on lead attributes). */
  when: conditions,
  /** MQL threshold of the segment (default: the model's threshold). */
  threshold: pointsNumber.optional(),
}).strict();

const stageSchema = z.enum(FUNNEL_STAGES);

export const modelSchema = z.object({
  /** Format version of the model file. */
  leadcal: z.literal(1),
  name: z.string().min(1),
  version: z.string().optional(),
  description: z.string().optional(),
  /** What the score is meant to predict (documentation and defaults for fit/evaluate). */
  target: stageSchema.optional(),
  horizonDays: z.number().positive().optional(),
  /** The snapshot schedule the model was fitted with; commands that take the model use it unless a flag overrides. */
  schedule: z.union([
    z.object({ every: z.number().positive() }).strict(),
    z.object({ asOfAge: z.number().positive() }).strict(),
    z.object({ asOf: z.string().min(1) }).strict(),
  ]).optional(),
  /** Start of the fit's test period (ISO 8601): evaluate, sweep, compare, calibrate and report use it by default. */
  testFrom: z.string().min(1).optional(),
  /** A seeded stratified holdout (share of leads, seed) instead of a time split, for tables without dates. */
  testSplit: z.object({ share: z.number().gt(0).lt(1), seed: z.number().int() }).strict().optional(),
  /** The points scale of a fitted model: points per unit of log-odds (PDO / ln 2), in words too. */
  scale: z.object({ pointsPerLogOdds: z.number().positive(), description: z.string().optional() }).strict().optional(),
  /** Points every lead starts with (a fitted model's intercept on the points scale). */
  basePoints: pointsNumber.optional(),
  /** Attribute (fit) rules. */
  fit: z.array(attributeRuleSchema).default([]),
  /** Behaviour rules on events. */
  behavior: z.array(behaviorRuleSchema).default([]),
  /** Step decay rules. */
  decay: z.array(decayRuleSchema).default([]),
  /** Decay never takes the score below this value (no floor when omitted). */
  decayFloor: pointsNumber.optional(),
  /** Segments in order: a lead belongs to the first whose conditions hold, else to "default". */
  segments: z.array(segmentSchema).default([]),
  /** MQL threshold for leads of no segment (and segments without their own). */
  threshold: pointsNumber,
  /** Fit grades by fit part: A ≥ A, B ≥ B, C ≥ C, else D. */
  grades: z.object({ A: pointsNumber, B: pointsNumber, C: pointsNumber }).strict().optional(),
  /** Engagement bands by behaviour + decay part: 1 ≥ [0], 2 ≥ [1], 3 ≥ [2], else 4. */
  engagementBands: z.tuple([pointsNumber, pointsNumber, pointsNumber]).optional(),
  /** Score → probability mapping, stored by calibration. */
  calibration: keyedRecord(z.unknown()).optional(),
}).strict();

export type AttributeRule = z.output<typeof attributeRuleSchema>;
export type BehaviorRule = z.output<typeof behaviorRuleSchema>;
export type DecayRule = z.output<typeof decayRuleSchema>;
export type Segment = z.output<typeof segmentSchema>;
export type ScoringModel = z.output<typeof modelSchema>;
export type ScoringModelInput = z.input<typeof modelSchema>;

/** The default segment's name. */
export const DEFAULT_SEGMENT = 'default';

function semanticIssues(model: ScoringModel, file: string): Issue[] {
  const issues: Issue[] = [];
  const bad = (column: string, message: string, hint: string): void => {
    issues.push({ code: 'mapping_invalid', severity: 'error', file, column, message, hint });
  };
  const segmentNames = new Set<string>();
  model.segments.forEach((s, i) => {
    if (s.name === DEFAULT_SEGMENT) bad(`segments.${i}.name`, `"${DEFAULT_SEGMENT}" is reserved for leads of no segment`, 'rename the segment');
    if (segmentNames.has(s.name)) bad(`segments.${i}.name`, `segment "${s.name}" is defined twice`, 'give each segment a unique name');
    segmentNames.add(s.name);
  });
  const known = new Set([...segmentNames, DEFAULT_SEGMENT]);
  const checkSegments = (path: string, list: string[] | undefined): void => {
    for (const s of list ?? []) if (!known.has(s)) bad(`${path}.segments`, `unknown segment "${s}"`, `segments are: ${[...known].join(', ')}`);
  };
  model.fit.forEach((r, i) => {
    const path = `fit.${i}`;
    if ((r.points === undefined) === (r.bins === undefined)) bad(path, `rule on "${r.field}" needs exactly one of points (a level map) or bins`, 'e.g. points: { software: 20 } or bins: [{ min: 50, max: 500, points: 5 }]');
    r.bins?.forEach((b, j) => {
      if (b.min !== undefined && b.max !== undefined && !(b.min < b.max)) bad(`${path}.bins.${j}`, `bin min must be below max; got [${b.min}, ${b.max})`, 'bins are [min, max)');
    });
    checkSegments(path, r.segments);
  });
  model.behavior.forEach((r, i) => {
    const path = `behavior.${i}`;
    if (r.capPerWindow && r.points <= 0) bad(`${path}.capPerWindow`, 'capPerWindow needs positive points', 'use cap for negative rules');
    if (r.firstTimeOnly && r.repeatBonus) bad(path, 'firstTimeOnly and repeatBonus exclude each other', 'keep one of them');
    checkSegments(path, r.segments);
  });
  model.decay.forEach((r, i) => checkSegments(`decay.${i}`, r.segments));
  if (model.testFrom !== undefined && Number.isNaN(parseDateOption(model.testFrom))) bad('testFrom', `testFrom must be an ISO 8601 date; got "${model.testFrom}"`, 'e.g. testFrom: 2025-11-01');
  if (model.schedule && 'asOf' in model.schedule && Number.isNaN(parseDateOption(model.schedule.asOf))) bad('schedule.asOf', `asOf must be an ISO 8601 date; got "${model.schedule.asOf}"`, 'e.g. schedule: { asOf: 2025-06-30 }');
  if (model.grades && !(model.grades.A >= model.grades.B && model.grades.B >= model.grades.C)) bad('grades', 'grades must satisfy A ≥ B ≥ C', 'e.g. { A: 40, B: 25, C: 10 }');
  const e = model.engagementBands;
  if (e && !(e[0] >= e[1] && e[1] >= e[2])) bad('engagementBands', 'engagement bands must be descending', 'e.g. [60, 30, 10]');
  const ids = new Map<string, string>();
  const all: [string, { id?: string | undefined }][] = [
    ...model.fit.map((r, i): [string, { id?: string | undefined }] => [`fit.${i}`, r]),
    ...model.behavior.map((r, i): [string, { id?: string | undefined }] => [`behavior.${i}`, r]),
    ...model.decay.map((r, i): [string, { id?: string | undefined }] => [`decay.${i}`, r]),
  ];
  for (const [path, r] of all) {
    if (!r.id) continue;
    if (ids.has(r.id)) bad(`${path}.id`, `rule id "${r.id}" is used twice (also at ${ids.get(r.id)})`, 'ids must be unique');
    ids.set(r.id, path);
  }
  return issues;
}

/**
 * Parse model text (YAML or JSON). Throws a LeadcalError naming file, line and a fix.
 *
 * @example
 * parseModel('leadcal: 1\nname: m\nthreshold: 50\n', 'm.yaml').threshold // => 50
 */
export function parseModel(text: string, file = 'model'): ScoringModel {
  const model = parseConfig(text, file, modelSchema);
  const issues = semanticIssues(model, file);
  if (issues.length) throw new LeadcalError(issues);
  return model;
}

/** Read and parse a model file. */
export function readModel(path: string): ScoringModel {
  const model = readConfig(path, modelSchema);
  const issues = semanticIssues(model, path);
  if (issues.length) throw new LeadcalError(issues);
  return model;
}

/** Validate a model built in code (e.g. by `fit`). */
export function checkModel(input: ScoringModelInput, source = 'model'): ScoringModel {
  const result = modelSchema.safeParse(input);
  if (!result.success) {
    throw new LeadcalError(result.error.issues.map((i) => ({ code: 'mapping_invalid' as const, severity: 'error' as const, file: source, column: i.path.join('.'), message: i.message })));
  }
  const issues = semanticIssues(result.data, source);
  if (issues.length) throw new LeadcalError(issues);
  return result.data;
}

/** A stable id for every rule: its own `id`, or a readable one made from its content. */
export function ruleId(rule: AttributeRule | BehaviorRule | DecayRule, index: number): string {
  if (rule.id) return rule.id;
  void index;
  if ('field' in rule) return rule.field;
  if ('kind' in rule) return rule.kind;
  const where = rule.where ? Object.entries(rule.where).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(',') : '';
  return where ? `${rule.event}[${where}]` : rule.event;
}

/**
 * Make rule ids unique in order: the second rule with id `x` becomes `x#2`, and so on (the
 * scorer's explanations and the SQL export's CTE names use the same ids).
 *
 * @example
 * uniqueRuleIds(['email_open', 'email_open']) // => ['email_open', 'email_open#2']
 */
export function uniqueRuleIds(ids: string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}#${n}`;
  });
}
