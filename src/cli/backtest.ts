/**
 * `leadcal backtest DIR --model M [--every-quarter | --windows …] [--refit]`: the model over
 * rolling windows — AUC with its interval, ECE, the recommended threshold and its volume, and
 * whether the score's bands and the rules' levels still convert in the same order.
 */
import type { Command } from 'commander';
import type { BacktestResult, BacktestWindow } from '../review/backtest.js';
import type { RecommendOptions } from '../thresholds/index.js';
import { guardOutputs } from './outputs.js';
import { addFrameOptions, dateFlag, frameFor, loadFromFlags, printJson, usage, type FrameFlags } from './common.js';

interface BacktestFlags extends FrameFlags {
  model: string;
  everyQuarter?: boolean;
  windows?: string;
  refit?: boolean;
  targetRate?: string;
  capacity?: string;
  json?: boolean;
  out?: string;
}

/** `--windows`: windows separated by commas, each TRAIN_TO/TEST_FROM/TEST_TO or TRAIN_FROM/TRAIN_TO/TEST_FROM/TEST_TO. */
export function parseWindows(text: string): BacktestWindow[] {
  return text.split(',').map((spec) => {
    const dates = spec.trim().split('/').map((d) => dateFlag('--windows', d.trim()));
    if (dates.length !== 3 && dates.length !== 4) usage('--windows', `each window must be TRAIN_TO/TEST_FROM/TEST_TO or TRAIN_FROM/TRAIN_TO/TEST_FROM/TEST_TO; got "${spec}"`, 'e.g. --windows 2025-07-01/2025-07-01/2025-10-01,2025-10-01/2025-10-01/2026-01-01');
    const [trainFromMs, trainToMs, testFromMs, testToMs] = dates.length === 4 ? dates : [undefined, ...dates];
    return { ...(trainFromMs === undefined ? {} : { trainFromMs }), trainToMs: trainToMs!, testFromMs: testFromMs!, testToMs: testToMs! };
  });
}

function objective(flags: BacktestFlags): RecommendOptions | undefined {
  if (flags.targetRate !== undefined && flags.capacity !== undefined) usage('--target-rate', 'give either --target-rate or --capacity, not both', 'one objective per backtest');
  if (flags.targetRate !== undefined) {
    const rate = Number(flags.targetRate);
    if (!(rate > 0 && rate <= 1)) usage('--target-rate', `--target-rate must be a conversion rate in (0, 1]; got "${flags.targetRate}"`, 'e.g. --target-rate 0.15');
    return { objective: 'targetRate', rate };
  }
  if (flags.capacity !== undefined) {
    const mqlsPerMonth = Number(flags.capacity);
    if (!(mqlsPerMonth > 0 && Number.isFinite(mqlsPerMonth))) usage('--capacity', `--capacity must be a positive number of MQLs a month; got "${flags.capacity}"`, 'e.g. --capacity 200');
    return { objective: 'capacity', mqlsPerMonth };
  }
  return undefined;
}

const f3 = (x: number | null): string => (x === null ? '—' : x.toFixed(3));
const f2 = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
const f1 = (x: number | null): string => (x === null ? '—' : x.toFixed(1));

/** The backtest as a text table, one window a line. */
export function backtestText(r: BacktestResult): string {
  const lines = [
    `backtest of ${r.model} (${r.mode === 'refit' ? 'refitted on each window\'s training part' : 'the fixed model re-scored'}), target ${r.target} within ${r.horizonDays} days`,
    `recommended threshold: ${r.objective}`,
    '',
  ];
  const header = ['test window', 'train (conv.)', 'test (conv.)', 'AUC (95% CI)', 'ECE', 'MQLs/mo at model thr.', 'recommended (MQLs/mo)', 'band ρ', 'rules ρ vs prev.'];
  const rows = r.windows.map((w) => [
    `${w.testFrom.slice(0, 10)} … ${w.testTo.slice(0, 10)}${w.inSample ? ' *' : ''}`,
    `${w.train.snapshots} (${w.train.positives})`, `${w.test.snapshots} (${w.test.positives})`,
    w.status === 'ok' ? `${f3(w.auc)} (${f3(w.aucLower)}–${f3(w.aucUpper)})` : 'skipped',
    f3(w.ece), w.status === 'ok' ? f1(w.atModelThreshold.perMonth) : '—',
    w.recommended.threshold === null ? '—' : `${+w.recommended.threshold.toFixed(2)} (${f1(w.recommended.perMonth)})`,
    f2(w.rankOrder.bands), f2(w.rankOrder.rulesVsPrevious),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  lines.push(fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  if (r.windows.some((w) => w.inSample)) lines.push('', '* in-sample: the window\'s snapshots precede the model\'s own test period, so the model may have been fitted on them and its numbers there flatter it (use --refit, or read only the later windows)');
  const skipped = r.windows.filter((w) => w.status === 'skipped');
  if (skipped.length) lines.push('', ...skipped.map((w) => `skipped ${w.testFrom.slice(0, 10)}: ${w.reason}`));
  lines.push('', 'band ρ: Spearman correlation of the conversion rates of the score\'s quintiles with their order (1 = the higher band converts more, every time); rules ρ: of each rule\'s levels or bins with the previous window\'s rates, averaged over the rules.');
  return `${lines.join('\n')}\n`;
}

export function backtestCommand(program: Command): void {
  addFrameOptions(program.command('backtest').argument('<dir>', 'history folder'))
    .description('how the model fares over rolling windows: AUC with interval, ECE, recommended threshold and volume, rank-order stability of bands and levels')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .option('--every-quarter', 'one window per calendar quarter, trained on everything known by its start (the default)')
    .option('--windows <list>', 'explicit windows, comma-separated: TRAIN_TO/TEST_FROM/TEST_TO or TRAIN_FROM/TRAIN_TO/TEST_FROM/TEST_TO')
    .option('--refit', 'refit the model\'s rules on each window\'s training part (as leadcal fit) instead of re-scoring the fixed model')
    .option('--target-rate <rate>', 'recommend the lowest threshold converting at least RATE (default: the rate the model\'s own thresholds achieve)')
    .option('--capacity <mqls>', 'recommend the lowest threshold passing at most MQLS a month')
    .option('--out <file>', 'write the backtest as JSON (for leadcal report --backtest)')
    .option('--json', 'print the backtest as JSON')
    .action(async (dir: string, flags: BacktestFlags) => {
      if (flags.everyQuarter && flags.windows !== undefined) usage('--windows', 'give either --every-quarter or --windows, not both', 'quarters are the default');
      const windows = flags.windows === undefined ? 'everyQuarter' as const : parseWindows(flags.windows);
      const recommend = objective(flags);
      const [{ readModel }, { backtest }, { writeFileAtomic }] = await Promise.all([import('../model/schema.js'), import('../review/backtest.js'), import('../io.js')]);
      const model = readModel(flags.model);
      const { frame } = await frameFor(flags, model);
      await guardOutputs({ '--out': flags.out }, dir, flags);
      const history = await loadFromFlags(dir, flags, flags.json);
      const result = backtest(history, model, { frame, windows, refit: flags.refit ?? false, ...(recommend ? { recommend } : {}) });
      if (flags.out) writeFileAtomic(flags.out, `${JSON.stringify(result, null, 1)}\n`);
      if (flags.json) printJson(result);
      else {
        process.stdout.write(backtestText(result));
        if (flags.out) process.stdout.write(`wrote ${flags.out}\n`);
      }
    });
}
