/**
 * The thresholds page's tables: a model without segments shows its one population once (not
 * "overall" and "default" twice), and the page says which snapshots it swept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from '../../src/data/load.js';
import { checkModel } from '../../src/model/schema.js';
import { buildReportData, renderSite } from '../../src/report/index.js';
import { withoutEcho } from '../../src/report/tables-thresholds.js';
import type { SegmentSweep } from '../../src/thresholds/index.js';
import { starter, synthHistory } from './helpers.js';

const seg = (segment: string, kind: SegmentSweep['kind'], leads: number): SegmentSweep => ({ segment, kind, base: { leads, conversions: 1, rate: 1 / leads, leadsPerMonth: leads }, points: [], recommended: null });

describe('withoutEcho', () => {
  it('drops a lone segment that holds every lead at the overall threshold', () => {
    expect(withoutEcho([seg('overall', 'overall', 10), seg('default', 'segment', 10)], { overall: 60, default: 60 }).map((s) => s.segment)).toEqual(['overall']);
  });
  it('keeps a lone segment with its own threshold, several segments, and drops empty ones', () => {
    expect(withoutEcho([seg('overall', 'overall', 10), seg('smb', 'segment', 10)], { overall: 60, smb: 50 }).map((s) => s.segment)).toEqual(['overall', 'smb']);
    expect(withoutEcho([seg('overall', 'overall', 10), seg('a', 'segment', 4), seg('b', 'segment', 6), seg('c', 'segment', 0)], { overall: 60, a: 60, b: 60, c: 60 }).map((s) => s.segment)).toEqual(['overall', 'a', 'b']);
  });
});

describe('a model without segments in the report', () => {
  let loaded: LoadReport;
  beforeAll(async () => {
    loaded = (await synthHistory(400, 7)).loaded;
  });
  it('shows the one population once on the thresholds page', () => {
    const model = checkModel({ ...starter(), segments: [] });
    const data = buildReportData(loaded.history!, { model }, { testFromMs: Date.UTC(2025, 8, 1), capacity: 30 });
    const summary = data.tables.find((t) => t.id === 'thresholds')!;
    expect(summary.rows.map((r) => r.segment)).toEqual(['overall']);
    expect(data.tables.filter((t) => t.page === 'thresholds' && t.segment !== undefined).map((t) => t.segment)).toEqual(['overall']);
    const page = renderSite(data).get('thresholds.html')!;
    expect(page).not.toContain('Threshold sweep: default');
    expect(page).toMatch(/Swept the test period from 2025-09-01T00:00:00Z \([\d,]+ snapshots, target sql within 90 days\), over [\d.]+ months/);
  });
});
