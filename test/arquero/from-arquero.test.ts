// arquero tables in: a history read from arquero tables is the history read from the files they
// hold, and bad rows are reported with the table name and row, as for files.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fromCSV, table as aqTable } from 'arquero';
import { describe, expect, it } from 'vitest';
import { LeadcalError, loadHistory, loadHistoryTables, rawTableFromArquero, readHistoryTables } from '../../src/index.js';
import { rawColumn } from '../../src/arquero/from-arquero.js';
import type { TextColumn } from '../../src/data/text-column.js';

const csvTable = (name: string) => fromCSV(gunzipSync(readFileSync(`datasets/sample/${name}.csv.gz`)).toString('utf8'), { autoType: false });

describe('readHistoryTables', () => {
  it('reads the bundled sample from arquero tables as from its files', async () => {
    const files = (await loadHistory('datasets/sample')).history;
    const { history } = await loadHistoryTables({ leads: csvTable('leads'), events: csvTable('events'), outcomes: csvTable('outcomes') });
    expect(history.leads.ids).toEqual(files.leads.ids);
    expect(history.leads.createdMs).toEqual(files.leads.createdMs);
    expect(history.events.occurredMs).toEqual(files.events.occurredMs);
    expect(history.outcomes.reachMs).toEqual(files.outcomes.reachMs);
    expect(Object.keys(history.leads.attributes).sort()).toEqual(Object.keys(files.leads.attributes).sort());
    expect(history.untilMs).toBe(files.untilMs);
  });

  it('a filtered arquero table gives only its rows (typed values: numbers and dates)', async () => {
    const leads = aqTable({
      lead_id: ['A', 'B', 'C'],
      created_at: [new Date('2025-01-01T00:00:00Z'), new Date('2025-01-02T00:00:00Z'), new Date('2025-01-03T00:00:00Z')],
      employees: Float64Array.of(10, 20, 30),
    }).filter((d: { lead_id: string }) => d.lead_id !== 'B');
    const events = aqTable({ lead_id: ['A'], type: ['page_view'], occurred_at: ['2025-01-05T00:00:00Z'] });
    const outcomes = aqTable({ lead_id: [], stage: [], occurred_at: [] });
    const { history } = await loadHistoryTables({ leads, events, outcomes });
    expect(history.leads.ids).toEqual(['A', 'C']);
    expect(history.events.count).toBe(1);
    expect(Array.from(history.leads.createdMs)).toEqual([Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 3)]);
    const employees = history.leads.attributes.employees!;
    expect(employees.kind === 'number' && Array.from(employees.values)).toEqual([10, 30]);
  });

  it('reports bad rows by table and row, and a missing table, without throwing', async () => {
    const leads = aqTable({ lead_id: ['A', 'A'], created_at: ['2025-01-01T00:00:00Z', 'yesterday'] });
    const report = await readHistoryTables({ leads, outcomes: aqTable({ lead_id: [], stage: [], occurred_at: [] }) });
    const text = report.issues.map((i) => `${i.file}:${i.line}: ${i.message}`);
    expect(text.some((t) => t.startsWith('tables.leads:3: ') && t.includes('"yesterday"'))).toBe(true);
    const missing = await readHistoryTables({ events: aqTable({ lead_id: [] }) });
    expect(missing.history).toBeUndefined();
    expect(missing.issues[0]).toMatchObject({ code: 'file_missing', file: 'leads', message: 'the leads table is missing' });
    await expect(loadHistoryTables({ leads })).rejects.toThrow(LeadcalError);
  });

  it('types columns as the readers do; an unfiltered Float64Array is not copied', () => {
    const values = Float64Array.of(1, 2);
    expect(rawColumn(values).column).toBe(values);
    expect(rawColumn(Int32Array.of(1, 2))).toEqual({ column: Float64Array.of(1, 2), kind: 'number' });
    expect(rawColumn([1, null, 3])).toEqual({ column: Float64Array.of(1, NaN, 3), kind: 'number' });
    expect(rawColumn([new Date(5), undefined])).toEqual({ column: Float64Array.of(5, NaN), kind: 'time' });
    const text = rawColumn(['a', null, 2, true]);
    expect(text.kind).toBe('text');
    expect((text.column as TextColumn).toArray()).toEqual(['a', '', '2', 'true']);
    expect(rawColumn([null, null]).kind).toBe('text');
    const raw = rawTableFromArquero(aqTable({ x: values }), 'leads');
    expect(raw.columns[0]).toBe(values);
    expect(Array.from(raw.lines)).toEqual([2, 3]);
  });
});
