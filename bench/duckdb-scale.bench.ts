/**
 * Warehouse scale through DuckDB (#16, #22): a synthetic history (`leadcal synth`, about 30
 * events per lead by default) written as Parquet with DuckDB's COPY, then, each step in its own
 * process with its peak RSS from /usr/bin/time -v:
 * - fit: `leadcal fit DIR --engine duckdb` end to end: leads and outcomes read from Parquet, the
 *   frame and every (snapshot, event) pair built in DuckDB from events.parquet
 *   (`framePairsInDuckDB`; no event loaded in Node), then the fit, points and report;
 * - pushdown: that step alone (leads and outcomes loaded, frame and pairs streamed back);
 * - peer: DuckDB alone running the same frame query and pair join in SQL.
 *
 * Size: `--scale-leads N` (default 200000) and `--scale-events-per-lead E` (default: the
 * synthetic truth's own rate, about 30; otherwise every behaviour's base rate is scaled by
 * E / 30.5, so conversions rise with activity). The issue's run, 2M leads / 100M events, for a
 * quiet machine: `npx tsx bench/duckdb-scale.bench.ts --scale-leads 2000000 --scale-events-per-lead 50`;
 * `npm run bench -- --only duckdb-scale` records the default size in BENCHMARKS.md. The data is
 * kept in $TMPDIR/leadcal-duckdb-scale-N[-eE] and reused when present (`--scale-fresh` to regenerate).
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { defaultTruth } from '../src/synth/default-truth.js';
import { measureProcess, median, type BenchResult, type MeasuredProcess } from './lib.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

type Measured = MeasuredProcess;

/** Run a command from the repository under /usr/bin/time -v (wall time, peak RSS). */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Measured {
  return measureProcess(command, args, ROOT, env);
}

/** Events per lead of the default synthetic truth (6.1M events at 200k leads). */
const DEFAULT_EVENTS_PER_LEAD = 30.5;

