// leadcal score / explain / rules through the real binary.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { IssueLog } from '../../src/errors.js';
import { tempHistory } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');
const STARTER = 'datasets/models/starter.yaml';

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('model commands', () => {
  it('score --as-of writes one row per lead created before the date, atomically to --out', () => {
    const out = join(tempHistory({}), 'scores.csv');
    const r = leadcal('score', 'datasets/sample', '--model', STARTER, '--as-of', '2025-06-01', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('lead_id,as_of,score,fit,behavior,decay,segment,grade,matrix,threshold,above_threshold');
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines.slice(1)) {
      const [, asOf, score, fit, behavior, decay] = line.split(',');
      expect(asOf).toBe('2025-06-01T00:00:00Z');
      expect(Number(score)).toBeCloseTo(Number(fit) + Number(behavior) + Number(decay), 5);
    }
  });

  it('score with a frame schedule adds the label', () => {
    const r = leadcal('score', 'datasets/sample', '--model', STARTER, '--every', '60', '--horizon', '90');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/,label$/);
  });

  it('score --reasons K adds the reason columns; reasons + rest = score on every row', () => {
    const r = leadcal('score', 'datasets/sample', '--model', STARTER, '--as-of', '2025-06-01', '--reasons', '2');
    expect(r.code, r.stderr).toBe(0);
    const table = parseCsv(r.stdout, 'scores.csv', new IssueLog());
    expect(table.header.slice(11)).toEqual(['reason_up_1', 'reason_up_1_points', 'reason_up_2', 'reason_up_2_points', 'reason_down_1', 'reason_down_1_points', 'reason_down_2', 'reason_down_2_points', 'reason_rest']);
    const col = (name: string): string[] => table.columns[table.header.indexOf(name)]!;
    const ruleTable = parseCsv(leadcal('rules', '--model', STARTER, '--format', 'csv').stdout, 'rules.csv', new IssueLog());
    const criteria = new Set(ruleTable.columns[ruleTable.header.indexOf('criterion')]);
    let labelled = 0;
    for (let i = 0; i < col('score').length; i++) {
      let sum = Number(col('reason_rest')[i]);
      for (const side of ['up_1', 'up_2', 'down_1', 'down_2']) {
        const label = col(`reason_${side}`)[i]!;
        if (label === '') continue;
        labelled++;
        expect(criteria.has(label), label).toBe(true);
        sum += Number(col(`reason_${side}_points`)[i]);
        expect(side.startsWith('up') ? Number(col(`reason_${side}_points`)[i]) > 0 : Number(col(`reason_${side}_points`)[i]) < 0).toBe(true);
      }
      expect(sum).toBeCloseTo(Number(col('score')[i]), 5);
    }
    expect(labelled).toBeGreaterThan(100);
    const bad = leadcal('score', 'datasets/sample', '--model', STARTER, '--reasons', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--reasons');
  });

  it('sql --reasons K adds the same columns', () => {
    const r = leadcal('sql', '--model', STARTER, '--as-of', '2025-06-01', '--reasons', '2', '--dialect', 'postgres');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('AS reason_down_2_points');
    expect(r.stdout).toContain('AS reason_rest');
  });

  it('explain prints lines that add up to the score', () => {
    const r = leadcal('explain', 'datasets/sample', '--model', STARTER, '--lead', 'L000100', '--as-of', '2025-06-01', '--json');
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.lines.reduce((s: number, l: { after: number }) => s + l.after, 0)).toBe(e.score);
    const text = leadcal('explain', 'datasets/sample', '--model', STARTER, '--lead', 'L000100', '--as-of', '2025-06-01');
    expect(text.stdout).toMatch(/score [\d.-]+ = fit [\d.-]+ \+ behaviour [\d.-]+ \+ decay [\d.-]+/);
    expect(leadcal('explain', 'datasets/sample', '--model', STARTER, '--lead', 'nobody').code).toBe(2);
  });

  it('rules prints a flat table as CSV or Markdown', () => {
    const csv = leadcal('rules', '--model', STARTER, '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('section,rule,criterion,points,per,decay,limits,segments');
    expect(csv.stdout).toMatch(/behavior,demo_request,demo_request,60,event,half-life 60 days/);
    expect(csv.stdout).toMatch(/decay,inactive_30d,each 30 days without any activity,-10,step,floor 0/);
    const md = leadcal('rules', '--model', STARTER);
    expect(md.stdout).toMatch(/^\| section \| rule \|/);
  });

  it('a malformed model fails with file, line and a hint (exit 1)', () => {
    const dir = tempHistory({ 'm.yaml': 'leadcal: 1\nname: x\nthreshold: 50\nbehavior:\n  - event: email_open\n    pionts: 5\n' });
    const r = leadcal('rules', '--model', join(dir, 'm.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/m\.yaml:6: column behavior\.0: unknown key "pionts" — did you mean "points"\?/);
  });
});

describe('warehouse commands', () => {
  it('sql --dialect offers every dialect of the table and writes its query', () => {
    for (const d of ['bigquery', 'snowflake', 'redshift', 'spark', 'clickhouse']) {
      const r = leadcal('sql', '--model', STARTER, '--dialect', d, '--as-of', '2025-06-01');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^-- leadcal scoring model "starter"/);
    }
    const bad = leadcal('sql', '--model', STARTER, '--dialect', 'sqlite', '--as-of', '2025-06-01');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/clickhouse/);
  });

  it('dbt writes a project to --out, and refuses an --out that is the model', () => {
    const root = tempHistory({});
    const out = join(root, 'dbt');
    const r = leadcal('dbt', '--model', STARTER, '--out', out, '--dialect', 'bigquery', '--source', 'hubspot');
    expect(r.code, r.stderr).toBe(0);
    const sql = readFileSync(join(out, 'models', 'leadcal_scores.sql'), 'utf8');
    expect(sql).toContain("{{ source('hubspot', 'leads') }}");
    expect(sql).toContain('BigQuery');
    expect(readFileSync(join(out, 'models', 'schema.yml'), 'utf8')).toContain('tests: [unique, not_null]');
    const clash = leadcal('dbt', '--model', STARTER, '--out', STARTER);
    expect(clash.code).toBe(1);
  });
});
