/** The Wilson score interval for a binomial proportion: checked wrapper of `stats/wilson.ts`. */
import { wilsonBounds } from '../stats/wilson.js';
import { checkLevel, invalid, show } from './check.js';
import { normalQuantile } from './normal.js';

/**
 * Wilson score interval for k successes in n trials at confidence `level`:
 * (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), with p̂ = k/n and z = Φ⁻¹((1 + level)/2).
 * Stays inside [0, 1] and behaves at k = 0 or k = n; [NaN, NaN] for n = 0 (the empty-group
 * policy of `wilsonBounds`: no observations, no interval).
 *
 * Reference: Wilson (1927), https://doi.org/10.1080/01621459.1927.10502953; Brown, Cai &
 * DasGupta (2001), https://doi.org/10.1214/ss/1009213286
 * Complexity: O(1).
 * @throws LeadcalError (option_invalid) unless 0 ≤ successes ≤ trials, trials ≥ 0 (finite), level in (0, 1).
 *
 * @example
 * wilsonInterval(3, 10)
 * // => [0.10779126740630103, 0.6032218525388547]
 * wilsonInterval(0, 0) // => [NaN, NaN]
 */
export function wilsonInterval(successes: number, trials: number, level = 0.95): [number, number] {
  if (typeof trials !== 'number' || !Number.isFinite(trials) || !(trials >= 0)) {
    invalid('trials', `trials must be a finite number ≥ 0; got ${show(trials)}`, 'pass the number of rows in the group');
  }
  if (typeof successes !== 'number' || !(successes >= 0 && successes <= trials)) {
    invalid('successes', `successes must be a number in [0, trials]; got ${show(successes)}`, 'pass the number of positives in the group');
  }
  checkLevel(level);
  return wilsonBounds(successes, trials, normalQuantile(0.5 + level / 2));
}
