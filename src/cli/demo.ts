/**
 * `leadcal demo [DIR]`: the README's main job on the bundled sample — validate → fit (weights
 * and decay, time holdout) → calibrate → sweep thresholds → compare with the starter model
 * and the predictive baseline → report site — ending with the site's path and three headline
 * numbers.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatTimestamp } from '../data/timestamp.js';
import { formatIssue } from '../errors.js';
import { guardOutputs } from './outputs.js';

const FRAME = { target: 'sql' as const, horizonDays: 90, schedule: { kind: 'every' as const, days: 30 } };

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .argument('[dir]', 'history folder', 'datasets/sample')
    .option('--out <dir>', 'report site folder', 'reports/demo')
    .option('--starter <file>', 'the rule-based model to compare with', 'datasets/models/starter.yaml')
    .description('run the whole pipeline on a history (default: the bundled sample): validate → fit → calibrate → sweep → compare → report')
    .action(async (dir: string, flags: { out: string; starter: string }) => {
      await guardOutputs({ '--out': flags.out, '--out (models)': `${flags.out}-models` }, dir, flags);
      // the library modules the demo runs, loaded when it runs (see common.ts)
      const [{ SingleBar, Presets }, { readHistory }, { calibrateModel }, { compareScorers }, { timeSplit }, { fitScoringModel }, { writeFitReport }, { compileModel }, { writeModelFile }, { readModel }, { scoreSnapshots }, { sweepThresholds }, { buildDemoSite }, { formatPValue }] = await Promise.all([
        import('cli-progress'), import('../data/load.js'), import('../calibration/calibrate-model.js'), import('../compare/compare.js'), import('../compare/split.js'),
        import('../fit/fit-model.js'), import('../fit/fit-report-file.js'), import('../model/compile.js'), import('../model/model-file.js'), import('../model/schema.js'),
        import('../model/score.js'), import('../thresholds/index.js'), import('./demo-site.js'), import('../report/format.js'),
      ]);
      const out = process.stdout;
      const steps = ['validate', 'fit weights and decay', 'calibrate', 'sweep thresholds', 'compare', 'write the report'];
      const bar = new SingleBar({ format: ' {bar} {value}/{total} {step}', hideCursor: true, clearOnComplete: true, stream: process.stderr }, Presets.shades_classic);
      bar.start(steps.length, 0, { step: steps[0] });
      const step = (i: number): void => bar.update(i, { step: steps[i] ?? 'done' });

      const report = await readHistory(dir);
      if (report.errors > 0 || !report.history) {
        bar.stop();
        for (const i of report.issues.slice(0, 20)) out.write(`${i.severity}: ${formatIssue(i)}\n`);
        out.write(`${report.errors} error(s): fix them first (leadcal validate ${dir})\n`);
        process.exitCode = 1;
        return;
      }
      const history = report.history;
      step(1);
      // hold out the last 30% of snapshot times
      const { testFromMs, test } = timeSplit(history, FRAME);
      const fit = fitScoringModel(history, { frame: FRAME, testFromMs, name: 'fitted on the sample' });
      const modelsDir = `${flags.out}-models`;
      writeModelFile(join(modelsDir, 'fitted.yaml'), fit.model);
      writeFitReport(join(modelsDir, 'fit-report.json'), fit);
      step(2);
      const calibrated = calibrateModel(history, fit.model, FRAME, { method: 'isotonic', testFromMs });
      writeModelFile(join(modelsDir, 'calibrated.yaml'), calibrated.model);
      step(3);
      const scored = scoreSnapshots(compileModel(calibrated.model, history), test.lead, test.asOfMs);
      const sweep = sweepThresholds({ scores: scored.score, labels: test.label, asOfMs: test.asOfMs }, { candidates: 'wholePoints', recommend: { objective: 'targetRate', rate: 0.15, minConversions: 20, current: calibrated.model.threshold } });
      step(4);
      const starter = readModel(flags.starter);
      const comparison = compareScorers(history, [{ name: 'starter (playbook)', model: starter }, { name: 'fitted', model: calibrated.model }], FRAME, { testFromMs, predictive: true });
      step(5);
      const site = await buildDemoSite(history, { starter, fitted: calibrated.model, fitReport: fit, frame: FRAME, testFromMs, out: flags.out, validation: report.issues, capacity: 20 });
      step(6);
      bar.stop();

      const fitted = comparison.scorers[1]!;
      const base = comparison.scorers[0]!;
      const rec = sweep.segments[0]?.recommended;
      out.write(`leadcal demo on ${dir}: ${history.leads.count.toLocaleString('en-US')} leads, ${history.events.count.toLocaleString('en-US')} events; test period from ${formatTimestamp(testFromMs)}\n\n`);
      // the paired DeLong test of fitted − starter on the same snapshots: the interval says how sure
      const d = fitted.versusFirst;
      const paired = d ? `; difference ${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(3)} (95% ${d.lower.toFixed(3)} to ${d.upper.toFixed(3)}, paired DeLong p ${d.pValue < 0.001 ? '' : '= '}${formatPValue(d.pValue)})` : '';
      out.write(`  1. fitted model AUC on the test period: ${fitted.auc.toFixed(3)} (95% ${fitted.aucLower.toFixed(3)}–${fitted.aucUpper.toFixed(3)}) vs ${base.auc.toFixed(3)} for the playbook starter model${paired}\n`);
      out.write(`  2. calibrated probabilities: expected calibration error ${calibrated.test.ece!.toFixed(3)} on the test period\n`);
      out.write(rec
        ? `  3. MQL threshold ${+rec.threshold.toFixed(1)} passes ${rec.passedPerMonth.toFixed(1)} leads a month converting at ${(100 * rec.conversionRate).toFixed(1)}% (lift ${rec.lift?.toFixed(1)}×)\n`
        : `  3. no threshold recommended: ${sweep.segments[0]?.reason ?? 'too few conversions'}\n`);
      out.write(`\nmodels: ${modelsDir}/\nreport: ${resolve(site)}\n`);
    });
}
