/** `leadcal validate DIR`: every problem as FILE:LINE: column X: what — how to fix. */
import type { Command } from 'commander';
import { addLoadOptions, loadOptionsFrom, printIssues, printJson, type LoadFlags } from './common.js';

export function validateCommand(program: Command): void {
  addLoadOptions(program.command('validate').argument('<dir>', 'history folder'))
    .description('check a history folder against the data contract (exit 1 on any error)')
    .option('--json', 'print {errors, warnings, issues} as JSON')
    .action(async (dir: string, flags: LoadFlags & { json?: boolean }) => {
      const options = await loadOptionsFrom(flags);
      const [{ readHistory }, { missingnessByOutcome }] = await Promise.all([import('../data/load.js'), import('../data/leak-missingness.js')]);
      const report = await readHistory(dir, options);
      if (report.history) {
        // attributes whose missingness follows the outcome: written after it, a leak for any fit
        const leaks = missingnessByOutcome(report.history, report.history.untilMs).map((w) => ({ ...w, severity: 'warning' as const }));
        report.issues.push(...leaks);
        report.warnings += leaks.length;
      }
      if (flags.json) {
        printJson({ errors: report.errors, warnings: report.warnings, files: report.files, issues: report.issues });
      } else {
        printIssues(report.issues);
        const h = report.history;
        if (h) process.stdout.write(`read ${report.files.join(', ')}: ${h.leads.count.toLocaleString('en-US')} leads, ${h.events.count.toLocaleString('en-US')} events, ${h.outcomes.count.toLocaleString('en-US')} outcomes\n`);
        process.stdout.write(`${report.errors} error(s), ${report.warnings} warning(s)\n`);
      }
      if (report.errors > 0) process.exitCode = 1;
    });
}
