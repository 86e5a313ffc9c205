/**
 * The ICP-fit file: each lead's ICP fit (0–100, rounded to 0.01) and the criteria it misses,
 * as CSV in leads-table order.
 */
import { csvLine } from '../io.js';
import { icpMissed, type IcpFit } from './icp-fit.js';

/**
 * Per-lead CSV: `lead_id,icp_fit,missed` (missed criteria separated by "; ").
 *
 * @example
 * icpFitToCsv(icpFit(history, icp), history.leads.ids).split('\n')[1] // => 'L1,60,company size (unknown)'
 */
export function icpFitToCsv(fit: IcpFit, ids: readonly string[]): string {
  const lines = ['lead_id,icp_fit,missed'];
  for (let i = 0; i < ids.length; i++) lines.push(csvLine([ids[i]!, Math.round(fit.fit[i]! * 100) / 100, icpMissed(fit, i).join('; ')]));
  return `${lines.join('\n')}\n`;
}
