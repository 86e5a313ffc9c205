/**
 * Atomic output: write to a temporary sibling, then rename, so that a reader never sees a
 * half-written file and an interrupted run leaves the previous output intact.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Write a file atomically (creating its folder).
 *
 * @example
 * writeFileAtomic('out/scores.csv', 'lead_id,score\n')
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
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
