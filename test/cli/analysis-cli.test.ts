// sweep / funnel / diff / fit / evaluate / calibrate / compare / stability through the real binary.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');
const STARTER = 'datasets/models/starter.yaml';
let work: string;

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = tempHistory({});
});

describe('fit and evaluate', () => {
  it('fit --json prints the stable shape and --out writes a model that evaluate and score run', () => {
    const model = join(work, 'fitted.yaml');
    const r = leadcal('fit', 'datasets/sample', '--every', '30', '--horizon', '90', '--test-from', '2025-12-01', '--no-intervals', '--out', model, '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.frame)).toEqual(['snapshots', 'positives']);
    expect(typeof json.intercept).toBe('number');
    expect(json.metrics.train.auc).toBeGreaterThan(0.5);
    expect(json.metrics.test.auc).toBeGreaterThan(0.5);
    const kinds = new Set(json.rules.map((x: { kind: string }) => x.kind));
    expect(kinds).toEqual(new Set(['attribute', 'behavior']));
    for (const rule of json.rules) {
      expect(typeof rule.coefficient).toBe('number');
      expect(Number.isInteger(rule.points)).toBe(true);
      if (rule.kind === 'behavior') expect(rule.event).toBeTypeOf('string');
      else expect(rule.field).toBeTypeOf('string');
    }
    expect(readFileSync(model, 'utf8')).toMatch(/^# leadcal scoring model/);
    const e = leadcal('evaluate', 'datasets/sample', '--model', model, '--every', '30', '--json');
    expect(e.code, e.stderr).toBe(0);
    const m = JSON.parse(e.stdout);
    for (const k of ['frame', 'auc', 'brier', 'logLoss', 'ece']) expect(m).toHaveProperty(k);
    expect(m.calibration).toBe('model (logistic)');
  });

  it('the model carries its frame: evaluate and sweep of a won/60-day model use won/60 days and its test period (#11)', () => {
    const model = join(work, 'won60.yaml');
    const r = leadcal('fit', 'datasets/sample', '--target', 'won', '--horizon', '60', '--every', '30', '--test-from', '2025-11-15', '--no-intervals', '--force', '--out', model, '--json');
    expect(r.code, r.stderr).toBe(0);
    const fit = JSON.parse(r.stdout);
    expect(Array.isArray(fit.warnings)).toBe(true);
    expect(readFileSync(model, 'utf8')).toMatch(/target: won\nhorizonDays: 60\nschedule:\n {2}every: 30\ntestFrom: 2025-11-15T00:00:00Z/);
    const e = leadcal('evaluate', 'datasets/sample', '--model', model, '--json');
    expect(e.code, e.stderr).toBe(0);
    const m = JSON.parse(e.stdout);
    expect([m.target, m.horizonDays, m.testFrom]).toEqual(['won', 60, '2025-11-15T00:00:00Z']);
    expect(m.frame).toEqual(fit.test);
    expect(m.auc).toBeCloseTo(fit.metrics.test.auc, 12);
    expect(e.stderr).not.toMatch(/note: using/);
    // an explicit flag wins and is said once
    const o = leadcal('evaluate', 'datasets/sample', '--model', model, '--horizon', '90', '--json');
    expect(o.stderr.match(/note: using horizon 90 days \(the model was fitted with 60\)/g)).toHaveLength(1);
    const s = leadcal('sweep', 'datasets/sample', '--model', model, '--json');
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).snapshots).toMatch(/^the test period from 2025-11-15T00:00:00Z \([\d,]+ snapshots, target won within 60 days\)$/);
  });

  it('fit refuses too little signal unless --force, and prints the guard (#11)', () => {
    const r = leadcal('fit', 'datasets/sample', '--target', 'won', '--horizon', '30', '--test-from', '2026-05-10', '--no-intervals'); // 6 positive test snapshots
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: column --(target|test-from): too little signal: .*--force fits anyway/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });

  it('fit can use the ICP fit as a feature (--icp-feature)', () => {
    const r = leadcal('fit', 'datasets/sample', '--icp-feature', 'datasets/icp/example.yaml', '--no-intervals', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rules.some((x: { field?: string }) => x.field === 'icp_fit')).toBe(true);
  });

  it('bad fit options are usage errors', () => {
    expect(leadcal('fit', 'datasets/sample', '--range', '100-0').code).toBe(2);
    expect(leadcal('fit', 'datasets/sample', '--lock', 'nonsense').code).toBe(2);
    expect(leadcal('fit', 'datasets/sample', '--sign', 'x=up').code).toBe(2);
  });
});

