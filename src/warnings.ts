/**
 * Recoverable problems (separation, thin segments, assumed conventions) go through `warn()`,
 * never `console.log`: the sink is swappable (the CLI prints to stderr, tests collect) and
 * every warning is counted.
 */
import { formatIssue, type Issue } from './errors.js';

export type WarningSink = (issue: Issue) => void;

let sink: WarningSink = (issue) => process.stderr.write(`warning: ${formatIssue(issue)}\n`);
let counter = 0;

/**
 * Report a recoverable problem.
 *
 * @example
 * const seen = []; setWarningSink((i) => seen.push(i));
 * warn({ code: 'option_invalid', message: 'horizon is long' }); warningCount()
 * // => 1
 */
export function warn(issue: Omit<Issue, 'severity'>): void {
  counter++;
  sink({ ...issue, severity: 'warning' });
}

/** Replace the sink; returns the previous one so callers can restore it. */
export function setWarningSink(next: WarningSink): WarningSink {
  const previous = sink;
  sink = next;
  return previous;
}

/** Warnings reported since start (or since the last reset). */
export function warningCount(): number {
  return counter;
}

export function resetWarningCount(): void {
  counter = 0;
}
