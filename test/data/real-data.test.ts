// Real public datasets from ../shared/datasets, loaded through the committed mapping files.
// Skipped with a message when the shared folder is absent (it is never committed here).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFrame, formatIssue, readHistory, readMapping, summarizeHistory } from '../../src/index.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHARED = process.env.LEADCAL_SHARED_DATASETS ?? resolve(ROOT, '..', 'shared', 'datasets');
const present = existsSync(SHARED);
if (!present) console.warn(`real-data tests skipped: ${SHARED} not found (set LEADCAL_SHARED_DATASETS)`);

describe.skipIf(!present)('real data through mapping files', () => {
  it('Olist marketing funnel: 8,000 MQLs, 842 won (10.525 %)', async () => {
    const report = await readHistory(join(SHARED, 'olist-marketing-funnel'), { mapping: readMapping(join(ROOT, 'datasets/mappings/olist.yaml')) });
    expect(report.errors, report.issues.map(formatIssue).join('\n')).toBe(0);
    const s = summarizeHistory(report.history!);
    console.info(`olist: ${JSON.stringify({ leads: s.leads, stages: s.stages, attributes: s.attributes })}`);
    expect(s.leads).toBe(8000);
    expect(s.stages.find((x) => x.stage === 'won')!.leads).toBe(842);
    expect(s.stages.find((x) => x.stage === 'mql')!.leads).toBe(8000);
    // the one deal won 2 days before first contact is reported, not hidden
    expect(report.issues.filter((i) => i.code === 'outcome_before_created')).toHaveLength(1);
    // won_date has no zone: the convention is stated
    expect(report.issues.some((i) => i.code === 'timestamp_no_timezone' && /assumed UTC/.test(i.message))).toBe(true);
    const frame = buildFrame(report.history!, { target: 'won', horizonDays: 90, schedule: { kind: 'asOfAge', days: 1 } });
    expect(frame.count).toBeGreaterThan(5000);
    expect(frame.positives).toBeGreaterThan(300);
  });

  it('Maven CRM pipeline: 8,300 engaged opportunities, 4,238 won, 2,473 lost', async () => {
    const report = await readHistory(join(SHARED, 'maven-crm-sales-opportunities'), { mapping: readMapping(join(ROOT, 'datasets/mappings/maven-crm.yaml')) });
    expect(report.errors, report.issues.map(formatIssue).join('\n')).toBe(0);
    const s = summarizeHistory(report.history!);
    console.info(`maven: ${JSON.stringify({ leads: s.leads, stages: s.stages, closed: s.closedLeads })}`);
    expect(s.leads).toBe(8300);
    expect(s.stages.find((x) => x.stage === 'won')!.leads).toBe(4238);
    expect(s.closedLeads).toBe(2473);
    expect(report.issues.some((i) => i.code === 'value_missing' && /500 row\(s\)/.test(i.message))).toBe(true);
  });
});
