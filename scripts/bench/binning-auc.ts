/**
 * Test AUC of leadcal's fit on X Education, bank marketing (../shared/datasets, the seeded
 * stratified split of test/fixtures/real-data/sklearn-reference.json) and a `leadcal synth`
 * history (20,000 leads, seed 3, time split at 2025-11-01), for the leadcal source tree given:
 *
 *     npx tsx scripts/bench/binning-auc.ts [SRC_ROOT] > out.json
 *
 * SRC_ROOT defaults to this repository; point it at an export of an older commit (e.g. the one
 * before supervised binning, `git archive e5462ff^`) to measure the previous binning on the
 * same splits. Prints one JSON object { name: testAuc }. Used for docs/fitting.md's table.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SRC = resolve(process.argv[2] ?? ROOT);
const SHARED = process.env.LEADCAL_SHARED_DATASETS ?? resolve(ROOT, '..', 'shared', 'datasets');
const lib = (await import(pathToFileURL(join(SRC, 'src', 'index.ts')).href)) as typeof import('../../src/index.js');
const synthLib = (await import(pathToFileURL(join(SRC, 'src', 'synth', 'index.ts')).href)) as typeof import('../../src/synth/index.js');

interface Ref { name: string; dataset: string; mapping: string; frame: import('../../src/index.js').FrameOptions; testShare?: number; seed?: number; testFromMs?: number; withoutLeaks?: { excluded: string[] } }
const reference = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/real-data/sklearn-reference.json'), 'utf8')) as { datasets: Ref[] };
const out: Record<string, number> = {};
for (const ref of reference.datasets.filter((r) => r.name === 'x-education' || r.name === 'bank-marketing')) {
  if (!existsSync(join(SHARED, ref.dataset))) continue;
  const { history } = await lib.loadHistory(join(SHARED, ref.dataset), { mapping: lib.readMapping(join(ROOT, ref.mapping)) });
  for (const exclude of [[], ...(ref.withoutLeaks ? [ref.withoutLeaks.excluded] : [])]) {
    const name = exclude.length ? `${ref.name} without leaks` : ref.name;
    const fit = lib.fitScoringModel(history, { frame: ref.frame, testShare: ref.testShare!, seed: ref.seed!, intervals: false, ...(exclude.length ? { exclude } : {}) });
    out[name] = fit.report.metrics.test!.auc;
    console.error(`${name}: ${out[name]!.toFixed(4)}`);
  }
}
const dir = join(mkdtempSync(join(tmpdir(), 'leadcal-binning-')), 'h');
await synthLib.writeHistory(dir, synthLib.generateHistory({ leads: 20_000, seed: 3 }));
const { history } = await lib.loadHistory(dir);
const fit = lib.fitScoringModel(history, { frame: { horizonDays: 60, schedule: { kind: 'every', days: 30 } }, testFromMs: Date.UTC(2025, 10, 1), intervals: false });
out['synth-20k'] = fit.report.metrics.test!.auc;
console.error(`synth-20k: ${out['synth-20k']!.toFixed(4)}`);
process.stdout.write(`${JSON.stringify(out)}\n`);
