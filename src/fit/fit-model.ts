/**
 * `fitScoringModel`: learn a scoring model from history — which attributes and behaviours
 * predict conversion, how many points each is worth, and how fast each behaviour's value
 * decays — and return it in the scoring-model format with a fit report.
 *
 * Pipeline: point-in-time frame (train: snapshots whose label window closes before
 * `testFromMs`; test: snapshots at or after it) → features planned on the training frame only
 * (attribute levels and monotone bins, behaviours split by page) → joint fit of weights and
 * half-lives → profile intervals → points scaling and rounding (AUC cost reported) → model.
 */
import { LeadcalError, type Issue, type IssueCode } from '../errors.js';
import { diagnoseFrame } from '../frame/diagnose.js';
import { activityEnd } from '../frame/activity-end.js';
import { dominantRules, missingnessByOutcome, separatingAttributes } from './leak-checks.js';
import type { History } from '../data/history.js';
import { behaviorPairs, behaviorPairsFrom } from '../features/behaviors.js';
import type { FramePairs } from '../frame/frame-pairs.js';
import { buildFrame, type Frame, type FrameOptions } from '../frame/frame.js';
import { describeHoldout, splitFramesBy, type HoldoutSpec } from '../frame/split.js';
import { subFrame } from '../frame/sub-frame.js';
import { compileModel, type CompiledModel } from '../model/compile.js';
import { modelFrameFields } from '../model/model-frame.js';
import type { ResolvedAttributeRule } from '../model/attribute-rule.js';
import { checkModel, type AttributeRule, type BehaviorRule, type ScoringModel } from '../model/schema.js';
import { scoreSnapshots } from '../model/score.js';
import { scoreFromPairs, withPairCells } from '../model/pair-scores.js';
import { createRandom } from '../random.js';
import { quantile } from '../stats/quantile.js';
import { sigmoid } from '../stats/logistic.js';
import { warn } from '../warnings.js';
import { planAttributes, type AttributeFeature, type AttributePlan } from './attribute-features.js';
import { DEFAULT_L2, fitWeightsAndDecay, notConverged, profileIntervals, waldIntervals, type DecayFit, type DecayFitInput } from './decay-fit.js';
import { frameMetrics, type FrameMetrics } from './evaluate.js';
import { DEFAULT_PDO, resolveScale, type PointsScale, type ResolvedScale } from './points.js';
import { choosePriorWeight, priorCentre, PRIOR_GRID, type PriorOptions, type PriorWeight } from './prior.js';
import { rocAuc } from '../calibration/index.js';
import { binningTables, type BinningTable } from './binning-table.js';
import type { BinTrend } from '../features/optimal-bins.js';
import { halfLifeFindings, unpenalisedHalfLives, UNPENALISED_METHOD, type HalfLifeFinding, type HalfLifeSuggestion } from './half-life-report.js';

export interface FitOptions {
  frame?: FrameOptions;
  /** Time-based holdout: train on labels known before it, test on snapshots at or after it. */
  testFromMs?: number;
  /**
   * Seeded stratified holdout instead of a time split: this share of leads (stratified by label,
   * seeded by `seed`, default 1) is the test part. For tables without a meaningful time.
   */
  testShare?: number;
  /** Leave out training snapshots taken before this time (a rolling backtest window's start). */
  trainFromMs?: number;
  /** k-fold cross-validation grouped by lead (0 = none). */
  folds?: number;
  seed?: number;
  /** Attributes to use (default: all but identifiers). */
  attributes?: string[];
  /** Feature labels, attribute names or event types to leave out. */
  exclude?: string[];
  /**
   * Per numeric attribute: read as `category` (a level per integer code) or `number` (bins),
   * overriding the test on the event rate (see `planAttributes`) and the mapping's `kinds`.
   */
  kinds?: Record<string, 'category' | 'number'>;
  /** Per numeric attribute: the trend of its supervised bins, overriding the mapping's `trends` (default `auto`). */
  trends?: Record<string, BinTrend | 'auto'>;
  /** Minimum snapshots for a level, bin or behaviour (default max(30, 0.5% of snapshots)). */
  minSupport?: number;
  /** Fit half-lives (default true); false: behaviours are plain counts. */
  decay?: boolean;
  initialHalfLifeDays?: number;
  halfLifeBounds?: [number, number];
  /**
   * Groups of behaviours (labels or event types) that share one fitted half-life, each keeping
   * its own weight: the offer made when co-firing behaviours' half-lives are not identified.
   */
  tieHalfLives?: string[][];
  l2?: number;
  /** Force signs by feature label or event type; default: unsubscribe-like events ≤ 0. */
  signs?: Record<string, 'positive' | 'negative'>;
  /** Lock features at given points (PDO scale only), by label. */
  locks?: Record<string, number>;
  scale?: PointsScale;
  /** Round points to integers (default true). */
  round?: boolean;
  /** Half-life intervals and their λ = 0 refit (default true): Wald intervals from the Hessian on log h. */
  intervals?: boolean;
  /** Profile-likelihood intervals instead of the Wald ones (default false; slower: a profile per half-life). */
  profileIntervals?: boolean;
  /** Progress of the fit's phases (frame, design, Newton iterations, intervals, λ = 0 refit), for a progress bar. */
  onProgress?: (phase: string, done: number, total: number) => void;
  name?: string;
  /** Event column that splits event types into behaviours (default `page`; null: no split). */
  splitColumn?: string | null;
  /** Fewest positive and negative training snapshots for a fit (default 40 each, as Dynamics 365 asks). */
  minPositives?: number;
  minNegatives?: number;
  /** Fewest positive test snapshots for a test AUC to mean anything (default 20). */
  minTestPositives?: number;
  /** Fit below the minimums (they become warnings); an empty frame is still refused. */
  force?: boolean;
  /**
   * Shrink toward a prior model (the playbook starter or last quarter's model): the L2 penalty
   * is centred on the prior's coefficients (and half-lives), its weight λ chosen by
   * cross-validation grouped by lead unless `l2` is given. Below the minimums the fit then
   * proceeds (warned) instead of refusing.
   */
  prior?: PriorOptions;
  /**
   * The frame and its (snapshot, event) pairs gathered outside Node (`framePairsInDuckDB`), for
   * a history whose events are not loaded: the frame is `pairs.frame` (built with `frame`), the
   * behaviours are planned from the pairs (`behaviorPairsFrom`) and every score is computed from
   * them (`scoreFromPairs`); the fit, points and report are the same code.
   */
  pairs?: FramePairs;
}