describe('thresholds, funnel, diff, stability', () => {
  it('sweep --json keeps the scripted shape, with a recommendation per segment', () => {
    const r = leadcal('sweep', 'datasets/sample', '--model', STARTER, '--capacity', '40', '--min-conversions', '10', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.segments[0].segment).toBe('overall');
    for (const s of json.segments) {
      expect(Object.keys(s.base)).toEqual(expect.arrayContaining(['leads', 'conversions']));
      expect(s).toHaveProperty('recommended');
      for (const p of s.points.slice(0, 3)) for (const k of ['threshold', 'passed', 'passedPerMonth', 'conversions', 'conversionRate', 'recall', 'lift']) expect(p).toHaveProperty(k);
    }
    expect(json.segments[0].recommended.passedPerMonth).toBeLessThanOrEqual(40);
  });

  it('sweep and report say which snapshots they swept, in the same words, and pass the same snapshots at the threshold in use (#13)', () => {
    const r = leadcal('sweep', 'datasets/sample', '--model', STARTER, '--test-from', '2025-10-01', '--capacity', '40', '--json');
    expect(r.code, r.stderr).toBe(0);
    const sweep = JSON.parse(r.stdout);
    const out = join(work, 'report-swept');
    const rep = leadcal('report', 'datasets/sample', '--model', STARTER, '--test-from', '2025-10-01', '--capacity', '40', '--out', out, '--quiet');
    expect(rep.code, rep.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.meta.swept).toBe(`${sweep.snapshots}, over ${sweep.months.toFixed(1)} months`);
    expect(report.meta.swept).toMatch(/^the test period from 2025-10-01T00:00:00Z \(26,699 snapshots, target sql within 90 days\)/);
    expect(readFileSync(join(out, 'thresholds.html'), 'utf8')).toContain(`Swept ${report.meta.swept}`);
    const summary = report.tables.find((t: { id: string }) => t.id === 'thresholds');
    for (const row of summary.rows) {
      const segment = sweep.segments.find((s: { segment: string }) => s.segment === row.segment);
      const at = segment.points.find((p: { threshold: number }) => p.threshold >= row.currentThreshold);
      const table = report.tables.find((t: { id: string }) => t.id === `sweep-${row.segment}`);
      const same = table.rows.find((p: { threshold: number }) => p.threshold >= row.currentThreshold);
      expect([same.passed, same.conversions], row.segment).toEqual([at.passed, at.conversions]);
    }
  });

  it('sweep --json and the report try the same whole-point thresholds and recommend the same one, with the same numbers, for the same model and snapshots (#13)', () => {
    // the fitted model decays its behaviour points: scores fall between whole points (e.g. 93.5)
    const model = join(work, 'fitted.yaml');
    const scores = leadcal('score', 'datasets/sample', '--model', model, '--as-of', '2026-01-01');
    expect(scores.code, scores.stderr).toBe(0);
    const [header, ...lines] = scores.stdout.trim().split('\n');
    const at = header!.split(',').indexOf('score');
    expect(lines.some((line) => !Number.isInteger(Number(line.split(',')[at])))).toBe(true);
    const r = leadcal('sweep', 'datasets/sample', '--model', model, '--capacity', '40', '--json');
    expect(r.code, r.stderr).toBe(0);
    const sweep = JSON.parse(r.stdout);
    const out = join(work, 'report-agree');
    const rep = leadcal('report', 'datasets/sample', '--model', model, '--capacity', '40', '--out', out, '--quiet');
    expect(rep.code, rep.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    // the same snapshots: the model's own test period
    expect(report.meta.swept).toBe(`${sweep.snapshots}, over ${sweep.months.toFixed(1)} months`);
    const summary = report.tables.find((t: { id: string }) => t.id === 'thresholds');
    let recommended = 0;
    for (const row of summary.rows) {
      const segment = sweep.segments.find((s: { segment: string }) => s.segment === row.segment);
      const table = report.tables.find((t: { id: string }) => t.id === `sweep-${row.segment}`);
      // every candidate threshold is a whole point, the same list in both, passing the same snapshots
      expect(segment.points.every((p: { threshold: number }) => Number.isInteger(p.threshold)), row.segment).toBe(true);
      expect(table.rows.map((p: { threshold: number; passed: number; conversions: number }) => [p.threshold, p.passed, p.conversions]), row.segment)
        .toEqual(segment.points.map((p: { threshold: number; passed: number; conversions: number }) => [p.threshold, p.passed, p.conversions]));
      const rec = segment.recommended;
      expect(row.recommendedThreshold, row.segment).toBe(rec ? rec.threshold : null);
      if (!rec) continue;
      recommended++;
      expect(row.recommendedPerMonth).toBeCloseTo(rec.passedPerMonth, 3);
      expect(row.recommendedRate).toBeCloseTo(rec.conversionRate, 6);
      expect(row.recommendedRecall).toBeCloseTo(rec.recall, 6);
      expect(row.note).toBe(rec.tradeOff ?? '');
    }
    expect(recommended).toBeGreaterThan(0);
  });

  it('funnel --json has a totals row and Kaplan–Meier quantiles', () => {
    const r = leadcal('funnel', 'datasets/sample', '--by', 'cohort:quarter', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.funnel.at(-1).kind).toBe('total');
    expect(json.funnel.at(-1).leads).toBe(8000);
    expect(json.timeToConvert.some((x: { medianDays: number | null }) => x.medianDays !== null)).toBe(true);
  });

  it('diff lists rule changes and leads changing side', () => {
    const r = leadcal('diff', STARTER, join(work, 'fitted.yaml'), 'datasets/sample', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.rules.length).toBeGreaterThan(5);
    expect(json.sides.at(-1).segment).toBe('total');
    const same = leadcal('diff', STARTER, STARTER);
    expect(same.stdout).toMatch(/no rule changed/);
  });

  it('stability prints the score PSI and its band', () => {
    const r = leadcal('stability', 'datasets/sample', '--model', STARTER, '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(['stable', 'moderate', 'shift']).toContain(json.score.band);
    expect(json.features.length).toBeGreaterThan(3);
  });
});

describe('calibrate and compare', () => {
  it('calibrate stores the mapping so that score prints probabilities', () => {
    const out = join(work, 'calibrated.yaml');
    const r = leadcal('calibrate', 'datasets/sample', '--model', join(work, 'fitted.yaml'), '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).test.ece).toBeLessThan(0.1);
    const s = leadcal('score', 'datasets/sample', '--model', out, '--as-of', '2026-01-01');
    const [header, first] = s.stdout.split('\n');
    expect(header).toContain('probability');
    const p = Number(first!.split(',')[header!.split(',').indexOf('probability')]);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });

  it('compare reports each scorer with intervals and paired tests', () => {
    const r = leadcal('compare', 'datasets/sample', '--model', STARTER, '--model', join(work, 'fitted.yaml'), '--predictive', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.scorers).toHaveLength(3);
    expect(json.scorers[1].versusFirst).toHaveProperty('pValue');
    expect(json.scorers[2].kind).toBe('predictive');
    expect(json.scorers[2].name).toMatch(/^gbm/);
  });

  it('compare --predictive logistic keeps the logistic baseline; another kind is a usage error', () => {
    const r = leadcal('compare', 'datasets/sample', '--model', STARTER, '--predictive', 'logistic', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).scorers[1]).toMatchObject({ kind: 'predictive', name: 'predictive (logistic regression)' });
    const bad = leadcal('compare', 'datasets/sample', '--model', STARTER, '--predictive', 'forest', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--predictive must be gbm or logistic');
  });

  it('miss lists what the points miss and --accept N --out writes the model with that rule', () => {
    const r = leadcal('miss', 'datasets/sample', '--model', STARTER, '--top', '3', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { modelTestAuc: number; gbmTestAuc: number; patterns: { rank: number; aucGain: number; rule: { event: string } }[] };
    expect(report.modelTestAuc).toBeGreaterThan(0.5);
    expect(report.patterns.length).toBeLessThanOrEqual(3);
    for (const p of report.patterns) expect(p.aucGain).toBeGreaterThan(0);
    if (report.patterns.length) {
      const out = join(work, 'accepted.yaml');
      const a = leadcal('miss', 'datasets/sample', '--model', STARTER, '--top', '3', '--accept', '1', '--out', out);
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).toContain(`wrote ${out}`);
      const rules = leadcal('rules', '--model', out);
      expect(rules.code, rules.stderr).toBe(0);
    }
    const bad = leadcal('miss', 'datasets/sample', '--model', STARTER, '--accept', '1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--accept needs --out');
  });
});

describe('fit: the penalty\'s effect and tied half-lives (#21 item 5)', () => {
  it('--json carries each half-life beside its λ = 0 refit; --tie-half-lives gives a group one half-life; an unknown name is refused', () => {
    const r = leadcal('fit', 'datasets/sample', '--every', '30', '--horizon', '90', '--split-column', 'none', '--tie-half-lives', 'email_open,email_click', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.unpenalisedMethod).toMatch(/refit with λ = 0/);
    const h = (label: string) => json.halfLives.find((x: { label: string }) => x.label === label);
    expect(h('email_open').halfLifeDays).toBe(h('email_click').halfLifeDays);
    expect(h('email_open').tiedWith).toEqual(['email_click']);
    for (const x of json.halfLives) expect(x.unpenalisedDays).toBeTypeOf('number');
    expect(Array.isArray(json.suggestions)).toBe(true);
    const bad = leadcal('fit', 'datasets/sample', '--every', '30', '--horizon', '90', '--split-column', 'none', '--tie-half-lives', 'email_open,nothing', '--no-intervals');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--tie-half-lives names "nothing", which is no behaviour of this fit/);
  });
});
