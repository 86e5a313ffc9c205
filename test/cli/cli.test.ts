// End-to-end tests through the real `leadcal` binary: output shapes and exit codes
// (0 ok, 1 bad input, 2 usage).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csv, day, tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const good = {
  'leads.csv': csv('lead_id,created_at,industry', [`L1,${day(0)},software`, `L2,${day(0)},retail`, `L3,${day(100)},retail`]),
  'events.csv': csv('lead_id,type,occurred_at', [`L1,email_open,${day(2)}`]),
  'outcomes.csv': csv('lead_id,stage,occurred_at', [`L1,sql,${day(40)}`, `L2,lost,${day(200)}`]),
};

describe('leadcal CLI', () => {
  it('--help works for the program and every subcommand', () => {
    const top = leadcal('--help');
    expect(top.code).toBe(0);
    for (const cmd of ['validate', 'summary', 'frame', 'synth', 'demo', 'score', 'explain', 'sql', 'rules', 'fit', 'evaluate', 'sweep', 'funnel', 'diff', 'calibrate', 'compare']) {
      expect(top.stdout).toContain(cmd);
      const sub = leadcal(cmd, '--help');
      expect(sub.code, cmd).toBe(0);
      expect(sub.stdout).toMatch(/Usage: leadcal/);
    }
  });

  it('summary says when the events end well before the history (issue #21): stderr and --json warnings, with --until', () => {
    const leads = Array.from({ length: 60 }, (_, i) => `L${i},${day(i * 5)},x`);
    const dir = tempHistory({
      'leads.csv': csv('lead_id,created_at,industry', leads),
      'events.csv': csv('lead_id,type,occurred_at', [`L1,email_open,${day(6)}`, `L2,email_open,${day(12)}`]),
      'outcomes.csv': csv('lead_id,stage,occurred_at', [`L50,sql,${day(260)}`]),
    });
    const text = leadcal('summary', dir);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/the events end on 2025-01-13, \d+ days before the frame's end .*--until 2025-01-14/);
    const json = leadcal('summary', dir, '--json');
    const parsed = JSON.parse(json.stdout) as { warnings: { code: string; field: string }[] };
    expect(parsed.warnings).toEqual([expect.objectContaining({ code: 'frame_past_events', field: '--until' })]);
    const clean = JSON.parse(leadcal('summary', tempHistory({ ...good, 'events.csv': csv('lead_id,type,occurred_at', [`L1,email_open,${day(2)}`, `L3,email_open,${day(195)}`]) }), '--json').stdout) as { warnings: unknown[] };
    expect(clean.warnings).toEqual([]);
  });

  it('usage mistakes exit 2', () => {
    expect(leadcal('frobnicate').code).toBe(2);
    expect(leadcal('frame').code).toBe(2); // missing argument
    const dir = tempHistory(good);
    const bad = leadcal('frame', dir, '--horizon', '-3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--horizon must be a positive number of days; got "-3"/);
    expect(leadcal('frame', dir, '--every', '30', '--as-of', '2025-01-01').code).toBe(2);
    expect(leadcal('frame', dir, '--target', 'lost').code).toBe(2);
  });

  it('validate: exit 0 on a clean history, 1 with FILE:LINE messages on errors', () => {
    const ok = leadcal('validate', tempHistory(good));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
    const broken = tempHistory({ ...good, 'leads.csv': csv('lead_id,created_at', [`L1,${day(0)}`, `L1,yesterday`]) });
    const r = leadcal('validate', broken);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/leads\.csv:3: column created_at: "yesterday" is not an ISO 8601 timestamp — write YYYY-MM-DD/);
    expect(r.stdout).toMatch(/leads\.csv:3: column lead_id: duplicate lead_id "L1" \(first seen on line 2\)/);
    expect(r.stdout).toMatch(/2 error\(s\)/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('validate --json counts errors and warnings separately', () => {
    const dir = tempHistory({ ...good, 'events.csv': csv('lead_id,type,occurred_at', ['L9,email_open,2025-01-03']) });
    const r = leadcal('validate', dir, '--json');
    const json = JSON.parse(r.stdout);
    expect(json.errors).toBe(0);
    expect(json.warnings).toBe(2); // unknown lead + zone-less timestamp
    expect(r.code).toBe(0);
  });

  it('frame --json prints exactly {snapshots, positives, leftOut, diagnosis}', () => {
    const r = leadcal('frame', tempHistory(good), '--every', '30', '--horizon', '60', '--until', day(200), '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['snapshots', 'positives', 'leftOut', 'diagnosis']);
    // L1: t=30 positive (sql 40), t=60 converted; L2: t=30..120 kept, 150..180 censored; L3: t=130 kept, 160, 190 censored
    expect(json).toEqual({ snapshots: 6, positives: 1, leftOut: { notCreated: 0, converted: 1, closed: 0, censored: 4 }, diagnosis: { convertingLeads: 1, convertedAtCreation: 0, lostBeforeFirstSnapshot: 0, medianDaysToTarget: 40 } });
  });

  it('loading errors exit 1 without a stack trace', () => {
    const r = leadcal('frame', tempHistory({ 'leads.csv': 'id\n1\n' }), '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*leads\.csv:1: column lead_id: required column "lead_id" is missing/m);
  });

  it('a bad mapping file exits 1 with its line', () => {
    const dir = tempHistory({ ...good, 'm.yaml': 'leads:\n  fil: leads.csv\n' });
    const r = leadcal('validate', dir, '--mapping', join(dir, 'm.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/m\.yaml:2: column leads: unknown key "fil" — did you mean "file"\?/);
  });

  it('synth writes a history that validates cleanly, deterministically', () => {
    const a = tempHistory({});
    const b = tempHistory({});
    expect(leadcal('synth', join(a, 'h'), '--leads', '150', '--seed', '3').code).toBe(0);
    expect(leadcal('synth', join(b, 'h'), '--leads', '150', '--seed', '3').code).toBe(0);
    for (const f of ['leads.csv', 'events.csv', 'outcomes.csv', 'truth.json']) {
      expect(existsSync(join(a, 'h', f))).toBe(true);
      expect(readFileSync(join(a, 'h', f), 'utf8')).toBe(readFileSync(join(b, 'h', f), 'utf8'));
    }
    expect(leadcal('validate', join(a, 'h')).code).toBe(0);
    // refuses to overwrite without --force
    expect(leadcal('synth', join(a, 'h'), '--leads', '10').code).toBe(1);
    expect(leadcal('synth', join(a, 'h'), '--leads', '10', '--force').code).toBe(0);
  });

  it('demo runs the whole pipeline on the bundled sample and ends with the site and three numbers', () => {
    const out = join(tempHistory({}), 'site');
    const r = leadcal('demo', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. fitted model AUC on the test period: 0\.\d{3}/);
    // the bundled sample is large enough for the headline comparison to be a detectable difference (#13)
    expect(r.stdout).toMatch(/for the playbook starter model; difference \+0\.\d{3} \(95% 0\.\d{3} to 0\.\d{3}, paired DeLong p < 0\.001\)/);
    expect(r.stdout).toMatch(/2\. calibrated probabilities: expected calibration error 0\.\d{3}/);
    expect(r.stdout).toMatch(/3\. /);
    expect(r.stdout).toContain(join(out, 'index.html'));
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(`${out}-models/fitted.yaml`)).toBe(true);
    // the site's comparison page has the predictive baseline beside the two point models
    expect(readFileSync(join(out, 'comparison.html'), 'utf8')).toContain('predictive baseline');
  }, 180_000); // about 6 s of CPU on the 8,000-lead sample; room for a machine busy with the rest of the suite
});
