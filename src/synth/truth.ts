/**
 * The planted scoring truth behind a synthetic history: plain JSON data that says how leads
 * are sampled, how they behave, and how their daily hazard of reaching `sql` is formed.
 *
 * Daily SQL hazard at time t:
 *   h(t) = sigmoid(baseDailyLogit + Σ attribute effects + Σ_b effect_b · D_b(t)),
 *   D_b(t) = Σ over the lead's events matching behaviour b with time < t of 2^(−age/halfLifeDays_b).
 * The "truth score at t" is that logit without `baseDailyLogit` (see `truth-score.ts`).
 * Optional planted drift: from `drift[k].from` on, behaviour `drift[k].behaviour`'s effect is
 * multiplied by `drift[k].factor` (e.g. 0.5: its effect halves after the date).
 * The schema here checks the file once; the generator trusts what it returns.
 */
import { z } from 'zod';
import { MARKETING_EVENT_TYPES, PAGES } from './columns.js';
import { parseTimestamp } from '../data/timestamp.js';

const finite = z.number();
const probability = z.number().min(0).max(1);
const positive = z.number().positive();

const levelSchema = z.strictObject({
  /** Sampling weight of this level (shares of an attribute are normalised). */
  share: z.number().min(0),
  /** Additive effect on the daily SQL logit. */
  effect: finite,
  /** Multiplier on the lead's event rates (default 1). */
  engagement: positive.optional(),
});

const attributeSchema = z.strictObject({
  /** Share of leads whose value is left empty (missing); a missing value has effect 0. */
  missingShare: probability,
  levels: z.record(z.string().min(1), levelSchema),
});

const employeeBinSchema = z.strictObject({
  /** Inclusive lower bound of the bin; the bin ends where the next one starts. */
  min: z.number().min(0),
  effect: finite,
});

const employeesSchema = z.strictObject({
  /** Median of the log-normal employee count. */
  median: positive,
  /** Standard deviation of ln(employees). */
  logSd: z.number().min(0),
  /** Draws are rounded and clamped to [min, max]. */
  min: z.number().int().min(1),
  max: z.number().int().min(1),
  missingShare: probability,
  bins: z.array(employeeBinSchema).min(1),
});

const behaviourSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case name'),
  type: z.enum(MARKETING_EVENT_TYPES),
  /** Required for page_view (one behaviour per page), not allowed for other types. */
  page: z.enum(PAGES).optional(),
  /** Logit effect per unit of decayed count. */
  effect: finite,
  halfLifeDays: positive,
  /** Expected events per day at interest 1 and engagement 1. */
  baseRatePerDay: z.number().min(0),
  /** false: the rate ignores the latent interest (constant over time); default true. */
  followsInterest: z.boolean().optional(),
});

const interestSchema = z.strictObject({
  /** Interest on the creation day (the latent level multiplies every event rate). */
  initial: z.number().min(0),
  /** Level that interest decays towards. */
  floor: z.number().min(0),
  /** Half-life of interest above the floor. */
  halfLifeDays: positive,
  /** Daily probability of a burst of renewed interest. */
  burstsPerDay: probability,
  /** Mean size of a burst (exponentially distributed). */
  burstMean: z.number().min(0),
  /** Standard deviation of the per-lead log-normal engagement multiplier. */
  leadSigma: z.number().min(0),
});

const funnelSchema = z.strictObject({
  /** A lead becomes MQL at the first daily check where its truth score is ≥ this. */
  mqlScoreThreshold: finite,
  /** Share of SQLs not yet MQL that get no mql row at all (straight to sales). */
  skipMqlShare: probability,
  /** Daily probability that an open lead (not yet SQL) is disqualified. */
  openDisqualifyHazardPerDay: probability,
  opportunityGivenSql: probability,
  /** P(won | opportunity) by segment; `unknown` when employees is missing. */
  wonGivenOpportunity: z.strictObject({
    smb: probability,
    mid_market: probability,
    enterprise: probability,
    unknown: probability,
  }),
  /** Mean delays (exponential, at least one hour). */
  sqlToOpportunityDays: positive,
  sqlToDisqualifiedDays: positive,
  opportunityToCloseDays: positive,
  /** Sales calls per SQL: 1 + Poisson(mean); meetings per opportunity: 1 + Poisson(mean). */
  salesCallsMean: z.number().min(0),
  meetingsMean: z.number().min(0),
});

