/**
 * The fit report a report can show beside the model. Its format (schema, reading, checking)
 * has one home, src/fit/fit-report-file.ts; this module only names its rules for the tables.
 */
import type { FitReportRule } from '../fit/fit-report-file.js';

/** A rule's label: its own, or the one `fit` gives (field=value, event[where]). */
export function fitRuleLabel(rule: FitReportRule): string {
  if (rule.label) return rule.label;
  if (rule.kind === 'attribute') return `${rule.field ?? '?'}=${rule.value ?? '?'}`;
  const where = rule.where ? Object.entries(rule.where).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(',') : '';
  return where ? `${rule.event ?? '?'}[${where}]` : (rule.event ?? '?');
}
