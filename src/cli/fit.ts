/**
 * `leadcal fit DIR`: learn a scoring model (weights, half-lives, points) from history and write
 * it as a model file; `leadcal evaluate DIR --model M`: metrics of a model on a history.
 */
import type { Command } from 'commander';
import type { FitOptions, FitResult } from '../fit/fit-model.js';
import type { HalfLifeSuggestion } from '../fit/half-life-report.js';
import { guardOutputs } from './outputs.js';
import { addTestShareOption, testShareFlag } from './flat-table-flags.js';
import { addFrameOptions, dateFlag, frameFor, frameOptionsFrom, loadFromFlags, printJson, pushdownEventsFile, usage, type FrameFlags } from './common.js';

interface FitFlags extends FrameFlags {
  testFrom?: string;
  testShare?: string;
  folds?: string;
  seed?: string;
  decay?: boolean;
  intervals?: boolean;
  profileIntervals?: boolean;
  round?: boolean;
  l2?: string;
  pdo?: string;
  baseScore?: string;
  baseOdds?: string;
  range?: string;
  exclude?: string[];
  lock?: string[];
  sign?: string[];
  tieHalfLives?: string[];
  minSupport?: string;
  splitColumn?: string;
  name?: string;
  out?: string;
  report?: string;
  json?: boolean;
  force?: boolean;
  prior?: string;
  priorGrid?: string;
}

/** The guards' defaults in words (kept in step with FIT_GUARDS by a test). */
export const FIT_GUARD_TEXT = '40 positive and 40 negative training snapshots, 20 positive test snapshots';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function num(flag: string, value: string | undefined, check: (n: number) => boolean = Number.isFinite): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) usage(flag, `${flag} must be a valid number; got "${value}"`, `see leadcal fit --help`);
  return n;
}

function pairs(flag: string, list: string[] | undefined): [string, string][] {
  return (list ?? []).map((item) => {
    const at = item.lastIndexOf('=');
    if (at <= 0) usage(flag, `${flag} takes LABEL=VALUE; got "${item}"`, `e.g. ${flag} "unsubscribe=-40"`);
    return [item.slice(0, at), item.slice(at + 1)];
  });
}

export function fitOptionsFrom(flags: FitFlags): FitOptions {
  const options: FitOptions = { frame: frameOptionsFrom(flags) };
  if (flags.testFrom !== undefined) {
    options.testFromMs = dateFlag('--test-from', flags.testFrom);
  }
  const testShare = testShareFlag(flags.testShare);
  if (testShare !== undefined) options.testShare = testShare;
  const folds = num('--folds', flags.folds, (n) => Number.isInteger(n) && n >= 0 && n <= 100);
  if (folds !== undefined) options.folds = folds;
  const seed = num('--seed', flags.seed, Number.isInteger);
  if (seed !== undefined) options.seed = seed;
  if (flags.decay === false) options.decay = false;
  if (flags.intervals === false) options.intervals = false;
  if (flags.profileIntervals) options.profileIntervals = true;
  if (flags.round === false) options.round = false;
  const l2 = num('--l2', flags.l2, (n) => n >= 0);
  if (l2 !== undefined) options.l2 = l2;
  const minSupport = num('--min-support', flags.minSupport, (n) => n >= 1);
  if (minSupport !== undefined) options.minSupport = minSupport;
  if (flags.range !== undefined) {
    const m = /^(-?\d+(?:\.\d+)?)[-:](-?\d+(?:\.\d+)?)$/.exec(flags.range);
    if (!m || !(Number(m[1]) < Number(m[2]))) usage('--range', `--range must be MIN-MAX; got "${flags.range}"`, 'e.g. --range 0-100');
    options.scale = { kind: 'range', min: Number(m[1]), max: Number(m[2]) };
  } else {
    const pdo = num('--pdo', flags.pdo, (n) => n > 0);
    const baseScore = num('--base-score', flags.baseScore);
    const baseOdds = num('--base-odds', flags.baseOdds, (n) => n > 0);
    options.scale = { kind: 'pdo', ...(pdo === undefined ? {} : { pdo }), ...(baseScore === undefined ? {} : { baseScore }), ...(baseOdds === undefined ? {} : { baseOdds }) };
  }
  if (flags.exclude?.length) options.exclude = flags.exclude;
  const locks = pairs('--lock', flags.lock);
  if (locks.length) options.locks = Object.fromEntries(locks.map(([k, v]) => [k, num('--lock', v)!]));
  const signs = pairs('--sign', flags.sign);
  if (signs.length) {
    options.signs = Object.fromEntries(signs.map(([k, v]) => {
      if (v !== 'positive' && v !== 'negative') usage('--sign', `--sign takes LABEL=positive|negative; got "${k}=${v}"`, 'e.g. --sign "page_view[page=careers]=negative"');
      return [k, v];
    }));
  }
  if (flags.tieHalfLives?.length) options.tieHalfLives = flags.tieHalfLives.map((list) => list.split(',').map((x) => x.trim()).filter(Boolean));
  if (flags.splitColumn !== undefined) options.splitColumn = flags.splitColumn === 'none' ? null : flags.splitColumn;
  if (flags.name) options.name = flags.name;
  if (flags.force) options.force = true;
  return options;
}