const driftSchema = z.strictObject({
  /** Name of a behaviour in `behaviours`. */
  behaviour: z.string(),
  /** From this time on (an ISO 8601 date or timestamp, UTC when no zone) the effect is multiplied by `factor`. */
  from: z.string(),
  /** Multiplier of the behaviour's effect, e.g. 0.5: the effect halves after `from`. */
  factor: finite,
});

const truthShape = {
  version: z.literal(1),
  /** Intercept of the daily SQL hazard on the logit scale. */
  baseDailyLogit: finite,
  attributes: z.strictObject({
    industry: attributeSchema,
    job_level: attributeSchema,
    country: attributeSchema,
    product: attributeSchema,
    source: attributeSchema,
  }),
  employees: employeesSchema,
  behaviours: z.array(behaviourSchema).min(1),
  interest: interestSchema,
  funnel: funnelSchema,
  /** Planted drift: a behaviour's effect changes by a factor from a date on (optional). */
  drift: z.array(driftSchema).optional(),
};

const generatorSchema = z.strictObject({
  seed: z.number().int(),
  leads: z.number().int().positive(),
  startMs: z.number().int(),
  days: z.number().int().positive(),
});

type Ctx = z.core.$RefinementCtx<z.infer<z.ZodObject<typeof truthShape>>>;

/** Cross-field checks a per-field schema cannot express. */
function checkConsistency(truth: z.infer<z.ZodObject<typeof truthShape>>, ctx: Ctx): void {
  for (const [name, attribute] of Object.entries(truth.attributes)) {
    const total = Object.values(attribute.levels).reduce((sum, level) => sum + level.share, 0);
    if (!(total > 0)) {
      ctx.addIssue({ code: 'custom', path: ['attributes', name, 'levels'], message: 'expected at least one level with share > 0' });
    }
  }
  const { bins } = truth.employees;
  if (bins[0] !== undefined && bins[0].min !== 0) {
    ctx.addIssue({ code: 'custom', path: ['employees', 'bins', 0, 'min'], message: `expected the first bin to start at 0; got ${bins[0].min}` });
  }
  for (let i = 1; i < bins.length; i += 1) {
    if ((bins[i]?.min ?? 0) <= (bins[i - 1]?.min ?? 0)) {
      ctx.addIssue({ code: 'custom', path: ['employees', 'bins', i, 'min'], message: 'expected bin lower bounds in increasing order' });
    }
  }
  if (truth.employees.max < truth.employees.min) {
    ctx.addIssue({ code: 'custom', path: ['employees', 'max'], message: 'expected max ≥ min' });
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  truth.behaviours.forEach((behaviour, i) => {
    if (behaviour.type === 'page_view' && behaviour.page === undefined) {
      ctx.addIssue({ code: 'custom', path: ['behaviours', i, 'page'], message: 'expected a page for a page_view behaviour' });
    }
    if (behaviour.type !== 'page_view' && behaviour.page !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['behaviours', i, 'page'], message: `expected no page for type ${behaviour.type}` });
    }
    if (names.has(behaviour.name)) {
      ctx.addIssue({ code: 'custom', path: ['behaviours', i, 'name'], message: `duplicate behaviour name "${behaviour.name}"` });
    }
    const key = `${behaviour.type}/${behaviour.page ?? ''}`;
    if (keys.has(key)) {
      ctx.addIssue({ code: 'custom', path: ['behaviours', i], message: `another behaviour already covers ${key}` });
    }
    names.add(behaviour.name);
    keys.add(key);
  });
  (truth.drift ?? []).forEach((d, i) => {
    if (!names.has(d.behaviour)) ctx.addIssue({ code: 'custom', path: ['drift', i, 'behaviour'], message: `expected the name of a behaviour; got "${d.behaviour}"` });
    if (!Number.isFinite(parseTimestamp(d.from))) ctx.addIssue({ code: 'custom', path: ['drift', i, 'from'], message: `expected a date like 2025-07-01; got "${d.from}"` });
  });
}

