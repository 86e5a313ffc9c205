/**
 * `backtest`: how a scoring model would have fared, window after window. Over rolling windows
 * (every calendar quarter, or given ones) it either re-scores the fixed model or refits the
 * model's rules on each window's training part (`fitScoringModel`, the `leadcal fit` path), and
 * reports per window: snapshots and positives, test AUC with its DeLong interval, ECE and Brier,
 * the volume at the model's own threshold, the recommended threshold and its monthly volume,
 * and rank-order stability (do the model's levels and bins, and the score's quintiles, still
 * convert in the same order?).
 *
 * A window is { trainFrom?, trainTo, testFrom, testTo }: training snapshots are those whose
 * label window closed by trainTo (`frame/split.ts`'s rule) and taken at or after trainFrom; test
 * snapshots are taken in [testFrom, testTo). Censored snapshots are never in either part.
 */
import type { History } from '../data/history.js';
import { formatTimestamp } from '../data/timestamp.js';
import { LeadcalError } from '../errors.js';
import { compareAucs } from '../compare/auc-comparison.js';
import { conversionByBand } from '../calibration/index.js';
import { quantileEdges } from '../drift/bin-edges.js';
import { frameMetrics } from '../fit/evaluate.js';
import { fitScoringModel, type FitOptions } from '../fit/fit-model.js';
import { buildFrame, type Frame, type FrameOptions } from '../frame/frame.js';
import { frameRows } from '../frame/sub-frame.js';
import { compileModel, type CompiledModel } from '../model/compile.js';
import { chooseFrame } from '../model/model-frame.js';
import { probabilitiesFor } from '../model/probabilities-for.js';
import type { ScoringModel } from '../model/schema.js';
import { scoreSnapshots, type ScoreTable } from '../model/score.js';
import { spearmanCorrelation } from '../stats/rank-correlation.js';
import { DAY_MS } from '../stats/days.js';
import { DAYS_PER_MONTH, sweepThresholds, type RecommendOptions } from '../thresholds/index.js';
import { MQL_THRESHOLD_CANDIDATES } from '../thresholds/candidates.js';

/** A backtest window in epoch ms: train on labels known by trainTo (from trainFrom), test on [testFrom, testTo). */
export interface BacktestWindow {
  trainFromMs?: number;
  trainToMs: number;
  testFromMs: number;
  testToMs: number;
}

export interface BacktestOptions {
  /** Frame options; what is not given comes from the model's recorded frame (`chooseFrame`). */
  frame?: FrameOptions;
  /** Calendar quarters (default; training = everything known by the quarter's start) or explicit windows. */
  windows?: 'everyQuarter' | BacktestWindow[];
  /** Refit the model's rules on each window's training part (default false: re-score the fixed model). */
  refit?: boolean;
  /** Options of the refits (default: the model's attributes, its points scale, no half-life intervals). */
  fit?: Omit<FitOptions, 'frame' | 'testFromMs' | 'testShare' | 'trainFromMs'>;
  /**
   * How to recommend a threshold in each window (default: the targetRate objective at the
   * conversion rate the model's own thresholds achieve over all test windows together).
   */
  recommend?: RecommendOptions;
  /** A rule case (level or bin) enters the rank-order comparison with at least this many test snapshots (default 30). */
  minCaseSnapshots?: number;
  /** Score quintiles for the band order (default 5). */
  bands?: number;
}

/** Does a rule's case order hold in a window? Spearman ρ of the cases' conversion rates. */
export interface RuleOrder {
  rule: string;
  /** Cases with enough test snapshots in this window. */
  cases: number;
  /** ρ against the same cases' rates in the previous window (null: fewer than 3 cases in both). */
  vsPrevious: number | null;
  /** ρ against the cases' points in the model (null: fewer than 3 cases, or equal points). */
  vsPoints: number | null;
}

