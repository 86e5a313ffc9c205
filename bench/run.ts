/**
 * `npm run bench`: run every benchmark and rewrite BENCHMARKS.md.
 * `npm run bench -- --runs 3` for fewer repetitions.
 */
import { writeFileAtomic } from '../src/io.js';
import { benchLoadFrame } from './load-frame.bench.js';
import { renderMarkdown, type BenchResult } from './lib.js';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;

const results: BenchResult[] = [];
for (const bench of [benchLoadFrame]) {
  const r = await bench(runs);
  process.stdout.write(`${r.name}: ${r.ms.toFixed(0)} ms (peer ${r.peer?.name}: ${r.peer?.ms.toFixed(0)} ms)\n`);
  results.push(r);
}
writeFileAtomic('BENCHMARKS.md', renderMarkdown(results, new Date()));
process.stdout.write('wrote BENCHMARKS.md\n');
