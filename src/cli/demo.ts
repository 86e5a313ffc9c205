/**
 * `leadcal demo [DIR]`: the README's main job on the bundled sample. For now: validate, build
 * frames, print a summary; later steps (fit, sweep, report) join as they land.
 */
import type { Command } from 'commander';
import { readHistory } from '../data/load.js';
import { summarizeHistory } from '../data/summary.js';
import { formatIssue } from '../errors.js';
import { buildFrame, frameSummary } from '../frame/frame.js';
import { formatSummary } from './summary.js';

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .argument('[dir]', 'history folder', 'datasets/sample')
    .description('run the pipeline on a history (default: the bundled sample): validate → frames → summary')
    .action(async (dir: string) => {
      const out = process.stdout;
      out.write(`leadcal demo on ${dir}\n\n1. validate\n`);
      const report = await readHistory(dir);
      for (const i of report.issues.slice(0, 10)) out.write(`   ${i.severity}: ${formatIssue(i)}\n`);
      out.write(`   ${report.errors} error(s), ${report.warnings} warning(s)\n`);
      if (report.errors > 0 || !report.history) {
        process.exitCode = 1;
        return;
      }
      const history = report.history;
      out.write('\n2. summary\n');
      out.write(formatSummary(summarizeHistory(history)).trimEnd().replace(/^/gm, '   ') + '\n');
      out.write('\n3. point-in-time frames (target sql, horizon 90 days)\n');
      for (const every of [30, 14]) {
        const f = frameSummary(buildFrame(history, { target: 'sql', horizonDays: 90, schedule: { kind: 'every', days: every } }));
        out.write(`   every ${every} days: ${f.snapshots.toLocaleString('en-US')} snapshots, ${f.positives.toLocaleString('en-US')} positive (${((100 * f.positives) / Math.max(1, f.snapshots)).toFixed(1)}%); left out ${JSON.stringify(f.leftOut)}\n`);
      }
      out.write('\ndone.\n');
    });
}
