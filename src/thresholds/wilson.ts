/**
 * Wilson score interval for a binomial proportion: the interval every conversion rate in the
 * threshold tables carries (checked wrapper of `stats/wilson.ts`).
 */
import { wilsonBounds, Z_95 } from '../stats/wilson.js';
import { rejectArgument } from '../check-arguments.js';

/**
 * Wilson score interval for `successes` out of `trials`:
 * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
 * With no trials there is no interval: both bounds are NaN (the policy of `wilsonBounds`),
 * as the rate 0/0 is.
 *
 * Reference: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
 * inference", JASA 22; Brown, Cai & DasGupta (2001), Statistical Science 16(2).
 * Complexity: O(1).
 * @throws LeadcalError `option_invalid` unless 0 ≤ successes ≤ trials (finite) and z > 0.
 *
 * @example
 * wilsonRange(10, 100) // => { low: 0.05522914, high: 0.17436566 } (rounded)
 * wilsonRange(0, 0) // => { low: NaN, high: NaN }
 */
export function wilsonRange(successes: number, trials: number, z = Z_95): { low: number; high: number } {
  if (!(trials >= 0 && trials < Infinity)) rejectArgument('trials', `trials must be a finite number ≥ 0; got ${trials}`, 'the number of leads');
  if (!(successes >= 0 && successes <= trials)) rejectArgument('successes', `successes must be between 0 and trials (${trials}); got ${successes}`, 'the number of conversions among them');
  if (!(z > 0 && z < Infinity)) rejectArgument('z', `z must be a positive number; got ${z}`, 'e.g. 1.96 for 95%');
  const [low, high] = wilsonBounds(successes, trials, z);
  return { low, high };
}
