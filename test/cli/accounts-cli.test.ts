// Account scores and the account sweep through the real binary, on a hand-built history.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csv, day, tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// acme: the champion (two pricing views) and the economic buyer (one, converts on day 50);
// beta: one contact without views; C1 has no account
const dir = tempHistory({
  'leads.csv': csv('lead_id,created_at,account', [`A1,${day(0)},acme`, `A2,${day(0)},acme`, `B1,${day(0)},beta`, `C1,${day(0)},`]),
  'events.csv': csv('lead_id,type,occurred_at', [`A1,page_view,${day(5)}`, `A1,page_view,${day(6)}`, `A2,page_view,${day(7)}`, `C1,page_view,${day(200)}`]),
  'outcomes.csv': csv('lead_id,stage,occurred_at', [`A2,sql,${day(50)}`]),
  'model.yaml': 'leadcal: 1\nname: t\nthreshold: 10\nhorizonDays: 90\nbehavior:\n  - { event: page_view, points: 10 }\n',
});
const MODEL = join(dir, 'model.yaml');
const AS_OF = day(30).slice(0, 10);

describe('account scores', () => {
  it('score --account-column writes one row per account with the chosen aggregation', () => {
    const max = leadcal('score', dir, '--model', MODEL, '--as-of', AS_OF, '--account-column', 'account', '--account-score', 'max');
    expect(max.code, max.stderr).toBe(0);
    expect(max.stdout.trim().split('\n')).toEqual(['account,as_of,score,contacts', `acme,${day(30)},20,2`, `beta,${day(30)},0,1`]);
    const sum = leadcal('score', dir, '--model', MODEL, '--as-of', AS_OF, '--account-column', 'account');
    expect(sum.stdout.split('\n')[1]).toBe(`acme,${day(30)},30,2`);
    const top = leadcal('score', dir, '--model', MODEL, '--as-of', AS_OF, '--account-column', 'account', '--account-score', 'top2');
    expect(top.stdout.split('\n')[1]).toBe(`acme,${day(30)},15,2`);
  });

  it('sweep --account-column sweeps accounts (converting when any contact does)', () => {
    const r = leadcal('sweep', dir, '--model', MODEL, '--as-of', AS_OF, '--account-column', 'account', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.accounts).toEqual({ column: 'account', score: 'sum', withoutAccount: 1 });
    expect(out.segments).toHaveLength(1);
    expect(out.segments[0].base).toMatchObject({ leads: 2, conversions: 1 });
    expect(out.segments[0].points.map((p: { threshold: number; passed: number; conversions: number }) => [p.threshold, p.passed, p.conversions])).toEqual([[0, 2, 1], [30, 1, 1]]);
    const text = leadcal('sweep', dir, '--model', MODEL, '--as-of', AS_OF, '--account-column', 'account');
    expect(text.stdout).toContain('accounts: 2 account snapshots, 1 conversions');
  });

  it('refuses per-lead schedules, reasons with accounts, an unknown column or aggregation (exit 2)', () => {
    for (const args of [
      ['score', dir, '--model', MODEL, '--every', '30', '--account-column', 'account'],
      ['score', dir, '--model', MODEL, '--reasons', '2', '--account-column', 'account'],
      ['score', dir, '--model', MODEL, '--account-column', 'company'],
      ['score', dir, '--model', MODEL, '--account-column', 'account', '--account-score', 'mean'],
      ['sweep', dir, '--model', MODEL, '--account-column', 'account'],
      ['sweep', dir, '--model', MODEL, '--as-of', AS_OF, '--account-column', 'account', '--segment-by', 'account'],
    ]) {
      const r = leadcal(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
    }
  });
});
