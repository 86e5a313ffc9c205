/**
 * What the points miss: the interactions and non-linearities a rule-based model does not
 * capture, found with the boosted baseline and the point model's residuals, each priced as the
 * test-AUC gain of adding it to the model as one rule the analyst can accept.
 *
 * 1. Split the history as `compare` does (the model's holdout) and score both parts with the
 *    model (the production scorer).
 * 2. Residuals: r = y − σ(a + b·score) on the training part, a and b fitted (the points'
 *    own probability scale).
 * 3. Candidates, one behaviour rule each, over the behaviours the boosted baseline plans
 *    (`planPredictiveFeatures`), with the model's half-life for that behaviour when it has one:
 *    - interaction: the behaviour for leads of one attribute level or bin only (`when`);
 *      screened by the boosted trees' TreeSHAP dependence — how much more (or less) the
 *      behaviour's contribution grows with its count inside the level than outside;
 *    - non-linearity in age: the behaviour's events of the last 7, 30, 60 or 90 days only
 *      (`lookbackDays`), i.e. older events worth less (or more) than the points say;
 *    - a behaviour the model has no rule for.
 *    Non-linearities and missing behaviours are screened by |correlation| with the residuals.
 * 4. Each shortlisted candidate's column is the production scorer's reading of the rule at
 *    1 point; a logistic regression of the training labels on (score, column) — the model's
 *    points held in ratio, the new rule's weight free — gives the rule's points,
 *    round(β_rule / β_score). The model with the rule added is scored on the test part; the
 *    gain is its test AUC minus the model's. Candidates are ranked by that gain.
 *
 * The test part is used to rank candidates, so the best gain is optimistic (a selection over
 * candidates); confirm an accepted rule with `leadcal fit` or on a later period.
 */
import type { History } from '../data/history.js';
import type { FrameOptions } from '../frame/frame.js';
import type { HoldoutSpec } from '../frame/split.js';
import { timeSplit } from '../compare/split.js';
import { rocAuc } from '../calibration/index.js';
import { fitBoostedPredictive, predictBoostedPredictive } from '../fit/predictive-gbm.js';
import { predictiveColumns } from '../fit/predictive.js';
import type { AttributeFeature } from '../fit/attribute-features.js';
import type { BehaviorPlan } from '../features/behaviors.js';
import { gbmContributions } from '../gbm/tree-shap.js';
import { fitLogistic } from '../logistic/logistic.js';
import { compileModel } from '../model/compile.js';
import { scoreSnapshots } from '../model/score.js';
import { checkModel, type BehaviorRule, type Condition, type ScoringModel } from '../model/schema.js';
import { describeCondition } from '../model/sql-conditions.js';
import { createRandom } from '../random.js';
import { sigmoid } from '../stats/logistic.js';
import { correlation } from '../stats/correlation.js';
import { rejectArgument } from '../check-arguments.js';
import type { Frame } from '../frame/frame.js';

/** Look-back windows (days) tried for each behaviour's age non-linearity. */
export const MISS_LOOKBACKS = [7, 30, 60, 90];
/** Half-life (days) of a candidate for a behaviour the model has no rule for. */
const DEFAULT_HALF_LIFE = 30;
/** Training rows the TreeSHAP screening reads, at most (a seeded sample beyond). */
const SHAP_ROWS = 4000;

export interface MissedPattern {
  rank: number;
  kind: 'interaction' | 'non-linearity' | 'missing behaviour';
  /** In words, e.g. "page_view[page=pricing] counts for more for leads with segment = enterprise". */
  description: string;
  /** The rule to add to the model's `behavior` list (points fitted, rounded like the model's). */
  rule: BehaviorRule;
  /** Test AUC of the model with the rule minus the model's own (the ranking key). */
  aucGain: number;
  testAuc: number;
  /** Training snapshots where the rule gives points. */
  support: number;
  /** Screening evidence: TreeSHAP slope gap (log-odds per unit of log count; interactions) and correlation with the point model's residuals. */
  evidence: { shapGap?: number; residualCorrelation: number };
}

export interface PointsMissReport {
  holdout: string;
  train: { snapshots: number; positives: number };
  test: { snapshots: number; positives: number };
  /** Test AUC of the model as it is, and of the boosted baseline on the same split. */
  modelTestAuc: number;
  gbmTestAuc: number;
  /** Candidates generated, and evaluated by refitting (after screening). */
  candidates: number;
  evaluated: number;
  /** Best first; only candidates with a positive gain. */
  patterns: MissedPattern[];
}

