/**
 * A frame's snapshots as CSV, for data scientists who continue in their own tools: one row per
 * snapshot with `lead_id`, `as_of` (ISO 8601), `label`, and with `attributes` each lead
 * attribute's value (empty = missing).
 */
import { columnText } from '../data/columns.js';
import type { History } from '../data/history.js';
import { formatTimestamp } from '../data/timestamp.js';
import { csvLine } from '../io.js';
import type { Frame } from './frame.js';

/**
 * The snapshots of a frame as CSV text (header line first, final newline).
 * Complexity: O(snapshots × columns).
 *
 * @example
 * frameToCsv(history, frame).split('\n')[0] // => 'lead_id,as_of,label'
 */
export function frameToCsv(history: History, frame: Frame, options: { attributes?: boolean } = {}): string {
  const fields = options.attributes ? Object.keys(history.leads.attributes) : [];
  const lines = [csvLine(['lead_id', 'as_of', 'label', ...fields])];
  for (let s = 0; s < frame.count; s++) {
    const i = frame.lead[s]!;
    lines.push(csvLine([history.leads.ids[i]!, formatTimestamp(frame.asOfMs[s]!), frame.label[s]!, ...fields.map((f) => columnText(history.leads.attributes[f]!, i))]));
  }
  return `${lines.join('\n')}\n`;
}
