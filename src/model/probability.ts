/**
 * A model's score → probability mapping (stored under `calibration` in the model file):
 * `logistic` (p = σ(intercept + slope·score), what `fit` stores), `platt`
 * (p = 1/(1 + exp(a·score + b)), scikit-learn's sigmoid calibration) or `isotonic`
 * (piecewise-linear through fitted points, clipped at the ends).
 */
import { applyIsotonic, applyPlatt, type IsotonicMapping, type PlattMapping } from '../calibration/index.js';
import { LeadcalError } from '../errors.js';
import { sigmoid } from '../stats/logistic.js';
import type { ScoringModel } from './schema.js';

export type ProbabilityMapping = IsotonicMapping | PlattMapping | { kind: 'logistic'; intercept: number; slope: number };

/** The model's mapping, checked, or undefined when it has none. */
export function modelMapping(model: ScoringModel): ProbabilityMapping | undefined {
  const c = model.calibration as Record<string, unknown> | undefined;
  if (!c) return undefined;
  const num = (k: string): boolean => typeof c[k] === 'number' && Number.isFinite(c[k]);
  if (c.kind === 'logistic' && num('intercept') && num('slope')) return c as unknown as ProbabilityMapping;
  if (c.kind === 'platt' && num('a') && num('b')) return c as unknown as PlattMapping;
  if (c.kind === 'isotonic' && Array.isArray(c.x) && Array.isArray(c.y) && c.x.length === c.y.length && c.x.length > 0) return c as unknown as IsotonicMapping;
  throw new LeadcalError({ code: 'mapping_invalid', severity: 'error', column: 'calibration', message: `calibration must be { kind: logistic, intercept, slope }, { kind: platt, a, b } or { kind: isotonic, x: [...], y: [...] }; got ${JSON.stringify(c).slice(0, 80)}`, hint: 'let `leadcal calibrate` write it' });
}

/**
 * Probabilities for scores through a mapping.
 *
 * @example
 * applyMapping({ kind: 'logistic', intercept: -3, slope: 0.05 }, Float64Array.of(60)) // => Float64Array [0.5]
 */
export function applyMapping(mapping: ProbabilityMapping, scores: Float64Array): Float64Array {
  if (mapping.kind === 'isotonic') return applyIsotonic(mapping, scores);
  if (mapping.kind === 'platt') return applyPlatt(mapping, scores);
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = sigmoid(mapping.intercept + mapping.slope * scores[i]!);
  return out;
}
