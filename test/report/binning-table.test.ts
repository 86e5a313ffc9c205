/**
 * Issue #21 item 4: the fit's binning table on the report's model page — per case its count,
 * events, event rate, WoE, IV and points, per attribute its IV and trend — read from the fit
 * report; its counts add up to the training frame and its rows' IV to the attribute's IV. The
 * table built from a fixed fit report is a stored snapshot.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { History } from '../../src/data/history.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { checkFitReport } from '../../src/fit/fit-report-file.js';
import { buildReportData, renderSite } from '../../src/report/index.js';
import { binningTable } from '../../src/report/tables-model.js';
import { matchSnapshot, synthHistory } from './helpers.js';

let history: History;
beforeAll(async () => {
  history = (await synthHistory(600, 11)).loaded.history!;
}, 120_000);

const FIXED = checkFitReport({
  frame: { snapshots: 1000, positives: 100 },
  rules: [],
  binning: [
    { field: 'industry', kind: 'levels', iv: 0.05, totals: { count: 1000, events: 100 }, rows: [
      { label: 'industry is empty', case: 'missing', count: 100, events: 5, eventRate: 0.05, woe: -0.75, iv: 0.03, points: -22 },
      { label: 'industry = software', case: 'level', reference: true, count: 900, events: 95, eventRate: 0.1056, woe: 0.06, iv: 0.02, points: 0 },
    ] },
    { field: 'employees', kind: 'bins', trend: 'ascending', reading: 'not integer codes', iv: 0.4, totals: { count: 1000, events: 100 }, rows: [
      { label: 'employees is empty', case: 'missing', count: 0, events: 0, eventRate: null, woe: null, iv: 0, points: 0 },
      { label: 'employees < 50', case: 'bin', reference: true, count: 600, events: 30, eventRate: 0.05, woe: -0.75, iv: 0.15, points: 0 },
      { label: 'employees ≥ 50', case: 'bin', count: 400, events: 70, eventRate: 0.175, woe: 0.65, iv: 0.25, points: 35 },
    ] },
  ],
});

describe('binning table on the model page', () => {
  it('a fixed fit report gives the stored table, strongest attribute first', () => {
    const t = binningTable(FIXED);
    expect(t.page).toBe('model');
    expect(t.rows.map((r) => r.attribute)).toEqual(['employees', 'employees', 'employees', 'industry', 'industry']);
    expect(t.finding).toBe('employees separates converting snapshots best (information value 0.400, ascending trend) of 2 attributes binned');
    const result = matchSnapshot('binning-table.json', `${JSON.stringify(t, null, 1)}\n`);
    expect(result.ok, result.message).toBe(true);
  });

  it('from a real fit: counts add up to the training frame, IV to the attribute IV, and the page shows it', () => {
    const fit = fitScoringModel(history, { frame: { target: 'sql', horizonDays: 90 }, intervals: false, name: 'fitted' });
    expect(fit.report.binning.length).toBeGreaterThan(0);
    const data = buildReportData(history, { model: fit.model, fitReport: fit.report });
    const t = data.tables.find((x) => x.id === 'binning')!;
    expect(t.columns.map((c) => c.key)).toEqual(['attribute', 'attributeIv', 'trend', 'case', 'reference', 'count', 'events', 'eventRate', 'woe', 'iv', 'points']);
    for (const b of fit.report.binning) {
      const rows = t.rows.filter((r) => r.attribute === b.field);
      expect(rows).toHaveLength(b.rows.length);
      expect(rows.reduce((s, r) => s + (r.count as number), 0)).toBe(fit.report.frame.snapshots);
      expect(rows.reduce((s, r) => s + (r.events as number), 0)).toBe(fit.report.frame.positives);
      expect(rows.reduce((s, r) => s + (r.iv as number), 0)).toBeCloseTo(rows[0]!.attributeIv as number, 5);
      expect(rows.filter((r) => r.reference === 'reference').every((r) => r.points === 0)).toBe(true);
    }
    const page = renderSite(data).get('model.html')!;
    expect(page).toContain('id="binning"');
    expect(page).toContain('Binning table: each attribute&#39;s cases');
    // without a fit report, no binning section
    expect(buildReportData(history, { model: fit.model }).tables.some((x) => x.id === 'binning')).toBe(false);
  }, 120_000);
});
