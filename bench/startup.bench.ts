/**
 * Issue target (#19): the installed command starts fast — `leadcal --help` in < 0.3 s and
 * `leadcal validate datasets/sample` in < 0.8 s on the 2-core machine.
 * Peer: a bare `node -e 0`, the floor any Node command pays, measured in the same run with the
 * three commands interleaved so that they share the machine's load.
 * Measured through bin/leadcal.js, which runs the compiled CLI in dist/; the benchmark builds it
 * first when it is missing or older than src/ (otherwise it would time the tsx fallback).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { builtCliIsCurrent } from '../bin/built-cli.js';
import { median, type BenchResult } from './lib.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');

/** Wall time of one process, in ms; throws when it fails. */
function run(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export async function benchStartup(runs: number): Promise<BenchResult[]> {
  let built = '';
  if (!builtCliIsCurrent()) {
    const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`npm run build failed: ${b.stderr}`);
    built = '; dist/ was rebuilt first';
  }
  const commands = { bare: ['-e', '0'], help: [BIN, '--help'], validate: [BIN, 'validate', 'datasets/sample'] };
  for (const args of Object.values(commands)) run(args); // warm the file cache
  const times = { bare: [] as number[], help: [] as number[], validate: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const key of ['bare', 'help', 'validate'] as const) times[key].push(run(commands[key]));
  }
  const peer = { name: 'node -e 0', ms: median(times.bare), runs: times.bare };
  const note = `wall time of a child process started from Node; ${runs} interleaved runs of the three commands${built}`;
  return [
    { name: 'start-up: leadcal --help', workload: 'bin/leadcal.js → dist/ (compiled): commander and the command definitions, no library module run', ms: median(times.help), runs: times.help, peer, targetMs: 300, note },
    { name: 'start-up: leadcal validate datasets/sample', workload: '8,000 leads, 242,878 events, 8,970 outcomes (gzip-compressed CSV) read and checked', ms: median(times.validate), runs: times.validate, peer, targetMs: 800, note },
  ];
}
