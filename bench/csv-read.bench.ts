/**
 * Issue #22 item 1: read a large events.csv into columns. leadcal's streaming reader
 * (`readTable`: 4 MiB chunks, one streaming UTF-8 decoder, `CsvParser` into compact text
 * columns) against csv-parse's streaming parser (`parse()` fed the same file stream, strict
 * column count) collecting each record's fields into the same compact columns, so that the
 * ratio compares the parsers, not the storage. Workload: the events file of
 * `generateHistory({ leads: 40000 })` (about 1.2M rows, 5 columns).
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { IssueLog } from '../src/errors.js';
import { readTable } from '../src/data/raw-table.js';
import { TextColumn } from '../src/data/text-column.js';
import { generateHistory, writeHistory } from '../src/synth/index.js';
import { median, time, type BenchResult } from './lib.js';

/** csv-parse's streaming parser into one compact text column per header field; returns the row count. */
export async function readWithCsvParse(path: string): Promise<{ header: string[]; columns: TextColumn[]; rowCount: number }> {
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: false }));
  let header: string[] | undefined;
  let columns: TextColumn[] = [];
  let rowCount = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (header === undefined) {
      header = record.map((h) => h.trim());
      columns = header.map(() => new TextColumn());
      continue;
    }
    for (let j = 0; j < columns.length; j++) columns[j]!.push(record[j]!);
    rowCount++;
  }
  for (const column of columns) column.seal();
  return { header: header ?? [], columns, rowCount };
}

export async function benchCsvRead(runs = 5): Promise<BenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'leadcal-bench-csv-'));
  try {
    const dir = join(root, 'history');
    await writeHistory(dir, generateHistory({ leads: 40_000, seed: 22 }));
    const path = join(dir, 'events.csv');
    const check = { leadcal: 0, peer: 0, cell: ['', ''] };
    const ours = await time(async () => {
      const log = new IssueLog();
      const table = await readTable(path, log);
      if (!table || log.issues.length) throw new Error('bench events.csv has issues');
      check.leadcal = table.rowCount;
      check.cell[0] = (table.columns[2] as TextColumn).get(table.rowCount - 1);
    }, runs);
    const peer = await time(async () => {
      const table = await readWithCsvParse(path);
      check.peer = table.rowCount;
      check.cell[1] = table.columns[2]!.get(table.rowCount - 1);
    }, runs);
    if (check.leadcal !== check.peer || check.cell[0] !== check.cell[1]) throw new Error(`readers disagree: ${JSON.stringify(check)}`);
    const mb = statSync(path).size / 1e6;
    return {
      name: `read events.csv (${(check.leadcal / 1e6).toFixed(2)}M rows) into columns`,
      workload: `events.csv of a 40k-lead synth history, ${mb.toFixed(0)} MB, 5 columns, into compact text columns`,
      ms: median(ours),
      runs: ours,
      peer: { name: 'csv-parse 5 streaming parser', ms: median(peer), runs: peer },
      note: 'both read the same file stream into the same compact columns (text-column.ts); leadcal reports every malformed record with its line and goes on, csv-parse stops at the first with its own message',
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