/** Schema of a planted truth (as held in memory and passed to the generator). */
export const synthTruthSchema = z.strictObject(truthShape).superRefine(checkConsistency);

/** Schema of `truth.json` as written by `writeHistory`: the truth plus generator settings. */
export const synthTruthFileSchema = z
  .strictObject({ ...truthShape, generator: generatorSchema.optional() })
  .superRefine(checkConsistency);

export type SynthTruth = z.infer<typeof synthTruthSchema>;
export type AttributeTruth = SynthTruth['attributes']['industry'];
export type LevelTruth = AttributeTruth['levels'][string];
export type EmployeesTruth = SynthTruth['employees'];
export type BehaviourTruth = SynthTruth['behaviours'][number];
export type InterestTruth = SynthTruth['interest'];
export type FunnelTruth = SynthTruth['funnel'];
export type DriftTruth = NonNullable<SynthTruth['drift']>[number];
/** Generator settings stored beside the truth in `truth.json`. */
export type TruthGenerator = z.infer<typeof generatorSchema>;

/** Formats a zod issue path as a JSON path, e.g. `$.behaviours[2].halfLifeDays`. */
function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function describeIssues(source: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 5).map((issue) => `${source}: ${jsonPath(issue.path)}: ${issue.message}`);
  if (issues.length > 5) lines.push(`${source}: … and ${issues.length - 5} more problem(s)`);
  return lines.join('\n');
}

/**
 * Checks a value against the truth schema and returns it typed (generator settings, if
 * present, are dropped).
 *
 * @param source name used in messages (a file path, or e.g. `options.truth`).
 * @throws Error whose message names `source` and the JSON path of each problem.
 * @example
 * checkTruth(defaultTruth, 'options.truth').baseDailyLogit; // => -8.3
 */
export function checkTruth(value: unknown, source: string): SynthTruth {
  const result = synthTruthFileSchema.safeParse(value);
  if (!result.success) throw new Error(describeIssues(source, result.error.issues));
  const { generator: _generator, ...truth } = result.data;
  return truth;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * Parses the text of a truth file (`truth.json`; a `generator` key, as `writeHistory`
 * writes it, is accepted and dropped).
 *
 * @param text JSON text.
 * @param file file name used in error messages.
 * @throws Error naming the file and the JSON path of the problem, e.g.
 *   `truth.json: $.behaviours[0].halfLifeDays: Too small: expected number to be >0`.
 * @example
 * parseTruth(JSON.stringify(defaultTruth), 'truth.json').behaviours.length; // => 13
 */
export function parseTruth(text: string, file: string): SynthTruth {
  return checkTruth(parseJson(text, file), file);
}

/**
 * Reads the generator settings stored in a `truth.json`, if any.
 *
 * @throws Error naming the file and JSON path when the file is not a valid truth file.
 * @example
 * parseTruthGenerator(JSON.stringify({ ...defaultTruth, generator: { seed: 7, leads: 10, startMs: 0, days: 30 } }), 'truth.json')?.seed; // => 7
 */
export function parseTruthGenerator(text: string, file: string): TruthGenerator | undefined {
  const result = synthTruthFileSchema.safeParse(parseJson(text, file));
  if (!result.success) throw new Error(describeIssues(file, result.error.issues));
  return result.data.generator;
}

export { defaultTruth } from './default-truth.js';
