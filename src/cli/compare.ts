/**
 * `leadcal calibrate` (score → probability, stored in the model) and `leadcal compare`
 * (rule-based models side by side, optionally with a predictive baseline: boosted trees or logistic).
 */
import { Option, type Command } from 'commander';
import { formatTimestamp } from '../data/timestamp.js';
import { guardOutputs } from './outputs.js';
import { addFrameOptions, frameFor, loadFromFlags, printJson, usage, type FrameFlags } from './common.js';

const f3 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function compareCommands(program: Command): void {
  addFrameOptions(program.command('calibrate').argument('<dir>', 'history folder'))
    .description('map scores to conversion probabilities (fit on the training period, checked on the test period); write the model with its calibration')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .addOption(new Option('--method <method>', 'mapping').choices(['isotonic', 'platt']).default('isotonic'))
    .option('--test-from <date>', 'start of the test period (default: the model\'s own, else the last 30% of snapshot times)')
    .option('--out <file>', 'model file to write with the calibration')
    .option('--json', 'print the metrics as JSON')
    .action(async (dir: string, flags: FrameFlags & { model: string; method: 'isotonic' | 'platt'; testFrom?: string; out?: string; json?: boolean }) => {
      const [{ readModel }, { writeModelFile }, { calibrateModel }] = await Promise.all([import('../model/schema.js'), import('../model/model-file.js'), import('../calibration/calibrate-model.js')]);
      const model = readModel(flags.model);
      const { frame: frameOptions, holdout } = await frameFor(flags, model);
      await guardOutputs({ '--out': flags.out }, dir, flags);
      const history = await loadFromFlags(dir, flags, flags.json);
      const r = calibrateModel(history, model, frameOptions, { method: flags.method, ...(holdout ? { holdout } : {}) });
      if (flags.out) writeModelFile(flags.out, r.model);
      const out = { method: flags.method, holdout: r.description, ...(Number.isFinite(r.testFromMs) ? { testFrom: formatTimestamp(r.testFromMs) } : {}), train: r.train, test: r.test, curve: r.curve ?? null };
      if (flags.json) printJson(out);
      else {
        process.stdout.write(`calibrated with ${flags.method} on ${r.train.snapshots.toLocaleString('en-US')} training snapshots; checked on the test part of the ${r.description} (${r.test.snapshots.toLocaleString('en-US')} snapshots):\n`);
        process.stdout.write(`  AUC ${f3(r.test.auc)}, Brier ${f3(r.test.brier)}, log loss ${f3(r.test.logLoss)}, ECE ${f3(r.test.ece)}, MCE ${f3(r.test.mce)}, calibration slope ${f3(r.test.slope)}, intercept ${f3(r.test.intercept)}\n`);
        if (flags.out) process.stdout.write(`wrote ${flags.out}\n`);
      }
    });

  addFrameOptions(program.command('compare').argument('<dir>', 'history folder'))
    .description('compare scorers on the same frame and split: AUC with DeLong intervals and paired tests, calibration, lift, capture at equal MQL volume, disagreements')
    .requiredOption('--model <file>', 'scoring model (repeatable; the first is the reference)', collect)
    .option('--predictive [kind]', 'add a predictive baseline on all engineered features: gbm (gradient-boosted trees, the default) or logistic (regularised logistic regression)')
    .option('--test-from <date>', 'start of the test period (default: the first model\'s own, else the last 30% of snapshot times)')
    .option('--json', 'print the comparison as JSON')
    .action(async (dir: string, flags: FrameFlags & { model: string[]; predictive?: boolean | string; testFrom?: string; json?: boolean }) => {
      const predictive = flags.predictive === true ? 'gbm' : flags.predictive ?? false;
      if (predictive !== false && predictive !== 'gbm' && predictive !== 'logistic') usage('--predictive', `--predictive must be gbm or logistic; got ${JSON.stringify(predictive)}`, 'use --predictive gbm (the default) or --predictive logistic, after the history folder');
      const [{ readModel }, { compareScorers }] = await Promise.all([import('../model/schema.js'), import('../compare/compare.js')]);
      const models = flags.model.map((path) => {
        const model = readModel(path);
        return { name: model.name === 'fitted' || !model.name ? path : model.name, model };
      });
      // the reference (first) model's frame and test period, unless flags say otherwise
      const { frame: frameOptions, holdout } = await frameFor(flags, models[0]!.model);
      const history = await loadFromFlags(dir, flags, flags.json);
      const c = compareScorers(history, models, frameOptions, { predictive, ...(holdout ? { holdout } : {}) });
      if (flags.json) {
        const { testFromMs, holdout: _h, ...rest } = c;
        printJson({ ...(Number.isFinite(testFromMs) ? { testFromMs } : {}), ...rest, holdout: c.description, ...(Number.isFinite(testFromMs) ? { testFrom: formatTimestamp(testFromMs) } : {}) });
        return;
      }
      const out = process.stdout;
      out.write(`test part of the ${c.description}: ${c.test.snapshots.toLocaleString('en-US')} snapshots, ${c.test.positives} conversions; MQL volume of ${c.scorers[0]!.name}: ${c.mqlVolume}\n\n`);
      for (const s of c.scorers) {
        out.write(`${s.name}\n  AUC ${f3(s.auc)} (95% ${f3(s.aucLower)}–${f3(s.aucUpper)})${s.versusFirst ? `, vs ${c.scorers[0]!.name} ${s.versusFirst.difference >= 0 ? '+' : ''}${f3(s.versusFirst.difference)} (p = ${s.versusFirst.pValue.toPrecision(2)})` : ''}\n`);
        out.write(`  AP ${f3(s.averagePrecision)}, Brier ${f3(s.brier)}, ECE ${f3(s.ece)} (probabilities: ${s.probabilities}); top 10%: lift ${s.top10.lift.toFixed(2)}, captures ${pct(s.top10.captured)}; top 20%: lift ${s.top20.lift.toFixed(2)}, captures ${pct(s.top20.captured)}; at the same MQL volume captures ${pct(s.capturedAtMqlVolume)}\n`);
      }
      if (c.disagreements.length) {
        out.write('\nwhere they disagree most (percentile rank, 0 = top):\n');
        for (const d of c.disagreements.slice(0, 10)) out.write(`  ${d.leadId} at ${d.asOf}: ${c.scorers[0]!.name} ${(100 * d.rankFirst).toFixed(0)}% vs ${d.other} ${(100 * d.rankOther).toFixed(0)}%, converted: ${d.label ? 'yes' : 'no'}\n`);
      }
    });
}
