/**
 * The Backtest page's table: one row per backtest window (src/review/backtest.ts), with the
 * finding in words. Reads the backtest result only.
 */
import type { BacktestResult } from '../review/backtest.js';
import { col, makeTable, num, round } from './table.js';
import type { ReportTable } from './types.js';

const r = (x: number | null): number | null => (x === null ? null : round(x));

/**
 * The backtest table.
 *
 * @example
 * backtestTable(backtest(history, model)).rows[0] // => { window: '2025-04-01 … 2025-07-01', auc: 0.74, … }
 */
export function backtestTable(b: BacktestResult): ReportTable {
  const rows = b.windows.map((w) => ({
    window: `${w.testFrom.slice(0, 10)} … ${w.testTo.slice(0, 10)}`,
    trainSnapshots: w.train.snapshots, testSnapshots: w.test.snapshots, testConversions: w.test.positives,
    auc: r(w.auc), aucLow: r(w.aucLower), aucHigh: r(w.aucUpper), ece: r(w.ece),
    mqlsPerMonth: w.status === 'ok' ? r(w.atModelThreshold.perMonth) : null,
    recommended: num(w.recommended.threshold), recommendedPerMonth: r(w.recommended.perMonth),
    bandOrder: r(w.rankOrder.bands), ruleOrder: r(w.rankOrder.rulesVsPrevious),
    status: w.status === 'ok' ? (w.inSample ? 'ok, in-sample' : 'ok') : `skipped: ${w.reason ?? ''}`,
  }));
  const ok = b.windows.filter((w) => w.auc !== null);
  const first = ok[0];
  const last = ok.at(-1);
  const finding = first && last && first !== last
    ? `Test AUC went from ${first.auc!.toFixed(3)} (${first.testFrom.slice(0, 10)}) to ${last.auc!.toFixed(3)} (${last.testFrom.slice(0, 10)}) over ${ok.length} windows`
    : `${ok.length} window${ok.length === 1 ? '' : 's'} measured`;
  const inSample = b.windows.filter((w) => w.inSample).length;
  return makeTable('backtest', 'backtest', `Backtest of ${b.model}: ${b.mode === 'refit' ? 'refitted on each window' : 'the fixed model re-scored'}, target ${b.target} within ${b.horizonDays} days`, [
    col('window', 'Test window'), col('trainSnapshots', 'Training snapshots', 'integer'), col('testSnapshots', 'Test snapshots', 'integer'), col('testConversions', 'Test conversions', 'integer'),
    col('auc', 'AUC', 'auc'), col('aucLow', '95% low', 'auc'), col('aucHigh', '95% high', 'auc'), col('ece', 'ECE', 'number'),
    col('mqlsPerMonth', 'MQLs a month at the model\'s thresholds', 'number'), col('recommended', 'Recommended threshold', 'points'), col('recommendedPerMonth', 'Its MQLs a month', 'number'),
    col('bandOrder', 'Band order ρ', 'number'), col('ruleOrder', 'Rule order ρ vs previous', 'number'), col('status', 'Status'),
  ], rows, { finding: inSample ? `${finding} (${inSample} in-sample)` : finding, note: `${inSample ? `In-sample: ${inSample} window${inSample === 1 ? '' : 's'} precede the model's own test period, so the model may have been fitted on ${inSample === 1 ? 'its' : 'their'} snapshots and ${inSample === 1 ? 'its numbers flatter' : 'their numbers flatter'} it. ` : ''}Recommended threshold: ${b.objective}. Band order ρ: Spearman correlation of the conversion rates of the score's quintiles with their order (1 = higher bands convert more); rule order ρ: of each rule's levels or bins with the previous window's rates, averaged over the rules.` });
}
