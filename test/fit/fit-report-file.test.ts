// The fit-report file: what fitReportToJson writes, parseFitReport/readFitReport read back with
// the same schema (non-finite numbers as null); checkFitReport takes the report given in code;
// bad files fail with the file and line.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import { fitScoringModel, type FitResult } from '../../src/fit/fit-model.js';
import { checkFitReport, fitReportData, fitReportToJson, parseFitReport, readFitReport, writeFitReport } from '../../src/fit/fit-report-file.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { issueLines, tempHistory } from '../helpers.js';

let fit: FitResult;

beforeAll(async () => {
  const dir = join(tempHistory({}), 'h');
  await writeHistory(dir, generateHistory({ leads: 1500, seed: 9 }));
  const { history } = await loadHistory(dir);
  fit = fitScoringModel(history, { frame: { horizonDays: 60, schedule: { kind: 'every', days: 30 } }, testFromMs: Date.UTC(2025, 10, 1), intervals: false });
}, 120_000);

describe('fit-report file', () => {
  it('writes the stable shape: frame, test, holdout, intercept, base points, rules, metrics, convergence', () => {
    const json = JSON.parse(fitReportToJson(fit)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['frame', 'test', 'holdout', 'intercept', 'basePoints', 'rules', 'penalty', 'binning', 'halfLives', 'suggestions', 'metrics', 'converged', 'scale', 'warnings']);
    expect(json.frame).toEqual(fit.report.frame);
    expect((json.rules as unknown[]).length).toBe(fit.report.rules.length);
    expect(fitReportToJson(fit).endsWith('}\n')).toBe(true);
    expect(JSON.parse(JSON.stringify(fitReportData(fit)))).toEqual(json);
  });

  it('reads back what it writes, through the file', () => {
    const path = join(tempHistory({}), 'reports', 'fit.json');
    writeFitReport(path, fit);
    const back = readFitReport(path);
    expect(back.frame).toEqual(fit.report.frame);
    expect(back.rules.map((r) => r.points)).toEqual(fit.report.rules.map((r) => r.points));
    expect(back.metrics?.train.auc).toBeCloseTo(fit.report.metrics.train.auc, 12);
    expect(parseFitReport(fitReportToJson(fit), 'fit.json')).toEqual(back);
  });

  it('checks a report given in code the same way (NaN and infinite as null)', () => {
    const checked = checkFitReport(fit.report);
    expect(checked.rules.length).toBe(fit.report.rules.length);
    const rule = { kind: 'behavior' as const, event: 'visit', coefficient: 0.5, standardError: Infinity, points: 3, halfLifeDays: 10, halfLifeInterval: [4, Infinity], support: 12, hitRate: { fired: 0.2, notFired: NaN } };
    const one = checkFitReport({ frame: { snapshots: 10, positives: 2 }, rules: [rule] }).rules[0]!;
    expect(one.standardError).toBeNull();
    expect(one.halfLifeInterval).toEqual([4, null]);
    expect(one.hitRate.notFired).toBeNull();
  });

  it('rejects a malformed file with its name and line, and a missing file clearly', () => {
    expect(issueLines(() => parseFitReport('{\n  "frame": {"snapshots": 1, "positives": 0},\n  "rules": [{"kind": "attribute"}]\n}', 'fit.json'))[0]).toMatch(/^fit\.json:3: column rules\.0/);
    const dir = tempHistory({});
    expect(issueLines(() => readFitReport(join(dir, 'nope.json')))[0]).toMatch(/nope\.json: file not found/);
    writeFileSync(join(dir, 'bad.json'), '{"frame": {"snapshots": "many", "positives": 0}, "rules": []}');
    expect(issueLines(() => readFitReport(join(dir, 'bad.json')))[0]).toMatch(/bad\.json:1: column frame\.snapshots/);
  });
});
