/**
 * `leadcal report DIR --model M [--compare M2 …] --out reports/NAME`: build the static
 * calibration-report site. A thin user of `buildReportData` and `writeSite`.
 */
import type { Command } from 'commander';
import { formatIssue } from '../errors.js';
import type { ReportModels, ReportOptions } from '../report/index.js';
import { guardOutputs } from './outputs.js';
import { addFrameOptions, dateFlag, frameOptionsFrom, loadOptionsFrom, usage, type FrameFlags } from './common.js';

interface ReportFlags extends FrameFlags {
  model: string;
  compare?: string[];
  previous?: string;
  fitReport?: string;
  out: string;
  testFrom?: string;
  seed?: string;
  valuePerConversion?: string;
  costPerTouch?: string;
  capacity?: string;
  title?: string;
  predictive?: boolean;
  backtest?: string;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function number(flag: string, value: string | undefined, check: (n: number) => boolean, hint: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !check(n)) usage(flag, `${flag} must be ${hint}; got "${value}"`, `see leadcal report --help`);
  return n;
}

/** Library options from the flags (usage mistakes exit 2). */
export function reportOptionsFrom(flags: ReportFlags): ReportOptions {
  const options: ReportOptions = { frame: frameOptionsFrom(flags) };
  if (flags.testFrom !== undefined) {
    options.testFromMs = dateFlag('--test-from', flags.testFrom);
  }
  const seed = number('--seed', flags.seed, Number.isSafeInteger, 'an integer');
  if (seed !== undefined) options.seed = seed;
  const value = number('--value-per-conversion', flags.valuePerConversion, (n) => n > 0 && Number.isFinite(n), 'a positive number');
  const cost = number('--cost-per-touch', flags.costPerTouch, (n) => n >= 0 && Number.isFinite(n), 'a number ≥ 0');
  if ((value === undefined) !== (cost === undefined)) usage(value === undefined ? '--value-per-conversion' : '--cost-per-touch', 'give --value-per-conversion and --cost-per-touch together', 'both are needed to weigh conversions against sales effort');
  if (value !== undefined) options.valuePerConversion = value;
  if (cost !== undefined) options.costPerTouch = cost;
  const capacity = number('--capacity', flags.capacity, (n) => n > 0 && Number.isFinite(n), 'a positive number of MQLs per month');
  if (capacity !== undefined) options.capacity = capacity;
  if (flags.title !== undefined) options.title = flags.title;
  if (flags.predictive) options.predictive = true;
  return options;
}

export function reportCommand(program: Command): void {
  addFrameOptions(program.command('report').argument('<dir>', 'history folder'))
    .description('build a static calibration-report site (overview, model, thresholds, calibration, comparison, funnel, stability, data quality)')
    .requiredOption('--model <file>', 'the rule-based scoring model to present (YAML/JSON)')
    .requiredOption('--out <dir>', 'output folder, e.g. reports/q3 (replaced atomically if it holds an earlier report)')
    .option('--compare <file>', 'another model to compare with (repeatable)', collect)
    .option('--previous <file>', "last quarter's model: change since then, and stability")
    .option('--fit-report <file>', 'fit report of --model, written by `leadcal fit --report`')
    .option('--test-from <date>', 'fit calibration on snapshots whose outcome was known before DATE; measure on snapshots from DATE on (default: the model\'s own test period)')
    .option('--seed <n>', 'seed for the sampled rule hit rates', '1')
    .option('--value-per-conversion <v>', 'value of one conversion (with --cost-per-touch: recommend thresholds by expected value)')
    .option('--cost-per-touch <c>', 'cost of passing one lead to sales')
    .option('--capacity <mqls>', 'MQLs per month sales can work, per segment: recommend thresholds that fill it')
    .option('--title <text>', 'report title')
    .option('--predictive', 'also fit the predictive baseline (logistic regression on every feature) and compare it on the comparison page')
    .option('--backtest <file>', 'add a Backtest page from the JSON of `leadcal backtest --out FILE`')
    .option('--quiet', 'print nothing but errors')
    .action(async (dir: string, flags: ReportFlags) => {
      const options = reportOptionsFrom(flags);
      const loadOptions = await loadOptionsFrom(flags);
      await guardOutputs({ '--out': flags.out }, dir, flags);
      const [{ readHistory }, { readModel }, { readFitReport }, { buildReportData, writeSite }] = await Promise.all([
        import('../data/load.js'), import('../model/schema.js'), import('../fit/fit-report-file.js'), import('../report/index.js'),
      ]);
      const models: ReportModels = { model: readModel(flags.model) };
      // the model's frame and test period unless flags override (said once)
      const { chooseFrame } = await import('../model/model-frame.js');
      const choice = chooseFrame(models.model, options.frame ?? {}, options.testFromMs);
      options.frame = choice.frame;
      if (choice.testFromMs !== undefined) options.testFromMs = choice.testFromMs;
      else if (choice.holdout?.kind === 'stratified') options.holdout = choice.holdout;
      if (!flags.quiet && choice.overrides.length) process.stderr.write(`note: using ${choice.overrides.join('; ')}\n`);
      if (flags.compare?.length) models.compare = flags.compare.map(readModel);
      if (flags.previous) models.previous = readModel(flags.previous);
      if (flags.fitReport) models.fitReport = readFitReport(flags.fitReport);
      if (flags.backtest) {
        const { readFileSync } = await import('node:fs');
        try {
          options.backtest = JSON.parse(readFileSync(flags.backtest, 'utf8'));
        } catch (e) {
          usage('--backtest', `--backtest must name the JSON written by leadcal backtest --out; ${(e as Error).message}`, 'e.g. leadcal backtest DIR --model M --out backtest.json');
        }
      }
      const loaded = await readHistory(dir, loadOptions);
      if (!loaded.history) {
        for (const i of loaded.issues) if (i.severity === 'error') process.stderr.write(`error: ${formatIssue(i)}\n`);
        process.exitCode = 1;
        return;
      }
      if (!flags.quiet && loaded.errors + loaded.warnings > 0) process.stderr.write(`validation: ${loaded.errors} error(s), ${loaded.warnings} warning(s); rows with errors are left out (see the Data quality page)\n`);
      const data = buildReportData(loaded.history, models, { ...options, validation: loaded });
      // the one clock read: the report's "generated" line
      const written = writeSite(data, flags.out, { now: new Date() });
      if (!flags.quiet) {
        process.stdout.write(`${data.meta.headlines.map((h) => `- ${h}`).join('\n')}\n`);
        process.stdout.write(`wrote ${written.files.length} files to ${flags.out} (open ${flags.out}/index.html)\n`);
      }
    });
}
