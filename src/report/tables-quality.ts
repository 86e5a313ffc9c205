/**
 * Data-quality tables: what validation found (every issue, and counts by kind), which snapshot
 * candidates the frame left out and why, and how complete each lead attribute is.
 */
import type { History } from '../data/history.js';
import { summarizeHistory } from '../data/summary.js';
import { missingnessByOutcome } from '../data/leak-missingness.js';
import { separatingAttributes } from '../fit/leak-checks.js';
import type { Frame } from '../frame/frame.js';
import { col, makeTable, round } from './table.js';
import type { Cell, ReportTable, ValidationInput } from './types.js';
import { formatRate } from './format.js';

/** At most this many issues are listed (counts include all). */
export const MAX_ISSUES = 1000;

export function qualityTables(history: History, frame: Frame, validation: ValidationInput | undefined): ReportTable[] {
  const out: ReportTable[] = [];
  const issues = validation?.issues ?? [];
  const counts = new Map<string, { severity: string; code: string; count: number }>();
  for (const i of issues) {
    const key = `${i.severity}\u0000${i.code}`;
    const c = counts.get(key) ?? { severity: i.severity, code: i.code, count: 0 };
    c.count += 1 + (i.more ?? 0);
    counts.set(key, c);
  }
  const countRows = [...counts.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count || (a.code < b.code ? -1 : 1) : a.severity === 'error' ? -1 : 1));
  const errors = validation?.errors ?? 0;
  const warnings = validation?.warnings ?? 0;
  const finding = validation === undefined ? 'Validation results were not given to the report' : errors + warnings === 0 ? 'Validation found no problems' : `Validation found ${errors.toLocaleString('en-US')} error${errors === 1 ? '' : 's'} and ${warnings.toLocaleString('en-US')} warning${warnings === 1 ? '' : 's'}${errors ? ' (rows with errors are left out of every analysis)' : ''}`;
  out.push(makeTable('issue-counts', 'data-quality', 'Validation findings by kind', [col('severity', 'Severity'), col('code', 'Kind'), col('count', 'Rows', 'integer')], countRows, { finding, note: validation ? `Files read: ${validation.files.join(', ')}.` : undefined }));
  const rows: Record<string, Cell>[] = issues.slice(0, MAX_ISSUES).map((i) => ({ severity: i.severity, code: i.code, file: i.file ?? null, line: i.line ?? null, column: i.column ?? null, message: i.message, hint: i.hint ?? null, more: i.more ?? 0 }));
  out.push(makeTable('issues', 'data-quality', 'Every validation finding', [col('severity', 'Severity'), col('code', 'Kind'), col('file', 'File'), col('line', 'Line', 'integer'), col('column', 'Column'), col('message', 'What is wrong'), col('hint', 'How to fix'), col('more', 'More like it', 'integer')], rows, { note: issues.length > MAX_ISSUES ? `The first ${MAX_ISSUES} of ${issues.length} findings.` : undefined }));

  const lo = frame.leftOut;
  const candidates = frame.count + lo.notCreated + lo.converted + lo.closed + lo.censored;
  const leftRows = [
    { reason: 'kept (open, outcome window observed)', count: frame.count },
    { reason: 'converted already', count: lo.converted },
    { reason: 'closed (lost or disqualified)', count: lo.closed },
    { reason: 'censored (outcome window not over)', count: lo.censored },
    { reason: 'not yet created', count: lo.notCreated },
  ].map((r) => ({ ...r, share: candidates ? round(r.count / candidates) : null }));
  out.push(makeTable('left-out', 'data-quality', 'Snapshot candidates kept and left out', [col('reason', 'Reason'), col('count', 'Candidates', 'integer'), col('share', 'Share', 'percent')], leftRows, {
    finding: `${frame.count.toLocaleString('en-US')} snapshots kept; ${lo.censored.toLocaleString('en-US')} censored candidates left out, never counted as failures`,
  }));

  // attributes that may be written after the outcome (the fit's leak checks, on this frame)
  const leaks = [...missingnessByOutcome(history, frame.options.untilMs), ...separatingAttributes(history, frame)];
  const leakRows = leaks.map((w) => ({ attribute: w.column, evidence: w.message, fix: w.hint ?? null }));
  out.push(makeTable('leaks', 'data-quality', 'Attributes that may be written after the outcome', [col('attribute', 'Attribute'), col('evidence', 'Evidence'), col('fix', 'What to do')], leakRows, {
    finding: leaks.length ? `${leaks.length} attribute${leaks.length === 1 ? '' : 's'} may leak the outcome: ${[...new Set(leaks.map((w) => w.column))].join(', ')} — a model using ${leaks.length === 1 ? 'it' : 'them'} ranks leads on what happened after scoring` : 'No attribute looks written after the outcome',
  }));

  const summary = summarizeHistory(history);
  const attrRows = summary.attributes.map((a) => ({ attribute: a.name, kind: a.kind, distinct: a.distinct, missingShare: round(a.missingShare) }));
  const worst = [...summary.attributes].sort((a, b) => b.missingShare - a.missingShare)[0];
  out.push(makeTable('attributes', 'data-quality', 'Lead attributes: type and completeness', [col('attribute', 'Attribute'), col('kind', 'Type'), col('distinct', 'Distinct values', 'integer'), col('missingShare', 'Missing', 'percent')], attrRows, {
    finding: worst ? (worst.missingShare > 0 ? `${worst.name} is the least complete attribute (${formatRate(worst.missingShare)} missing)` : 'Every lead attribute is complete') : 'The leads table has no attributes',
  }));
  return out;
}
