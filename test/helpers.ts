/** Test helpers: temporary history folders written from inline tables. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LeadcalError, formatIssue } from '../src/errors.js';
import { historyFromArrays } from '../src/data/from-arrays.js';
import type { History } from '../src/data/history.js';
import { createRandom } from '../src/random.js';

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

/** A CSV file (or .csv.gz) copied to Parquet by DuckDB, as a warehouse export would be. */
export async function csvToParquet(csvPath: string, parquetPath: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (SELECT * FROM read_csv('${csvPath}', header = true)) TO '${parquetPath}' (FORMAT parquet)`);
  con.closeSync();
  db.closeSync();
}

/** A synthetic history (`leadcal synth`) in DIR/h, its events also in DIR/events.parquet; returns DIR. */
export async function synthWithParquetEvents(leads: number, seed: number): Promise<string> {
  const { writeGeneratedHistory } = await import('../src/synth/write.js');
  const dir = tempHistory({});
  await writeGeneratedHistory(join(dir, 'h'), { leads, seed });
  await csvToParquet(join(dir, 'h', 'events.csv'), join(dir, 'events.parquet'));
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

/**
 * Conversion follows the first type decayed at 3 days; the other two fire on the same
 * days as each other (a page open logs both) and carry no signal of their own.
 */
export function coFiringHistory(n: number, seed: number, types: [string, string, string]): History {
  const random = createRandom(seed);
  const created = Float64Array.from({ length: n }, (_, i) => T0 + (i % 200) * DAY);
  const lead: number[] = [], type: number[] = [], time: number[] = [];
  const oLead: number[] = [], oTime: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (let e = Math.floor(random.next() * 8); e > 0; e--) {
      const age = Math.floor(random.next() * 29);
      lead.push(i); type.push(0); time.push(created[i]! + (29 - age) * DAY);
      x += 2 ** (-age / 3);
    }
    for (let e = Math.floor(random.next() * 6); e > 0; e--) {
      const age = Math.floor(random.next() * 29);
      for (const t of [1, 2]) { lead.push(i); type.push(t); time.push(created[i]! + (29 - age) * DAY); }
    }
    if (random.next() < 1 / (1 + Math.exp(-(-2.5 + 1.2 * x)))) { oLead.push(i); oTime.push(created[i]! + 40 * DAY); }
  }
  return historyFromArrays({
    leads: { ids: Array.from({ length: n }, (_, i) => `L${i}`), createdMs: created },
    events: { lead: Int32Array.from(lead), type: { kind: 'category', codes: Int32Array.from(type), values: [...types] }, occurredMs: Float64Array.from(time) },
    outcomes: { lead: Int32Array.from(oLead), stage: Uint8Array.from(oLead.map(() => 1)), occurredMs: Float64Array.from(oTime) },
    untilMs: T0 + 400 * DAY,
  });
}
