// `leadcal fit --prior M` through the real binary (#15 item 3): below the minimums the fit
// proceeds shrunk toward the prior, with a warning; the prior's weight, grid and cross-validated
// log loss are in --json, the fit report and the human output; without --prior the refusal
// suggests it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');
const STARTER = 'datasets/models/starter.yaml';
// 15 positive training snapshots, 5 positive test snapshots: below every minimum
const SMALL = ['fit', 'datasets/sample', '--target', 'won', '--horizon', '30', '--test-from', '2025-08-01', '--no-intervals'];

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('fit --prior', () => {
  it('fits below the minimums shrunk toward the prior, λ chosen by CV and reported in --json and --report', () => {
    const work = tempHistory({});
    const report = join(work, 'fit.json');
    const model = join(work, 'model.yaml');
    const r = leadcal(...SMALL, '--prior', STARTER, '--prior-grid', '0.1,30,10000', '--json', '--report', report, '--out', model);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: column --target: too little signal: 20 positive training snapshots .*a prior-shrunk small-data fit/);
    const json = JSON.parse(r.stdout);
    expect(json.prior).toMatchObject({ file: STARTER, name: 'starter', chosenBy: 'cross-validation', folds: 5 });
    expect(json.prior.grid).toEqual([0.1, 30, 10000]);
    expect(json.prior.chosen).toBe(30);
    expect(json.prior.cvLogLoss).toHaveLength(json.prior.grid.length);
    expect(json.penalty.l2).toBe(json.prior.chosen);
    expect(JSON.parse(readFileSync(report, 'utf8')).prior).toEqual(json.prior);
    expect(readFileSync(model, 'utf8')).toMatch(/pointsPerLogOdds/);
  }, 120_000);

  it('prints the prior and its weight; --l2 fixes the weight', () => {
    const r = leadcal(...SMALL, '--prior', STARTER, '--l2', '30');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^penalty: L2 penalty λ = 30 on the standardised coefficients, centred on the prior datasets\/models\/starter\.yaml's coefficients/m);
    expect(r.stdout).toMatch(/^prior: datasets\/models\/starter\.yaml read at 28\.85 points per log-odds; it sets \d+ of \d+ coefficients and \d+ half-lives; its own AUC: train 0\.\d{3}, test 0\.\d{3}$/m);
    expect(r.stdout).toMatch(/^prior weight λ = 30 \(given by --l2\)$/m);
  }, 60_000);

  it('without --prior, the refusal suggests it; a missing prior file is a clear error', () => {
    const r = leadcal(...SMALL);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/too little signal: .*--prior M \(last quarter's model, or datasets\/models\/starter\.yaml\) fits shrunk toward that model/);
    const missing = leadcal(...SMALL, '--prior', 'no/such/model.yaml');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no\/such\/model\.yaml/);
    expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
  }, 60_000);
});