/** A warning of the fit (guards forced past, leak flags, thin rules, rounding, scale), as data. */
export interface FitWarning {
  code: IssueCode;
  /** The attribute, rule or option concerned, when there is one. */
  field?: string;
  message: string;
  hint?: string;
}

/** A rule fired on fewer converting snapshots than this is reported as thin. */
export const THIN_RULE_POSITIVES = 5;

/** Defaults of the guards, stated once (README: "Guards"). */
export const FIT_GUARDS = { minPositives: 40, minNegatives: 40, minTestPositives: 20 } as const;

export interface FitRuleReport {
  kind: 'attribute' | 'behavior';
  label: string;
  field?: string;
  value?: string;
  event?: string;
  where?: Record<string, unknown>;
  coefficient: number;
  standardError: number;
  points: number;
  halfLifeDays?: number;
  halfLifeInterval?: [number, number];
  /** Snapshots where the rule fired. */
  support: number;
  hitRate: { fired: number; notFired: number };
  sign?: 'positive' | 'negative';
  locked?: boolean;
}

export interface FitResult {
  model: ScoringModel;
  report: {
    frame: { snapshots: number; positives: number };
    test?: { snapshots: number; positives: number };
    /** How the test part was held out, in words too (stated in every output). */
    holdout?: HoldoutSpec & { description: string };
    intercept: number;
    interceptStandardError: number;
    scale: ResolvedScale;
    basePoints: number;
    references: { field: string; reference: string }[];
    rules: FitRuleReport[];
    metrics: { train: FrameMetrics & { aucBeforeRounding: number; roundingCost: number }; test?: FrameMetrics; folds?: { auc: number[]; mean: number; sd: number } };
    iterations: number;
    converged: boolean;
    logLikelihood: number;
    /** The L2 penalty: λ on the standardised coefficients, in words. */
    penalty: { l2: number; description: string };
    /** With a prior: what was translated, the λ grid with its cross-validated log loss, the chosen λ, and the prior's own AUC. */
    prior?: PriorReport;
    /** Per attribute: its cases with counts, events, WoE, IV and points; its IV and trend. */
    binning: BinningTable[];
    /**
     * Per fitted half-life: the chosen one with its interval, the one without the penalty
     * (`unpenalisedMethod`), whether the data identify it, and what it moves with.
     */
    halfLives: HalfLifeFinding[];
    /** How `halfLives[].unpenalisedDays` was found, in words (absent when not computed). */
    unpenalisedMethod?: string;
    /** Offers for half-lives that are not identified: flags to add to the same `leadcal fit`. */
    suggestions: HalfLifeSuggestion[];
    /** Everything the analyst should read before trusting the model, also sent to `warn()`. */
    warnings: FitWarning[];
  };
  options: FitOptions;
}

/** The prior of a prior-shrunk fit, as reported. */
export interface PriorReport extends PriorWeight {
  file?: string;
  name: string;
  pointsPerLogOdds: number;
  /** Coefficients the prior sets (non-zero centre) of all, and half-lives it gives. */
  matched: { coefficients: number; of: number; halfLives: number };
  /** `cross-validation`, or `--l2` when λ was given (then the grid is just λ and no log loss). */
  chosenBy: 'cross-validation' | 'l2';
  /** The prior model's own AUC (its points as they are) on the training and test frames. */
  auc: { train: number; test?: number };
}

const NEGATIVE_EVENTS = /unsub|opt.?out|bounce|spam|complain/i;

interface Design {
  attributes: AttributePlan[];
  features: AttributeFeature[];
  behaviors: ReturnType<typeof behaviorPairs>;
  input: DecayFitInput;
}

