// `leadcal fit TABLE.csv --label COL --positive V --test-share S` (issue #12) through the real binary.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/index.js';
import { csv, tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** 800 leads: visits and source drive conversion; "Select" means no answer. */
function table(): string {
  const random = createRandom(3);
  const rows: string[] = [];
  for (let i = 0; i < 800; i++) {
    const visits = random.int(10);
    const source = ['Google', 'Chat', 'Select'][random.int(3)]!;
    const p = 1 / (1 + Math.exp(-(-2 + 0.4 * visits + (source === 'Google' ? 1 : 0))));
    rows.push(`${visits},${source},${random.next() < p ? 'yes' : 'no'}`);
  }
  return csv('Visits,Source,Converted', rows);
}

describe('flat labelled table on the command line', () => {
  const dir = tempHistory({ 'leads.csv': table() });
  const file = join(dir, 'leads.csv');

  it('fits straight from the file, says once that there is no point-in-time guarantee, and states the holdout', () => {
    const r = leadcal('fit', file, '--label', 'Converted', '--positive', 'yes', '--missing', 'Select', '--test-share', '0.3', '--seed', '2', '--no-intervals', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { frame: { snapshots: number }; test: { snapshots: number }; holdout: { kind: string; description: string }; metrics: { test: { auc: number } } };
    expect(json.frame.snapshots + json.test.snapshots).toBe(800);
    expect(json.test.snapshots).toBe(240);
    expect(json.holdout).toMatchObject({ kind: 'stratified', testShare: 0.3, seed: 2, description: 'stratified split: 30% of leads held out (seed 2)' });
    expect(json.metrics.test.auc).toBeGreaterThan(0.65);
    const text = leadcal('fit', file, '--label', 'Converted', '--positive', 'yes', '--missing', 'Select', '--test-share', '0.3', '--no-intervals');
    expect(text.stdout).toMatch(/holdout: stratified split: 30% of leads held out \(seed 1\)/);
    expect(text.stdout).not.toMatch(/Source=Select/);
    expect(text.stderr.match(/no point-in-time guarantee/g)).toHaveLength(1);
  }, 60_000);

  it('refuses a time split on a table without dates, and --label without --positive', () => {
    const r = leadcal('fit', file, '--label', 'Converted', '--positive', 'yes', '--test-from', '2000-01-01');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/has no dates .* use --test-share 0\.3/);
    const u = leadcal('fit', file, '--label', 'Converted');
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/--label needs --positive VALUE/);
  }, 60_000);
});
