/**
 * Writes a generated history to a folder: `leads.csv`, `events.csv`, `outcomes.csv` and
 * `truth.json`, plus `qualifications.csv` and `qualifications-truth.json` when the history has
 * qualification records (see `qualifications.ts`). The folder appears complete or not at all:
 * files are written to a sibling `<dir>.tmp-<pid>` and renamed into place.
 * `writeGeneratedHistory` generates and writes lead by lead, holding one lead in memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';
import { EVENT_COLUMNS, LEAD_COLUMNS, OUTCOME_COLUMNS, type Table } from './columns.js';
import { csvChunks, csvLine } from './csv.js';
import { generateLeads, planHistory, type GenerateOptions, type SynthHistory } from './generate.js';
import type { RowSink } from './event-buffer.js';
import type { QualificationTruth } from './qualifications.js';

/** Options of `writeHistory`. */
export interface WriteHistoryOptions {
  /** Replace `dir` when it exists and is not empty (default false). */
  force?: boolean;
  /**
   * Write the tables gzip-compressed (`leads.csv.gz` …, level 9, no file name or time in the
   * header, so the bytes depend only on the data); `truth.json` stays plain (default false).
   */
  gzip?: boolean;
}

/**
 * Text of `truth.json`: the generator settings, then the truth, as pretty JSON.
 *
 * @example
 * JSON.parse(truthFileText(generateHistory({ leads: 10, seed: 1 }))).generator.seed; // => 1
 */
export function truthFileText(history: Pick<SynthHistory, 'truth' | 'generator'>): string {
  return `${JSON.stringify({ generator: history.generator, ...history.truth }, null, 2)}\n`;
}

type FolderState = 'missing' | 'empty' | 'non-empty';

async function folderState(dir: string): Promise<FolderState> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  if (!info.isDirectory()) throw new Error(`writeHistory: ${dir} exists and is not a folder`);
  return (await readdir(dir)).length === 0 ? 'empty' : 'non-empty';
}

async function writeTable(file: string, table: Table): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    for (const chunk of csvChunks(table)) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