function design(history: History, frame: Frame, options: FitOptions, factorForLocks: number | undefined): Design {
  const minSupport = options.minSupport ?? Math.max(30, Math.ceil(0.005 * frame.count));
  const exclude = new Set(options.exclude ?? []);
  const attributes = planAttributes(history, frame, { ...(options.attributes ? { fields: options.attributes } : {}), exclude: [...exclude], minSupport, ...(options.kinds || history.leads.kinds ? { kinds: { ...history.leads.kinds, ...options.kinds } } : {}), ...(options.trends || history.leads.trends ? { trends: { ...history.leads.trends, ...options.trends } } : {}) });
  const features = attributes.flatMap((p) => p.features).filter((f) => !exclude.has(f.label));
  const behaviorOptions = { splitColumn: options.splitColumn === undefined ? 'page' : options.splitColumn, minSnapshots: minSupport, minPairs: minSupport, excludeTypes: [...exclude] };
  const behaviors = options.pairs ? behaviorPairsFrom(options.pairs, frame, behaviorOptions) : behaviorPairs(history, frame, behaviorOptions);
  const keep = behaviors.plans.map((p) => !exclude.has(p.label));
  behaviors.plans = behaviors.plans.filter((_, b) => keep[b]);
  behaviors.snapshot = behaviors.snapshot.filter((_, b) => keep[b]);
  behaviors.ageDays = behaviors.ageDays.filter((_, b) => keep[b]);
  const labels = [...features.map((f) => f.label), ...behaviors.plans.map((p) => p.label)];
  const lower = new Float64Array(labels.length).fill(-Infinity);
  const upper = new Float64Array(labels.length).fill(Infinity);
  labels.forEach((label, j) => {
    const event = j >= features.length ? behaviors.plans[j - features.length]!.event : undefined;
    const sign = options.signs?.[label] ?? (event ? options.signs?.[event] : undefined) ?? (event && NEGATIVE_EVENTS.test(event) ? 'negative' : undefined);
    if (sign === 'negative') upper[j] = 0;
    if (sign === 'positive') lower[j] = 0;
    const lock = options.locks?.[label];
    if (lock !== undefined) {
      if (factorForLocks === undefined) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'locks', message: 'locked points need a PDO scale (points per log-odds fixed in advance)', hint: 'use scale { kind: "pdo" } or drop the locks' });
      lower[j] = upper[j] = lock / factorForLocks;
    }
  });
  const h0 = options.initialHalfLifeDays ?? 30;
  const groups = tieGroups(behaviors.plans, options.tieHalfLives);
  const input: DecayFitInput = {
    rows: frame.count,
    labels: frame.label,
    staticColumns: features.map((f) => ({ rows: f.rows })),
    pairs: behaviors.plans.map((_, b) => ({ snapshot: behaviors.snapshot[b]!, ageDays: behaviors.ageDays[b]! })),
    halfLives: behaviors.plans.map(() => (options.decay === false ? Infinity : h0)),
    lower,
    upper,
    ...(options.l2 === undefined ? {} : { l2: options.l2 }),
    ...(options.halfLifeBounds ? { halfLifeBounds: options.halfLifeBounds } : {}),
    ...(groups ? { halfLifeGroups: groups } : {}),
  };
  return { attributes, features, behaviors, input };
}

/** Points per unit of log-odds when the scale is a PDO one (locked points need it), else undefined. */
function pdoFactorOf(options: FitOptions): number | undefined {
  const spec = options.scale ?? { kind: 'pdo' };
  return spec.kind === 'pdo' ? (spec.pdo ?? DEFAULT_PDO) / Math.LN2 : undefined;
}

/**
 * The design `fitScoringModel` fits on `frame` (the training frame): the attribute indicators,
 * the behaviour pairs, the bounds from signs and locks, the initial half-lives. For benchmarks
 * and diagnostics that time or inspect the fit alone.
 *
 * @example
 * const input = fitDesign(history, buildFrame(history, { target: 'sql' }));
 * fitDecay(input).fit.halfLives // => Float64Array [13.8, …]
 */
export function fitDesign(history: History, frame: Frame, options: FitOptions = {}): DecayFitInput {
  return design(history, frame, options, pdoFactorOf(options)).input;
}

/**
 * The fit with decay on a planned design, as `fitScoringModel` runs it: weights and half-lives
 * jointly (`fitWeightsAndDecay`), each half-life's 95% interval (Wald; the profile with
 * `profileIntervals`; none with `intervals: false`) and the half-lives refitted without the
 * penalty (`unpenalisedHalfLives`; skipped with the intervals or without decay).
 * Reference: `fit/decay-fit.ts` and `fit/half-life-report.ts`.
 *
 * @example
 * const { fit, intervals } = fitDecay(fitDesign(history, frame));
 * intervals[0] // => [9.4, 21.3]
 */
export function fitDecay(input: DecayFitInput, options: Pick<FitOptions, 'intervals' | 'profileIntervals' | 'decay' | 'onProgress'> = {}): { fit: ReturnType<typeof fitWeightsAndDecay>; intervals: [number, number][]; unpenalised: Float64Array | undefined } {
  const progress = options.onProgress;
  const fit = fitWeightsAndDecay(progress ? { ...input, onIteration: (it, max) => progress('fitting weights and half-lives', it, max) } : input);
  progress?.('half-life intervals', 0, 2);
  const intervals = options.intervals === false ? input.pairs.map((): [number, number] => [NaN, NaN]) : options.profileIntervals ? profileIntervals(fit) : waldIntervals(fit);
  progress?.('half-lives without the penalty', 1, 2);
  // the penalty's effect: the half-lives refitted without it (skipped with the intervals)
  const unpenalised = options.intervals === false || options.decay === false ? undefined : unpenalisedHalfLives(input, fit);
  progress?.('half-lives without the penalty', 2, 2);
  return { fit, intervals, unpenalised };
}

/**
 * Per behaviour, the index of the `tieHalfLives` group naming its label or event type (−1: none).
 *
 * @throws {LeadcalError} option_invalid for a name that matches no behaviour, or one in two groups
 */
function tieGroups(plans: { label: string; event: string }[], tie: string[][] | undefined): Int32Array | undefined {
  if (!tie?.length) return undefined;
  const groups = new Int32Array(plans.length).fill(-1);
  tie.forEach((names, g) => {
    for (const name of names) {
      const hits = plans.map((p, b) => (p.label === name || p.event === name ? b : -1)).filter((b) => b >= 0);
      if (!hits.length) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'tieHalfLives', message: `--tie-half-lives names "${name}", which is no behaviour of this fit`, hint: `behaviours: ${plans.map((p) => p.label).join(', ')}` });
      for (const b of hits) {
        if (groups[b]! >= 0 && groups[b] !== g) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'tieHalfLives', message: `${plans[b]!.label} is in two --tie-half-lives groups`, hint: 'list each behaviour in one group' });
        groups[b] = g;
      }
    }
  });
  return groups;
}

/** The sign a bound forces on coefficient j (none when free or locked). */
function signOf(input: DecayFitInput, j: number): { sign?: 'positive' | 'negative' } {
  const lower = input.lower![j]!;
  const upper = input.upper![j]!;
  if (upper === 0 && lower !== 0) return { sign: 'negative' };
  if (lower === 0 && upper !== 0) return { sign: 'positive' };
  return {};
}