/** Synth (CSV) then Parquet via COPY; returns the times of both steps. */
async function prepare(leads: number, eventsPerLead: number | undefined, fresh: boolean): Promise<{ dir: string; generateMs: number; parquetMs: number; events: number; generateRssMb: number }> {
  const base = join(tmpdir(), `leadcal-duckdb-scale-${leads}${eventsPerLead === undefined ? '' : `-e${eventsPerLead}`}`);
  const csv = join(base, 'csv');
  const parquet = join(base, 'parquet');
  if (fresh) rmSync(base, { recursive: true, force: true });
  let generateMs = NaN;
  let generateRssMb = NaN;
  let parquetMs = NaN;
  if (!existsSync(join(parquet, 'events.parquet'))) {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    const heap = Math.max(4096, Math.ceil(leads / 100_000) * 1024);
    const truth: string[] = [];
    if (eventsPerLead !== undefined) {
      // every behaviour's base rate scaled: about eventsPerLead events per lead
      const file = join(base, 'truth.json');
      const factor = eventsPerLead / DEFAULT_EVENTS_PER_LEAD;
      writeFileSync(file, JSON.stringify({ ...defaultTruth, behaviours: defaultTruth.behaviours.map((b) => ({ ...b, baseRatePerDay: b.baseRatePerDay * factor })) }));
      truth.push('--truth', file);
    }
    const g = measure('node', [`--max-old-space-size=${heap}`, join(ROOT, 'bin', 'leadcal.js'), 'synth', csv, '--leads', String(leads), '--seed', '1', ...truth]);
    [generateMs, generateRssMb] = [g.ms, g.rssMb];
    mkdirSync(parquet);
    const t = performance.now();
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    for (const table of ['leads', 'events', 'outcomes']) {
      // timestamps typed as TIMESTAMPTZ, the rest as DuckDB detects it
      await con.run(`COPY (SELECT * REPLACE (${table === 'leads' ? 'created_at' : 'occurred_at'}::TIMESTAMPTZ AS ${table === 'leads' ? 'created_at' : 'occurred_at'}) FROM read_csv('${join(csv, `${table}.csv`)}', header = true)) TO '${join(parquet, `${table}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
    }
    con.closeSync();
    db.closeSync();
    parquetMs = performance.now() - t;
    rmSync(csv, { recursive: true, force: true });
  }
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const events = Number((await con.runAndReadAll(`SELECT count(*)::DOUBLE FROM read_parquet('${join(parquet, 'events.parquet')}')`)).getRows()[0]![0]);
  con.closeSync();
  db.closeSync();
  return { dir: parquet, generateMs, parquetMs, events, generateRssMb };
}

const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function benchDuckdbScale(runs = 1): Promise<BenchResult[]> {
  const leads = Number(flag('--scale-leads', '200000'));
  const perLead = flag('--scale-events-per-lead', '');
  const data = await prepare(leads, perLead === '' ? undefined : Number(perLead), process.argv.includes('--scale-fresh'));
  const size = `${(leads / 1000).toFixed(0)}k leads, ${(data.events / 1e6).toFixed(1)}M events, Parquet (${(statSync(join(data.dir, 'events.parquet')).size / 2 ** 20).toFixed(0)} MiB of events)`;
  process.stderr.write(`duckdb-scale: ${size}; generate ${fmtS(data.generateMs)} (peak ${data.generateRssMb.toFixed(0)} MB), Parquet ${fmtS(data.parquetMs)}\n`);
  const node = (heapMb: number): string[] => [`--max-old-space-size=${heapMb}`];
  const heap = Math.max(8192, Math.ceil(leads / 100_000) * 1536);
  const fits: Measured[] = [];
  const pushdowns: Measured[] = [];
  const peers: Measured[] = [];
  for (let r = 0; r < runs; r++) {
    // interleaved, so that a busy moment of the shared machine falls on all three
    peers.push(measure(TSX, [join(ROOT, 'bench', 'duckdb-scale-child.ts'), 'peer', data.dir]));
    pushdowns.push(measure(TSX, [join(ROOT, 'bench', 'duckdb-scale-child.ts'), 'pushdown', data.dir], { NODE_OPTIONS: node(heap).join(' ') }));
    fits.push(measure('node', [...node(heap), join(ROOT, 'bin', 'leadcal.js'), 'fit', data.dir, '--engine', 'duckdb', '--no-intervals', '--json'], {}));
    process.stderr.write(`duckdb-scale run ${r + 1}: peer ${fmtS(peers.at(-1)!.ms)} (${peers.at(-1)!.rssMb.toFixed(0)} MB), pushdown ${fmtS(pushdowns.at(-1)!.ms)} (${pushdowns.at(-1)!.rssMb.toFixed(0)} MB) ${pushdowns.at(-1)!.stdout.trim()}, fit ${fmtS(fits.at(-1)!.ms)} (${fits.at(-1)!.rssMb.toFixed(0)} MB)\n`);
  }
  const peak = (xs: Measured[]): string => `peak RSS ${Math.max(...xs.map((x) => x.rssMb)).toFixed(0)} MB`;
  const peer = { name: `DuckDB alone: same frame + pair join in SQL (${peak(peers)})`, ms: median(peers.map((p) => p.ms)), runs: peers.map((p) => p.ms) };
  const generated = Number.isNaN(data.generateMs) ? 'data reused' : `synth ${fmtS(data.generateMs)} (peak ${data.generateRssMb.toFixed(0)} MB) + Parquet COPY ${fmtS(data.parquetMs)}`;
  return [
    { name: 'duckdb pushdown: frame + every (snapshot, event) pair from Parquet', workload: size, ms: median(pushdowns.map((p) => p.ms)), runs: pushdowns.map((p) => p.ms), peer, memory: { peakMb: Math.max(...pushdowns.map((p) => p.rssMb)) }, note: `${peak(pushdowns)}; ${pushdowns[0]!.stdout.trim()}` },
    { name: 'fit --engine duckdb from Parquet (end to end, events pushed down, no intervals)', workload: size, ms: median(fits.map((p) => p.ms)), runs: fits.map((p) => p.ms), peer, memory: { peakMb: Math.max(...fits.map((p) => p.rssMb)) }, note: `${peak(fits)}; ${generated}` },
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const r of await benchDuckdbScale(Number(flag('--runs', '1')))) process.stdout.write(`${r.name} [${r.workload}]: ${fmtS(r.ms)} (${r.note}); peer ${r.peer!.name}: ${fmtS(r.peer!.ms)}\n`);
}
