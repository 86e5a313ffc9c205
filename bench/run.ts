/**
 * `npm run bench`: run every benchmark and rewrite BENCHMARKS.md.
 * `npm run bench -- --runs 3` for fewer repetitions; `--only NAME` (repeatable) to run some:
 * their rows in BENCHMARKS.md are replaced (or added) and the other rows kept as they were.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../src/io.js';
import { benchCsvRead } from './csv-read.bench.js';
import { benchDuckdbScale } from './duckdb-scale.bench.js';
import { benchFit } from './fit.bench.js';
import { benchGbm } from './gbm.bench.js';
import { benchLoadFrame } from './load-frame.bench.js';
import { benchLogistic } from './logistic.bench.js';
import { benchMetrics } from './metrics.bench.js';
import { benchScale } from './scale.bench.js';
import { benchScore } from './score.bench.js';
import { benchStartup } from './startup.bench.js';
import { benchSweep } from './sweep.bench.js';
import { mergeMarkdown, renderMarkdown, type BenchResult } from './lib.js';

const argv = process.argv.slice(2);
const runsFlag = argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(argv[runsFlag + 1]) : 5;
const only = argv.flatMap((a, i) => (argv[i - 1] === '--only' ? [a] : []));

const benches: [string, (runs: number) => Promise<BenchResult | BenchResult[]>][] = [
  ['startup', (r) => benchStartup(Math.max(r, 11))],
  ['load-frame', benchLoadFrame],
  ['csv-read', (r) => benchCsvRead(Math.min(r, 5))],
  ['score', (r) => benchScore(Math.min(r, 3))],
  ['fit', (r) => benchFit(Math.min(r, 5))],
  ['logistic', benchLogistic],
  ['gbm', (r) => benchGbm(Math.min(r, 3))],
  ['sweep', benchSweep],
  ['metrics', (r) => benchMetrics(Math.min(r, 3))],
  // minutes at the default 200k leads; --scale-leads 2000000 for the issue's 100M-event run
  ['duckdb-scale', (r) => benchDuckdbScale(Math.min(r, 2))],
  // minutes: 100k, 400k and 1M leads, native and --engine duckdb (LEADCAL_SCALE_SIZES to choose)
  ['scale', (r) => benchScale(Math.min(r, 2))],
];
try {
  const { benchReport } = await import('./report.bench.js' as string) as { benchReport: (runs: number) => Promise<BenchResult> };
  benches.push(['report', (r) => benchReport(Math.min(r, 3))]);
} catch {
  // the report benchmark is optional until the report module exists
}

const results: BenchResult[] = [];
for (const [name, bench] of benches) {
  if (only.length && !only.includes(name)) continue;
  for (const r of [await bench(runs)].flat()) {
    process.stdout.write(`${r.name}: ${r.ms.toFixed(0)} ms${r.peer ? ` (peer ${r.peer.name}: ${r.peer.ms.toFixed(0)} ms)` : ''}\n`);
    results.push(r);
  }
}
const partial = only.length > 0 && existsSync('BENCHMARKS.md');
writeFileAtomic('BENCHMARKS.md', partial ? mergeMarkdown(readFileSync('BENCHMARKS.md', 'utf8'), results, new Date()) : renderMarkdown(results, new Date()));
process.stdout.write('wrote BENCHMARKS.md\n');
