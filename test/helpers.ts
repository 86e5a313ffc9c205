/** Test helpers: temporary history folders written from inline tables. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LeadcalError, formatIssue } from '../src/errors.js';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2025, 0, 1);
/** ISO timestamp of day n after 2025-01-01 (fractions allowed). */
export const day = (n: number): string => new Date(T0 + n * DAY).toISOString().replace('.000Z', 'Z');

/** Write files (name → content) into a new temporary folder and return its path. */
export function tempHistory(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadcal-test-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** CSV text from a header and rows (no quoting needed by the callers). */
export function csv(header: string, rows: string[]): string {
  return `${[header, ...rows].join('\n')}\n`;
}

/** The formatted issues of the LeadcalError that `fn` throws (fails when it throws nothing or something else). */
export function issueLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof LeadcalError) return e.issues.map(formatIssue);
    throw e;
  }
  throw new Error('expected a LeadcalError');
}
