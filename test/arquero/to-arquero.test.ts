// Every table the library returns converts to an arquero table with one call, sharing the typed
// arrays it already has, and arquero verbs give the same numbers as the library's own tables.
import { ColumnTable, op, table as aqTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  binningToArquero, buildFrame, calibrateModel, calibrationToArquero, compareScorers, comparisonToArquero, disagreementsToArquero,
  fitRulesToArquero, fitScoringModel, frameToArquero, loadHistory, scoreFrame, scoresToArquero, sweepThresholds, sweepToArquero, timeSplit, toArquero,
  LeadcalError, type FitResult, type FrameOptions, type History,
} from '../../src/index.js';

const FRAME: FrameOptions = { target: 'sql', horizonDays: 90, schedule: { kind: 'every', days: 30 } };
const TEST_FROM = Date.UTC(2026, 0, 1);
let history: History;
let fit: FitResult;

beforeAll(async () => {
  history = (await loadHistory('datasets/sample')).history;
  fit = fitScoringModel(history, { frame: FRAME, testFromMs: TEST_FROM, seed: 1, intervals: false, name: 'fitted' });
}, 120_000);

describe('toArquero', () => {
  it('a frame: its typed arrays, not copies, and lead ids from the history', () => {
    const frame = buildFrame(history, FRAME);
    const t = toArquero(frame, history);
    expect(t).toBeInstanceOf(ColumnTable);
    expect(t.numRows()).toBe(frame.count);
    expect(t.column('asOfMs')).toBe(frame.asOfMs);
    expect(t.column('label')).toBe(frame.label);
    expect(t.get('leadId', 5)).toBe(history.leads.ids[frame.lead[5]!]);
    expect(frameToArquero(frame).columnNames()).toEqual(['lead', 'asOfMs', 'label']);
    // grouping gives the frame's own counts
    const positives = t.rollup({ p: op.sum('label') }).get('p', 0);
    expect(positives).toBe(frame.positives);
  });

  it('a scores table: segment names, and filtering on `above` counts the MQLs', () => {
    const frame = buildFrame(history, FRAME);
    const scores = scoreFrame(fit.model, history, frame);
    const t = toArquero(scores, history);
    expect(t.column('score')).toBe(scores.score);
    expect(t.get('segment', 0)).toBe(scores.segmentNames[scores.segment[0]!]);
    expect(t.filter((d: { above: number }) => d.above === 1).numRows()).toBe(scores.above.reduce((a, b) => a + b, 0));
    expect(scoresToArquero(scores).columnNames()).not.toContain('leadId');
  });

  it('a sweep: one row per segment and threshold, the recommended point marked', () => {
    const { test } = timeSplit(history, FRAME, TEST_FROM);
    const scores = scoreFrame(fit.model, history, test).score;
    const sweep = sweepThresholds({ scores, labels: test.label, asOfMs: test.asOfMs }, { recommend: { objective: 'capacity', mqlsPerMonth: 20 } });
    const t = toArquero(sweep);
    expect(t.numRows()).toBe(sweep.segments.reduce((a, s) => a + s.points.length, 0));
    const overall = sweep.segments[0]!;
    const marked = t.filter((d: { recommended: boolean }) => d.recommended).objects() as { threshold: number; passed: number }[];
    expect(marked).toHaveLength(1);
    expect(marked[0]!.threshold).toBe(overall.recommended!.threshold);
    expect(marked[0]!.passed).toBe(overall.recommended!.passed);
    expect(sweepToArquero(sweep).columnNames().slice(0, 3)).toEqual(['segment', 'kind', 'threshold']);
  });

  it('a calibration: its reliability curve, zero-copy', () => {
    const c = calibrateModel(history, fit.model, FRAME, { method: 'isotonic', testFromMs: TEST_FROM });
    const t = toArquero(c);
    expect(t.column('probTrue')).toBe(c.curve!.probTrue);
    expect(calibrationToArquero(c.curve!).numRows()).toBe(c.curve!.bin.length);
  });

  it('a fit, its report or its rule list: the rules; binning tables stacked', () => {
    const rules = fit.report.rules;
    for (const x of [fit, fit.report, rules] as const) {
      const t = toArquero(x);
      expect(t.numRows()).toBe(rules.length);
      expect(t.array('label')).toEqual(rules.map((r) => r.label));
    }
    const behaviour = fitRulesToArquero(fit).filter((d: { kind: string }) => d.kind === 'behavior');
    expect(behaviour.numRows()).toBe(rules.filter((r) => r.kind === 'behavior').length);
    const binning = toArquero(fit.report.binning);
    expect(binning.numRows()).toBe(fit.report.binning.reduce((a, b) => a + b.rows.length, 0));
    expect(binningToArquero(fit.report).groupby('field').count().numRows()).toBe(fit.report.binning.length);
  });

  it('a comparison: scorers with the DeLong test flattened, and its disagreements', () => {
    const comparison = compareScorers(history, [{ name: 'fitted', model: fit.model }], FRAME, { testFromMs: TEST_FROM, predictive: 'logistic' });
    const t = toArquero(comparison);
    expect(t.array('name')).toEqual(comparison.scorers.map((s) => s.name));
    expect(Number.isNaN(t.get('versusFirst', 0))).toBe(true);
    expect(t.get('versusFirst', 1)).toBe(comparison.scorers[1]!.versusFirst!.difference);
    expect(comparisonToArquero(comparison).numCols()).toBe(t.numCols());
    expect(disagreementsToArquero(comparison).numRows()).toBe(comparison.disagreements.length);
  });

  it('records, { rows }, columns and arquero tables pass through', () => {
    const t = aqTable({ a: [1] });
    expect(toArquero(t)).toBe(t);
    expect(toArquero([{ a: 1, b: 'x' }]).objects()).toEqual([{ a: 1, b: 'x' }]);
    expect(toArquero({ rows: [{ a: 2 }] }).get('a', 0)).toBe(2);
    const values = Float64Array.of(1, 2);
    expect(toArquero({ x: values, y: ['a', 'b'] }).column('x')).toBe(values);
  });

  it('rejects what it does not know, with a LeadcalError', () => {
    for (const bad of [{ nothing: 1 }, { a: [1], b: [1, 2] }, null]) {
      expect(() => toArquero(bad as never)).toThrow(LeadcalError);
    }
  });
});
