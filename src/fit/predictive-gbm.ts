/**
 * The boosted predictive baseline: gradient-boosted trees (src/gbm) on the same engineered
 * features as the logistic baseline (src/fit/predictive.ts), planned on the training frame only.
 * Trees need no standardisation or log transforms, and find interactions and thresholds the
 * points cannot express, so it shows what a flexible model gets out of the same history.
 */
import type { History } from '../data/history.js';
import type { Frame } from '../frame/frame.js';
import { fitGbm, type ResolvedGbmOptions } from '../gbm/fit-gbm.js';
import { predictGbm } from '../gbm/predict-gbm.js';
import { gbmContributions } from '../gbm/tree-shap.js';
import type { GbmDiagnostics, GbmModel, GbmOptions } from '../gbm/types.js';
import { planPredictiveFeatures, predictiveColumns, type PredictiveFeaturePlan } from './predictive.js';

export interface BoostedPredictiveModel {
  plan: PredictiveFeaturePlan;
  gbm: GbmModel;
  diagnostics: GbmDiagnostics;
  options: ResolvedGbmOptions;
}

/**
 * Fit the boosted baseline on a training frame.
 *
 * @example
 * const m = fitBoostedPredictive(history, train); predictBoostedPredictive(m, history, test) // => Float64Array of probabilities
 */
export function fitBoostedPredictive(history: History, frame: Frame, options: GbmOptions & { minSupport?: number } = {}): BoostedPredictiveModel {
  const { minSupport, ...gbmOptions } = options;
  const plan = planPredictiveFeatures(history, frame, minSupport === undefined ? {} : { minSupport });
  const X = { rows: frame.count, columns: predictiveColumns(history, frame, plan), names: plan.names };
  const { model, diagnostics, options: resolved } = fitGbm(X, frame.label, gbmOptions);
  return { plan, gbm: model, diagnostics, options: resolved };
}

/** Probabilities of the boosted baseline on any frame of the same history. */
export function predictBoostedPredictive(model: BoostedPredictiveModel, history: History, frame: Frame): Float64Array {
  return predictGbm(model.gbm, { rows: frame.count, columns: predictiveColumns(history, frame, model.plan) });
}

/** Per-snapshot contributions (TreeSHAP, log-odds) of each engineered feature. */
export function explainBoostedPredictive(model: BoostedPredictiveModel, history: History, frame: Frame): { names: string[]; expectedValue: number; contributions: Float64Array[] } {
  const r = gbmContributions(model.gbm, { rows: frame.count, columns: predictiveColumns(history, frame, model.plan) });
  return { names: model.plan.names, ...r };
}
