/**
 * Argument checks for the calibration module: every public function validates its inputs up
 * front with these and throws a {@link LeadcalError} (`option_invalid`) whose message reads
 * "X must be …; got Y". Kernels downstream trust what these return.
 */
import { LeadcalError } from '../errors.js';
import type { Labels, Scores, Weights } from './types.js';

/** Throw the module's one kind of argument error. */
export function invalid(column: string, message: string, hint: string): never {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
}

/** Short text for a value in an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * Labels as a Uint8Array of 0/1 (copied only when given a plain array).
 * @throws LeadcalError when not an array, empty, or holding anything but 0 and 1.
 */
export function toLabels(labels: Labels, name = 'labels'): Uint8Array {
  if (!isArrayLike(labels)) {
    invalid(name, `${name} must be a Uint8Array or an array of 0/1; got ${show(labels)}`, 'pass one 0/1 outcome per row');
  }
  if (labels.length === 0) invalid(name, `${name} must not be empty; got 0 rows`, 'pass at least one row');
  if (labels instanceof Uint8Array) {
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]! > 1) invalid(name, `${name} must be 0 or 1; got ${labels[i]} at index ${i}`, 'encode converted as 1 and not converted as 0');
    }
    return labels;
  }
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) invalid(name, `${name} must be 0 or 1; got ${show(v)} at index ${i}`, 'encode converted as 1 and not converted as 0');
    out[i] = v;
  }
  return out;
}

function sameLength(values: ArrayLike<unknown>, length: number, name: string, other: string): void {
  if (values.length !== length) {
    invalid(name, `${name} must have the same length as ${other} (${length}); got ${values.length}`, `pass one value per row of ${other}`);
  }
}

/**
 * Finite scores as a Float64Array of `length` values (copied only when given a plain array).
 * @throws LeadcalError on a length mismatch or a non-finite value.
 */
export function toScores(scores: Scores, length: number, name = 'scores', other = 'labels'): Float64Array {
  if (!isArrayLike(scores)) invalid(name, `${name} must be a Float64Array or an array of numbers; got ${show(scores)}`, 'pass one number per row');
  sameLength(scores, length, name, other);
  const typed = scores instanceof Float64Array;
  const out = typed ? scores : new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = scores[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      invalid(name, `${name} must be finite numbers; got ${show(v)} at index ${i}`, 'drop or impute rows without a score');
    }
    if (!typed) out[i] = v;
  }
  return out;
}

/**
 * Finite numbers of any length (non-empty not required) as a Float64Array.
 * @throws LeadcalError when not an array of finite numbers.
 */
export function toFinite(values: Scores, name = 'scores'): Float64Array {
  const length = isArrayLike(values) ? values.length : 0;
  return toScores(values, length, name);
}

/**
 * Probabilities in [0, 1] as a Float64Array.
 * @throws LeadcalError on a length mismatch or a value outside [0, 1].
 */
export function toProbabilities(probabilities: Scores, length: number, name = 'probabilities'): Float64Array {
  const out = toScores(probabilities, length, name);
  for (let i = 0; i < length; i++) {
    const v = out[i]!;
    if (v < 0 || v > 1) {
      invalid(name, `${name} must lie in [0, 1]; got ${v} at index ${i}`, 'map raw scores to probabilities first (fitPlatt / fitIsotonic)');
    }
  }
  return out;
}

/**
 * Optional sample weights: null when absent, else finite non-negative values with a positive sum.
 * @throws LeadcalError on a length mismatch, a negative or non-finite weight, or an all-zero vector.
 */
export function toWeights(weights: Weights | undefined, length: number, name = 'weights'): Float64Array | null {
  if (weights === undefined) return null;
  const out = toScores(weights, length, name);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const v = out[i]!;
    if (v < 0) invalid(name, `${name} must be non-negative; got ${v} at index ${i}`, 'use weights ≥ 0 (0 drops a row)');
    sum += v;
  }
  if (!(sum > 0)) invalid(name, `${name} must have a positive sum; got ${sum}`, 'give at least one row a positive weight');
  return out;
}

/**
 * Require at least `min` positives and/or negatives (with positive weight when weighted).
 * @throws LeadcalError naming the missing class.
 */
export function requireClasses(
  labels: Uint8Array,
  weights: Float64Array | null,
  need: { positive?: number; negative?: number },
  name = 'labels',
): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < labels.length; i++) {
    if (weights && !(weights[i]! > 0)) continue;
    if (labels[i]) positive++;
    else negative++;
  }
  const weighted = weights ? ' with a positive weight' : '';
  for (const [kind, have, min] of [['positive', positive, need.positive ?? 0], ['negative', negative, need.negative ?? 0]] as const) {
    if (have < min) {
      const what = min === 1 ? `at least one ${kind} (${kind === 'positive' ? 1 : 0})` : `at least ${min} ${kind}s`;
      invalid(name, `${name} must contain ${what}${weighted}; got ${have} among ${labels.length} rows`, 'this metric compares converted and non-converted rows: use a sample with both');
    }
  }
  return { positive, negative };
}

/**
 * An integer option within [min, max].
 * @throws LeadcalError when not an integer in range.
 */
export function checkInteger(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `between ${min} and ${max}`;
    invalid(name, `${name} must be an integer ${range}; got ${show(value)}`, `pick a whole number ${range}`);
  }
  return value;
}

/**
 * A confidence level strictly between 0 and 1.
 * @throws LeadcalError otherwise.
 */
export function checkLevel(value: unknown, name = 'level'): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    invalid(name, `${name} must be a number strictly between 0 and 1; got ${show(value)}`, 'use e.g. 0.95 for a 95% interval');
  }
  return value;
}

/**
 * One of a fixed set of keywords.
 * @throws LeadcalError otherwise.
 */
export function checkKeyword<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid(name, `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${show(value)}`, `choose one of ${allowed.join(', ')}`);
  }
  return value as T;
}
