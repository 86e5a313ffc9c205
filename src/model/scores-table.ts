/**
 * The scores file: a score table (src/model/score.ts) as CSV, one row per lead (or snapshot)
 * with its score, the fit/behaviour/decay parts, segment, grade, matrix cell, threshold and
 * side, and optionally the probability and the frame's label. Numbers are rounded to 1e-6.
 */
import { formatTimestamp } from '../data/timestamp.js';
import { csvLine } from '../io.js';
import { gradeLetter, matrixCell, type ScoreTable } from './score.js';

export interface ScoresCsvOptions {
  /** A probability per row (from the model's mapping): adds a `probability` column. */
  probability?: Float64Array;
  /** The frame's 0/1 label per row: adds a `label` column. */
  labels?: Uint8Array;
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
  const { probability, labels } = options;
  const header = ['lead_id', 'as_of', 'score', 'fit', 'behavior', 'decay', 'segment', 'grade', 'matrix', 'threshold', 'above_threshold', ...(probability ? ['probability'] : []), ...(labels ? ['label'] : [])];
  const lines = [header.join(',')];
  for (let i = 0; i < table.count; i++) {
    lines.push(csvLine([
      ids[table.lead[i]!]!, formatTimestamp(table.asOfMs[i]!), round(table.score[i]!), round(table.fit[i]!), round(table.behavior[i]!), round(table.decay[i]!),
      table.segmentNames[table.segment[i]!]!, gradeLetter(table.grade[i]!), matrixCell(table.grade[i]!, table.engagement[i]!), table.threshold[i]!, table.above[i]!,
      ...(probability ? [round(probability[i]!)] : []),
      ...(labels ? [labels[i]!] : []),
    ]));
  }
  return `${lines.join('\n')}\n`;
}
