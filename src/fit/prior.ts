/**
 * A prior model for small-data fits: the prior's points translated back to coefficients on the
 * fit's own design (the centre of the penalty), and the prior's weight λ chosen by
 * cross-validation grouped by lead.
 *
 * Translation. An attribute's prior coefficient for a case of the fit's design is the mean of
 * the prior's points for that attribute over the training snapshots in the case, minus the
 * mean over the reference group, divided by the prior's points per log-odds: exact when the
 * prior was fitted on the same cases (last quarter's model), a projection when its levels or
 * bins differ (the playbook starter). A behaviour's prior coefficient is the sum of the points
 * of the prior's rules that fire on its events (same event, and the same `where`, or none),
 * per log-odds; its prior half-life is the first such rule's. What the prior does not mention
 * is centred on 0 (plain shrinkage).
 */
import type { History } from '../data/history.js';
import type { Frame } from '../frame/frame.js';
import type { BehaviorPlan } from '../features/behaviors.js';
import { compileModel } from '../model/compile.js';
import type { ScoringModel } from '../model/schema.js';
import { createRandom } from '../random.js';
import { logisticLoss } from '../stats/logistic.js';
import type { AttributeFeature, AttributePlan } from './attribute-features.js';
import { fitWeightsAndDecay, type DecayFitInput } from './decay-fit.js';
import { coefficientOfPoints, modelPointsPerLogOdds } from './points.js';

/** What `fit --prior M` passes: the prior model, and optionally the λ grid and folds. */
export interface PriorOptions {
  model: ScoringModel;
  /** The file it was read from (reported). */
  file?: string;
  /** Candidate prior weights λ (default {@link PRIOR_GRID}). */
  grid?: number[];
  /** Folds of the cross-validation grouped by lead (default 5). */
  folds?: number;
}

/**
 * Default grid of the prior's weight λ (on the standardised coefficients): from 0.01 (the data
 * alone, barely penalised) to 10⁴ (the prior alone, only the intercept refitted).
 */
export const PRIOR_GRID: readonly number[] = [0.01, 0.1, 0.3, 1, 3, 10, 30, 100, 1000, 10_000];

export interface PriorCentre {
  /** Per coefficient in [static…, behaviours…] order. */
  centre: Float64Array;
  /** Per behaviour: the prior's half-life (days), NaN where it gives none. */
  halfLives: Float64Array;
  pointsPerLogOdds: number;
  /** Coefficients the prior sets (non-zero centre) and half-lives it gives. */
  matched: { coefficients: number; halfLives: number };
}

const sameWhere = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The prior's coefficients (and half-lives) on the fit's design, as described in the module
 * comment. `frame` is the training frame the design was planned on.
 * Complexity: O(leads · rules) to compile the prior, O(snapshots) per attribute.
 *
 * @example
 * priorCentre(readModel('datasets/models/starter.yaml'), history, train, plans, features, behaviors).centre
 * // => Float64Array [0.69, 0.52, …]
 */
