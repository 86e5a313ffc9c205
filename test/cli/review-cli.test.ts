// leadcal backtest and leadcal review through the real binary: JSON shapes, the text table, the
// exit codes of the publish gate (0 publish, 3 keep or not enough data, 2 usage), --out for the
// report's Backtest page, and synth writing a history with planted drift.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { defaultTruth } from '../../src/synth/index.js';
import { tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');
const SAMPLE = 'datasets/sample';
let work: string;
let fitted: string;
let reversed: string;

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = tempHistory({});
  fitted = join(work, 'fitted.yaml');
  const r = leadcal('fit', SAMPLE, '--every', '30', '--horizon', '90', '--test-from', '2025-12-01', '--no-intervals', '--force', '--out', fitted, '--name', 'fitted');
  expect(r.code, r.stderr).toBe(0);
  // the same rules with every point negated: a model that ranks backwards
  const model = parse(readFileSync(fitted, 'utf8')) as { name: string; fit: { points?: Record<string, number>; bins?: { points: number }[]; missing?: number; other?: number }[]; behavior: { points: number }[] };
  for (const rule of model.fit) {
    if (rule.points) for (const k of Object.keys(rule.points)) rule.points[k] = -rule.points[k]!;
    for (const b of rule.bins ?? []) b.points = -b.points;
    if (rule.missing !== undefined) rule.missing = -rule.missing;
    if (rule.other !== undefined) rule.other = -rule.other;
  }
  for (const b of model.behavior) b.points = -b.points;
  model.name = 'reversed';
  reversed = join(work, 'reversed.yaml');
  writeFileSync(reversed, stringify(model));
}, 120_000);

describe('leadcal backtest', () => {
  it('prints a window per quarter as JSON and writes --out for the report', () => {
    const out = join(work, 'backtest.json');
    const r = leadcal('backtest', SAMPLE, '--model', fitted, '--json', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.mode).toBe('fixed');
    expect(json.windows.length).toBeGreaterThan(1);
    for (const w of json.windows) {
      expect(Object.keys(w)).toEqual(expect.arrayContaining(['testFrom', 'testTo', 'train', 'test', 'auc', 'aucLower', 'aucUpper', 'ece', 'atModelThreshold', 'recommended', 'rankOrder', 'status']));
      if (w.auc !== null) expect(w.auc).toBeGreaterThanOrEqual(0);
      // the fixed model was fitted on labels known before 2025-12-01: earlier windows are in-sample
      expect(w.inSample, w.testFrom).toBe(w.testFrom < '2025-12-01');
      // whole-point thresholds, as sweep and the report
      if (w.recommended.threshold !== null) expect(Number.isInteger(w.recommended.threshold)).toBe(true);
    }
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(json);
    // the report takes it as a Backtest page
    const site = join(work, 'site');
    const rep = leadcal('report', SAMPLE, '--model', fitted, '--backtest', out, '--out', site, '--quiet');
    expect(rep.code, rep.stderr).toBe(0);
    expect(readFileSync(join(site, 'backtest.html'), 'utf8')).toMatch(/<h1>Backtest<\/h1>/);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toMatch(/href="backtest.html"/);
  });

  it('refits on explicit windows and prints the table', () => {
    const r = leadcal('backtest', SAMPLE, '--model', fitted, '--refit', '--windows', '2025-09-01/2025-09-01/2025-12-01,2025-12-01/2025-12-01/2026-03-01');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/refitted on each window's training part/);
    expect(r.stdout).toMatch(/AUC \(95% CI\)/);
    expect(r.stdout.match(/^2025-(09|12)-01 … /gm)?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('rejects malformed windows and two objectives (usage, exit 2)', () => {
    expect(leadcal('backtest', SAMPLE, '--model', fitted, '--windows', '2025-09-01/2025-12-01').code).toBe(2);
    expect(leadcal('backtest', SAMPLE, '--model', fitted, '--windows', '2025-12-01/2025-09-01/2026-03-01').code).toBe(2);
    expect(leadcal('backtest', SAMPLE, '--model', fitted, '--target-rate', '0.2', '--capacity', '10').code).toBe(2);
  });
});

describe('leadcal review', () => {
  it('publishes a model that ranks better (exit 0) and states the rule', () => {
    const r = leadcal('review', reversed, fitted, SAMPLE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/verdict: PUBLISH/);
    expect(r.stdout).toMatch(/rule: not-enough-data when/);
    expect(r.stdout).toMatch(/paired DeLong: AUC\(new\) − AUC\(old\)/);
  });

  it('keeps the model in use against the same model (exit 3)', () => {
    const r = leadcal('review', fitted, fitted, SAMPLE, '--json');
    expect(r.code, r.stderr).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('keep');
    expect(json.deLong.difference).toBe(0);
    expect(json.volume.at(-1).segment).toBe('total');
  });

  it('says not-enough-data below the minimums (exit 3) and rejects bad minimums (exit 2)', () => {
    const r = leadcal('review', reversed, fitted, SAMPLE, '--min-positives', '1000000', '--json');
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout).verdict).toBe('not-enough-data');
    expect(leadcal('review', reversed, fitted, SAMPLE, '--min-positives', '1').code).toBe(2);
  });
});

describe('leadcal synth with planted drift', () => {
  it('writes the drift into truth.json and refuses an unknown behaviour', () => {
    const truth = join(work, 'drift-truth.json');
    writeFileSync(truth, JSON.stringify({ ...defaultTruth, drift: [{ behaviour: 'demo_request', from: '2025-07-01', factor: 0.5 }] }));
    const out = join(work, 'drifting');
    const r = leadcal('synth', out, '--leads', '50', '--days', '60', '--truth', truth);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')).drift).toEqual([{ behaviour: 'demo_request', from: '2025-07-01', factor: 0.5 }]);
    writeFileSync(truth, JSON.stringify({ ...defaultTruth, drift: [{ behaviour: 'nope', from: '2025-07-01', factor: 0.5 }] }));
    const bad = leadcal('synth', join(work, 'bad'), '--leads', '5', '--truth', truth);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/drift\[0\]\.behaviour/);
    expect(existsSync(join(work, 'bad', 'leads.csv'))).toBe(false);
  });
});
