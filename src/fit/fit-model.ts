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
import { LeadcalError } from '../errors.js';
import type { History } from '../data/history.js';
import { behaviorPairs } from '../features/behaviors.js';
import { buildFrame, type Frame, type FrameOptions } from '../frame/frame.js';
import { splitFrames } from '../frame/split.js';
import { subFrame } from '../frame/sub-frame.js';
import { compileModel } from '../model/compile.js';
import { checkModel, type AttributeRule, type BehaviorRule, type ScoringModel } from '../model/schema.js';
import { scoreSnapshots } from '../model/score.js';
import { createRandom } from '../random.js';
import { quantile } from '../stats/quantile.js';
import { sigmoid } from '../stats/logistic.js';
import { warn } from '../warnings.js';
import { planAttributes, type AttributeFeature, type AttributePlan } from './attribute-features.js';
import { fitWeightsAndDecay, profileIntervals, type DecayFit, type DecayFitInput } from './decay-fit.js';
import { frameMetrics, type FrameMetrics } from './evaluate.js';
import { resolveScale, type PointsScale, type ResolvedScale } from './points.js';
import { rocAuc } from '../calibration/index.js';

export interface FitOptions {
  frame?: FrameOptions;
  /** Time-based holdout: train on labels known before it, test on snapshots at or after it. */
  testFromMs?: number;
  /** k-fold cross-validation grouped by lead (0 = none). */
  folds?: number;
  seed?: number;
  /** Attributes to use (default: all but identifiers). */
  attributes?: string[];
  /** Feature labels, attribute names or event types to leave out. */
  exclude?: string[];
  /** Minimum snapshots for a level, bin or behaviour (default max(30, 0.5% of snapshots)). */
  minSupport?: number;
  /** Fit half-lives (default true); false: behaviours are plain counts. */
  decay?: boolean;
  initialHalfLifeDays?: number;
  halfLifeBounds?: [number, number];
  l2?: number;
  /** Force signs by feature label or event type; default: unsubscribe-like events ≤ 0. */
  signs?: Record<string, 'positive' | 'negative'>;
  /** Lock features at given points (PDO scale only), by label. */
  locks?: Record<string, number>;
  scale?: PointsScale;
  /** Round points to integers (default true). */
  round?: boolean;
  /** Profile-likelihood intervals for half-lives (default true). */
  intervals?: boolean;
  name?: string;
  /** Event column that splits event types into behaviours (default `page`; null: no split). */
  splitColumn?: string | null;
}

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
  };
  options: FitOptions;
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
  const attributes = planAttributes(history, frame, { ...(options.attributes ? { fields: options.attributes } : {}), exclude: [...exclude], minSupport });
  const features = attributes.flatMap((p) => p.features).filter((f) => !exclude.has(f.label));
  const behaviors = behaviorPairs(history, frame, { splitColumn: options.splitColumn === undefined ? 'page' : options.splitColumn, minSnapshots: minSupport, minPairs: minSupport, excludeTypes: [...exclude] });
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
  };
  return { attributes, features, behaviors, input };
}

/** The sign a bound forces on coefficient j (none when free or locked). */
function signOf(input: DecayFitInput, j: number): { sign?: 'positive' | 'negative' } {
  const lower = input.lower![j]!;
  const upper = input.upper![j]!;
  if (upper === 0 && lower !== 0) return { sign: 'negative' };
  if (lower === 0 && upper !== 0) return { sign: 'positive' };
  return {};
}

function roundPoints(x: number, round: boolean): number {
  if (!round) return x;
  const r = Math.round(x);
  return r === 0 ? 0 : r; // no −0 in model files
}