/** A model compiled for the fit's scores: against the history, or its pairs' cells when the events are not loaded. */
function compileFor(model: ScoringModel, history: History, options: FitOptions): CompiledModel {
  return compileModel(model, options.pairs ? withPairCells(history, options.pairs) : history);
}

/** The scores of a frame's snapshots: the production scorer, or from the pairs when the fit has them. */
function scoresOf(compiled: CompiledModel, frame: Frame, options: FitOptions): Float64Array {
  return options.pairs ? scoreFromPairs(compiled, options.pairs, frame) : scoreSnapshots(compiled, frame.lead, frame.asOfMs).score;
}

function roundPoints(x: number, round: boolean): number {
  if (!round) return x;
  const r = Math.round(x);
  return r === 0 ? 0 : r; // no −0 in model files
}

/**
 * Points of every case of a planned attribute: the coefficient of the case's feature, 0 for the
 * reference group (and for a feature left out by `exclude`).
 */
function casePoints(plan: AttributePlan, d: Design, beta: Float64Array, pts: (b: number) => number): number[] {
  return plan.resolved.cases.map((_, c) => {
    const f = plan.caseFeature[c]!;
    const j = f < 0 ? -1 : d.features.indexOf(plan.features[f]!);
    return j < 0 ? 0 : pts(beta[j]!);
  });
}

/** The plan's skeleton rule with its cases' points filled in: every case written out. */
function attributeRule(plan: AttributePlan, points: number[]): AttributeRule {
  const { skeleton, resolved } = plan;
  const last = resolved.cases.length - 1;
  const rule: AttributeRule = { id: plan.field, field: plan.field, missing: points[0]!, other: points[last]! };
  if (skeleton.points) {
    // built as entries: a level named like an Object property (__proto__) stays a level
    rule.points = Object.fromEntries(resolved.cases.flatMap((c, k) => (c.kind === 'level' ? [[c.level, points[k]!]] : [])));
    rule.note = `reference level "${plan.reference}" = 0 points; unlisted levels score as other`;
  } else {
    rule.bins = skeleton.bins!.map((b, j) => ({ ...b, points: points[1 + j]! }));
    rule.note = `reference bin ${plan.reference} = 0 points`;
  }
  return rule;
}

function buildModel(d: Design, fit: DecayFit, scale: ResolvedScale, round: boolean, frame: Frame, options: FitOptions, threshold: number): ScoringModel {
  const pts = (beta: number): number => roundPoints(scale.factor * beta, round);
  const fitRules: AttributeRule[] = [];
  for (const plan of d.attributes) {
    if (!plan.features.some((f) => d.features.includes(f))) continue;
    fitRules.push(attributeRule(plan, casePoints(plan, d, fit.staticCoefficients, pts)));
  }
  const behavior: BehaviorRule[] = d.behaviors.plans.map((p, b) => {
    const h = fit.halfLives[b]!;
    return {
      id: p.label,
      event: p.event,
      ...(p.where ? { where: p.where } : {}),
      points: roundPoints(scale.factor * fit.behaviorCoefficients[b]!, round),
      ...(Number.isFinite(h) ? { halfLifeDays: round ? Math.round(h * 100) / 100 : h } : {}),
    };
  });
  const basePoints = roundPoints(scale.offset + scale.factor * fit.intercept, round);
  return checkModel({
    leadcal: 1,
    name: options.name ?? 'fitted',
    version: '1',
    description: `Fitted by leadcal on ${frame.count} snapshots (${frame.positives} positive); ${scale.description}`,
    ...modelFrameFields(frame.options, options.testFromMs),
    ...(options.testShare === undefined ? {} : { testSplit: { share: options.testShare, seed: options.seed ?? 1 } }),
    scale: { pointsPerLogOdds: scale.factor, description: scale.description },
    basePoints,
    fit: fitRules,
    behavior,
    threshold,
    // log-odds ≈ β₀ + (score − basePoints)/factor: the fit's own score → probability map
    calibration: { kind: 'logistic', intercept: fit.intercept - basePoints / scale.factor, slope: 1 / scale.factor },
  }, 'fitted model');
}

/**
 * The guards: never a model from nothing. An empty frame, or one without both classes, is
 * refused with the frame's diagnosis; below the minimums of positives and negatives (train) or
 * positives (test) the fit is refused unless `force`, and then warned.
 *
 * @throws {LeadcalError} code `frame_loses_conversions` or `too_little_signal`
 */
