/**
 * `leadcal stability DIR --model M`: score distribution shift between two periods (PSI with the
 * usual 0.10 / 0.25 bands), per-feature PSI of the lead attributes, and conversion-by-score-band
 * drift. Periods: snapshots before / from `--split DATE` (default: the middle snapshot time).
 */
import type { Command } from 'commander';
import { formatTimestamp } from '../data/timestamp.js';
import type { Column } from '../data/columns.js';
import { addFrameOptions, dateFlag, frameFor, loadFromFlags, printJson, usage, type FrameFlags } from './common.js';

export function stabilityCommand(program: Command): void {
  addFrameOptions(program.command('stability').argument('<dir>', 'history folder'))
    .description('PSI of the score and of each attribute between two periods, and conversion-by-band drift')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .option('--split <date>', 'start of the second period (default: the middle snapshot time)')
    .option('--json', 'print {"score", "features", "bands"} as JSON')
    .action(async (dir: string, flags: FrameFlags & { model: string; split?: string; json?: boolean }) => {
      const [{ buildFrame }, { subFrame }, { compileModel }, { readModel }, { scoreSnapshots }, { bandDrift, featurePsi, psi }] = await Promise.all([
        import('../frame/frame.js'), import('../compare/split.js'), import('../model/compile.js'), import('../model/schema.js'), import('../model/score.js'), import('../drift/index.js'),
      ]);
      const model = readModel(flags.model);
      const { frame: frameOptions } = await frameFor(flags, model);
      const history = await loadFromFlags(dir, flags, flags.json);
      const frame = buildFrame(history, frameOptions);
      let splitMs = flags.split === undefined ? NaN : dateFlag('--split', flags.split);
      if (Number.isNaN(splitMs)) splitMs = Float64Array.from(frame.asOfMs).sort()[Math.floor(frame.count / 2)] ?? 0;
      const before = subFrame(frame, (s) => frame.asOfMs[s]! < splitMs);
      const after = subFrame(frame, (s) => frame.asOfMs[s]! >= splitMs);
      if (!before.count || !after.count) usage('--split', 'both periods need snapshots', 'choose a date inside the history');
      const c = compileModel(model, history);
      const a = scoreSnapshots(c, before.lead, before.asOfMs).score;
      const b = scoreSnapshots(c, after.lead, after.asOfMs).score;
      const score = psi(a, b, { bins: 10 });
      const columnsOf = (f: typeof before): Record<string, Column> => Object.fromEntries(Object.entries(history.leads.attributes).map(([name, col]) => [name, col.kind === 'number'
        ? { kind: 'number' as const, values: Float64Array.from(f.lead, (l) => col.values[l]!) }
        : { kind: 'category' as const, codes: Int32Array.from(f.lead, (l) => col.codes[l]!), values: col.values }]));
      const features = featurePsi(columnsOf(before), columnsOf(after), { bins: 10 });
      const bands = bandDrift({ scores: a, labels: before.label }, { scores: b, labels: after.label }, {});
      if (flags.json) {
        printJson({ split: formatTimestamp(splitMs), score: { psi: score.psi, band: score.band, bins: score.bins }, features: features.features, bands: bands.bands });
        return;
      }
      const out = process.stdout;
      out.write(`periods: ${before.count.toLocaleString('en-US')} snapshots before ${formatTimestamp(splitMs)}, ${after.count.toLocaleString('en-US')} from it\n`);
      out.write(`score PSI ${score.psi.toFixed(3)} (${score.band})\n`);
      for (const f of features.features.slice(0, 10)) out.write(`  ${f.feature.padEnd(20)} PSI ${f.psi.toFixed(3)} (${f.band})\n`);
    });
}
