/**
 * `leadcal miss`: what the points miss — interactions and non-linearities the rules do not
 * capture, found with the boosted baseline and the model's residuals, each with the test-AUC
 * gain of adding it as one rule; `--accept N --out FILE` writes the model with pattern N added.
 */
import type { Command } from 'commander';
import { guardOutputs } from './outputs.js';
import { addFrameOptions, frameFor, loadFromFlags, printJson, usage, type FrameFlags } from './common.js';

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

export function missCommand(program: Command): void {
  addFrameOptions(program.command('miss').argument('<dir>', 'history folder'))
    .description('what the points miss: interactions and non-linearities found by boosted trees (TreeSHAP) and the model\'s residuals, ranked by the test-AUC gain of adding each as a rule')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .option('--test-from <date>', 'start of the test period (default: the model\'s own, else the last 30% of snapshot times)')
    .option('--top <n>', 'patterns to list, at most', '10')
    .option('--accept <n>', 'add pattern number n (as listed) to the model; needs --out')
    .option('--out <file>', 'model file to write with the accepted rule')
    .option('--json', 'print the patterns as JSON')
    .action(async (dir: string, flags: FrameFlags & { model: string; testFrom?: string; top: string; accept?: string; out?: string; json?: boolean }) => {
      const top = Number(flags.top);
      if (!Number.isInteger(top) || top < 1) usage('--top', `--top must be a positive integer; got ${JSON.stringify(flags.top)}`, 'e.g. --top 5');
      const accept = flags.accept === undefined ? undefined : Number(flags.accept);
      if (accept !== undefined && (!Number.isInteger(accept) || accept < 1)) usage('--accept', `--accept must be a pattern number (1, 2, …); got ${JSON.stringify(flags.accept)}`, 'run without --accept first to see the numbers');
      if (accept !== undefined && !flags.out) usage('--out', '--accept needs --out FILE for the model with the accepted rule', 'e.g. --accept 1 --out model-2.yaml');
      const [{ readModel }, { writeModelFile }, { whatThePointsMiss, acceptMissedPattern }] = await Promise.all([import('../model/schema.js'), import('../model/model-file.js'), import('../miss/what-the-points-miss.js')]);
      const model = readModel(flags.model);
      const { frame: frameOptions, holdout } = await frameFor(flags, model);
      await guardOutputs({ '--out': flags.out }, dir, flags);
      const history = await loadFromFlags(dir, flags, flags.json);
      const r = whatThePointsMiss(history, model, frameOptions, { top, ...(holdout ? { holdout } : {}) });
      let accepted: string | undefined;
      if (accept !== undefined) {
        const pattern = r.patterns[accept - 1];
        if (!pattern) usage('--accept', `--accept ${accept}: there ${r.patterns.length === 1 ? 'is 1 pattern' : `are ${r.patterns.length} patterns`}`, 'pick a listed number');
        writeModelFile(flags.out!, acceptMissedPattern(model, pattern));
        accepted = flags.out;
      }
      if (flags.json) {
        printJson({ ...r, ...(accepted ? { accepted: { pattern: accept, out: accepted } } : {}) });
        return;
      }
      process.stdout.write(`what the points miss (${r.holdout}; ${r.train.snapshots.toLocaleString('en-US')} training, ${r.test.snapshots.toLocaleString('en-US')} test snapshots)\n`);
      process.stdout.write(`  test AUC: model ${f3(r.modelTestAuc)}, boosted trees ${f3(r.gbmTestAuc)}; ${r.evaluated} of ${r.candidates} candidates refitted\n`);
      if (r.patterns.length === 0) process.stdout.write('  no candidate rule raises the test AUC\n');
      for (const p of r.patterns) {
        process.stdout.write(`${String(p.rank).padStart(3)}. ${p.description}\n       AUC ${signed(p.aucGain)} (to ${f3(p.testAuc)}) as ${p.rule.points > 0 ? '+' : ''}${p.rule.points} points per event: ${JSON.stringify({ ...p.rule, note: undefined })}\n`);
      }
      if (r.patterns.length) process.stdout.write('  gains are measured on the test part that ranks them: confirm an accepted rule on a later period\n');
      if (accepted) process.stdout.write(`wrote ${accepted} with pattern ${accept} added\n`);
    });
}
