/**
 * Options of `buildReportData`, normalised once: defaults filled in, every bad value rejected
 * as "X must be …; got Y" (LeadcalError `option_invalid`).
 */
import { LeadcalError, type Issue } from '../errors.js';
import type { FrameOptions } from '../frame/frame.js';
import type { ScoringModel } from '../model/schema.js';
import type { FitReportInput } from '../fit/fit-report-file.js';
import type { ValidationInput } from './types.js';
import type { BacktestResult } from '../review/backtest.js';

export interface ReportOptions {
  frame?: FrameOptions;
  /** Split: calibration fitted on snapshots whose label window closes before it, metrics on snapshots at or after it. */
  testFromMs?: number;
  /** A stratified holdout (a flat-table model's `testSplit`) instead of a time split. */
  holdout?: { kind: 'stratified'; testShare: number; seed: number };
  /** Seed for the sampled rule hit rates (default 1). */
  seed?: number;
  valuePerConversion?: number;
  costPerTouch?: number;
  /** MQLs sales can work per month (per segment): recommends the threshold that fills it. */
  capacity?: number;
  title?: string;
  /** What validation found: `readHistory`'s report, or just its issues. */
  validation?: ValidationInput | Issue[];
  /** Snapshots sampled to measure rule hit rates (default 2000). */
  hitRateSample?: number;
  /**
   * Fit the predictive baseline (a regularised logistic regression on every engineered
   * feature, fitted on the training snapshots) and show it on the comparison page beside the
   * rule-based models (default false: it adds a fit to the build).
   */
  predictive?: boolean;
  /** A backtest (`backtest`, or the JSON of `leadcal backtest --out`): adds the Backtest page. */
  backtest?: BacktestResult;
}

/** The models a report presents. */
export interface ReportModels {
  /** The rule-based model the report is about. */
  model: ScoringModel;
  /** Other models to compare with (fitted models, alternatives). */
  compare?: ScoringModel[];
  /** Last quarter's model: "change since the previous model" and stability. */
  previous?: ScoringModel;
  /** The fit report of `model`, when it was fitted (`leadcal fit --report`). */
  fitReport?: FitReportInput;
}

export interface ResolvedReportOptions {
  frame: FrameOptions;
  testFromMs: number | undefined;
  holdout: { kind: 'stratified'; testShare: number; seed: number } | undefined;
  seed: number;
  valuePerConversion: number | undefined;
  costPerTouch: number | undefined;
  capacity: number | undefined;
  title: string;
  validation: ValidationInput | undefined;
  hitRateSample: number;
  predictive: boolean;
  backtest: BacktestResult | undefined;
}

function reject(column: string, message: string, hint: string): never {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
}

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined ? String(v) : Array.isArray(v) ? 'an array' : typeof v);

function positive(value: unknown, name: string, hint: string, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) reject(name, `${name} must be a ${allowZero ? 'number ≥ 0' : 'positive number'}; got ${show(value)}`, hint);
  return value;
}

/** Counts (folded repeats included) from a list of issues. */
function fromIssues(issues: Issue[]): ValidationInput {
  let errors = 0;
  let warnings = 0;
  for (const i of issues) {
    if (i.severity === 'error') errors += 1 + (i.more ?? 0);
    else warnings += 1 + (i.more ?? 0);
  }
  return { issues, errors, warnings, files: [] };
}

/** A backtest result, checked for the fields the page reads. */
function checkBacktest(value: unknown): BacktestResult | undefined {
  if (value === undefined) return undefined;
  const windows = (value as { windows?: unknown } | null)?.windows;
  if (typeof value !== 'object' || value === null || !Array.isArray(windows) || windows.some((w) => typeof w !== 'object' || w === null || typeof (w as { testFrom?: unknown }).testFrom !== 'string')) {
    reject('backtest', `backtest must be the result of backtest() (an object with windows); got ${show(value)}`, 'write one with leadcal backtest --out FILE');
  }
  return value as BacktestResult;
}

/** Check and default the options. */
export function resolveReportOptions(options: ReportOptions): ResolvedReportOptions {
  if (typeof options !== 'object' || options === null) reject('options', `options must be an object; got ${show(options)}`, 'e.g. { frame: { target: "sql" } }');
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) reject('seed', `seed must be an integer; got ${show(seed)}`, 'e.g. seed: 7');
  if (options.testFromMs !== undefined && !Number.isFinite(options.testFromMs)) reject('testFromMs', `testFromMs must be a finite epoch time in ms; got ${show(options.testFromMs)}`, 'e.g. Date.UTC(2025, 9, 1)');
  const value = options.valuePerConversion === undefined ? undefined : positive(options.valuePerConversion, 'valuePerConversion', 'e.g. the average deal value times the win rate');
  const cost = options.costPerTouch === undefined ? undefined : positive(options.costPerTouch, 'costPerTouch', 'e.g. the cost of one sales follow-up', true);
  if ((value === undefined) !== (cost === undefined)) reject(value === undefined ? 'valuePerConversion' : 'costPerTouch', 'valuePerConversion and costPerTouch must be given together', 'give both to weigh conversions against sales effort');
  const capacity = options.capacity === undefined ? undefined : positive(options.capacity, 'capacity', 'MQLs a month sales can work, e.g. 200');
  const sample = options.hitRateSample ?? 2000;
  if (!Number.isInteger(sample) || sample < 1) reject('hitRateSample', `hitRateSample must be a positive integer; got ${show(sample)}`, 'e.g. 2000');
  if (options.predictive !== undefined && typeof options.predictive !== 'boolean') reject('predictive', `predictive must be true or false; got ${show(options.predictive)}`, 'e.g. predictive: true');
  if (options.title !== undefined && typeof options.title !== 'string') reject('title', `title must be text; got ${show(options.title)}`, 'e.g. "Q3 lead-scoring review"');
  return {
    frame: options.frame ?? {},
    testFromMs: options.testFromMs,
    holdout: options.holdout,
    seed,
    valuePerConversion: value,
    costPerTouch: cost,
    capacity,
    title: options.title ?? 'Lead-scoring calibration report',
    validation: Array.isArray(options.validation) ? fromIssues(options.validation) : options.validation,
    hitRateSample: sample,
    predictive: options.predictive ?? false,
    backtest: checkBacktest(options.backtest),
  };
}