export function priorCentre(prior: ScoringModel, history: History, frame: Frame, attributes: AttributePlan[], features: AttributeFeature[], behaviors: BehaviorPlan[]): PriorCentre {
  const factor = modelPointsPerLogOdds(prior);
  const compiled = compileModel(prior, history);
  const centre = new Float64Array(features.length + behaviors.length);
  for (const plan of attributes) {
    const rules = compiled.fitRules.flatMap((r, k) => (r.field === plan.field ? [k] : []));
    if (!rules.length) continue;
    const points = new Float64Array(frame.count);
    for (const k of rules) {
      const perLead = compiled.fitPoints[k]!;
      for (let s = 0; s < frame.count; s++) points[s] = points[s]! + perLead[frame.lead[s]!]!;
    }
    const inFeature = new Uint8Array(frame.count);
    for (const f of plan.features) for (const s of f.rows) inFeature[s] = 1;
    let refSum = 0, refCount = 0;
    for (let s = 0; s < frame.count; s++) if (!inFeature[s]) { refSum += points[s]!; refCount++; }
    const reference = refCount ? refSum / refCount : 0;
    for (const f of plan.features) {
      const j = features.indexOf(f);
      if (j < 0 || !f.rows.length) continue;
      let sum = 0;
      for (const s of f.rows) sum += points[s]!;
      centre[j] = coefficientOfPoints(sum / f.rows.length - reference, factor);
    }
  }
  const halfLives = new Float64Array(behaviors.length).fill(Number.NaN);
  behaviors.forEach((plan, b) => {
    const rules = prior.behavior.filter((r) => r.event === plan.event && (r.where === undefined || sameWhere(r.where, plan.where)));
    if (!rules.length) return;
    centre[features.length + b] = coefficientOfPoints(rules.reduce((a, r) => a + r.points, 0), factor);
    const h = rules.find((r) => r.halfLifeDays !== undefined)?.halfLifeDays;
    if (h !== undefined) halfLives[b] = h;
  });
  let coefficients = 0;
  for (const c of centre) if (c !== 0) coefficients++;
  return { centre, halfLives, pointsPerLogOdds: factor, matched: { coefficients, halfLives: halfLives.filter(Number.isFinite).length } };
}

/** The prior's weight chosen by cross-validation, for the fit report. */
export interface PriorWeight {
  grid: number[];
  /** Held-out log loss per λ of the grid (pooled over the folds, per snapshot). */
  cvLogLoss: number[];
  chosen: number;
  folds: number;
}

/**
 * Choose λ of the prior-centred penalty by K-fold cross-validation grouped by lead: for each λ
 * of the grid, fit on K − 1 folds (the held-out fold's rows get weight 0, so the design and the
 * columns' variances are those of the fold's training rows) and pool the held-out log loss.
 * The smallest pooled log loss wins; ties go to the larger λ (the prior).
 * Complexity: K · |grid| joint fits.
 *
 * @example
 * choosePriorWeight(input, train.lead, 5, 1, [0.1, 1, 10]).chosen // => 1
 */
export function choosePriorWeight(input: DecayFitInput, leadOfRow: Int32Array, folds: number, seed: number, grid: readonly number[]): PriorWeight {
  const random = createRandom(seed);
  const leads = new Map<number, number>();
  const foldOfRow = new Int32Array(input.rows);
  for (let s = 0; s < input.rows; s++) {
    const lead = leadOfRow[s]!;
    let f = leads.get(lead);
    if (f === undefined) leads.set(lead, (f = random.int(folds)));
    foldOfRow[s] = f;
  }
  const loss = new Float64Array(grid.length);
  let heldRows = 0;
  const r = new Float64Array(input.rows), W = new Float64Array(input.rows);
  for (let f = 0; f < folds; f++) {
    const trainWeight = new Float64Array(input.rows);
    const heldWeight = new Float64Array(input.rows);
    let pos = 0, neg = 0, held = 0;
    for (let s = 0; s < input.rows; s++) {
      if (foldOfRow[s] === f) { heldWeight[s] = 1; held++; }
      else { trainWeight[s] = 1; if (input.labels[s]) pos++; else neg++; }
    }
    if (!held || !pos || !neg) continue;
    heldRows += held;
    grid.forEach((l2, g) => {
      const fit = fitWeightsAndDecay({ ...input, l2, weights: trainWeight });
      loss[g] = loss[g]! + logisticLoss(fit.eta, input.labels, heldWeight, r, W);
    });
  }
  const cvLogLoss = Array.from(loss, (x) => x / Math.max(1, heldRows));
  let best = 0;
  for (let g = 1; g < grid.length; g++) if (cvLogLoss[g]! <= cvLogLoss[best]!) best = g;
  return { grid: [...grid], cvLogLoss, chosen: grid[best]!, folds };
}
