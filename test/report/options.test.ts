/**
 * Rejected parameters of buildReportData, one row each ("X must be …; got Y"), and the fit
 * report read at the boundary.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { History } from '../../src/data/history.js';
import { LeadcalError } from '../../src/errors.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { checkFitReport, parseFitReport } from '../../src/fit/fit-report-file.js';
import { buildReportData, type ReportOptions } from '../../src/report/index.js';
import { starter, synthHistory } from './helpers.js';

let history: History;
beforeAll(async () => {
  history = (await synthHistory(300, 5)).loaded.history!;
});

describe('buildReportData rejects', () => {
  it.each<[string, ReportOptions, RegExp]>([
    ['seed', { seed: 1.5 }, /seed must be an integer; got 1.5/],
    ['capacity', { capacity: 0 }, /capacity must be a positive number; got 0/],
    ['capacity', { capacity: Number.NaN }, /capacity must be a positive number; got NaN/],
    ['valuePerConversion', { valuePerConversion: 100 }, /must be given together/],
    ['costPerTouch', { valuePerConversion: 100, costPerTouch: -1 }, /costPerTouch must be a number ≥ 0; got -1/],
    ['testFromMs', { testFromMs: Number.POSITIVE_INFINITY }, /testFromMs must be a finite epoch time/],
    ['testFromMs', { testFromMs: Date.UTC(2040, 0, 1) }, /no snapshot falls at or after --test-from/],
    ['hitRateSample', { hitRateSample: 0 }, /hitRateSample must be a positive integer; got 0/],
    ['frame.horizonDays', { frame: { horizonDays: 5000 } }, /the frame has no snapshots/],
  ])('%s: %j', (_name, options, message) => {
    expect(() => buildReportData(history, { model: starter() }, options)).toThrow(message);
    try { buildReportData(history, { model: starter() }, options); } catch (e) { expect((e as LeadcalError).code).toBe('option_invalid'); }
  });

  it('accepts validation as a plain list of issues', () => {
    const data = buildReportData(history, { model: starter() }, { validation: [
      { code: 'timestamp_no_timezone', severity: 'warning', file: 'leads.csv', line: 2, column: 'created_at', message: 'no zone', more: 4 },
      { code: 'unknown_lead', severity: 'error', file: 'events.csv', line: 9, column: 'lead_id', message: 'unknown lead "X"' },
    ] });
    expect(data.meta.validation).toEqual({ errors: 1, warnings: 5, files: [] });
    expect(data.tables.find((t) => t.id === 'issue-counts')!.rows).toEqual([{ severity: 'error', code: 'unknown_lead', count: 1 }, { severity: 'warning', code: 'timestamp_no_timezone', count: 5 }]);
  });

  it('a missing model', () => {
    expect(() => buildReportData(history, {} as never)).toThrow(/models.model must be a scoring model/);
  });
});

describe('fit report', () => {
  it('accepts fitScoringModel().report and shows half-lives with intervals', () => {
    const fit = fitScoringModel(history, { frame: { target: 'sql', horizonDays: 90 }, name: 'fitted' });
    const data = buildReportData(history, { model: fit.model, fitReport: fit.report, compare: [starter()] });
    const t = data.tables.find((x) => x.id === 'fit-rules')!;
    expect(t.rows.length).toBe(fit.report.rules.length);
    expect(t.rows.some((r) => typeof r.halfLifeDays === 'number')).toBe(true);
    const tests = data.tables.find((x) => x.id === 'paired-tests')!;
    expect(tests.rows).toHaveLength(1);
    expect(tests.rows[0]!.modelB).toBe('starter');
  });

  it('parses the JSON file with line-precise errors', () => {
    expect(checkFitReport({ frame: { snapshots: 1, positives: 0 }, rules: [] }).rules).toEqual([]);
    expect(() => parseFitReport('{"frame": {"snapshots": 1, "positives": 0}, "rules": [{"kind": "attribute"}]}', 'fit.json')).toThrow(/fit\.json/);
  });
});