function checkSignal(history: History, full: Frame, train: Frame, test: Frame | undefined, options: FitOptions, note: (w: Omit<Issue, 'severity'>) => void): void {
  const diagnosis = diagnoseFrame(history, full);
  const minPositives = options.minPositives ?? FIT_GUARDS.minPositives;
  const minNegatives = options.minNegatives ?? FIT_GUARDS.minNegatives;
  const minTest = options.minTestPositives ?? FIT_GUARDS.minTestPositives;
  const negatives = train.count - train.positives;
  if (train.positives === 0 || negatives === 0) {
    throw new LeadcalError({
      code: diagnosis.issue?.code ?? 'too_little_signal', severity: 'error', column: diagnosis.issue?.column ?? '--target',
      message: `cannot fit: the training frame has ${train.count} snapshots and ${train.positives} positives: a fit needs both converting and non-converting snapshots${diagnosis.issue ? ` (${diagnosis.issue.message})` : ''}`,
      hint: diagnosis.issue?.hint ?? 'choose another --target, a longer --horizon, an earlier --test-from, or check the outcomes table',
    });
  }
  if (diagnosis.issue) note(diagnosis.issue);
  const problems: string[] = [];
  if (train.positives < minPositives) problems.push(`${train.positives} positive training snapshots (at least ${minPositives} needed)`);
  if (negatives < minNegatives) problems.push(`${negatives} negative training snapshots (at least ${minNegatives} needed)`);
  if (test && test.positives < minTest) problems.push(`${test.positives} positive test snapshots (at least ${minTest} for a test AUC to mean anything)`);
  if (!problems.length) return;
  const issue = {
    code: 'too_little_signal' as const, column: test && test.positives < minTest ? (options.testShare !== undefined ? '--test-share' : '--test-from') : '--target',
    message: `too little signal: ${problems.join('; ')}`,
    hint: `${diagnosis.issue?.hint ? `${diagnosis.issue.hint}; or ` : ''}${test && test.positives < minTest ? (options.testShare !== undefined ? 'hold out a larger --test-share, ' : 'move --test-from earlier, ') : ''}use a longer --horizon or more history${options.prior ? '' : '; --prior M (last quarter\'s model, or datasets/models/starter.yaml) fits shrunk toward that model; --force fits anyway'}`,
  };
  if (options.prior) {
    note({ ...issue, message: `${issue.message}: a prior-shrunk small-data fit (the weights are pulled toward the prior ${options.prior.file ?? options.prior.model.name}; see the prior's weight and its cross-validated log loss in the report)` });
    return;
  }
  if (!options.force) throw new LeadcalError({ ...issue, severity: 'error' });
  note({ ...issue, message: `${issue.message} (fitted anyway: --force)` });
}

/**
 * The scale's range: PDO scores of probabilities 10⁻⁶ … 1 − 10⁻⁶ (no lead-scoring history
 * supports odds beyond a million to one), or the chosen [min, max] (5% slack for rounding).
 * A model whose training scores go past it is flagged, and so is any single rule case worth
 * more than a 1,000-fold change in the odds (a rule worth hundreds of points).
 */
function checkScaleRange(scores: Float64Array, scale: ResolvedScale, spec: PointsScale, model: ScoringModel, fitRules: ResolvedAttributeRule[], note: (w: Omit<Issue, 'severity'>) => void): void {
  const huge = scale.factor * Math.log(1000);
  const big: string[] = [];
  for (const r of fitRules) for (const c of r.cases) if (Math.abs(c.points) > huge) big.push(`${c.label} (${c.points})`);
  for (const b of model.behavior) if (Math.abs(b.points) > huge) big.push(`${b.id ?? b.event} (${b.points} per event)`);
  if (big.length) note({ code: 'fit_separation', column: 'scale', message: `${big.length} rule${big.length === 1 ? ' is' : 's are'} worth more than a 1,000-fold change in the odds (${huge.toFixed(0)} points at ${scale.description}): ${big.slice(0, 6).join('; ')}`, hint: 'such a rule nearly decides the outcome alone: look for a leak or a separated level (see the other warnings), or raise --l2' });
  const logit = Math.log(1e6);
  const [lo, hi] = spec.kind === 'range' ? [spec.min ?? 0, spec.max ?? 100] : [scale.offset - scale.factor * logit, scale.offset + scale.factor * logit];
  const slack = spec.kind === 'range' ? 0.05 * (hi - lo) : 0;
  let min = Infinity, max = -Infinity;
  for (const v of scores) { if (v < min) min = v; if (v > max) max = v; }
  if (min >= lo - slack && max <= hi + slack) return;
  note({ code: 'fit_separation', column: 'scale', message: `training scores run from ${min.toFixed(0)} to ${max.toFixed(0)}, beyond the ${lo.toFixed(0)}…${hi.toFixed(0)} the scale implies (${scale.description})`, hint: 'some rule is worth far too much: look for a leak or a separated level (see the other warnings), or raise --l2' });
}

/**
 * The fitted file must say what the fit found: each training snapshot's score, computed by the
 * scorer from the unrounded model, equals offset + factor·η (to 1e-9, relative).
 *
 * @throws {LeadcalError} code `internal` naming the first snapshot that differs
 */
