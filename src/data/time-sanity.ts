/**
 * Time sanity: one mistyped year (2052 for 2025) must not silently become years of negative
 * snapshots. The plausible range of a history's timestamps is found from the bulk of them:
 *
 *   from 1970-01-01 to min(2200-01-01, end + max(365 days, 10 × IQR)),  end = min(p99.9, p75 + 3 × IQR)
 *
 * over every created_at, event and outcome time together (percentiles and the interquartile
 * range of an evenly strided sample of at most 1,000,000 values). `end` is the data's own end:
 * the 99.9th percentile, or Tukey's far fence when a small table lets one wild date drag that
 * percentile, so a few wild dates cannot move the range.
 * A timestamp outside it is an error at its file and line, or, with `lenient`, its row is left
 * out and counted in one warning per file and column.
 */
import type { IssueLog } from '../errors.js';
import { quantileSorted } from '../stats/quantile.js';
import { DAY_MS } from '../stats/days.js';
import { formatTimestamp } from './timestamp.js';

export interface TimeRange {
  /** Earliest plausible timestamp (epoch ms, inclusive). */
  loMs: number;
  /** Latest plausible timestamp (epoch ms, inclusive). */
  hiMs: number;
  /** The data's own end (see the module comment), for messages. */
  endMs: number;
}

/** 2200-01-01: later than any CRM history, earlier than any date that overflows a frame. */
export const LATEST_PLAUSIBLE_MS = Date.UTC(2200, 0, 1);
const SAMPLE = 1_000_000;

/**
 * The plausible range of the timestamps in `columns` (NaN values are skipped).
 * Complexity: O(n + s log s) for s = min(n, 1,000,000) sampled values.
 *
 * @example
 * plausibleTimeRange([Float64Array.of(Date.UTC(2025, 0, 1), Date.UTC(2025, 6, 1))]).loMs // => 0
 */
export function plausibleTimeRange(columns: readonly ArrayLike<number>[]): TimeRange {
  let n = 0;
  for (const c of columns) n += c.length;
  const stride = Math.max(1, Math.ceil(n / SAMPLE));
  const sample: number[] = [];
  let k = 0;
  for (const c of columns) {
    for (let i = 0; i < c.length; i++, k++) if (k % stride === 0 && !Number.isNaN(c[i]!)) sample.push(c[i]!);
  }
  if (!sample.length) return { loMs: 0, hiMs: LATEST_PLAUSIBLE_MS, endMs: NaN };
  const sorted = Float64Array.from(sample).sort();
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - quantileSorted(sorted, 0.25);
  const endMs = Math.min(quantileSorted(sorted, 0.999), q3 + 3 * iqr);
  return { loMs: 0, hiMs: Math.min(LATEST_PLAUSIBLE_MS, endMs + Math.max(365 * DAY_MS, 10 * iqr)), endMs };
}

/** Whether any timestamp in `columns` is outside `range`. */
export function anyOutside(range: TimeRange, columns: readonly ArrayLike<number>[]): boolean {
  for (const c of columns) for (let i = 0; i < c.length; i++) if (c[i]! < range.loMs || c[i]! > range.hiMs) return true;
  return false;
}

/**
 * Reports timestamps outside the plausible range: each an error with its file and line, or
 * (lenient) counted and reported once per file and column by {@link TimeOutliers.finish}.
 */
export class TimeOutliers {
  private readonly dropped = new Map<string, { file: string; column: string; line: number; count: number; example: number }>();

  constructor(readonly range: TimeRange, private readonly log: IssueLog, private readonly lenient: boolean) {}

  /** Whether `ms` is outside the range (then it is reported and the row must be left out). */
  outside(ms: number, file: string, line: number, column: string): boolean {
    if (!(ms < this.range.loMs || ms > this.range.hiMs)) return false;
    if (this.lenient) {
      const key = `${file}\u0000${column}`;
      const seen = this.dropped.get(key);
      if (seen) seen.count++;
      else this.dropped.set(key, { file, column, line, count: 1, example: ms });
      return true;
    }
    this.log.error({ code: 'timestamp_outlier', file, line, column, message: `${formatTimestamp(ms)} is far outside the data (${this.describe()})`, hint: 'fix the date (a mistyped year?), or pass --lenient to leave such rows out with a warning' });
    return true;
  }

  private describe(): string {
    return ms(this.range.endMs) ? `most timestamps end by ${formatTimestamp(this.range.endMs).slice(0, 10)}; plausible: 1970-01-01 to ${formatTimestamp(this.range.hiMs).slice(0, 10)}` : 'before 1970 or after 2200';
  }

  /** Write the counted warnings of the lenient mode. */
  finish(): void {
    for (const d of this.dropped.values()) {
      this.log.warning({ code: 'timestamp_outlier', file: d.file, line: d.line, column: d.column, message: `${d.count.toLocaleString('en-US')} row(s) left out: timestamp far outside the data (e.g. ${formatTimestamp(d.example)}; ${this.describe()})`, hint: 'fix the dates to keep these rows' });
    }
  }
}

const ms = (x: number): boolean => Number.isFinite(x);

/**
 * An explicit end of observation far after the data (more than the plausible margin after its
 * end) is an error: every day up to it would count as days without conversion.
 */
export function checkUntilPlausible(log: IssueLog, untilMs: number | undefined, range: TimeRange): void {
  if (untilMs === undefined || untilMs <= range.hiMs) return;
  log.error({ code: 'option_invalid', column: '--until', message: `--until ${formatTimestamp(untilMs).slice(0, 10)} is far after the data (${ms(range.endMs) ? `most timestamps end by ${formatTimestamp(range.endMs).slice(0, 10)}` : 'no timestamps'}); the days in between would count as days without conversion`, hint: `give the date of the export, at most ${formatTimestamp(range.hiMs).slice(0, 10)}` });
}
