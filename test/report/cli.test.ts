/**
 * `leadcal report` end to end through its commander definition (src/cli/report.ts), the way
 * src/cli/main.ts will mount it: flags → library options, the site written, usage mistakes
 * rejected as option_invalid (exit code 2 in main), a missing history as exit code 1.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report.js';
import { LeadcalError } from '../../src/errors.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { writeFitReport } from '../../src/fit/fit-report-file.js';
import { ROOT, synthHistory } from './helpers.js';

const STARTER = join(ROOT, 'datasets', 'models', 'starter.yaml');

async function run(args: string[]): Promise<void> {
  const program = new Command('leadcal').exitOverride();
  reportCommand(program);
  for (const c of program.commands) c.exitOverride();
  await program.parseAsync(args, { from: 'user' });
}

let dir: string;
let fitReport: string;
beforeAll(async () => {
  const h = await synthHistory(400, 77);
  dir = h.dir;
  const fit = fitScoringModel(h.loaded.history!, { frame: { target: 'sql', horizonDays: 90 }, name: 'fitted' });
  fitReport = join(mkdtempSync(join(tmpdir(), 'leadcal-fit-')), 'fit.json');
  writeFitReport(fitReport, fit);
});

afterEach(() => {
  process.exitCode = undefined;
});

describe('leadcal report', () => {
  it('writes the site with every option', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'leadcal-cli-')), 'reports', 'q3');
    await run(['report', dir, '--model', STARTER, '--compare', STARTER, '--previous', STARTER, '--fit-report', fitReport, '--out', out,
      '--test-from', '2025-09-01', '--seed', '3', '--value-per-conversion', '5000', '--cost-per-touch', '100', '--title', 'Q3 <review>', '--horizon', '60', '--quiet']);
    expect(process.exitCode ?? 0).toBe(0);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('Q3 &lt;review&gt;');
    expect(index).toContain('within 60 days');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { meta: { models: { name: string }[]; seed: number; testFrom: string }; tables: { id: string }[] };
    expect(report.meta.models.map((m) => m.name)).toEqual(['starter', 'starter (2)', 'starter (3)']);
    expect(report.meta.seed).toBe(3);
    expect(report.meta.testFrom.slice(0, 10)).toBe('2025-09-01');
    expect(report.tables.map((t) => t.id)).toEqual(expect.arrayContaining(['fit-rules', 'model-changes', 'paired-tests']));
    expect(existsSync(join(out, 'data', 'fit-rules.csv'))).toBe(true);
  });

  it.each([
    [['--capacity', '-5'], /--capacity must be a positive number/],
    [['--value-per-conversion', '10'], /together/],
    [['--test-from', 'someday'], /--test-from must be a date/],
    [['--seed', '1.5'], /--seed must be an integer/],
  ])('rejects %j', async (flags, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'leadcal-cli-')), 'r');
    const error = await run(['report', dir, '--model', STARTER, '--out', out, ...flags]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(LeadcalError);
    expect((error as LeadcalError).code).toBe('option_invalid');
    expect((error as LeadcalError).message).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 when the history cannot be read', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'leadcal-cli-')), 'r');
    await run(['report', join(dir, 'nope'), '--model', STARTER, '--out', out, '--quiet']);
    expect(process.exitCode).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});