function checkScoresMatchFit(scores: Float64Array, eta: Float64Array, scale: ResolvedScale): void {
  for (let s = 0; s < scores.length; s++) {
    const expected = scale.offset + scale.factor * eta[s]!;
    if (!(Math.abs(scores[s]! - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
      throw new LeadcalError({ code: 'internal', severity: 'error', message: `the fitted model scores training snapshot ${s} at ${scores[s]} where the fit says ${expected}: the model file would not say what the fit found`, hint: 'please report this with the history that produced it' });
    }
  }
}

/**
 * The fit's holdout: a time split at `testFromMs`, a stratified share of leads, or none. A
 * time split needs dates: a flat table read without them refuses it.
 *
 * @throws {LeadcalError} code `option_invalid`
 */
function holdoutOf(history: History, options: FitOptions): HoldoutSpec | undefined {
  const bad = (column: string, message: string, hint: string): never => {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
  };
  if (options.testShare !== undefined) {
    if (options.testFromMs !== undefined) bad('--test-share', 'give either --test-from (a time split) or --test-share (a stratified split), not both', 'a time split needs dates; a stratified split does not');
    return { kind: 'stratified', testShare: options.testShare, seed: options.seed ?? 1 };
  }
  if (options.testFromMs === undefined) return undefined;
  if (history.flat && !history.flat.dated) bad('--test-from', `${history.flat.file} has no dates (created_at is the row order), so a time split means nothing`, 'use --test-share 0.3 (a seeded stratified split), or map a date column as created_at');
  return { kind: 'time', testFromMs: options.testFromMs };
}

/**
 * Fit a scoring model (weights, half-lives, points) to a history.
 *
 * @throws {LeadcalError} when the training frame has no positives or no negatives
 * @example
 * const { model, report } = fitScoringModel(history, { frame: { target: 'sql', horizonDays: 90 } });
 * report.metrics.train.auc // => 0.78
 */
export function fitScoringModel(history: History, options: FitOptions = {}): FitResult {
  const frameOptions = options.frame ?? {};
  const progress = options.onProgress;
  const full = options.pairs?.frame ?? buildFrame(history, frameOptions, progress && ((done, total) => progress('building the frame', done, total)));
  const holdout = holdoutOf(history, options);
  const split = holdout && splitFramesBy(full, holdout);
  const known = split ? split.train : full;
  const trainFrom = options.trainFromMs;
  const train = trainFrom === undefined ? known : subFrame(known, (s) => known.asOfMs[s]! >= trainFrom);
  const test = split?.test;
  const warnings: FitWarning[] = [];
  const note = (w: Omit<Issue, 'severity'>): void => {
    warnings.push({ code: w.code, ...(w.column === undefined ? {} : { field: w.column }), message: w.message, ...(w.hint === undefined ? {} : { hint: w.hint }) });
    warn(w);
  };
  checkSignal(history, full, train, test, options, note);
  const past = activityEnd(history, full.options.untilMs, full.options.horizonDays, options.pairs?.lastEventMs).issue;
  if (past) note(past);
  const exclude = new Set(options.exclude ?? []);
  const fields = (options.attributes ?? Object.keys(history.leads.attributes)).filter((f) => !exclude.has(f));
  for (const w of [...separatingAttributes(history, train, fields), ...missingnessByOutcome(history, train.options.untilMs, fields)]) note(w);
  const scaleSpec = options.scale ?? { kind: 'pdo' };
  progress?.('planning features', 0, 1);
  const d = design(history, train, options, pdoFactorOf(options));
  progress?.('planning features', 1, 1);
  const prior = options.prior && shrinkTowardPrior(d, history, train, test, options, options.prior);
  const { fit, intervals, unpenalised } = fitDecay(d.input, options);
  if (!fit.converged) note(notConverged(fit));
  const trainOdds = train.positives / (train.count - train.positives);
  const scale = resolveScale(scaleSpec, fit.eta, trainOdds);
  const round = options.round ?? true;
  const aucExact = rocAuc(train.label, fit.eta);

  // one meaning: the unrounded model, read by the production scorer, scores every training
  // snapshot at offset + factor·η — else the file would not say what the fit found
  const exact = buildModel(d, fit, scale, false, train, options, 0);
  const exactScores = scoresOf(compileFor(exact, history, options), train, options);
  checkScoresMatchFit(exactScores, fit.eta, scale);

  // the scale is one decision: rounding never rescales; its AUC cost is reported (and warned)
  let model = round ? buildModel(d, fit, scale, true, train, options, 0) : exact;
  // compiled once: the threshold set below moves no points, so train, test and checks share it
  const compiledModel = compileFor(model, history, options);
  const trainScores = round ? scoresOf(compiledModel, train, options) : exactScores;
  const cost = aucExact - rocAuc(train.label, trainScores);
  if (cost >= 0.005) note({ code: 'fit_rounding', message: `rounding points to integers costs ${cost.toFixed(4)} AUC at ${scale.description}`, hint: 'use a larger --pdo (more points per doubling of the odds) or --no-round' });
  const threshold = roundPoints(quantile(trainScores, 0.8), round);
  model = { ...model, threshold };
  const flagged = new Set(warnings.map((w) => w.field));
  for (const w of dominantRules(train, trainScores, compiledModel.fitPoints, compiledModel.fitRules.map((r) => r.field), model.behavior.length + model.decay.length)) if (!flagged.has(w.column)) note(w);
  checkScaleRange(trainScores, scale, scaleSpec, model, compiledModel.fitRules, note);
  for (const [k, v] of Object.entries(model)) if (typeof v === 'number' && !Number.isFinite(v)) throw new LeadcalError({ code: 'internal', severity: 'error', message: `the fitted ${k} is not finite`, hint: 'increase l2' });

  const cal = model.calibration as { intercept: number; slope: number };
  const prob = (scores: Float64Array): Float64Array => scores.map((s) => sigmoid(cal.intercept + cal.slope * s));
  const trainMetrics = { ...frameMetrics(train.label, trainScores, prob(trainScores)), aucBeforeRounding: aucExact, roundingCost: cost };
  let testMetrics: FrameMetrics | undefined;
  if (test && test.count > 0) {
    const testScores = scoresOf(compiledModel, test, options);
    testMetrics = frameMetrics(test.label, testScores, prob(testScores));
  }
  let folds: { auc: number[]; mean: number; sd: number } | undefined;
  if (options.folds && options.folds > 1) folds = crossValidate(history, train, prior ? { ...options, l2: prior.chosen } : options, options.folds);

  // report
  const rate = (fired: (s: number) => boolean): { fired: number; notFired: number } => {
    let fp = 0, fn = 0, np = 0, nn = 0;
    for (let s = 0; s < train.count; s++) {
      if (fired(s)) { fn++; fp += train.label[s]!; } else { nn++; np += train.label[s]!; }
    }
    return { fired: fn ? fp / fn : NaN, notFired: nn ? np / nn : NaN };
  };
  const rules: FitRuleReport[] = [];
  d.features.forEach((f, j) => {
    const mark = new Uint8Array(train.count);
    for (const s of f.rows) mark[s] = 1;
    const beta = fit.staticCoefficients[j]!;
    rules.push({
      kind: 'attribute', label: f.label, field: f.field, value: f.label.slice(f.field.length + 1),
      coefficient: beta, standardError: fit.standardErrors.static[j]!, points: roundPoints(scale.factor * beta, round),
      support: f.rows.length, hitRate: rate((s) => mark[s] === 1),
      ...signOf(d.input, j),
      ...(options.locks?.[f.label] !== undefined ? { locked: true } : {}),
    });
  });
  d.behaviors.plans.forEach((p, b) => {
    const j = d.features.length + b;
    const col = fit.behaviorColumns[b]!;
    const mark = new Uint8Array(train.count);
    for (let k = 0; k < col.rows.length; k++) if (col.values[k]! > 0) mark[col.rows[k]!] = 1;
    const beta = fit.behaviorCoefficients[b]!;
    const h = fit.halfLives[b]!;
    rules.push({
      kind: 'behavior', label: p.label, event: p.event, ...(p.where ? { where: p.where } : {}),
      coefficient: beta, standardError: fit.standardErrors.behavior[b]!, points: roundPoints(scale.factor * beta, round),
      ...(Number.isFinite(h) ? { halfLifeDays: h, halfLifeInterval: intervals[b]! } : {}),
      support: p.snapshots, hitRate: rate((s) => mark[s] === 1),
      ...signOf(d.input, j),
      ...(options.locks?.[p.label] !== undefined ? { locked: true } : {}),
    });
  });
  // defect 2 of #11: no rule's points may rest on a handful of conversions without saying so
  // thin on either side: few conversions, or few non-conversions, among the snapshots it fires on
  const firedPositives = (r: FitRuleReport): number => Math.round(r.support * (Number.isFinite(r.hitRate.fired) ? r.hitRate.fired : 0));
  const thinSide = (r: FitRuleReport): number => Math.min(firedPositives(r), r.support - firedPositives(r));
  const thin = rules.filter((r) => !r.locked && thinSide(r) < THIN_RULE_POSITIVES && r.points !== 0);
  if (thin.length) {
    note({
      code: 'fit_thin_rule', column: thin[0]!.field ?? thin[0]!.event ?? thin[0]!.label,
      message: `${thin.length} rule${thin.length === 1 ? ' rests' : 's rest'} on fewer than ${THIN_RULE_POSITIVES} converting (or non-converting) snapshots, so ${thin.length === 1 ? 'its points come' : 'their points come'} mostly from the L2 penalty: ${thin.slice(0, 8).map((r) => `${r.label} (${r.points} points, ${firedPositives(r)} of ${r.support} converting)`).join('; ')}${thin.length > 8 ? '; …' : ''}`,
      hint: 'treat these points as rough; raise --min-support to pool such levels, or fit on more history',
    });
  }
  for (const w of groupWarnings(d, train, rules)) note(w);
  const halfLives = halfLifeFindings(d.behaviors.plans, fit, options.intervals === false ? undefined : intervals, unpenalised, options.halfLifeBounds ?? [1, 3650], d.input.halfLifeGroups);
  for (const w of halfLives.warnings) note(w);
  const l2 = d.input.l2 ?? DEFAULT_L2;
  const penaltyWords = prior
    ? `L2 penalty λ = ${l2} on the standardised coefficients, centred on the prior ${prior.file ?? prior.name}'s coefficients (½λ Σ (β − β_prior)²·variance of the column${prior.matched.halfLives ? ', and its half-lives on the log scale' : ''}; λ ${prior.chosenBy === 'l2' ? 'given by --l2' : `chosen by ${prior.folds}-fold cross-validation by lead`}); the intercept not penalised`
    : l2 === 0 ? 'no penalty' : `L2 penalty λ = ${l2} on the standardised coefficients (½λ Σ β²·variance of the column; scikit-learn's C = ${+(1 / l2).toPrecision(3)}), the same at any number of snapshots; half-lives and the intercept not penalised`;
  return {
    model,
    report: {
      frame: { snapshots: train.count, positives: train.positives },
      ...(test ? { test: { snapshots: test.count, positives: test.positives } } : {}),
      ...(holdout ? { holdout: { ...holdout, description: describeHoldout(holdout) } } : {}),
      intercept: fit.intercept,
      interceptStandardError: fit.standardErrors.intercept,
      scale,
      basePoints: model.basePoints ?? 0,
      references: d.attributes.map((a) => ({ field: a.field, reference: a.reference })),
      rules,
      penalty: { l2, description: penaltyWords },
      ...(prior ? { prior } : {}),
      binning: binningTables(history, train, d.attributes, model.fit),
      halfLives: halfLives.findings,
      ...(unpenalised ? { unpenalisedMethod: UNPENALISED_METHOD } : {}),
      suggestions: halfLives.suggestions,
      metrics: { train: trainMetrics, ...(testMetrics ? { test: testMetrics } : {}), ...(folds ? { folds } : {}) },
      iterations: fit.iterations,
      converged: fit.converged,
      logLikelihood: fit.logLikelihood,
      warnings,
    },
    options,
  };
}

/** A rule's points are flagged as set by other features from this many standard errors (coefficient and rate difference). */
export const SIGN_CONFLICT_Z = 2;

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * Warnings on the attribute groups: levels or pooled levels with no events or no non-events
 * that were pooled instead of getting points (`fit_pure_group`), and rules whose sign disagrees
 * with their own event rate against the reference group (`fit_sign_conflict`: "sign set by
 * other features", typically a collinear pair), each with both rates. Only clear cases: the
 * coefficient and the rate difference (two-proportion z) both beyond SIGN_CONFLICT_Z.
 */
function groupWarnings(d: Design, train: Frame, rules: FitRuleReport[]): Omit<Issue, 'severity'>[] {
  const out: Omit<Issue, 'severity'>[] = [];
  for (const plan of d.attributes) {
    if (!plan.pure?.length) continue;
    out.push({
      code: 'fit_pure_group', column: plan.field,
      message: `${plan.field}: ${plan.pure.join(', ')} ${plan.pure.length === 1 ? 'has' : 'have'} no conversions or only conversions in the training frame, so ${plan.pure.length === 1 ? 'it shares' : 'they share'} the points of the level nearest in conversion rate instead of getting infinite points of ${plan.pure.length === 1 ? 'its' : 'their'} own`,
      hint: `a rate of 0 or 1 gives no finite points; if "${plan.field}" is filled in after the outcome, leave it out with --exclude ${plan.field}`,
    });
  }
  const conflicts: string[] = [];
  let first: string | undefined;
  for (const plan of d.attributes) {
    // the reference group: snapshots whose case has no feature of its own
    const inFeature = new Uint8Array(train.count);
    for (const f of plan.features) for (const s of f.rows) inFeature[s] = 1;
    let rn = 0, re = 0;
    for (let s = 0; s < train.count; s++) if (!inFeature[s]) { rn++; re += train.label[s]!; }
    if (!rn) continue;
    const rRef = re / rn;
    for (const f of plan.features) {
      const rule = rules.find((r) => r.label === f.label);
      if (!rule || rule.points === 0 || rule.locked || !(rule.standardError > 0)) continue;
      const n = f.rows.length;
      let e = 0;
      for (const s of f.rows) e += train.label[s]!;
      const r = e / n;
      const pooled = (e + re) / (n + rn);
      const z = (r - rRef) / Math.sqrt(Math.max(1e-12, pooled * (1 - pooled) * (1 / n + 1 / rn)));
      if (Math.sign(z) === Math.sign(rule.coefficient) || Math.abs(z) < SIGN_CONFLICT_Z || Math.abs(rule.coefficient) < SIGN_CONFLICT_Z * rule.standardError) continue;
      first ??= plan.field;
      conflicts.push(`${f.label} gets ${rule.points > 0 ? '+' : ''}${rule.points} points although it converts at ${pct(r)} against ${pct(rRef)} for the reference (${plan.reference})`);
    }
  }
  if (conflicts.length) {
    out.push({
      code: 'fit_sign_conflict', column: first!,
      message: `sign set by other features: ${conflicts.slice(0, 8).join('; ')}${conflicts.length > 8 ? '; …' : ''}`,
      hint: 'such a rule moves with another feature (a collinear pair); force its sign (--sign LABEL=negative|positive), lock it (--lock LABEL=POINTS), or leave one of the pair out with --exclude',
    });
  }
  return out;
}

/** Centre the design's penalty on the prior (coefficients, and half-lives unless `decay` is off; they also start there). */
function centreOnPrior(d: Design, history: History, frame: Frame, prior: PriorOptions, options: FitOptions): ReturnType<typeof priorCentre> {
  const c = priorCentre(prior.model, options.pairs ? withPairCells(history, options.pairs) : history, frame, d.attributes, d.features, d.behaviors.plans);
  d.input.centre = c.centre;
  if (options.decay !== false) {
    d.input.priorHalfLives = c.halfLives;
    d.input.halfLives = d.input.halfLives.map((h, b) => (Number.isFinite(c.halfLives[b]!) ? c.halfLives[b]! : h));
  }
  return c;
}

/**
 * Shrink the design's fit toward the prior: centre its penalty on the prior and set λ, chosen
 * by cross-validation grouped by lead over the grid unless `l2` is given. Returns the report.
 */
function shrinkTowardPrior(d: Design, history: History, train: Frame, test: Frame | undefined, options: FitOptions, prior: PriorOptions): PriorReport {
  const c = centreOnPrior(d, history, train, prior, options);
  const grid = [...(prior.grid ?? PRIOR_GRID)].sort((a, b) => a - b);
  const weight: PriorWeight = options.l2 !== undefined
    ? { grid: [options.l2], cvLogLoss: [], chosen: options.l2, folds: 0 }
    : choosePriorWeight(d.input, train.lead, prior.folds ?? 5, options.seed ?? 1, grid);
  d.input.l2 = weight.chosen;
  const compiled = compileFor(prior.model, history, options);
  const aucOf = (f: Frame): number => rocAuc(f.label, scoresOf(compiled, f, options));
  return {
    ...(prior.file === undefined ? {} : { file: prior.file }),
    name: prior.model.name,
    pointsPerLogOdds: c.pointsPerLogOdds,
    matched: { coefficients: c.matched.coefficients, of: c.centre.length, halfLives: c.matched.halfLives },
    ...weight,
    chosenBy: options.l2 !== undefined ? 'l2' : 'cross-validation',
    auc: { train: aucOf(train), ...(test && test.count > 0 ? { test: aucOf(test) } : {}) },
  };
}

/** k-fold cross-validation grouped by lead: AUC of the linear predictor on each held-out fold. */
function crossValidate(history: History, frame: Frame, options: FitOptions, k: number): { auc: number[]; mean: number; sd: number } {
  const random = createRandom(options.seed ?? 1);
  const foldOfLead = new Int32Array(history.leads.count);
  for (let i = 0; i < foldOfLead.length; i++) foldOfLead[i] = random.int(k);
  const aucs: number[] = [];
  for (let f = 0; f < k; f++) {
    const train = subFrame(frame, (s) => foldOfLead[frame.lead[s]!] !== f);
    const held = subFrame(frame, (s) => foldOfLead[frame.lead[s]!] === f);
    if (train.positives === 0 || held.positives === 0 || held.positives === held.count) continue;
    // refit on the fold's training rows only
    const d = design(history, train, options, undefined);
    if (options.prior) centreOnPrior(d, history, train, options.prior, options);
    const fit = fitWeightsAndDecay(d.input);
    const model = buildModel(d, fit, resolveScale({ kind: 'pdo' }, fit.eta, 1), false, train, options, 0);
    const scores = scoresOf(compileFor(model, history, options), held, options);
    aucs.push(rocAuc(held.label, scores));
  }
  const mean = aucs.reduce((a, b) => a + b, 0) / Math.max(1, aucs.length);
  const sd = Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, aucs.length - 1));
  return { auc: aucs, mean, sd };
}