export interface BacktestWindowResult {
  trainFrom: string | null;
  trainTo: string;
  testFrom: string;
  /** End of the test window (exclusive), clipped to the last time a snapshot can be labelled. */
  testTo: string;
  train: { snapshots: number; positives: number };
  test: { snapshots: number; positives: number };
  /**
   * Fixed mode only: the window's snapshots may be among those the model was fitted on (its
   * test period starts before the model's recorded test-from, or the model was fitted with a
   * stratified holdout over the whole history), so its numbers are in-sample and flattering.
   */
  inSample: boolean;
  /** `skipped` when the window cannot be measured (a single class, or the refit was refused): see `reason`. */
  status: 'ok' | 'skipped';
  reason?: string;
  /** Test AUC and its DeLong 95% interval (null when not measurable). */
  auc: number | null;
  aucLower: number | null;
  aucUpper: number | null;
  ece: number | null;
  brier: number | null;
  /** Where the probabilities come from (see src/model/probabilities-for.ts). */
  probabilities: string;
  /** The scored model's own thresholds: MQLs a month and their conversion rate. */
  atModelThreshold: { perMonth: number; conversionRate: number | null };
  /** The overall recommendation of the window's sweep. */
  recommended: { threshold: number | null; perMonth: number | null; conversionRate: number | null; reason?: string };
  /** Rank-order stability: the score's quintiles against their order, the model's rules case by case. */
  rankOrder: { bands: number | null; rulesVsPrevious: number | null; rulesVsPoints: number | null; rules: RuleOrder[] };
  /** Refit only: the window's fitted rules (label, coefficient on the log-odds scale, points). */
  rules?: { label: string; coefficient: number; points: number }[];
  /** Refit only: number of fit warnings. */
  warnings?: number;
}

export interface BacktestResult {
  mode: 'fixed' | 'refit';
  model: string;
  target: string;
  horizonDays: number;
  /** The recommendation objective, in words. */
  objective: string;
  windows: BacktestWindowResult[];
}

const QUARTER_MONTHS = 3;
const finite = (x: number | undefined | null): number | null => (x === undefined || x === null || !Number.isFinite(x) ? null : x);

function bad(column: string, message: string, hint: string): never {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
}

/** Calendar quarters (UTC) from the one holding `firstMs` to the one holding `lastMs`. */
export function quarterWindows(firstMs: number, lastMs: number): BacktestWindow[] {
  const out: BacktestWindow[] = [];
  const d = new Date(firstMs);
  let year = d.getUTCFullYear();
  let month = Math.floor(d.getUTCMonth() / QUARTER_MONTHS) * QUARTER_MONTHS;
  for (;;) {
    const start = Date.UTC(year, month, 1);
    if (start > lastMs) break;
    month += QUARTER_MONTHS;
    if (month >= 12) { month -= 12; year++; }
    out.push({ trainToMs: start, testFromMs: start, testToMs: Date.UTC(year, month, 1) });
  }
  return out;
}

function checkWindows(windows: BacktestWindow[]): void {
  if (!Array.isArray(windows) || windows.length === 0) bad('--windows', 'windows must be a non-empty list', 'e.g. --windows 2025-01-01:2025-04-01:2025-07-01');
  windows.forEach((w, i) => {
    const { trainFromMs, trainToMs, testFromMs, testToMs } = w;
    if (![trainToMs, testFromMs, testToMs].every(Number.isFinite) || (trainFromMs !== undefined && !Number.isFinite(trainFromMs))) bad('--windows', `window ${i + 1} must have finite dates`, 'dates like 2025-04-01');
    if (!(testFromMs < testToMs)) bad('--windows', `window ${i + 1}: the test period must start before it ends; got ${formatTimestamp(testFromMs)} … ${formatTimestamp(testToMs)}`, 'testFrom < testTo');
    if (trainToMs > testFromMs) bad('--windows', `window ${i + 1}: training labels must be known by the test start; got trainTo ${formatTimestamp(trainToMs)} after testFrom ${formatTimestamp(testFromMs)}`, 'trainTo ≤ testFrom');
    if (trainFromMs !== undefined && !(trainFromMs < trainToMs)) bad('--windows', `window ${i + 1}: trainFrom must be before trainTo`, 'trainFrom < trainTo');
  });
}

