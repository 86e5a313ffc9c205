/** `leadcal frame DIR`: build point-in-time snapshots and print their counts. */
import type { Command } from 'commander';
import { addFrameOptions, frameOptionsFrom, loadFromFlags, printJson, pushdownEventsFile, type FrameFlags } from './common.js';

export function frameCommand(program: Command): void {
  addFrameOptions(program.command('frame').argument('<dir>', 'history folder'))
    .description('build point-in-time snapshots (lead, t) with labels; print counts')
    .option('--json', 'print {"snapshots", "positives", "leftOut"} as JSON')
    .option('--out <file>', 'write the snapshots as CSV (lead_id, as_of, label; lead attributes with --features)')
    .option('--features', 'with --out: add every lead attribute as a column')
    .action(async (dir: string, flags: FrameFlags & { json?: boolean; out?: string; features?: boolean }) => {
      const frameOptions = frameOptionsFrom(flags);
      // --engine duckdb with an events file and the plain contract: the events stay in DuckDB
      const eventsFile = pushdownEventsFile(dir, flags);
      const pushdown = eventsFile !== undefined;
      const history = await loadFromFlags(dir, flags, flags.json, pushdown ? { mapping: { events: null } } : {});
      const [{ buildFrame, frameSummary }, { diagnoseFrame }, { formatIssue }] = await Promise.all([import('../frame/frame.js'), import('../frame/diagnose.js'), import('../errors.js')]);
      const { progressBar } = await import('./progress.js');
      const bar = await progressBar(flags.json === true);
      let frame;
      try {
        frame = pushdown
          ? (await (await import('../features/duckdb-frame.js')).frameInDuckDB(history, eventsFile, { frame: frameOptions, behaviors: false })).frame
          : buildFrame(history, frameOptions, bar && ((done, total) => bar.update('building the frame (leads)', done, total)));
      } finally {
        bar?.stop();
      }
      const summary = frameSummary(frame);
      if (flags.out) {
        const [{ frameToCsv }, { writeFileAtomic }] = await Promise.all([import('../frame/frame-csv.js'), import('../io.js')]);
        writeFileAtomic(flags.out, frameToCsv(history, frame, { attributes: flags.features === true }));
      }
      // does the frame see the conversions it should predict? (a problem and the frame that fits)
      const diagnosis = diagnoseFrame(history, frame);
      if (flags.json) printJson({ ...summary, diagnosis: { convertingLeads: diagnosis.convertingLeads, convertedAtCreation: diagnosis.convertedAtCreation, lostBeforeFirstSnapshot: diagnosis.lostBeforeFirstSnapshot, medianDaysToTarget: Number.isFinite(diagnosis.medianDaysToTarget) ? diagnosis.medianDaysToTarget : null, ...(diagnosis.issue ? { problem: diagnosis.issue.message, fix: diagnosis.issue.hint } : {}) } });
      else {
        const rate = summary.snapshots ? ((100 * summary.positives) / summary.snapshots).toFixed(1) : '0.0';
        process.stdout.write(`${summary.snapshots.toLocaleString('en-US')} snapshots, ${summary.positives.toLocaleString('en-US')} positive (${rate}%) — target ${frame.options.target} within ${frame.options.horizonDays} days\n`);
        process.stdout.write(`left out: ${Object.entries(summary.leftOut).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}\n`);
        process.stdout.write(diagnosis.issue ? `problem: ${formatIssue({ ...diagnosis.issue, severity: 'warning' })}\n` : `${diagnosis.convertingLeads.toLocaleString('en-US')} leads reach ${frame.options.target}; ${diagnosis.lostBeforeFirstSnapshot.toLocaleString('en-US')} of them before their first snapshot\n`);
      }
    });
}
