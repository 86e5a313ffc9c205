/**
 * Errors and validation findings as data.
 *
 * Every problem leadcal reports is an {@link Issue}: a `code` from a closed union, a severity,
 * where it happened (file, line, column) and what was expected, plus a fix hint. Text is made
 * by one formatter ({@link formatIssue}) so the CLI, tests and notebooks print the same words.
 * A {@link LeadcalError} carries one or more issues when work cannot go on.
 */

/** Every issue code leadcal can report. */
export type IssueCode =
  | 'file_missing'
  | 'file_unreadable'
  | 'encoding_invalid'
  | 'csv_malformed'
  | 'json_malformed'
  | 'column_missing'
  | 'table_empty'
  | 'value_missing'
  | 'duplicate_id'
  | 'timestamp_invalid'
  | 'timestamp_no_timezone'
  | 'number_invalid'
  | 'unknown_lead'
  | 'event_before_created'
  | 'outcome_before_created'
  | 'outcome_order'
  | 'unknown_stage'
  | 'after_until'
  | 'mapping_invalid'
  | 'option_invalid'
  | 'output_exists'
  | 'output_is_input'
  | 'file_unwritable'
  | 'timestamp_outlier'
  | 'frame_too_large'
  | 'fit_separation'
  | 'fit_not_converged'
  | 'fit_singular'
  | 'fit_rounding'
  | 'fit_thin_rule'
  | 'fit_pure_group'
  | 'fit_sign_conflict'
  | 'fit_not_identified'
  | 'frame_past_events'
  | 'too_little_signal'
  | 'frame_loses_conversions'
  | 'leak_suspected'
  | 'point_in_time_unknown'
  | 'column_constant'
  | 'thin_segment'
  | 'value_invalid'
  | 'small_sample'
  | 'internal';

/** How bad an issue is: errors stop the work (exit 1), warnings are counted and shown. */
export type Severity = 'error' | 'warning';

/** One finding, as data. `line` is 1-based and counts the header as line 1. */
export interface Issue {
  code: IssueCode;
  severity: Severity;
  /** File the problem is in, as given by the user (relative paths stay relative). */
  file?: string;
  line?: number;
  /** Column name (for tables) or 1-based character position (for raw text), when known. */
  column?: string;
  /** Character position within the line, 1-based, when known. */
  position?: number;
  /** What is wrong, in one sentence without a trailing period. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** Further rows with the same problem in the same file and column, folded into this one. */
  more?: number;
}

/**
 * Format one issue as `FILE:LINE: column X: what is wrong — how to fix`.
 *
 * @example
 * formatIssue({ code: 'duplicate_id', severity: 'error', file: 'leads.csv', line: 4,
 *   column: 'lead_id', message: 'duplicate lead_id "L1" (first seen on line 2)',
 *   hint: 'keep one row per lead' })
 * // => 'leads.csv:4: column lead_id: duplicate lead_id "L1" (first seen on line 2) — keep one row per lead'
 */
export function formatIssue(issue: Issue): string {
  let where = issue.file ?? '';
  if (issue.line !== undefined) where += `${where ? ':' : 'line '}${issue.line}`;
  if (issue.position !== undefined) where += `:${issue.position}`;
  let text = where ? `${where}: ` : '';
  if (issue.column !== undefined) text += `column ${issue.column}: `;
  text += issue.message;
  if (issue.more) text += ` (and ${issue.more.toLocaleString('en-US')} more like it)`;
  if (issue.hint) text += ` — ${issue.hint}`;
  return text;
}

/** An error that stops the work, carrying the issues that explain why. */
export class LeadcalError extends Error {
  readonly code: IssueCode;
  readonly issues: Issue[];

  constructor(issues: Issue | Issue[]) {
    const list = Array.isArray(issues) ? issues : [issues];
    const first = list[0];
    if (!first) throw new TypeError('LeadcalError needs at least one issue');
    const extra = list.length > 1 ? `\n${list.slice(1, 20).map(formatIssue).join('\n')}` : '';
    const tail = list.length > 20 ? `\n… and ${list.length - 20} more` : '';
    super(formatIssue(first) + extra + tail);
    this.name = 'LeadcalError';
    this.code = first.code;
    this.issues = list;
  }
}

/** Shorthand for an error issue thrown at once. */
export function fail(issue: Omit<Issue, 'severity'>): never {
  throw new LeadcalError({ ...issue, severity: 'error' });
}

/**
 * Collects issues, folding repeats of the same code, file and column beyond `perKind` into the
 * `more` count of the last kept one, so a file with a million bad rows yields a readable report.
 */
export class IssueLog {
  readonly issues: Issue[] = [];
  private readonly kept = new Map<string, { count: number; last: Issue }>();

  constructor(private readonly perKind = 5) {}

  add(issue: Issue): void {
    const key = `${issue.code}\u0000${issue.file ?? ''}\u0000${issue.column ?? ''}`;
    const seen = this.kept.get(key);
    if (seen && seen.count >= this.perKind) {
      seen.last.more = (seen.last.more ?? 0) + 1 + (issue.more ?? 0);
      return;
    }
    this.issues.push(issue);
    if (seen) {
      seen.count++;
      seen.last = issue;
    } else this.kept.set(key, { count: 1, last: issue });
  }

  error(issue: Omit<Issue, 'severity'>): void {
    this.add({ ...issue, severity: 'error' });
  }

  warning(issue: Omit<Issue, 'severity'>): void {
    this.add({ ...issue, severity: 'warning' });
  }

  /** Number of problems of a severity, counting folded repeats. */
  count(severity: Severity): number {
    let n = 0;
    for (const i of this.issues) if (i.severity === severity) n += 1 + (i.more ?? 0);
    return n;
  }

  get hasErrors(): boolean {
    return this.issues.some((i) => i.severity === 'error');
  }
}
