/**
 * The fit-report file: the JSON that `leadcal fit --report F` writes (and `--json` prints) and
 * that `leadcal report --fit-report F` reads — one schema for both directions. Numbers that are
 * not finite (a standard error at a bound, an open interval end) are written as null. Extra keys
 * are ignored on reading, so reports from newer versions still load.
 */
import { z } from 'zod';
import { parseConfig, readConfig } from '../config.js';
import { writeFileAtomic } from '../io.js';
import { keyedRecord } from '../keyed-record.js';
import type { FitResult } from './fit-model.js';

const finiteOrNull = z.union([z.number(), z.null()]).transform((v) => (v === null || !Number.isFinite(v) ? null : v));
const count = z.object({ snapshots: z.number(), positives: z.number() });
const metricsSchema = count.extend({
  auc: finiteOrNull,
  brier: finiteOrNull.optional(),
  logLoss: finiteOrNull.optional(),
  ece: finiteOrNull.optional(),
  aucBeforeRounding: finiteOrNull.optional(),
  roundingCost: finiteOrNull.optional(),
});

export const fitReportRuleSchema = z.object({
  kind: z.enum(['attribute', 'behavior']),
  label: z.string().optional(),
  field: z.string().optional(),
  value: z.string().optional(),
  event: z.string().optional(),
  where: keyedRecord(z.unknown()).optional(),
  coefficient: finiteOrNull,
  standardError: finiteOrNull.optional(),
  points: z.number(),
  halfLifeDays: finiteOrNull.optional(),
  halfLifeInterval: z.array(finiteOrNull).length(2).optional(),
  support: z.number(),
  hitRate: z.object({ fired: finiteOrNull, notFired: finiteOrNull }),
});

/** One attribute's binning table: its cases with counts, events, WoE, IV and points (see `fit/binning-table.ts`). */
export const binningTableSchema = z.object({
  field: z.string(),
  kind: z.enum(['levels', 'bins']),
  reading: z.string().optional(),
  trend: z.enum(['ascending', 'descending', 'peak', 'valley', 'none']).optional(),
  iv: finiteOrNull,
  rows: z.array(z.object({
    label: z.string(),
    case: z.enum(['missing', 'level', 'bin', 'other']),
    reference: z.boolean().optional(),
    count: z.number(),
    events: z.number(),
    eventRate: finiteOrNull,
    woe: finiteOrNull,
    iv: finiteOrNull,
    points: z.number(),
  })),
  totals: z.object({ count: z.number(), events: z.number() }),
});

/** One fitted half-life's finding (see `fit/half-life-report.ts`). */
export const halfLifeSchema = z.object({
  label: z.string(),
  event: z.string(),
  halfLifeDays: finiteOrNull,
  interval: z.array(finiteOrNull).length(2),
  unpenalisedDays: finiteOrNull,
  shiftInStandardErrors: finiteOrNull,
  identified: z.boolean(),
  why: z.string().optional(),
  movesWith: z.array(z.string()),
  tiedWith: z.array(z.string()).optional(),
});

export const fitReportSchema = z.object({
  frame: count,
  test: count.optional(),
  /** How the test part was held out (time split or seeded stratified split), in words too. */
  holdout: z.object({ kind: z.enum(['time', 'stratified']), description: z.string() }).passthrough().optional(),
  intercept: finiteOrNull.optional(),
  basePoints: z.number().optional(),
  rules: z.array(fitReportRuleSchema),
  /** The L2 penalty (λ on standardised coefficients) in words. */
  penalty: z.object({ l2: z.number(), description: z.string() }).optional(),
  /** A prior-shrunk fit: the prior, the λ grid with its cross-validated log loss, the chosen λ, the prior's own AUC. */
  prior: z.object({
    file: z.string().optional(),
    name: z.string(),
    pointsPerLogOdds: z.number(),
    matched: z.object({ coefficients: z.number(), of: z.number(), halfLives: z.number() }),
    grid: z.array(z.number()),
    cvLogLoss: z.array(finiteOrNull),
    chosen: z.number(),
    chosenBy: z.enum(['cross-validation', 'l2']),
    folds: z.number(),
    auc: z.object({ train: finiteOrNull, test: finiteOrNull.optional() }),
  }).optional(),
  /** Per attribute: the binning table (counts add up to the frame, row IVs to the attribute's IV). */
  binning: z.array(binningTableSchema).optional(),
  /** Per fitted half-life: chosen, without the penalty, identified or not, and what it moves with. */
  halfLives: z.array(halfLifeSchema).optional(),
  /** How the unpenalised half-lives were found. */
  unpenalisedMethod: z.string().optional(),
  /** Offers for half-lives that are not identified: flags to add to the same `leadcal fit`. */
  suggestions: z.array(z.object({ kind: z.enum(['tie', 'drop']), labels: z.array(z.string()), flags: z.array(z.string()), why: z.string() })).optional(),
  metrics: z.object({
    train: metricsSchema,
    test: metricsSchema.optional(),
    folds: z.object({ auc: z.array(finiteOrNull), mean: finiteOrNull, sd: finiteOrNull }).optional(),
  }).optional(),
  converged: z.boolean().optional(),
  /** The scale of the points: points per log-odds and the convention in words. */
  scale: z.object({ pointsPerLogOdds: z.number().optional(), factor: z.number().optional(), offset: z.number().optional(), description: z.string() }).optional(),
  /** Guards forced past, leak flags, thin rules, rounding and scale problems: read before trusting the model. */
  warnings: z.array(z.object({ code: z.string(), field: z.string().optional(), message: z.string(), hint: z.string().optional() })).optional(),
});