/** Snapshot indices of the training and test parts of a window. */
function windowRows(frame: Frame, w: BacktestWindow): { train: Int32Array; test: Int32Array } {
  const horizonMs = frame.options.horizonDays * DAY_MS;
  const train: number[] = [];
  const test: number[] = [];
  for (let s = 0; s < frame.count; s++) {
    const t = frame.asOfMs[s]!;
    if (t + horizonMs <= w.trainToMs && (w.trainFromMs === undefined || t >= w.trainFromMs)) train.push(s);
    if (t >= w.testFromMs && t < w.testToMs) test.push(s);
  }
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

function pick(a: Float64Array, rows: Int32Array): Float64Array;
function pick(a: Uint8Array, rows: Int32Array): Uint8Array;
function pick(a: Float64Array | Uint8Array, rows: Int32Array): Float64Array | Uint8Array {
  return a instanceof Float64Array ? Float64Array.from(rows, (s) => a[s]!) : Uint8Array.from(rows, (s) => a[s]!);
}

/** Conversion rate of each case of each of the model's fit rules among the test snapshots (cases below the support are NaN). */
function caseRates(compiled: CompiledModel, test: Frame, minSupport: number): Float64Array[] {
  return compiled.fitRules.map((rule, r) => {
    const n = new Float64Array(rule.cases.length);
    const e = new Float64Array(rule.cases.length);
    const cases = compiled.fitCases[r]!;
    for (let s = 0; s < test.count; s++) {
      const c = cases[test.lead[s]!]!;
      if (c < 0) continue;
      n[c]!++;
      e[c]! += test.label[s]!;
    }
    return n.map((k, c) => (k >= minSupport ? e[c]! / k : NaN));
  });
}

/** ρ over the cases finite in both (null with fewer than 3). */
function rho(a: Float64Array | number[], b: Float64Array | number[]): number | null {
  const x: number[] = [];
  const y: number[] = [];
  for (let c = 0; c < a.length; c++) if (Number.isFinite(a[c]!) && Number.isFinite(b[c]!)) { x.push(a[c]!); y.push(b[c]!); }
  return x.length >= 3 ? finite(spearmanCorrelation(x, y)) : null;
}

const mean = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

/** ρ of the conversion rates of the score's quantile bands against the band order (null without both classes). */
function bandOrder(labels: Uint8Array, scores: Float64Array, bands: number): number | null {
  let positives = 0;
  for (const y of labels) positives += y;
  if (positives === 0 || positives === labels.length) return null;
  const table = conversionByBand(labels, scores, [-Infinity, ...quantileEdges(scores, bands), Infinity]);
  const rows = table.rows.filter((r) => r.count > 0);
  return rho(rows.map((r) => r.rate), rows.map((_, k) => k));
}

/** The default objective: the targetRate the model's own thresholds achieve over all the test snapshots. */
function defaultObjective(table: ScoreTable, labels: Uint8Array, testRows: Int32Array[]): RecommendOptions {
  let passed = 0;
  let converted = 0;
  for (const rows of testRows) for (const s of rows) if (table.above[s]) { passed++; converted += labels[s]!; }
  const rate = passed && converted ? converted / passed : labels.reduce((a, b) => a + b, 0) / Math.max(1, labels.length);
  return { objective: 'targetRate', rate: Math.min(1, Math.max(1e-6, rate)) };
}

function describeObjective(o: RecommendOptions, isDefault: boolean): string {
  const what = o.objective === 'targetRate' ? `the lowest threshold converting at least ${(100 * o.rate).toFixed(1)}%${o.bound === 'lower' ? ' (Wilson lower bound)' : ''}` : o.objective === 'capacity' ? `the lowest threshold passing at most ${o.mqlsPerMonth} MQLs a month` : 'the threshold of highest expected value';
  return `${what}${isDefault ? " (the rate the model's own thresholds achieve over all test windows)" : ''}`;
}

/** The model's refit options: its attributes, its points scale, no half-life intervals, then the caller's. */
function refitOptions(model: ScoringModel, options: BacktestOptions): Omit<FitOptions, 'frame'> {
  const fields = [...new Set(model.fit.map((r) => r.field))];
  const ppl = model.scale?.pointsPerLogOdds;
  return {
    ...(fields.length ? { attributes: fields } : {}),
    ...(ppl ? { scale: { kind: 'pdo' as const, pdo: ppl * Math.LN2 } } : {}),
    intervals: false,
    name: `${model.name ?? 'model'} (refit)`,
    ...options.fit,
  };
}

/**
 * Backtest a model over rolling windows, re-scoring it as it is or refitting its rules on each
 * window's training part.
 *
 * Per window: AUC with DeLong's 95% interval (`compareAucs`), ECE and Brier of the model's
 * probabilities (`frameMetrics`; the model's own mapping, else isotonic on the window's
 * training part), MQLs a month at the model's thresholds, the recommended threshold
 * (`sweepThresholds` + `recommendThreshold`) and rank-order stability: Spearman's ρ of the
 * conversion rates of the score's quintiles against their order (1 = the higher the band, the
 * higher the rate), and of each fit rule's cases (resolved by `attribute-rule.ts`, cases with at
 * least `minCaseSnapshots` test snapshots) against the previous window's rates and against the
 * model's points. In refit mode the rules compared are the given model's (the fixed skeleton)
 * and each window also lists its fitted rules.
 *
 * Reference: DeLong et al. (1988), https://doi.org/10.2307/2531595; Spearman (1904).
 * Complexity: one scoring of the frame (fixed) or one fit per window (refit).
 * @throws LeadcalError `option_invalid` for bad windows or an empty frame
 *
 * @example
 * const r = backtest(history, model, { windows: 'everyQuarter', refit: true });
 * r.windows.map((w) => w.auc) // => [0.74, 0.73, 0.69, …]
 */
export function backtest(history: History, model: ScoringModel, options: BacktestOptions = {}): BacktestResult {
  const { frame: frameOptions, holdout } = chooseFrame(model, options.frame ?? {});
  const frame = buildFrame(history, frameOptions);
  if (frame.count === 0) bad('--horizon', 'the frame has no snapshots: no lead has an observed outcome window', 'use a shorter --horizon, another schedule, or a longer history');
  const lastLabelled = frame.options.untilMs - frame.options.horizonDays * DAY_MS;
  let first = Infinity;
  for (const t of frame.asOfMs) if (t < first) first = t;
  const windows = options.windows === undefined || options.windows === 'everyQuarter' ? quarterWindows(first, lastLabelled) : options.windows;
  checkWindows(windows);
  const minSupport = options.minCaseSnapshots ?? 30;
  const bands = options.bands ?? 5;
  const refit = options.refit ?? false;

  const compiled = compileModel(model, history);
  const fixed = scoreSnapshots(compiled, frame.lead, frame.asOfMs);
  const parts = windows.map((w) => windowRows(frame, w));
  const recommend = options.recommend ?? defaultObjective(fixed, frame.label, parts.map((p) => p.test));
  const points = compiled.fitRules.map((r) => r.cases.map((c) => c.points));
  let previousRates: Float64Array[] | undefined;

  const out: BacktestWindowResult[] = [];
  windows.forEach((w, k) => {
    const testTo = Math.min(w.testToMs, lastLabelled);
    const { train: trainRows, test: testRows } = parts[k]!;
    if (testRows.length === 0) return; // nothing to measure in this window
    const train = frameRows(frame, trainRows);
    const test = frameRows(frame, testRows);
    const base: BacktestWindowResult = {
      trainFrom: w.trainFromMs === undefined ? null : formatTimestamp(w.trainFromMs), trainTo: formatTimestamp(w.trainToMs),
      testFrom: formatTimestamp(w.testFromMs), testTo: formatTimestamp(testTo),
      train: { snapshots: train.count, positives: train.positives }, test: { snapshots: test.count, positives: test.positives },
      inSample: !refit && holdout !== undefined && (holdout.kind === 'stratified' || w.testFromMs < holdout.testFromMs),
      status: 'ok', auc: null, aucLower: null, aucUpper: null, ece: null, brier: null, probabilities: 'none',
      atModelThreshold: { perMonth: 0, conversionRate: null },
      recommended: { threshold: null, perMonth: null, conversionRate: null },
      rankOrder: { bands: null, rulesVsPrevious: null, rulesVsPoints: null, rules: [] },
    };
    // the rank order of the given model's rules, window after window (also in refit mode)
    const rates = caseRates(compiled, test, minSupport);
    const ruleOrders = compiled.fitRules.map((r, i): RuleOrder => ({
      rule: r.id, cases: rates[i]!.filter(Number.isFinite).length,
      vsPrevious: previousRates ? rho(rates[i]!, previousRates[i]!) : null,
      vsPoints: rho(rates[i]!, points[i]!),
    }));
    previousRates = rates;
    base.rankOrder = { bands: null, rulesVsPrevious: mean(ruleOrders.map((r) => r.vsPrevious)), rulesVsPoints: mean(ruleOrders.map((r) => r.vsPoints)), rules: ruleOrders };
    if (test.positives === 0 || test.positives === test.count) {
      out.push({ ...base, status: 'skipped', reason: `the test window has ${test.positives} conversions among ${test.count} snapshots: a single class` });
      return;
    }

    let scoredModel = model;
    let table = { score: pick(fixed.score, testRows), above: pick(fixed.above, testRows) };
    let trainScores = pick(fixed.score, trainRows);
    if (refit) {
      try {
        const fitted = fitScoringModel(history, { ...refitOptions(model, options), frame: { ...frameOptions, untilMs: w.trainToMs }, ...(w.trainFromMs === undefined ? {} : { trainFromMs: w.trainFromMs }) });
        scoredModel = fitted.model;
        base.rules = fitted.report.rules.map((r) => ({ label: r.label, coefficient: r.coefficient, points: r.points }));
        base.warnings = fitted.report.warnings.length;
        base.train = { snapshots: fitted.report.frame.snapshots, positives: fitted.report.frame.positives };
      } catch (e) {
        if (!(e instanceof LeadcalError)) throw e;
        out.push({ ...base, status: 'skipped', reason: `refit refused: ${e.issues[0]?.message ?? e.message}` });
        return;
      }
      const c = compileModel(scoredModel, history);
      table = scoreSnapshots(c, test.lead, test.asOfMs);
      trainScores = scoreSnapshots(c, train.lead, train.asOfMs).score;
    }
    const aucs = compareAucs(test.label, [table.score])[0]!;
    const p = probabilitiesFor(scoredModel, { scores: trainScores, labels: train.label }, table.score);
    const m = frameMetrics(test.label, table.score, p.probabilities ?? undefined);
    const months = Math.max(1 / DAYS_PER_MONTH, (testTo - w.testFromMs) / (DAYS_PER_MONTH * DAY_MS));
    let passed = 0, converted = 0;
    for (let i = 0; i < test.count; i++) if (table.above[i]) { passed++; converted += test.label[i]!; }
    const sweep = sweepThresholds({ scores: table.score, labels: test.label, asOfMs: test.asOfMs }, { months, recommend, candidates: MQL_THRESHOLD_CANDIDATES });
    const overall = sweep.segments[0]!;
    const rec = overall.recommended;
    out.push({
      ...base,
      auc: finite(aucs.auc), aucLower: finite(aucs.lower), aucUpper: finite(aucs.upper),
      ece: finite(m.ece), brier: finite(m.brier), probabilities: p.description,
      atModelThreshold: { perMonth: passed / months, conversionRate: passed ? converted / passed : null },
      recommended: rec ? { threshold: rec.threshold, perMonth: rec.passedPerMonth, conversionRate: rec.conversionRate } : { threshold: null, perMonth: null, conversionRate: null, ...(overall.reason ? { reason: overall.reason } : {}) },
      rankOrder: { ...base.rankOrder, bands: bandOrder(test.label, table.score, bands) },
    });
  });
  return {
    mode: refit ? 'refit' : 'fixed',
    model: model.name ?? 'model',
    target: frame.options.target,
    horizonDays: frame.options.horizonDays,
    objective: describeObjective(recommend, options.recommend === undefined),
    windows: out,
  };
}