export interface PointsMissOptions {
  testFromMs?: number;
  holdout?: HoldoutSpec;
  /** Patterns to return, at most (default 10). */
  top?: number;
  /** Interactions kept after the TreeSHAP screening (default 12); other candidates kept after residual screening (default 12). */
  shortlist?: number;
  /** Fewest training snapshots with the behaviour inside a level for an interaction (default max(30, 0.5%)). */
  minSupport?: number;
  seed?: number;
}

interface Candidate {
  kind: MissedPattern['kind'];
  behavior: number;
  rule: Omit<BehaviorRule, 'points'>;
  /** Leads the `when` selects (interactions), per frame snapshot via frame.lead. */
  level?: AttributeFeature;
  lookbackDays?: number;
  screen: number;
  shapGap?: number;
  residualCorrelation: number;
}

/** The production scorer's reading of one rule at 1 point, per snapshot of a frame. */
function ruleColumn(history: History, rule: Omit<BehaviorRule, 'points'>, frame: Frame): Float64Array {
  const model = checkModel({ leadcal: 1, name: 'candidate', threshold: 0, behavior: [{ ...rule, points: 1 }] }, 'candidate rule');
  return scoreSnapshots(compileModel(model, history), frame.lead, frame.asOfMs).score;
}

/** Slope of y on x (least squares) over the rows where `keep` is 1; NaN with no spread. */
function slope(x: Float64Array, y: Float64Array, keep: Uint8Array, want: number): { slope: number; n: number; sd: number } {
  let n = 0, mx = 0, my = 0;
  for (let i = 0; i < x.length; i++) if (keep[i] === want) { n++; mx += x[i]!; my += y[i]!; }
  if (n < 2) return { slope: NaN, n, sd: 0 };
  mx /= n; my /= n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < x.length; i++) if (keep[i] === want) { const dx = x[i]! - mx; sxy += dx * (y[i]! - my); sxx += dx * dx; }
  return { slope: sxx > 0 ? sxy / sxx : NaN, n, sd: Math.sqrt(sxx / n) };
}

/** The `when` condition of an attribute level or bin. */
function levelCondition(f: AttributeFeature): Record<string, Condition> | undefined {
  if (f.kind === 'level' && f.levels?.length) return { [f.field]: f.levels.length === 1 ? f.levels[0]! : f.levels };
  if (f.kind === 'bin') return { [f.field]: { ...(f.min === undefined || !Number.isFinite(f.min) ? {} : { min: f.min }), ...(f.max === undefined || !Number.isFinite(f.max) ? {} : { max: f.max }) } };
  return undefined;
}