/** `--prior M`: the prior model, read once at the boundary. */
async function priorFrom(file: string | undefined, gridText: string | undefined): Promise<FitOptions['prior']> {
  if (file === undefined) {
    if (gridText !== undefined) usage('--prior-grid', '--prior-grid needs --prior', 'add --prior M');
    return undefined;
  }
  const grid = gridText?.split(',').map((v) => num('--prior-grid', v, (n) => n >= 0)!);
  const { readModel } = await import('../model/schema.js');
  return { model: readModel(file), file, ...(grid ? { grid } : {}) };
}

const shellWord = (s: string): string => (/^[\w.,=:/@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The fit's suggestions as complete commands: the command as typed (less `--json`), each
 * suggestion's flags added, words quoted for a POSIX shell.
 *
 * @example
 * suggestedCommands(['leadcal', 'fit', 'h'], [{ kind: 'tie', labels: ['a', 'b'], flags: ['--tie-half-lives', 'a,b'], why: '' }]) // => ['leadcal fit h --tie-half-lives a,b']
 */
export function suggestedCommands(argv: string[], suggestions: HalfLifeSuggestion[]): string[] {
  const base = argv.filter((a) => a !== '--json').map(shellWord).join(' ');
  return suggestions.map((s) => `${base} ${s.flags.map(shellWord).join(' ')}`);
}

const f3 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : (Math.abs(x) < 5e-4 ? 0 : x).toFixed(3)); // no −0.000

/** The prior of a prior-shrunk fit: what was translated, the λ chosen and the CV log loss per λ. */
function priorLines(p: NonNullable<FitResult['report']['prior']>): string[] {
  return [
    `prior: ${p.file ?? p.name} read at ${p.pointsPerLogOdds.toFixed(2)} points per log-odds; it sets ${p.matched.coefficients} of ${p.matched.of} coefficients and ${p.matched.halfLives} half-lives; its own AUC: train ${f3(p.auc.train)}${p.auc.test === undefined ? '' : `, test ${f3(p.auc.test)}`}`,
    p.chosenBy === 'l2'
      ? `prior weight λ = ${p.chosen} (given by --l2)`
      : `prior weight λ = ${p.chosen}, chosen by ${p.folds}-fold cross-validation by lead; held-out log loss per λ: ${p.grid.map((g, i) => `${g} ${f3(p.cvLogLoss[i])}`).join(', ')} (small λ: the data alone; large: the prior alone)`,
  ];
}

/**
 * The fit in words for the terminal. `argv` (the command as typed) turns the fit's suggestions
 * for unidentified half-lives into complete commands.
 */
export function fitReportText(result: FitResult, argv?: string[]): string {
  const r = result.report;
  const lines = [
    `fitted on ${r.frame.snapshots.toLocaleString('en-US')} snapshots (${r.frame.positives.toLocaleString('en-US')} positive)${r.test ? `; tested on ${r.test.snapshots.toLocaleString('en-US')} (${r.test.positives.toLocaleString('en-US')} positive)` : ''}`,
    ...(r.holdout ? [`holdout: ${r.holdout.description}`] : []),
    `scale: ${r.scale.description}; base points ${r.basePoints}`,
    `penalty: ${r.penalty.description}`,
    ...(r.prior ? priorLines(r.prior) : []),
    `train AUC ${f3(r.metrics.train.auc)} (before rounding ${f3(r.metrics.train.aucBeforeRounding)}, rounding cost ${f3(r.metrics.train.roundingCost)})${r.metrics.test ? `; test AUC ${f3(r.metrics.test.auc)}, Brier ${f3(r.metrics.test.brier)}, ECE ${f3(r.metrics.test.ece)}` : ''}${r.metrics.folds ? `; ${r.metrics.folds.auc.length}-fold AUC ${f3(r.metrics.folds.mean)} ± ${f3(r.metrics.folds.sd)}` : ''}`,
    `reference levels (0 points): ${r.references.map((x) => `${x.field} ${x.reference}`).join('; ')}`,
    '',
  ];
  const header = ['rule', 'coef', 'se', 'points', 'half-life (95% CI)', 'support', 'conv. fired', 'not fired'];
  const rows = r.rules.map((x) => [
    x.label, f3(x.coefficient), f3(x.standardError), String(x.points),
    x.halfLifeDays === undefined ? '' : `${x.halfLifeDays.toFixed(1)} d (${x.halfLifeInterval!.map((v) => (Number.isFinite(v) ? v.toFixed(1) : '?')).join('–')})`,
    String(x.support), `${(100 * x.hitRate.fired).toFixed(1)}%`, `${(100 * x.hitRate.notFired).toFixed(1)}%`,
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, j) => (j === 0 || j === 4 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  lines.push(fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  const moved = r.halfLives.filter((h) => Number.isFinite(h.unpenalisedDays));
  if (moved.length) {
    lines.push('', `half-lives chosen vs without the penalty (${r.unpenalisedMethod}):`);
    for (const h of moved) lines.push(`  ${h.label}: ${h.halfLifeDays.toFixed(1)} d vs ${h.unpenalisedDays.toFixed(1)} d at λ = 0${Number.isFinite(h.shiftInStandardErrors) ? ` (moved ${Math.abs(h.shiftInStandardErrors).toFixed(2)} standard errors)` : ''}${h.identified ? '' : '; not identified'}${h.tiedWith ? `; tied with ${h.tiedWith.join(', ')}` : ''}`);
  }
  if (r.binning.length) {
    lines.push('', 'attributes by information value (binning tables in --json and --report):');
    for (const b of [...r.binning].sort((x, y) => y.iv - x.iv)) lines.push(`  ${b.field}: IV ${f3(b.iv)}, ${b.rows.length} ${b.kind === 'bins' ? 'cases (bins)' : 'cases (levels)'}${b.trend ? `, trend ${b.trend}` : ''}${b.reading ? `; read as ${b.reading}` : ''}`);
  }
  if (r.warnings.length) {
    lines.push('', `${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'} — read before trusting this model:`);
    for (const w of r.warnings) lines.push(`  ${w.code}${w.field ? ` (${w.field})` : ''}: ${w.message}${w.hint ? ` — ${w.hint}` : ''}`);
  }
  if (r.suggestions.length) {
    const commands = argv ? suggestedCommands(argv, r.suggestions) : r.suggestions.map((s) => `leadcal fit … ${s.flags.join(' ')}`);
    lines.push('', 'half-lives the data do not pin down — try:');
    r.suggestions.forEach((s, k) => lines.push(`  ${s.why}:`, `    ${commands[k]}`));
  }
  return `${lines.join('\n')}\n`;
}

export function fitCommand(program: Command): void {
  addTestShareOption(addFrameOptions(program.command('fit').argument('<dir>', 'history folder (or, with --label, the table file)')))
    .description('learn point weights and decay rates from outcomes; write a model file and a fit report')
    .option('--test-from <date>', 'time-based holdout: train on labels known before DATE, test on snapshots at or after it')
    .option('--folds <k>', 'k-fold cross-validation grouped by lead (report only)')
    .option('--seed <n>', 'seed for the folds and --test-share', '1')
    .option('--no-decay', 'behaviours as plain counts (no half-lives)')
    .option('--no-intervals', 'skip the half-life intervals and the λ = 0 refit')
    .option('--profile-intervals', 'profile-likelihood intervals of the half-lives instead of the Wald ones (slower: a profile per half-life)')
    .option('--no-round', 'keep fractional points')
    .option('--l2 <lambda>', 'L2 penalty λ on standardised coefficients (default 1, scikit-learn\'s C = 1; 0 for none)')
    .option('--pdo <points>', 'points to double the odds (default 20)')
    .option('--base-score <points>', 'score at the base odds (default 50)')
    .option('--base-odds <odds>', 'base odds (default: the training conversion odds)')
    .option('--range <min-max>', 'map the fitted log-odds range onto MIN–MAX instead (e.g. 0-100)')
    .option('--exclude <feature>', 'leave out a feature label, attribute or event type (repeatable)', collect)
    .option('--lock <label=points>', 'keep a rule at given points (repeatable; PDO scale only)', collect)
    .option('--sign <label=positive|negative>', 'force a sign (repeatable; unsubscribe-like events are ≤ 0 by default)', collect)
    .option('--tie-half-lives <behaviours>', 'give these behaviours (labels or event types, comma-separated) one shared half-life (repeatable, one group each)', collect)
    .option('--min-support <n>', 'minimum snapshots for a level, bin or behaviour')
    .option('--split-column <column>', 'event column splitting event types into behaviours (default page; none for no split)')
    .option('--name <name>', 'model name')
    .option('--out <file>', 'model file to write (YAML)')
    .option('--report <file>', 'fit report to write (JSON)')
    .option('--force', `fit even below the minimum training signal (${FIT_GUARD_TEXT}); an empty frame is still refused`)
    .option('--prior <model>', 'shrink the weights (and half-lives) toward a prior model — last quarter\'s, or datasets/models/starter.yaml — with its weight λ chosen by cross-validation (or --l2); below the minimums the fit then proceeds, warned')
    .option('--prior-grid <list>', 'candidate weights λ of the prior, comma-separated (default 0.01,0.1,0.3,1,3,10,30,100,1000,10000)')
    .option('--json', 'print the fit as JSON on stdout, warnings included')
    .action(async (dir: string, flags: FitFlags) => {
      const options = fitOptionsFrom(flags);
      const prior = await priorFrom(flags.prior, flags.priorGrid);
      if (prior) options.prior = prior;
      await guardOutputs({ '--out': flags.out, '--report': flags.report }, dir, flags);
      // --engine duckdb with an events file and the plain contract: the events stay in DuckDB,
      // which builds the frame and every (snapshot, event) pair; Node holds leads and outcomes
      const eventsFile = pushdownEventsFile(dir, flags);
      const history = await loadFromFlags(dir, flags, flags.json, eventsFile ? { mapping: { events: null } } : {});
      if (eventsFile) {
        const { framePairsInDuckDB } = await import('../features/duckdb-frame.js');
        options.pairs = await framePairsInDuckDB(history, eventsFile, { ...(options.frame ? { frame: options.frame } : {}), ...(options.splitColumn === undefined ? {} : { behaviors: { splitColumn: options.splitColumn } }) });
        if (!flags.json) process.stderr.write(`frame and behaviours built in DuckDB from ${eventsFile}: ${options.pairs.events.toLocaleString('en-US')} events (not loaded), ${options.pairs.cell.length.toLocaleString('en-US')} (snapshot, event) pairs\n`);
      }
      const [{ fitScoringModel }, { writeModelFile }, { fitReportToJson, writeFitReport }] = await Promise.all([import('../fit/fit-model.js'), import('../model/model-file.js'), import('../fit/fit-report-file.js')]);
      const { progressBar } = await import('./progress.js');
      const bar = await progressBar(flags.json === true);
      let result;
      try {
        result = fitScoringModel(history, bar ? { ...options, onProgress: (phase, done, total) => bar.update(phase, done, total) } : options);
      } finally {
        bar?.stop();
      }
      if (flags.out) writeModelFile(flags.out, result.model);
      if (flags.report) writeFitReport(flags.report, result);
      if (flags.json) process.stdout.write(fitReportToJson(result));
      else {
        process.stdout.write(fitReportText(result, ['leadcal', ...process.argv.slice(2)]));
        if (flags.out) process.stdout.write(`\nwrote ${flags.out}\n`);
      }
    });

  addFrameOptions(program.command('evaluate').argument('<dir>', 'history folder'))
    .description('metrics of a model on a history: AUC, Brier, log loss, ECE — on the model\'s test period when it records one')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .option('--test-from <date>', 'report the test period from DATE (default: the model\'s own, else every snapshot)')
    .option('--json', 'print {"frame", "auc", "brier", "logLoss", "ece", …} as JSON')
    .action(async (dir: string, flags: FrameFlags & { model: string; testFrom?: string; json?: boolean }) => {
      const [{ readModel }, { buildFrame }, { describeHoldout, splitFramesBy }, { compileModel }, { scoreSnapshots }, { probabilitiesFor }, { frameMetrics }, { formatTimestamp }] = await Promise.all([
        import('../model/schema.js'), import('../frame/frame.js'), import('../frame/split.js'), import('../model/compile.js'), import('../model/score.js'), import('../model/probabilities-for.js'), import('../fit/evaluate.js'), import('../data/timestamp.js'),
      ]);
      const model = readModel(flags.model);
      const { frame: frameOptions, holdout } = await frameFor(flags, model);
      const history = await loadFromFlags(dir, flags, flags.json);
      const full = buildFrame(history, frameOptions);
      const compiled = compileModel(model, history);
      const score = (f: typeof full): Float64Array => scoreSnapshots(compiled, f.lead, f.asOfMs).score;
      // the test period when there is one (probabilities per the policy: the model's own mapping,
      // else isotonic on the training period); else every snapshot, in-sample
      const split = holdout ? splitFramesBy(full, holdout) : undefined;
      const frame = split ? split.test : full;
      const scores = score(frame);
      const train = split ? { scores: score(split.train), labels: split.train.label } : { scores, labels: frame.label };
      const p = probabilitiesFor(model, train, scores, { inSample: !split });
      const m = frameMetrics(frame.label, scores, p.probabilities ?? undefined);
      const period = holdout ? (holdout.kind === 'time' ? `test period from ${formatTimestamp(holdout.testFromMs)}` : `test part of the ${describeHoldout(holdout)}`) : 'every snapshot (no test period)';
      const out = { frame: { snapshots: m.snapshots, positives: m.positives }, period, ...(holdout?.kind === 'time' ? { testFrom: formatTimestamp(holdout.testFromMs) } : {}), auc: m.auc, brier: m.brier ?? null, logLoss: m.logLoss ?? null, ece: m.ece ?? null, calibration: p.mapping === null ? 'none' : p.origin === 'model' ? `model (${p.mapping.kind})` : split ? 'isotonic on the training period (the model has no calibration)' : 'in-sample isotonic (the model has no calibration)', target: frame.options.target, horizonDays: frame.options.horizonDays };
      if (flags.json) printJson(out);
      else process.stdout.write(`${period}: ${m.snapshots.toLocaleString('en-US')} snapshots (${m.positives} positive), target ${frame.options.target} within ${frame.options.horizonDays} days: AUC ${f3(m.auc)}, Brier ${f3(m.brier)}, log loss ${f3(m.logLoss)}, ECE ${f3(m.ece)} — probabilities: ${out.calibration}\n`);
    });
}
