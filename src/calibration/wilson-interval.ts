/** The Wilson score interval for a binomial proportion. */
import { checkLevel, invalid, show } from './check.js';
import { normalQuantile } from './normal.js';

/**
 * Wilson score interval for k successes in n trials at confidence `level`:
 * (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), with p̂ = k/n and z = Φ⁻¹((1 + level)/2).
 * Stays inside [0, 1] and behaves at k = 0 or k = n; [NaN, NaN] for n = 0.
 *
 * Reference: Wilson (1927), https://doi.org/10.1080/01621459.1927.10502953; Brown, Cai &
 * DasGupta (2001), https://doi.org/10.1214/ss/1009213286
 * Complexity: O(1).
 * @throws LeadcalError (option_invalid) unless 0 ≤ successes ≤ trials, trials > 0 (finite), level in (0, 1).
 *
 * @example
 * wilsonInterval(3, 10)
 * // => [0.10779126740630103, 0.6032218525388547]
 */
export function wilsonInterval(successes: number, trials: number, level = 0.95): [number, number] {
  if (typeof trials !== 'number' || !Number.isFinite(trials) || !(trials > 0)) {
    invalid('trials', `trials must be a finite number > 0; got ${show(trials)}`, 'pass the number of rows in the group');
  }
  if (typeof successes !== 'number' || !(successes >= 0 && successes <= trials)) {
    invalid('successes', `successes must be a number in [0, trials]; got ${show(successes)}`, 'pass the number of positives in the group');
  }
  checkLevel(level);
  return wilsonWithZ(successes, trials, normalQuantile(0.5 + level / 2));
}

/** Kernel: Wilson interval with the normal quantile already computed. */
export function wilsonWithZ(successes: number, trials: number, z: number): [number, number] {
  if (!(trials > 0)) return [NaN, NaN];
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = p + z2 / (2 * trials);
  const half = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return [Math.max(0, (centre - half) / denominator), Math.min(1, (centre + half) / denominator)];
}