function sameWhere(a: Record<string, Condition> | undefined, b: Record<string, Condition> | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

function describe(c: Candidate, points: number): string {
  const b = c.rule.event + (c.rule.where ? ` where ${Object.entries(c.rule.where).map(([k, v]) => describeCondition(k, v)).join(' and ')}` : '');
  if (c.kind === 'interaction') return `${b} counts for ${points > 0 ? 'more' : 'less'} for leads with ${Object.entries(c.rule.when!).map(([k, v]) => describeCondition(k, v)).join(' and ')}`;
  if (c.kind === 'non-linearity') {
    return points > 0
      ? `${b} counts for more in its first ${c.lookbackDays} days: after ${c.lookbackDays} days it is worth less than the points say`
      : `${b} counts for less in its first ${c.lookbackDays} days: after ${c.lookbackDays} days it is worth more than the points say`;
  }
  return `${b} is worth ${points > 0 ? 'points' : 'negative points'}, and the model has no rule for it`;
}

/**
 * List what a rule-based model misses, ranked by the test-AUC gain of adding each pattern as
 * one rule.
 *
 * @param model the scoring model (its rules are kept; candidates are added one at a time)
 * @throws LeadcalError `option_invalid` when the split leaves a part with one class.
 * @example
 * const report = whatThePointsMiss(history, model, { target: 'sql', horizonDays: 90 });
 * report.patterns[0]?.description // => 'page_view where page = pricing counts for more for leads with segment = enterprise'
 */
export function whatThePointsMiss(history: History, model: ScoringModel, frameOptions: FrameOptions, options: PointsMissOptions = {}): PointsMissReport {
  const top = options.top ?? 10;
  const shortlist = options.shortlist ?? 12;
  const seed = options.seed ?? 0;
  const { train, test, description } = timeSplit(history, frameOptions, options.testFromMs, options.holdout);
  if (train.positives === 0 || train.positives === train.count || test.positives === 0 || test.positives === test.count) {
    rejectArgument('--test-from', `the split leaves ${train.positives} training and ${test.positives} test positives among ${train.count} and ${test.count} snapshots`, 'choose another --test-from, target or horizon');
  }
  const minSupport = options.minSupport ?? Math.max(30, Math.ceil(0.005 * train.count));
  const compiled = compileModel(model, history);
  const trainScore = scoreSnapshots(compiled, train.lead, train.asOfMs).score;
  const testScore = scoreSnapshots(compiled, test.lead, test.asOfMs).score;
  const modelTestAuc = rocAuc(test.label, testScore);

  // residuals of the points on their own probability scale
  const base = fitLogistic({ rows: train.count, columns: [trainScore], names: ['score'] }, train.label, { standardErrors: false });
  const residual = new Float64Array(train.count);
  for (let s = 0; s < train.count; s++) residual[s] = train.label[s]! - sigmoid(base.intercept + base.coefficients[0]! * trainScore[s]!);

  // the boosted baseline and its TreeSHAP contributions on (a sample of) the training part
  const boosted = fitBoostedPredictive(history, train, { seed });
  const gbmTestAuc = rocAuc(test.label, predictBoostedPredictive(boosted, history, test));
  const { plan } = boosted;
  const columns = predictiveColumns(history, train, plan);
  const sample = sampleRows(train.count, SHAP_ROWS, seed);
  const shap = gbmContributions(boosted.gbm, { rows: sample.length, columns: columns.map((c) => Float64Array.from(sample, (s) => c[s]!)) });

  const candidates: Candidate[] = [];
  const baseRule = (p: BehaviorPlan): { rule: Omit<BehaviorRule, 'points'>; inModel: boolean } => {
    const existing = model.behavior.find((r) => r.event === p.event && sameWhere(r.where, p.where) && !r.when && !r.segments);
    const halfLifeDays = existing ? existing.halfLifeDays : DEFAULT_HALF_LIFE;
    return { rule: { event: p.event, ...(p.where ? { where: p.where } : {}), ...(halfLifeDays === undefined ? {} : { halfLifeDays }) }, inModel: existing !== undefined };
  };
  const baseColumns = plan.behaviors.map((p) => ruleColumn(history, baseRule(p).rule, train));

  // interactions: TreeSHAP dependence of the behaviour inside a level versus outside it
  const A = plan.attributes.length;
  plan.behaviors.forEach((p, b) => {
    const x = columns[A + 2 * b + 1]!; // log1p of the 60-day decayed count
    const xs = Float64Array.from(sample, (s) => x[s]!);
    const phi = new Float64Array(sample.length);
    for (const j of [A + 2 * b, A + 2 * b + 1]) for (let i = 0; i < sample.length; i++) phi[i]! += shap.contributions[j]![i]!;
    for (const f of plan.attributes) {
      const when = levelCondition(f);
      if (!when || when[f.field] === undefined) continue;
      const inLevel = new Uint8Array(train.count);
      for (const s of f.rows) inLevel[s] = 1;
      let support = 0;
      for (let s = 0; s < train.count; s++) if (inLevel[s] && baseColumns[b]![s]! > 0) support++;
      if (support < minSupport) continue;
      const keep = Uint8Array.from(sample, (s) => inLevel[s]!);
      const inside = slope(xs, phi, keep, 1);
      const outside = slope(xs, phi, keep, 0);
      if (!Number.isFinite(inside.slope) || !Number.isFinite(outside.slope)) continue;
      const gap = inside.slope - outside.slope;
      candidates.push({ kind: 'interaction', behavior: b, rule: { ...baseRule(p).rule, when }, level: f, screen: Math.abs(gap) * inside.sd * Math.sqrt(inside.n), shapGap: gap, residualCorrelation: NaN });
    }
  });
  candidates.sort((a, b) => b.screen - a.screen);
  const interactions = candidates.splice(0, shortlist);

  // age non-linearities and behaviours without a rule: screened by the residuals
  const others: Candidate[] = [];
  plan.behaviors.forEach((p, b) => {
    const { rule, inModel } = baseRule(p);
    if (!inModel) others.push({ kind: 'missing behaviour', behavior: b, rule, screen: Math.abs(correlation(residual, baseColumns[b]!)), residualCorrelation: correlation(residual, baseColumns[b]!) });
    for (const d of MISS_LOOKBACKS) {
      const r = { ...rule, lookbackDays: d };
      const col = ruleColumn(history, r, train);
      const rc = correlation(residual, col);
      others.push({ kind: 'non-linearity', behavior: b, rule: r, lookbackDays: d, screen: Math.abs(rc), residualCorrelation: rc });
    }
  });
  others.sort((a, b) => b.screen - a.screen);
  const shortlisted = [...interactions, ...others.slice(0, shortlist)];

  // refit: the model's points in ratio, the rule's weight free; price the rounded rule on test
  const rounded = isRounded(model);
  const patterns: MissedPattern[] = [];
  for (const c of shortlisted) {
    const col = c.kind === 'interaction' ? maskColumn(baseColumns[c.behavior]!, train, history, c.rule.when!) : ruleColumn(history, c.rule, train);
    if (c.kind === 'interaction') c.residualCorrelation = correlation(residual, col);
    let support = 0;
    for (let s = 0; s < col.length; s++) if (col[s] !== 0) support++;
    if (support < minSupport) continue;
    let fit;
    try {
      fit = fitLogistic({ rows: train.count, columns: [trainScore, col], names: ['score', 'rule'] }, train.label, { standardErrors: false, l2: 1e-6 });
    } catch {
      continue;
    }
    const bScore = fit.coefficients[0]!;
    if (!(bScore > 0)) continue;
    const raw = fit.coefficients[1]! / bScore;
    const points = rounded ? Math.round(raw) : +raw.toPrecision(3);
    if (points === 0 || !Number.isFinite(points)) continue;
    const rule: BehaviorRule = { ...c.rule, points, id: ruleIdFor(c), note: `what the points miss: ${describe(c, points)}` };
    const extended = { ...model, behavior: [...model.behavior, rule] };
    const testAuc = rocAuc(test.label, scoreSnapshots(compileModel(extended, history), test.lead, test.asOfMs).score);
    patterns.push({
      rank: 0, kind: c.kind, description: describe(c, points), rule, aucGain: testAuc - modelTestAuc, testAuc, support,
      evidence: { ...(c.shapGap === undefined ? {} : { shapGap: c.shapGap }), residualCorrelation: c.residualCorrelation },
    });
  }
  patterns.sort((a, b) => b.aucGain - a.aucGain || a.description.localeCompare(b.description));
  const kept = patterns.filter((p) => p.aucGain > 0).slice(0, top);
  kept.forEach((p, i) => (p.rank = i + 1));
  return {
    holdout: description,
    train: { snapshots: train.count, positives: train.positives },
    test: { snapshots: test.count, positives: test.positives },
    modelTestAuc, gbmTestAuc,
    candidates: interactions.length + candidates.length + others.length,
    evaluated: shortlisted.length,
    patterns: kept,
  };
}

/**
 * The model with a pattern's rule added (checked like a model file).
 *
 * @example
 * const m2 = acceptMissedPattern(model, report.patterns[0]!); m2.behavior.length // => model.behavior.length + 1
 */
export function acceptMissedPattern(model: ScoringModel, pattern: Pick<MissedPattern, 'rule'>): ScoringModel {
  return checkModel({ ...model, behavior: [...model.behavior, pattern.rule] }, 'model with the accepted rule');
}

function ruleIdFor(c: Candidate): string {
  const b = c.rule.event + (c.rule.where ? `[${Object.entries(c.rule.where).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(',')}]` : '');
  if (c.kind === 'interaction') return `${b} when ${c.level!.label}`;
  if (c.kind === 'non-linearity') return `${b} first ${c.lookbackDays} days`;
  return b;
}

/** Whether every points value of the model is an integer (a rounded fit): the new rule's points are rounded too. */
function isRounded(model: ScoringModel): boolean {
  const values = [...model.behavior.map((r) => r.points), ...model.fit.flatMap((r) => [...Object.values(r.points ?? {}), ...(r.bins ?? []).map((b) => b.points)])];
  return values.length === 0 || values.every((v) => Number.isInteger(v));
}

/** A behaviour column restricted to the leads a `when` selects (the scorer's reading of `when`). */
function maskColumn(column: Float64Array, frame: Frame, history: History, when: Record<string, Condition>): Float64Array {
  const model = checkModel({ leadcal: 1, name: 'candidate', threshold: 0, segments: [{ name: 'in', when }] }, 'candidate rule');
  const inSegment = compileModel(model, history).segmentOfLead;
  return column.map((v, s) => (inSegment[frame.lead[s]!] === 0 ? v : 0));
}

/** `k` of `n` rows (all when n ≤ k), seeded, in increasing order. */
function sampleRows(n: number, k: number, seed: number): Int32Array {
  if (n <= k) return Int32Array.from({ length: n }, (_, i) => i);
  const random = createRandom(seed);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + random.int(n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.subarray(0, k).sort();
}
