/**
 * The fit report a report can show beside the model: the JSON that `leadcal fit --report F`
 * writes (or `fitScoringModel(…).report` in code). Parsed once at the boundary; extra keys are
 * ignored, so reports from newer versions still load.
 */
import { z } from 'zod';
import { parseConfig } from '../config.js';

const finiteOrNull = z.union([z.number(), z.null()]).transform((v) => (v === null || !Number.isFinite(v) ? null : v));

export const fitReportRuleSchema = z.object({
  kind: z.enum(['attribute', 'behavior']),
  label: z.string().optional(),
  field: z.string().optional(),
  value: z.string().optional(),
  event: z.string().optional(),
  where: z.record(z.string(), z.unknown()).optional(),
  coefficient: finiteOrNull,
  standardError: finiteOrNull.optional(),
  points: z.number(),
  halfLifeDays: finiteOrNull.optional(),
  halfLifeInterval: z.array(finiteOrNull).length(2).optional(),
  support: z.number(),
  hitRate: z.object({ fired: finiteOrNull, notFired: finiteOrNull }),
});

export const fitReportSchema = z.object({
  frame: z.object({ snapshots: z.number(), positives: z.number() }),
  test: z.object({ snapshots: z.number(), positives: z.number() }).optional(),
  basePoints: z.number().optional(),
  rules: z.array(fitReportRuleSchema),
  converged: z.boolean().optional(),
});

export type FitReportRule = z.output<typeof fitReportRuleSchema>;
export type FitReport = z.output<typeof fitReportSchema>;
/** What callers may pass: the JSON file's content or `FitResult['report']` (NaN allowed). */
export type FitReportInput = z.input<typeof fitReportSchema> | { rules: readonly unknown[]; frame: unknown };

/**
 * Parse fit-report text (JSON) naming the file in errors.
 *
 * @example
 * parseFitReport('{"frame":{"snapshots":10,"positives":2},"rules":[]}', 'fit.json').rules // => []
 */
export function parseFitReport(text: string, file = 'fit report'): FitReport {
  return parseConfig(text, file, fitReportSchema);
}

/** Normalise a fit report given in code (NaN → null) and check its shape. */
export function checkFitReport(input: FitReportInput): FitReport {
  const clean = JSON.parse(JSON.stringify(input, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as unknown;
  return fitReportSchema.parse(clean);
}

/** A rule's label: its own, or the one `fit` gives (field=value, event[where]). */
export function fitRuleLabel(rule: FitReportRule): string {
  if (rule.label) return rule.label;
  if (rule.kind === 'attribute') return `${rule.field ?? '?'}=${rule.value ?? '?'}`;
  const where = rule.where ? Object.entries(rule.where).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(',') : '';
  return where ? `${rule.event ?? '?'}[${where}]` : (rule.event ?? '?');
}