function buildModel(d: Design, fit: DecayFit, scale: ResolvedScale, round: boolean, frame: Frame, options: FitOptions, threshold: number): ScoringModel {
  const pts = (beta: number): number => roundPoints(scale.factor * beta, round);
  const fitRules: AttributeRule[] = [];
  for (const plan of d.attributes) {
    const feats = plan.features.map((f) => ({ f, j: d.features.indexOf(f) })).filter((x) => x.j >= 0);
    if (!feats.length) continue;
    if (plan.kind === 'category') {
      const points: Record<string, number> = {};
      let other: number | undefined;
      let missing: number | undefined;
      for (const { f, j } of feats) {
        const p = pts(fit.staticCoefficients[j]!);
        if (f.kind === 'level') points[f.levels![0]!] = p;
        else if (f.kind === 'other') other = p;
        else missing = p;
      }
      fitRules.push({ id: plan.field, field: plan.field, points, ...(other === undefined ? {} : { other }), ...(missing === undefined ? {} : { missing }), note: `reference level "${plan.reference}" = 0 points` });
    } else {
      const bins = [];
      let missing: number | undefined;
      for (const { f, j } of feats) {
        if (f.kind === 'missing') missing = pts(fit.staticCoefficients[j]!);
        else bins.push({ ...(f.min === undefined ? {} : { min: f.min }), ...(f.max === undefined ? {} : { max: f.max }), points: pts(fit.staticCoefficients[j]!) });
      }
      if (bins.length) fitRules.push({ id: plan.field, field: plan.field, bins, ...(missing === undefined ? {} : { missing }), note: `reference bin ${plan.reference} = 0 points` });
    }
  }
  const behavior: BehaviorRule[] = d.behaviors.plans.map((p, b) => {
    const h = fit.halfLives[b]!;
    return {
      id: p.label,
      event: p.event,
      ...(p.where ? { where: p.where } : {}),
      points: roundPoints(scale.factor * fit.behaviorCoefficients[b]!, round),
      ...(Number.isFinite(h) ? { halfLifeDays: Math.round(h * 100) / 100 } : {}),
    };
  });
  const basePoints = roundPoints(scale.offset + scale.factor * fit.intercept, round);
  return checkModel({
    leadcal: 1,
    name: options.name ?? 'fitted',
    version: '1',
    description: `Fitted by leadcal on ${frame.count} snapshots (${frame.positives} positive); ${scale.description}`,
    target: frame.options.target,
    horizonDays: frame.options.horizonDays,
    basePoints,
    fit: fitRules,
    behavior,
    threshold,
    // log-odds ≈ β₀ + (score − basePoints)/factor: the fit's own score → probability map
    calibration: { kind: 'logistic', intercept: fit.intercept - basePoints / scale.factor, slope: 1 / scale.factor },
  }, 'fitted model');
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
  const full = buildFrame(history, frameOptions);
  const split = options.testFromMs === undefined ? undefined : splitFrames(full, options.testFromMs);
  const train = split ? split.train : full;
  const test = split?.test;
  if (train.positives === 0 || train.positives === train.count) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--target', message: `the training frame has ${train.count} snapshots and ${train.positives} positives: a fit needs both converting and non-converting snapshots`, hint: 'choose another --target, a longer --horizon, an earlier --test-from, or check the outcomes table' });
  }
  const scaleSpec = options.scale ?? { kind: 'pdo' };
  const pdoFactor = scaleSpec.kind === 'pdo' ? (scaleSpec.pdo ?? 20) / Math.LN2 : undefined;
  const d = design(history, train, options, pdoFactor);
  const fit = fitWeightsAndDecay(d.input);
  if (!fit.converged) warn({ code: 'fit_not_converged', message: `the fit did not converge in ${fit.iterations} iterations`, hint: 'increase l2, drop rare features (minSupport) or check for separation' });
  const intervals = options.intervals === false ? d.behaviors.plans.map((): [number, number] => [NaN, NaN]) : profileIntervals(fit);
  const trainOdds = train.positives / (train.count - train.positives);
  let scale = resolveScale(scaleSpec, fit.eta, trainOdds);
  const round = options.round ?? true;
  const aucExact = rocAuc(train.label, fit.eta);

  // rounding: score the training frame with the rounded model; refine the scale if it costs AUC
  let model!: ScoringModel;
  let trainScores!: Float64Array;
  let cost = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    model = buildModel(d, fit, scale, round, train, options, 0);
    trainScores = scoreSnapshots(compileModel(model, history), train.lead, train.asOfMs).score;
    cost = aucExact - rocAuc(train.label, trainScores);
    if (!round || cost < 0.005 || scaleSpec.kind === 'pdo' && options.locks && Object.keys(options.locks).length) break;
    scale = { ...scale, factor: scale.factor * 2, offset: scale.offset * 2, description: `${scale.description} (×${2 ** (attempt + 1)} to keep the rounding cost below 0.005 AUC)` };
  }
  if (cost >= 0.005) warn({ code: 'fit_not_converged', message: `rounding points costs ${cost.toFixed(4)} AUC`, hint: 'use a larger PDO or --no-round' });
  const threshold = roundPoints(quantile(trainScores, 0.8), round);
  model = { ...model, threshold };
  for (const [k, v] of Object.entries(model)) if (typeof v === 'number' && !Number.isFinite(v)) throw new LeadcalError({ code: 'internal', severity: 'error', message: `the fitted ${k} is not finite`, hint: 'increase l2' });

  const cal = model.calibration as { intercept: number; slope: number };
  const prob = (scores: Float64Array): Float64Array => scores.map((s) => sigmoid(cal.intercept + cal.slope * s));
  const trainMetrics = { ...frameMetrics(train.label, trainScores, prob(trainScores)), aucBeforeRounding: aucExact, roundingCost: cost };
  let testMetrics: FrameMetrics | undefined;
  if (test && test.count > 0) {
    const testScores = scoreSnapshots(compileModel(model, history), test.lead, test.asOfMs).score;
    testMetrics = frameMetrics(test.label, testScores, prob(testScores));
  }
  let folds: { auc: number[]; mean: number; sd: number } | undefined;
  if (options.folds && options.folds > 1) folds = crossValidate(history, train, options, options.folds);

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
    const beta = fit.behaviorCoefficients[b]!;
    const h = fit.halfLives[b]!;
    rules.push({
      kind: 'behavior', label: p.label, event: p.event, ...(p.where ? { where: p.where } : {}),
      coefficient: beta, standardError: fit.standardErrors.behavior[b]!, points: roundPoints(scale.factor * beta, round),
      ...(Number.isFinite(h) ? { halfLifeDays: h, halfLifeInterval: intervals[b]! } : {}),
      support: p.snapshots, hitRate: rate((s) => col[s]! > 0),
      ...signOf(d.input, j),
      ...(options.locks?.[p.label] !== undefined ? { locked: true } : {}),
    });
  });
  return {
    model,
    report: {
      frame: { snapshots: train.count, positives: train.positives },
      ...(test ? { test: { snapshots: test.count, positives: test.positives } } : {}),
      intercept: fit.intercept,
      interceptStandardError: fit.standardErrors.intercept,
      scale,
      basePoints: model.basePoints ?? 0,
      references: d.attributes.map((a) => ({ field: a.field, reference: a.reference })),
      rules,
      metrics: { train: trainMetrics, ...(testMetrics ? { test: testMetrics } : {}), ...(folds ? { folds } : {}) },
      iterations: fit.iterations,
      converged: fit.converged,
      logLikelihood: fit.logLikelihood,
    },
    options,
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
    const fit = fitWeightsAndDecay(d.input);
    const model = buildModel(d, fit, resolveScale({ kind: 'pdo' }, fit.eta, 1), false, train, options, 0);
    const scores = scoreSnapshots(compileModel(model, history), held.lead, held.asOfMs).score;
    aucs.push(rocAuc(held.label, scores));
  }
  const mean = aucs.reduce((a, b) => a + b, 0) / Math.max(1, aucs.length);
  const sd = Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, aucs.length - 1));
  return { auc: aucs, mean, sd };
}
