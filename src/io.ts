/**
 * Atomic output: write to a temporary sibling, then rename, so that a reader never sees a
 * half-written file and an interrupted run leaves the previous output intact.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileSystemError } from './safe-output.js';

/**
 * Write a file atomically (creating its folder).
 *
 * @example
 * writeFileAtomic('out/scores.csv', 'lead_id,score\n')
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself could not be made: nothing to clean up
    }
    throw fileSystemError(e, path);
  }
}

/** The steps of {@link replaceFolder}, for tests that simulate a crash between them. */
export type ReplaceStep = 'old-moved-aside' | 'new-moved-in';

/** Sibling folder names used while replacing `out`. */
function asideName(out: string, stamp: string): string {
  return join(dirname(out), `.${basename(out)}.old-${stamp}`);
}

/**
 * Put back a previous folder that a crash left aside: when `out` is missing and a sibling
 * `.NAME.old-*` folder passes `isComplete`, it is renamed back to `out`. Returns whether it did.
 */
export function recoverFolder(out: string, isComplete: (dir: string) => boolean): boolean {
  if (existsSync(out) || !existsSync(dirname(out))) return false;
  const prefix = `.${basename(out)}.old-`;
  const aside = readdirSync(dirname(out)).filter((n) => n.startsWith(prefix)).map((n) => join(dirname(out), n)).filter(isComplete);
  if (!aside.length) return false;
  renameSync(aside[aside.length - 1]!, out);
  return true;
}

let sequence = 0;

/**
 * Move the complete folder `fresh` to `out`, replacing a folder there. Two renames cannot be
 * one, so the order keeps one complete copy on disk at every moment: `out` is moved aside to
 * `.NAME.old-PID-N` (the new copy is complete in `fresh`), `fresh` is renamed to `out`, then the
 * old copy is removed. A crash between the renames leaves the old copy aside, complete, and
 * {@link recoverFolder} (run first by the next write) puts it back.
 */
export function replaceFolder(fresh: string, out: string, onStep?: (step: ReplaceStep) => void): void {
  if (!existsSync(out)) {
    renameSync(fresh, out);
    onStep?.('new-moved-in');
    return;
  }
  const old = asideName(out, `${process.pid}-${++sequence}`);
  renameSync(out, old);
  onStep?.('old-moved-aside');
  try {
    renameSync(fresh, out);
  } catch (e) {
    renameSync(old, out);
    throw e;
  }
  onStep?.('new-moved-in');
  rmSync(old, { recursive: true, force: true });
}

/**
 * A CSV cell, quoted when needed. Text starting with = + - @ (or a tab/CR) is prefixed with '
 * so that spreadsheets do not run it as a formula (CSV injection); plain numbers are left alone.
 *
 * @example
 * csvCell('=HYPERLINK("x")') // => "\"'=HYPERLINK(\"\"x\"\")\""
 * csvCell('-12.5') // => '-12.5'
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let v = value;
  if (/^[=+\-@\t\r]/.test(v) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v)) v = `'${v}`;
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** One CSV line (no line end). */
export function csvLine(cells: (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}
