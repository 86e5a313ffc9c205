/**
 * Writes a generated history to a folder: `leads.csv`, `events.csv`, `outcomes.csv` and
 * `truth.json`, plus `qualifications.csv` and `qualifications-truth.json` when the history has
 * qualification records (see `qualifications.ts`). The folder appears complete or not at all:
 * files are written to a sibling `<dir>.tmp-<pid>` and renamed into place.
 */
import { mkdir, open, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Table } from './columns.js';
import { csvChunks } from './csv.js';
import type { SynthHistory } from './generate.js';
import type { QualificationTruth } from './qualifications.js';

/** Options of `writeHistory`. */
export interface WriteHistoryOptions {
  /** Replace `dir` when it exists and is not empty (default false). */
  force?: boolean;
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

/**
 * Writes `leads.csv`, `events.csv`, `outcomes.csv` (RFC 4180, `\n` line ends) and
 * `truth.json` (the truth plus `generator: {seed, leads, startMs, days}`) into `dir`.
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
  const target = resolve(dir);
  const force = options.force ?? false;
  if ((await folderState(target)) === 'non-empty' && !force) {
    throw new Error(`writeHistory: ${dir} exists and is not empty; use force to replace it`);
  }
  const fresh = `${target}.tmp-${process.pid}`;
  await rm(fresh, { recursive: true, force: true });
  await mkdir(fresh, { recursive: true });
  try {
    await writeTable(join(fresh, 'leads.csv'), history.leads);
    await writeTable(join(fresh, 'events.csv'), history.events);
    await writeTable(join(fresh, 'outcomes.csv'), history.outcomes);
    if (history.qualifications) await writeTable(join(fresh, 'qualifications.csv'), history.qualifications);
    if (history.qualificationTruth) await writeFile(join(fresh, 'qualifications-truth.json'), `${JSON.stringify(history.qualificationTruth, null, 2)}\n`, { flag: 'wx' });
    const truthFile = await open(join(fresh, 'truth.json'), 'wx');
    try {
      await truthFile.write(truthFileText(history));
    } finally {
      await truthFile.close();
    }
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
