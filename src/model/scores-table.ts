/**
 * The scores file: a score table (src/model/score.ts) as CSV, one row per lead (or snapshot)
 * with its score, the fit/behaviour/decay parts, segment, grade, matrix cell, threshold and
 * side, and optionally the probability and the frame's label. Numbers are rounded to 1e-6.
 */
import { formatTimestamp } from '../data/timestamp.js';
import { LeadcalError } from '../errors.js';
import { csvLine } from '../io.js';
import type { ReasonTable } from './reasons.js';
import { gradeLetter, matrixCell, type ScoreTable } from './score.js';

export interface ScoresCsvOptions {
  /** A probability per row (from the model's mapping): adds a `probability` column. */
  probability?: Float64Array;
  /** The frame's 0/1 label per row: adds a `label` column. */
  labels?: Uint8Array;
  /** Reason codes of the same rows (`scoreReasons`): adds {@link reasonColumns}. */
  reasons?: ReasonTable;
}

/**
 * The reason-code columns for K reasons per side, as the scores CSV and the SQL export name
 * them: `reason_up_1, reason_up_1_points, …, reason_down_1, reason_down_1_points, …, reason_rest`.
 *
 * @example
 * reasonColumns(1) // => ['reason_up_1', 'reason_up_1_points', 'reason_down_1', 'reason_down_1_points', 'reason_rest']
 */
export function reasonColumns(k: number): string[] {
  const side = (name: string): string[] => Array.from({ length: k }, (_, j) => [`reason_${name}_${j + 1}`, `reason_${name}_${j + 1}_points`]).flat();
  return [...side('up'), ...side('down'), 'reason_rest'];
}

/** One row's reason cells, in {@link reasonColumns} order ('' for an empty slot). */
function reasonCells(r: ReasonTable, row: number): (string | number)[] {
  const cells: (string | number)[] = [];
  for (const [label, points] of [[r.upLabel, r.upPoints], [r.downLabel, r.downPoints]] as const) {
    for (let j = row * r.k; j < (row + 1) * r.k; j++) {
      if (label[j]! < 0) cells.push('', '');
      else cells.push(r.labels[label[j]!]!, round(points[j]!));
    }
  }
  cells.push(round(r.rest[row]!));
  return cells;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * A score table as CSV text (header first, a final newline).
 *
 * @param ids lead ids in leads-table order (`history.leads.ids`); `table.lead` indexes them
 * @example
 * scoresToCsv(scoreAsOf(compiled, history, asOfMs), history.leads.ids).split('\n')[0]
 * // => 'lead_id,as_of,score,fit,behavior,decay,segment,grade,matrix,threshold,above_threshold'
 */
export function scoresToCsv(table: ScoreTable, ids: readonly string[], options: ScoresCsvOptions = {}): string {
  const { probability, labels, reasons } = options;
  if (reasons && reasons.count !== table.count) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'reasons', message: `reasons must have one row per scored row; got ${reasons.count} for ${table.count}`, hint: 'take the reasons and scores from one scoreReasons call' });
  const header = ['lead_id', 'as_of', 'score', 'fit', 'behavior', 'decay', 'segment', 'grade', 'matrix', 'threshold', 'above_threshold', ...(probability ? ['probability'] : []), ...(labels ? ['label'] : []), ...(reasons ? reasonColumns(reasons.k) : [])];
  const lines = [header.join(',')];
  for (let i = 0; i < table.count; i++) {
    lines.push(csvLine([
      ids[table.lead[i]!]!, formatTimestamp(table.asOfMs[i]!), round(table.score[i]!), round(table.fit[i]!), round(table.behavior[i]!), round(table.decay[i]!),
      table.segmentNames[table.segment[i]!]!, gradeLetter(table.grade[i]!), matrixCell(table.grade[i]!, table.engagement[i]!), table.threshold[i]!, table.above[i]!,
      ...(probability ? [round(probability[i]!)] : []),
      ...(labels ? [labels[i]!] : []),
      ...(reasons ? reasonCells(reasons, i) : []),
    ]));
  }
  return `${lines.join('\n')}\n`;
}
