import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatIssue, readHistory, type Issue } from '../../src/index.js';
import { T0, DAY, csv, day, tempHistory } from '../helpers.js';

const LEADS = csv('lead_id,created_at,industry', [`L1,${day(0)},software`, `L2,${day(1)},retail`]);
const EVENTS = csv('lead_id,type,occurred_at', [`L1,email_open,${day(2)}`]);
const OUTCOMES = csv('lead_id,stage,occurred_at', [`L1,sql,${day(20)}`]);
const good = { 'leads.csv': LEADS, 'events.csv': EVENTS, 'outcomes.csv': OUTCOMES };

async function issuesOf(files: Record<string, string | Uint8Array>, untilDay?: number): Promise<Issue[]> {
  const dir = tempHistory(files);
  const report = await readHistory(dir, untilDay === undefined ? {} : { untilMs: T0 + untilDay * DAY });
  return report.issues;
}

function only(issues: Issue[], code: string): Issue {
  const found = issues.filter((i) => i.code === code);
  expect(found, `issues: ${issues.map(formatIssue).join('\n')}`).toHaveLength(1);
  return found[0]!;
}

describe('validation: a clean history has no issue', () => {
  it('reports nothing', async () => {
    expect(await issuesOf(good)).toEqual([]);
  });
});

describe('validation: every rule has a broken file', () => {
  it('missing file', async () => {
    const i = only(await issuesOf({ 'leads.csv': LEADS, 'outcomes.csv': OUTCOMES }), 'file_missing');
    expect(i.severity).toBe('error');
    expect(formatIssue(i)).toMatch(/events\.csv: the events table is missing — put events\.csv \(or \.csv\.gz, \.jsonl, \.parquet\)/);
  });

  it('missing column, with the nearest name suggested', async () => {
    const i = only(await issuesOf({ ...good, 'leads.csv': csv('lead_id,created,industry', [`L1,${day(0)},x`]) }), 'column_missing');
    expect(formatIssue(i)).toBe('leads.csv:1: column created_at: required column "created_at" is missing — did you mean "created"? Map it with `columns: { created_at: "created" }` in a mapping file'.replace('leads.csv', i.file!));
  });

  it('duplicate lead_id names both lines', async () => {
    const i = only(await issuesOf({ ...good, 'leads.csv': csv('lead_id,created_at', [`L1,${day(0)}`, `L2,${day(0)}`, `L1,${day(1)}`]) }), 'duplicate_id');
    expect(i).toMatchObject({ severity: 'error', line: 4, column: 'lead_id', message: 'duplicate lead_id "L1" (first seen on line 2)' });
  });

  it('unparseable timestamp', async () => {
    const i = only(await issuesOf({ ...good, 'events.csv': csv('lead_id,type,occurred_at', ['L1,email_open,03/04/2025']) }), 'timestamp_invalid');
    expect(i).toMatchObject({ severity: 'error', line: 2, column: 'occurred_at' });
    expect(i.message).toMatch(/"03\/04\/2025" is not an ISO 8601 timestamp/);
    expect(i.hint).toMatch(/YYYY-MM-DD/);
  });

  it('impossible dates are unparseable', async () => {
    const i = only(await issuesOf({ ...good, 'leads.csv': csv('lead_id,created_at', ['L1,2025-02-30T00:00:00Z']) }), 'timestamp_invalid');
    expect(i.line).toBe(2);
  });

  it('timezone-less timestamps: one warning per column saying the convention assumed', async () => {
    const issues = await issuesOf({ ...good, 'events.csv': csv('lead_id,type,occurred_at', ['L1,email_open,2025-01-03 10:00', 'L1,email_open,2025-01-04 10:00']) });
    const i = only(issues, 'timestamp_no_timezone');
    expect(i).toMatchObject({ severity: 'warning', line: 2, column: 'occurred_at' });
    expect(i.message).toMatch(/2 timestamp\(s\) have no time zone .*assumed UTC/);
  });

  it('events and outcomes for unknown leads', async () => {
    const issues = await issuesOf({ ...good, 'events.csv': csv('lead_id,type,occurred_at', [`L9,email_open,${day(2)}`]), 'outcomes.csv': csv('lead_id,stage,occurred_at', [`L8,sql,${day(3)}`]) });
    const found = issues.filter((i) => i.code === 'unknown_lead');
    expect(found.map((i) => [i.file?.endsWith('events.csv') || i.file?.endsWith('outcomes.csv'), i.line, i.message])).toEqual([
      [true, 2, 'event for unknown lead_id "L9" (row left out)'],
      [true, 2, 'outcome for unknown lead_id "L8" (row left out)'],
    ]);
  });

  it('events before the lead was created', async () => {
    const i = only(await issuesOf({ ...good, 'events.csv': csv('lead_id,type,occurred_at', [`L2,email_open,${day(0)}`]) }), 'event_before_created');
    expect(i).toMatchObject({ severity: 'warning', line: 2 });
  });

  it('outcomes out of funnel order', async () => {
    const i = only(await issuesOf({ ...good, 'outcomes.csv': csv('lead_id,stage,occurred_at', [`L1,sql,${day(5)}`, `L1,mql,${day(9)}`]) }), 'outcome_order');
    expect(i).toMatchObject({ severity: 'warning', line: 3 });
    expect(i.message).toMatch(/mql at .* is after sql at .*outcomes\.csv:2/);
  });

  it('unknown stages, with a suggestion', async () => {
    const i = only(await issuesOf({ ...good, 'outcomes.csv': csv('lead_id,stage,occurred_at', [`L1,sqll,${day(5)}`]) }), 'unknown_stage');
    expect(i).toMatchObject({ severity: 'error', line: 2, column: 'stage' });
    expect(i.hint).toMatch(/did you mean "sql"/);
  });

  it('timestamps in the future of --until', async () => {
    const issues = await issuesOf(good, 10);
    expect(issues.filter((i) => i.code === 'after_until').map((i) => i.message)).toEqual([
      expect.stringMatching(/1 outcome\(s\) dated after --until 2025-01-11/),
    ]);
    const late = await issuesOf({ ...good, 'events.csv': csv('lead_id,type,occurred_at', [`L1,email_open,${day(12)}`]) }, 10);
    expect(late.some((i) => i.code === 'after_until' && i.line === 2 && /event at/.test(i.message))).toBe(true);
  });

  it('empty tables', async () => {
    const issues = await issuesOf({ 'leads.csv': 'lead_id,created_at\n', 'events.csv': 'lead_id,type,occurred_at\n', 'outcomes.csv': 'lead_id,stage,occurred_at\n' });
    expect(issues.filter((i) => i.code === 'table_empty').map((i) => i.severity)).toEqual(['error', 'warning', 'warning']);
  });

  it('empty ids and timestamps', async () => {
    const issues = await issuesOf({ ...good, 'leads.csv': csv('lead_id,created_at', [`,${day(0)}`, 'L1,']) });
    expect(issues.filter((i) => i.code === 'value_missing').map((i) => [i.line, i.column])).toEqual([[2, 'lead_id'], [3, 'created_at']]);
  });
});

