// Finding 1 of issue #20: one mistyped year (2052 for 2025) used to pass validation and turn
// into years of negative snapshots. Timestamps far outside the bulk of the data are errors at
// their file and line, or (lenient) rows left out with one counted warning; --until far after
// the data is refused.
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/data/load.js';
import { formatIssue } from '../../src/errors.js';
import { plausibleTimeRange } from '../../src/data/time-sanity.js';
import { buildFrame } from '../../src/frame/frame.js';
import { DAY, T0, csv, day, tempHistory } from '../helpers.js';

/** 60 leads over 300 days, each with two events and some outcomes. */
function history(extraEvents: string[] = [], extraLeads: string[] = []): Record<string, string> {
  const leads: string[] = [];
  const events: string[] = [];
  const outcomes: string[] = [];
  for (let i = 0; i < 60; i++) {
    leads.push(`L${i},${day(i * 5)}`);
    events.push(`L${i},email_open,${day(i * 5 + 1)}`, `L${i},page_view,${day(i * 5 + 3)}`);
    if (i % 4 === 0) outcomes.push(`L${i},sql,${day(i * 5 + 20)}`);
  }
  return {
    'leads.csv': csv('lead_id,created_at', [...leads, ...extraLeads]),
    'events.csv': csv('lead_id,type,occurred_at', [...events, ...extraEvents]),
    'outcomes.csv': csv('lead_id,stage,occurred_at', outcomes),
  };
}

describe('plausibleTimeRange', () => {
  it('is 1970 to end + max(365 days, 10 × IQR), capped at 2200, end = min(p99.9, p75 + 3 × IQR)', () => {
    const times = Float64Array.from({ length: 1001 }, (_, i) => T0 + i * DAY);
    const r = plausibleTimeRange([times]);
    expect(r.loMs).toBe(0);
    // IQR 500 days → margin 5,000 days after p99.9 (day 999)
    expect((r.hiMs - T0) / DAY).toBeCloseTo(999 + 5000, 6);
    expect((plausibleTimeRange([Float64Array.of(T0, T0 + DAY)]).hiMs - T0) / DAY).toBeCloseTo(0.999 + 365, 6);
    expect(plausibleTimeRange([Float64Array.of(Date.UTC(2199, 6, 1))]).hiMs).toBe(Date.UTC(2200, 0, 1));
  });

  it('a few wild dates do not move it', () => {
    const times = Float64Array.from({ length: 5000 }, (_, i) => (i < 2 ? Date.UTC(9999, 0, 1) : T0 + (i % 365) * DAY));
    expect(plausibleTimeRange([times]).hiMs).toBeLessThan(Date.UTC(2040, 0, 1));
  });
});

describe('timestamps far outside the data', () => {
  it('an event dated 2052 is an error at its file and line', async () => {
    const files = history([`L3,page_view,2052-03-01T00:00:00Z`]);
    const report = await readHistory(tempHistory(files));
    const errors = report.issues.filter((i) => i.severity === 'error').map(formatIssue);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/events\.csv:122: column occurred_at: 2052-03-01T00:00:00Z is far outside the data \(most timestamps end by 20\d\d-\d\d-\d\d; plausible: 1970-01-01 to 20\d\d-\d\d-\d\d\) — fix the date \(a mistyped year\?\), or pass --lenient/);
    // the row is left out, so the end of observation is the data's own end
    expect(report.history!.untilMs).toBeLessThan(Date.UTC(2026, 0, 1));
  });

  it('lenient: the rows are left out with one counted warning, and the frame is the clean one', async () => {
    const files = history([`L3,page_view,2052-03-01T00:00:00Z`, `L4,page_view,2052-03-02T00:00:00Z`], ['L99,2062-01-01']);
    const clean = await readHistory(tempHistory(history()));
    const report = await readHistory(tempHistory(files), { lenient: true });
    expect(report.errors).toBe(0);
    const warnings = report.issues.filter((i) => i.code === 'timestamp_outlier').map(formatIssue);
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/events\.csv:122: column occurred_at: 2 row\(s\) left out/);
    expect(warnings.join('\n')).toMatch(/leads\.csv:62: column created_at: 1 row\(s\) left out/);
    expect(report.history!.untilMs).toBe(clean.history!.untilMs);
    expect(buildFrame(report.history!).count).toBe(buildFrame(clean.history!).count);
  });

  it('a date before 1970 is an error even in a small history', async () => {
    const report = await readHistory(tempHistory(history([`L3,page_view,1925-03-01T00:00:00Z`])));
    expect(report.issues.map(formatIssue).join('\n')).toMatch(/events\.csv:122: column occurred_at: 1925-03-01T00:00:00Z is far outside the data/);
  });

  it('--until far after the data is refused; a few weeks after is fine', async () => {
    const dir = tempHistory(history());
    const far = await readHistory(dir, { untilMs: Date.UTC(2100, 0, 1) });
    expect(far.issues.map(formatIssue).join('\n')).toMatch(/column --until: --until 2100-01-01 is far after the data/);
    const near = await readHistory(dir, { untilMs: T0 + 330 * DAY });
    expect(near.errors).toBe(0);
  });

  it('a clean history is read once, unchanged', async () => {
    const report = await readHistory(tempHistory(history()));
    expect(report.errors + report.warnings).toBe(0);
    expect(report.history!.events.count).toBe(120);
  });
});
