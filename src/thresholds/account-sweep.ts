/**
 * The account-level threshold sweep: `sweepThresholds` on account scores (one row per account
 * and snapshot time; an account converts when any of its contacts does), overall only, since
 * an account's contacts may sit in different segments.
 */
import { LeadcalError } from '../errors.js';
import type { AccountScoreTable } from '../model/account-scores.js';
import { sweepThresholds, type SweepOptions } from './sweep.js';
import type { ThresholdSweep } from './sweep-types.js';

/**
 * Sweep every distinct account score as a threshold (an account passes when its score ≥ it).
 *
 * @throws LeadcalError (`option_invalid`) when the table has no labels or no rows.
 * @example
 * sweepAccounts(accountScores({ scores, asOfMs, accounts, labels }, { kind: 'max' })).segments[0].base.leads
 * // => account snapshots
 */
export function sweepAccounts(table: AccountScoreTable, options: SweepOptions = {}): ThresholdSweep {
  if (!table.label) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'labels', message: 'an account sweep needs labels: account scores built without the frame\'s labels', hint: 'pass labels to accountScores' });
  return sweepThresholds({ scores: table.score, labels: table.label, asOfMs: table.asOfMs }, options);
}