export type FitReportRule = z.output<typeof fitReportRuleSchema>;
export type FitReport = z.output<typeof fitReportSchema>;
/** What callers may pass: the JSON file's content or `FitResult['report']` (NaN allowed). */
export type FitReportInput = z.input<typeof fitReportSchema> | { rules: readonly unknown[]; frame: unknown };

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The stable JSON shape of a fit: frame sizes, intercept, base points, one entry per rule
 * (coefficient, standard error, points, half-life with its interval, support, hit rates),
 * the binning table of every attribute, metrics, convergence, the points scale and the fit's warnings.
 *
 * @example
 * fitReportData(fitScoringModel(history)).rules[0] // => { kind: 'attribute', field: 'industry', value: 'software', coefficient: 0.61, … }
 */
export function fitReportData(result: FitResult): z.input<typeof fitReportSchema> {
  const r = result.report;
  return {
    frame: r.frame,
    ...(r.test ? { test: r.test } : {}),
    ...(r.holdout ? { holdout: r.holdout } : {}),
    intercept: r.intercept,
    basePoints: r.basePoints,
    rules: r.rules.map((rule) => ({
      kind: rule.kind,
      ...(rule.field === undefined ? {} : { field: rule.field }),
      ...(rule.value === undefined ? {} : { value: rule.value }),
      ...(rule.event === undefined ? {} : { event: rule.event }),
      ...(rule.where === undefined ? {} : { where: rule.where }),
      coefficient: rule.coefficient,
      standardError: finite(rule.standardError),
      points: rule.points,
      ...(rule.halfLifeDays === undefined ? {} : { halfLifeDays: rule.halfLifeDays, halfLifeInterval: rule.halfLifeInterval?.map(finite) }),
      support: rule.support,
      hitRate: rule.hitRate,
    })),
    penalty: r.penalty,
    ...(r.prior ? { prior: r.prior } : {}),
    binning: r.binning,
    halfLives: r.halfLives.map((h) => ({ ...h, interval: h.interval.map(finite), unpenalisedDays: finite(h.unpenalisedDays), shiftInStandardErrors: finite(h.shiftInStandardErrors) })),
    ...(r.unpenalisedMethod ? { unpenalisedMethod: r.unpenalisedMethod } : {}),
    suggestions: r.suggestions,
    metrics: r.metrics,
    converged: r.converged,
    scale: { pointsPerLogOdds: r.scale.factor, description: r.scale.description },
    warnings: r.warnings.map((w) => ({ code: w.code, ...(w.field === undefined ? {} : { field: w.field }), message: w.message, ...(w.hint === undefined ? {} : { hint: w.hint }) })),
  };
}

/**
 * The fit-report file's text: `fitReportData` as indented JSON with a final newline.
 *
 * @example
 * JSON.parse(fitReportToJson(fit)).frame // => { snapshots: 6874, positives: 375 }
 */
export function fitReportToJson(result: FitResult): string {
  return `${JSON.stringify(fitReportData(result), null, 2)}\n`;
}

/** Write the fit-report file atomically (creating its folder). */
export function writeFitReport(path: string, result: FitResult): void {
  writeFileAtomic(path, fitReportToJson(result));
}

/**
 * Parse fit-report text (JSON) naming the file in errors.
 *
 * @throws {LeadcalError} (mapping_invalid) with the file and line when the text does not follow the schema
 * @example
 * parseFitReport('{"frame":{"snapshots":10,"positives":2},"rules":[]}', 'fit.json').rules // => []
 */
export function parseFitReport(text: string, file = 'fit report'): FitReport {
  return parseConfig(text, file, fitReportSchema);
}

/**
 * Read a fit-report file.
 *
 * @throws {LeadcalError} file_missing, or mapping_invalid with the line of the problem
 */
export function readFitReport(path: string): FitReport {
  return readConfig(path, fitReportSchema);
}

/**
 * A fit report given in code (`fitScoringModel(…).report`, NaN allowed) or read from a file,
 * normalised (NaN → null) and checked against the same schema.
 *
 * @example
 * checkFitReport({ frame: { snapshots: 1, positives: 0 }, rules: [] }).rules // => []
 */
export function checkFitReport(input: FitReportInput): FitReport {
  const clean = JSON.parse(JSON.stringify(input, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as unknown;
  return fitReportSchema.parse(clean);
}