describe('validation: malformed files are errors with their line, never a crash', () => {
  it('ragged rows', async () => {
    const i = only(await issuesOf({ ...good, 'events.csv': `lead_id,type,occurred_at\nL1,email_open,${day(2)}\nL1,email_open\n` }), 'csv_malformed');
    expect(i).toMatchObject({ line: 3, message: 'row has 2 fields, the header has 3' });
  });

  it('unterminated quote', async () => {
    const i = only(await issuesOf({ ...good, 'events.csv': `lead_id,type,occurred_at\nL1,email_open,${day(2)}\nL1,"email_open,${day(3)}\nL1,x,y\n` }), 'csv_malformed');
    expect(i).toMatchObject({ line: 3, message: 'quoted field is never closed (unterminated quote)' });
  });

  it('stray quote and text after a closing quote', async () => {
    const issues = await issuesOf({ ...good, 'events.csv': `lead_id,type,occurred_at\nL1,em"ail,${day(2)}\nL1,"email"x,${day(3)}\n` });
    expect(issues.filter((i) => i.code === 'csv_malformed').map((i) => i.line)).toEqual([2, 3]);
  });

  it('quoted fields with delimiters, quotes and newlines are fine', async () => {
    const dir = tempHistory({ ...good, 'leads.csv': `lead_id,created_at,note\nL1,${day(0)},"a, ""b""\nc"\nL2,${day(1)},x\n` });
    const report = await readHistory(dir);
    expect(report.errors).toBe(0);
    const note = report.history!.leads.attributes.note!;
    expect(note.kind === 'category' && note.values).toEqual(['a, "b"\nc', 'x']);
    expect([...report.history!.leads.lines]).toEqual([2, 4]);
  });

  it('wrong encoding names the line and position', async () => {
    const bytes = Buffer.concat([Buffer.from(`lead_id,created_at,city\nL1,${day(0)},Z`), Buffer.from([0xfc]), Buffer.from(`rich\n`)]);
    const i = only(await issuesOf({ ...good, 'leads.csv': bytes }), 'encoding_invalid');
    expect(i).toMatchObject({ line: 2, position: 26 });
    expect(i.hint).toMatch(/latin1/);
  });

  it('UTF-16 files', async () => {
    const i = only(await issuesOf({ ...good, 'leads.csv': Buffer.from([0xff, 0xfe, 0x6c, 0x00]) }), 'encoding_invalid');
    expect(i.message).toMatch(/UTF-16/);
  });

  it('bad JSON Lines', async () => {
    const jsonl = `{"lead_id":"L1","type":"email_open","occurred_at":"${day(2)}"}\n{"lead_id": oops}\n[1]\n`;
    const issues = await issuesOf({ 'leads.csv': LEADS, 'events.jsonl': jsonl, 'outcomes.csv': OUTCOMES });
    expect(issues.filter((i) => i.code === 'json_malformed').map((i) => i.line)).toEqual([2, 3]);
  });
});

describe('formats', () => {
  it('reads CSV.gz, JSON Lines, semicolons and CRLF the same way', async () => {
    const jsonl = `{"lead_id":"L1","type":"email_open","occurred_at":"${day(2)}"}\r\n`;
    const dir = tempHistory({
      'leads.csv.gz': gzipSync(Buffer.from(LEADS.replaceAll(',', ';').replaceAll('\n', '\r\n'))),
      'events.jsonl': jsonl,
      'outcomes.csv': OUTCOMES,
    });
    const report = await readHistory(dir);
    expect(report.issues).toEqual([]);
    expect(report.history!.leads.ids).toEqual(['L1', 'L2']);
    expect(report.history!.events.count).toBe(1);
  });

  it('types attribute columns: numbers as numbers, the rest as categories, empty = missing', async () => {
    const dir = tempHistory({ ...good, 'leads.csv': csv('lead_id,created_at,employees,industry', [`L1,${day(0)},120,software`, `L2,${day(0)},,`]) });
    const { leads } = (await readHistory(dir)).history!;
    expect(leads.attributes.employees!.kind).toBe('number');
    expect([...(leads.attributes.employees as { values: Float64Array }).values]).toEqual([120, NaN]);
    expect(leads.attributes.industry).toMatchObject({ kind: 'category', values: ['software'] });
    expect([...(leads.attributes.industry as { codes: Int32Array }).codes]).toEqual([0, -1]);
  });
});
