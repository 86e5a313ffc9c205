// Issue #12: the Salesforce and Marketo presets read their exports as they come (fixtures written
// from the vendors' documented export columns), and a broken export gives file:line errors.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, presetMapping, readHistory, type History } from '../../src/index.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const reach = (h: History, stage: number): number => h.outcomes.reachMs[stage]!.filter((t) => Number.isFinite(t)).length;

/** A copy of a fixture folder with one file's text changed. */
function broken(preset: string, file: string, change: (text: string) => string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `leadcal-${preset}-`)), preset);
  cpSync(join(FIXTURES, preset), dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return dir;
}
const errors = async (dir: string, preset: string): Promise<string[]> => (await readHistory(dir, { mapping: presetMapping(preset) })).issues.filter((i) => i.severity === 'error').map(formatIssue);

describe('--preset salesforce', () => {
  it('reads Lead, LeadHistory, Task and CampaignMember: conversion and status changes as stages', async () => {
    const r = await readHistory(join(FIXTURES, 'salesforce'), { mapping: presetMapping('salesforce') });
    expect(r.errors).toBe(0);
    const h = r.history!;
    expect(h.leads.count).toBe(24);
    expect(Object.keys(h.leads.attributes).sort()).toEqual(['Country', 'Industry', 'LeadSource', 'NumberOfEmployees', 'Rating', 'Title']);
    expect(reach(h, 1)).toBe(6); // sql: converted leads (ConvertedDate, status Qualified)
    expect(Array.from(h.outcomes.closedMs).filter(Number.isFinite).length).toBe(4); // Closed - Not Converted
    expect([...h.events.type.values].sort()).toEqual(['call', 'campaign_response', 'email', 'task']);
    // a task on a contact (WhoId not a lead) is left out with a warning naming its line
    expect(r.issues.some((i) => i.code === 'unknown_lead' && i.file?.endsWith('Task.csv') && i.line === 62)).toBe(true);
  });

  it('a missing column, a bad date and an unknown status are file:line errors', async () => {
    expect(await errors(broken('salesforce', 'Lead.csv', (t) => t.replace('CreatedDate', 'Created')), 'salesforce')).toEqual([expect.stringMatching(/Lead\.csv:1: column CreatedDate: column "CreatedDate" \(mapped to created_at\) is missing/)]);
    expect((await errors(broken('salesforce', 'Lead.csv', (t) => t.replace('2025-01-03T11:15:00.000Z', '2025-13-03')), 'salesforce'))[0]).toMatch(/Lead\.csv:4: column CreatedDate: .*2025-13-03/);
    expect((await errors(broken('salesforce', 'LeadHistory.csv', (t) => t.replace('Closed - Not Converted', 'Gone Fishing')), 'salesforce'))[0]).toMatch(/LeadHistory\.csv:\d+: column NewValue: unknown stage "Gone Fishing"/);
  });
});

describe('--preset marketo', () => {
  it('reads the person list with its lifecycle dates and the activity log by activity type id', async () => {
    const r = await readHistory(join(FIXTURES, 'marketo'), { mapping: presetMapping('marketo') });
    expect(r.errors).toBe(0);
    const h = r.history!;
    expect(h.leads.count).toBe(24);
    expect([reach(h, 0), reach(h, 1), reach(h, 2), reach(h, 3)]).toEqual([8, 4, 2, 2]);
    expect([...h.events.type.values].sort()).toEqual(['email_click', 'email_open', 'email_send', 'form_fill', 'page_view']);
    const page = h.events.columns.page!;
    expect(page.kind === 'category' && page.values.includes('/pricing')).toBe(true);
    for (const a of ['leadScore', 'leadStatus', 'mqlDate', 'email']) expect(h.leads.attributes[a], a).toBeUndefined();
  });

  it('a missing column and a bad date are file:line errors', async () => {
    expect((await errors(broken('marketo', 'activities.csv', (t) => t.replace('activityDate', 'when')), 'marketo'))[0]).toMatch(/activities\.csv:1: column activityDate: column "activityDate" \(mapped to occurred_at\) is missing/);
    expect((await errors(broken('marketo', 'leads.csv', (t) => t.replace('2025-01-04,', '04/01/2025,')), 'marketo'))[0]).toMatch(/leads\.csv:2: column mqlDate: .*04\/01\/2025/);
  });
});
