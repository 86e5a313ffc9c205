/**
 * The one policy for turning a model's scores into probabilities, used by `evaluate`,
 * `compare` and the report:
 *
 * 1. a model with a stored calibration (`calibration:` in the model file — the logistic
 *    mapping `fit` writes, or the isotonic/Platt mapping `calibrate` writes) uses it as is;
 * 2. a model without one gets an isotonic mapping fitted on the training snapshots' scores and
 *    labels (never on the snapshots being measured, unless the caller has no split and says
 *    so with `inSample`);
 * 3. when the training snapshots have a single class there is no mapping and no probabilities.
 *
 * It lives beside the model's mapping (src/model/probability.ts) rather than in calibration/,
 * because it reads the model file's `calibration` and calibration/ stays below model/.
 */
import { fitIsotonic } from '../calibration/index.js';
import { applyMapping, modelMapping, type ProbabilityMapping } from './probability.js';
import type { ScoringModel } from './schema.js';

export interface ProbabilitySource {
  /** The mapping used, or null when none could be made. */
  mapping: ProbabilityMapping | null;
  /** `model`: the stored calibration; `training`: isotonic fitted on the training snapshots; `none`. */
  origin: 'model' | 'training' | 'none';
  /** For people: where the probabilities come from. */
  description: string;
}

export interface TrainingScores {
  scores: Float64Array;
  labels: Uint8Array;
}

/**
 * The score → probability mapping of a model under the policy above.
 *
 * @param train the training snapshots' scores and 0/1 labels (used only when the model has no calibration)
 * @param options.inSample the training snapshots are the ones being measured (no split): said in the description
 * @example
 * probabilityMappingFor(starter, { scores: Float64Array.of(10, 20, 30, 40), labels: Uint8Array.of(0, 0, 1, 1) }).description
 * // => 'isotonic mapping fitted on the training snapshots'
 */
export function probabilityMappingFor(model: ScoringModel, train: TrainingScores, options: { inSample?: boolean } = {}): ProbabilitySource {
  const stored = modelMapping(model);
  if (stored) return { mapping: stored, origin: 'model', description: `the model's own ${stored.kind} mapping` };
  let positives = 0;
  for (let i = 0; i < train.labels.length; i++) positives += train.labels[i]!;
  if (positives === 0 || positives === train.labels.length) return { mapping: null, origin: 'none', description: 'none (the training snapshots have a single class)' };
  return {
    mapping: fitIsotonic(train.scores, train.labels),
    origin: 'training',
    description: options.inSample ? 'isotonic mapping fitted on all snapshots (in-sample)' : 'isotonic mapping fitted on the training snapshots',
  };
}

/**
 * Probabilities for `scores` under the policy above, with where they come from.
 *
 * @example
 * probabilitiesFor(fitted, train, testScores).probabilities // => Float64Array [0.02, 0.11, …] (the fit's logistic mapping)
 */
export function probabilitiesFor(model: ScoringModel, train: TrainingScores, scores: Float64Array, options: { inSample?: boolean } = {}): ProbabilitySource & { probabilities: Float64Array | null } {
  const source = probabilityMappingFor(model, train, options);
  return { ...source, probabilities: source.mapping ? applyMapping(source.mapping, scores) : null };
}
