// The Backtest page: present only when the report is given a backtest; one table (a row per
// window) and one chart (AUC with its interval per window); its markup compared with a stored
// snapshot after rounding (test/report/snapshots/backtest.html).
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportData, renderSite, type ReportData } from '../../src/report/index.js';
import { backtest, type BacktestResult } from '../../src/review/backtest.js';
import { setWarningSink } from '../../src/warnings.js';
import { matchSnapshot, starter, synthHistory } from './helpers.js';

let plain: ReportData;
let withBacktest: ReportData;
let result: BacktestResult;

beforeAll(async () => {
  const { loaded } = await synthHistory(600, 20251125);
  const history = loaded.history!;
  const sink = setWarningSink(() => {});
  result = backtest(history, starter(), { frame: { horizonDays: 60 } });
  plain = buildReportData(history, { model: starter() }, { frame: { horizonDays: 60 }, testFromMs: Date.UTC(2025, 9, 1) });
  withBacktest = buildReportData(history, { model: starter() }, { frame: { horizonDays: 60 }, testFromMs: Date.UTC(2025, 9, 1), backtest: result });
  setWarningSink(sink);
}, 120_000);

describe('the Backtest page', () => {
  it('is left out of a report without a backtest (other pages unchanged)', () => {
    const files = renderSite(plain);
    expect(files.has('backtest.html')).toBe(false);
    expect(files.get('index.html')).not.toMatch(/backtest\.html/);
  });

  it('holds one table with a row per window and one chart, linked from every page', () => {
    const files = renderSite(withBacktest);
    const page = files.get('backtest.html')!;
    const table = withBacktest.tables.find((t) => t.id === 'backtest')!;
    expect(table.page).toBe('backtest');
    expect(table.rows.length).toBe(result.windows.length);
    expect(page.match(/<section class="finding"/g)?.length).toBe(1);
    expect(page.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(files.get('index.html')).toMatch(/href="backtest.html"/);
    expect(files.has('data/backtest.csv')).toBe(true);
    const snap = matchSnapshot('backtest.html', page.replace(/<p class="generated">[^<]*<\/p>/, ''));
    expect(snap.ok, snap.message).toBe(true);
  });

  it('rejects something that is not a backtest', () => {
    expect(() => buildReportData(withBacktest as never, { model: starter() }, { backtest: { windows: 'no' } as never })).toThrow(/backtest must be the result of backtest/);
  });
});