/** Moves `fresh` to `target`, replacing a non-empty `target` through a `.old-<pid>` sibling. */
async function swapInto(fresh: string, target: string, state: FolderState): Promise<void> {
  if (state === 'missing') return rename(fresh, target);
  if (state === 'empty') {
    await rmdir(target);
    return rename(fresh, target);
  }
  const old = `${target}.old-${process.pid}`;
  await rm(old, { recursive: true, force: true });
  await rename(target, old);
  try {
    await rename(fresh, target);
  } catch (error) {
    await rename(old, target);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

/** Replace each `.csv` file of `dir` by its `.csv.gz` (see WriteHistoryOptions.gzip). */
async function gzipTables(dir: string): Promise<void> {
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort()) {
    const file = join(dir, name);
    await pipeline(createReadStream(file), createGzip({ level: zlibConstants.Z_BEST_COMPRESSION }), createWriteStream(`${file}.gz`, { flags: 'wx' }));
    await unlink(file);
  }
}

/**
 * Run `fill` on a fresh sibling folder of `dir` (then gzip its tables when asked), then rename
 * it into place (see writeHistory).
 */
async function writeFolder(dir: string, options: WriteHistoryOptions, fill: (fresh: string) => Promise<void>): Promise<void> {
  const force = options.force ?? false;
  const target = resolve(dir);
  if ((await folderState(target)) === 'non-empty' && !force) {
    throw new Error(`writeHistory: ${dir} exists and is not empty; use force to replace it`);
  }
  const fresh = `${target}.tmp-${process.pid}`;
  await rm(fresh, { recursive: true, force: true });
  await mkdir(fresh, { recursive: true });
  try {
    await fill(fresh);
    if (options.gzip) await gzipTables(fresh);
    // Look again: the folder may have changed while we were writing.
    const state = await folderState(target);
    if (state === 'non-empty' && !force) {
      throw new Error(`writeHistory: ${dir} exists and is not empty; use force to replace it`);
    }
    await swapInto(fresh, target, state);
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Writes `leads.csv`, `events.csv`, `outcomes.csv` (RFC 4180, `\n` line ends; `.csv.gz` with
 * `gzip`) and `truth.json` (the truth plus `generator: {seed, leads, startMs, days}`) into `dir`.
 *
 * Atomic: everything goes to `dir + '.tmp-<pid>'` first, then is renamed to `dir`. An
 * existing empty folder is replaced; a non-empty one only with `force` (the old folder is
 * renamed away, the new one renamed in, then the old one removed).
 *
 * @throws Error when `dir` exists and is not empty (without `force`), or is not a folder.
 * @example
 * await writeHistory('datasets/sample', generateHistory({ leads: 2000, seed: 7 }), { force: true });
 */
export async function writeHistory(
  dir: string,
  history: SynthHistory & { qualifications?: Table; qualificationTruth?: QualificationTruth },
  options: WriteHistoryOptions = {},
): Promise<void> {
  await writeFolder(dir, options, async (fresh) => {
    await writeTable(join(fresh, 'leads.csv'), history.leads);
    await writeTable(join(fresh, 'events.csv'), history.events);
    await writeTable(join(fresh, 'outcomes.csv'), history.outcomes);
    if (history.qualifications) await writeTable(join(fresh, 'qualifications.csv'), history.qualifications);
    if (history.qualificationTruth) await writeFile(join(fresh, 'qualifications-truth.json'), `${JSON.stringify(history.qualificationTruth, null, 2)}\n`, { flag: 'wx' });
    await writeFile(join(fresh, 'truth.json'), truthFileText(history), { flag: 'wx' });
  });
}

/** CSV text gathered in memory and written out in pieces of about 1 MB. */
class CsvOut {
  private text: string;
  rows = 0;
  constructor(readonly handle: FileHandle, header: readonly string[]) {
    this.text = csvLine(header);
  }
  add(row: readonly string[]): void {
    this.text += csvLine(row);
    this.rows += 1;
  }
  async flush(atLeast = 0): Promise<void> {
    if (this.text.length <= atLeast) return;
    await this.handle.write(this.text);
    this.text = '';
  }
}

/** Row counts of a written history. */
export interface WrittenCounts {
  leads: number;
  events: number;
  outcomes: number;
}

/**
 * Generate a history and write it as {@link writeHistory} would, byte for byte, one lead at a
 * time: memory stays flat however many leads (1M leads fit in Node's default heap).
 *
 * @throws Error as writeHistory and generateHistory do.
 * @example
 * (await writeGeneratedHistory('/tmp/s', { leads: 2000, seed: 7 })).leads; // => 2000
 */
export async function writeGeneratedHistory(dir: string, options: GenerateOptions, writeOptions: WriteHistoryOptions = {}): Promise<WrittenCounts> {
  const plan = planHistory(options);
  const counts: WrittenCounts = { leads: 0, events: 0, outcomes: 0 };
  await writeFolder(dir, writeOptions, async (fresh) => {
    const handles = await Promise.all(['leads.csv', 'events.csv', 'outcomes.csv'].map((name) => open(join(fresh, name), 'wx')));
    try {
      const leads = new CsvOut(handles[0]!, LEAD_COLUMNS);
      const events = new CsvOut(handles[1]!, EVENT_COLUMNS);
      const outcomes = new CsvOut(handles[2]!, OUTCOME_COLUMNS);
      const sink: RowSink = { events: [], outcomes: [] };
      for (const row of generateLeads(plan, sink)) {
        leads.add(row);
        for (const e of sink.events) events.add(e);
        for (const o of sink.outcomes) outcomes.add(o);
        sink.events.length = 0;
        sink.outcomes.length = 0;
        for (const out of [leads, events, outcomes]) await out.flush(1 << 20);
      }
      for (const out of [leads, events, outcomes]) await out.flush();
      [counts.leads, counts.events, counts.outcomes] = [leads.rows, events.rows, outcomes.rows];
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
    await writeFile(join(fresh, 'truth.json'), truthFileText(plan), { flag: 'wx' });
  });
  return counts;
}
