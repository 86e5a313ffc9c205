/**
 * Draws one lead's firmographic and contact attributes from the truth, and derives what the
 * simulation needs from them: the attribute part of the truth score and the engagement
 * multiplier on event rates.
 */
import { segmentOf } from './columns.js';
import type { CompiledTruth } from './compile-truth.js';
import type { Random } from '../random.js';
import { truthAttributeScore } from './truth-score.js';

/** A sampled lead: text values for the leads table plus simulation inputs. */
export interface SampledLead {
  /** industry, employees, job_level, country, segment, product, source ('' when missing). */
  readonly values: Readonly<Record<string, string>>;
  /** Σ attribute effects (the attribute part of the truth score). */
  readonly attributeScore: number;
  /** Product of level engagement multipliers and a per-lead log-normal factor. */
  readonly engagement: number;
  /** Segment key for P(won | opportunity): a segment, or 'unknown' when employees is missing. */
  readonly segmentKey: 'smb' | 'mid_market' | 'enterprise' | 'unknown';
}

/**
 * Samples a lead's attributes (every draw comes from `random`, in a fixed order).
 *
 * @example
 * sampleLead(compileTruth(defaultTruth), createRandom(3)).values['segment']; // => 'smb', 'mid_market', 'enterprise' or ''
 */
export function sampleLead(model: CompiledTruth, random: Random): SampledLead {
  const values: Record<string, string> = {};
  let engagement = 1;
  for (const attribute of model.attributes) {
    const missing = random.next() < attribute.missingShare;
    const index = random.pick(attribute.shares);
    if (missing) {
      values[attribute.name] = '';
      continue;
    }
    values[attribute.name] = attribute.levels[index] ?? '';
    engagement *= attribute.engagement[index] ?? 1;
  }
  const employeesTruth = model.truth.employees;
  const missingEmployees = random.next() < employeesTruth.missingShare;
  const drawn = Math.round(Math.exp(Math.log(employeesTruth.median) + employeesTruth.logSd * random.normal()));
  const employees = Math.min(employeesTruth.max, Math.max(employeesTruth.min, drawn));
  values['employees'] = missingEmployees ? '' : String(employees);
  values['segment'] = missingEmployees ? '' : segmentOf(employees);
  const sigma = model.truth.interest.leadSigma;
  engagement *= Math.exp(sigma * random.normal() - (sigma * sigma) / 2);
  return {
    values,
    attributeScore: truthAttributeScore(model.truth, values),
    engagement,
    segmentKey: missingEmployees ? 'unknown' : segmentOf(employees),
  };
}
