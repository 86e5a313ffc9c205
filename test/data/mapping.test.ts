import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeadcalError, formatIssue, loadHistory, presetMapping, readHistory, readMapping, summarizeHistory } from '../../src/index.js';
import { tempHistory } from '../helpers.js';

const FIX = join(import.meta.dirname, '..', 'fixtures');

describe('HubSpot preset', () => {
  it('turns lifecycle-stage date columns into outcomes and keeps the other columns as attributes', async () => {
    const { history, warnings } = await loadHistory(join(FIX, 'hubspot'), { mapping: presetMapping('hubspot') });
    expect(history.leads.ids).toEqual(['101', '102', '103', '104', '105']);
    const s = summarizeHistory(history);
    expect(s.stages.map((x) => [x.stage, x.leads])).toEqual([['mql', 4], ['sql', 3], ['opportunity', 2], ['won', 1]]);
    // 105 skipped MQL: reaching sql implies mql
    expect(history.outcomes.reachMs[0]![4]).toBe(Date.UTC(2025, 1, 2, 10));
    // leaky columns are excluded, the rest typed
    expect(Object.keys(history.leads.attributes)).toEqual(['First Name', 'Industry', 'Number of Employees', 'Job Title', 'Country/Region']);
    expect(history.leads.attributes['Number of Employees']!.kind).toBe('number');
    expect(history.events.count).toBe(3);
    // HubSpot dates have no zone: said once per column
    expect(warnings.filter((w) => w.code === 'timestamp_no_timezone').length).toBeGreaterThan(0);
    expect(formatIssue(warnings.find((w) => w.code === 'timestamp_no_timezone')!)).toMatch(/assumed UTC/);
  });

  it('honours --timezone for zone-less dates', async () => {
    const { history } = await loadHistory(join(FIX, 'hubspot'), { mapping: presetMapping('hubspot'), timezone: '+02:00' });
    expect(history.leads.createdMs[0]).toBe(Date.UTC(2025, 0, 5, 7, 30));
  });

  it('works without the optional events file', async () => {
    const dir = tempHistory({});
    writeFileSync(join(dir, 'contacts.csv'), 'Record ID,Create Date,Became a Sales Qualified Lead Date\n1,2025-01-01,2025-02-01\n');
    const { history } = await loadHistory(dir, { mapping: presetMapping('hubspot') });
    expect(history.events.count).toBe(0);
    expect(history.outcomes.count).toBe(1);
  });
});

describe('generic mapping file', () => {
  it('maps columns, event types and stage values; null drops rows', async () => {
    const mapping = readMapping(join(FIX, 'crm-export', 'mapping.yaml'));
    const report = await readHistory(join(FIX, 'crm-export'), { mapping });
    expect(report.issues).toEqual([]);
    const h = report.history!;
    expect(h.leads.ids).toEqual(['A-1', 'A-2', 'A-3']);
    expect(h.leads.createdMs[0]).toBe(Date.UTC(2025, 0, 1, 7));
    expect(Object.keys(h.leads.attributes)).toEqual(['industry', 'employees']);
    expect(h.events.type.values).toEqual(['page_view', 'email_open']);
    expect(h.events.count).toBe(3);
    expect(Object.keys(h.events.columns)).toEqual(['page']);
    expect(summarizeHistory(h).stages.map((s) => s.leads)).toEqual([1, 1, 0, 0]);
    expect(summarizeHistory(h).closedLeads).toBe(1);
  });

  it('a typo in a mapping key gets a line-precise error with a suggestion', () => {
    const dir = tempHistory({ 'm.yaml': 'leads:\n  file: leads.csv\n  colums:\n    lead_id: Id\n' });
    const path = join(dir, 'm.yaml');
    try {
      readMapping(path);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LeadcalError);
      expect(formatIssue((e as LeadcalError).issues[0]!)).toBe(`${path}:3: column leads: unknown key "colums" — did you mean "columns"?`);
    }
  });

  it('a wrong type names the line and what was expected', () => {
    const dir = tempHistory({ 'm.yaml': 'leads:\n  file: leads.csv\n  columns:\n    lead_id: 3\n' });
    expect(() => readMapping(join(dir, 'm.yaml'))).toThrow(/m\.yaml:4: column leads\.columns\.lead_id: expected string, got 3/);
  });

  it('YAML syntax errors name the line', () => {
    const dir = tempHistory({ 'm.yaml': 'leads:\n  file: [unclosed\n' });
    expect(() => readMapping(join(dir, 'm.yaml'))).toThrow(/m\.yaml:\d+:\d+: /);
  });

  it('a mapped column that does not exist is reported with the nearest name', async () => {
    const dir = tempHistory({ 'leads.csv': 'Id,Created On\nA,2025-01-01\n', 'events.csv': 'lead_id,type,occurred_at\n', 'outcomes.csv': 'lead_id,stage,occurred_at\n' });
    const report = await readHistory(dir, { mapping: { leads: { file: 'leads.csv', columns: { lead_id: 'ID', created_at: 'Created On' } } } });
    expect(report.issues.map(formatIssue)).toContain(`${report.issues[0]!.file}:1: column ID: column "ID" (mapped to lead_id) is missing — did you mean "Id"? Map it with \`columns: { lead_id: "Id" }\` in a mapping file`);
  });

  it('unknown presets are a usage error', () => {
    expect(() => presetMapping('pipedrive')).toThrow(/unknown preset "pipedrive" — use one of: hubspot, salesforce, marketo/);
  });
});
