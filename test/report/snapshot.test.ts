/**
 * Snapshot tests à la Observable Plot: a few charts and one page rendered from a fixed,
 * seeded fixture, numbers rounded and ids renumbered, compared with the files committed
 * under test/report/snapshots/ (a mismatch writes NAME-changed.EXT beside the stored one).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportData, linkedomDocument, renderPlot, renderSite, reportCharts, type ReportData, type ReportTable } from '../../src/report/index.js';
import { matchSnapshot, normalise, starter, synthHistory } from './helpers.js';

let data: ReportData;
const table = (id: string): ReportTable => data.tables.find((t) => t.id === id)!;
const svg = (options: Parameters<typeof renderPlot>[0] | null): string => renderPlot(options!, linkedomDocument(), 'snap');

beforeAll(async () => {
  const { loaded } = await synthHistory(400, 20251125);
  data = buildReportData(loaded.history!, { model: starter() }, { testFromMs: Date.UTC(2025, 8, 1), seed: 3, capacity: 25, validation: loaded });
});

describe('snapshots', () => {
  it('normalises numbers and ids', () => {
    expect(normalise('<g id="plot-marker-12"><path d="M1.23456,-0.001" marker-end="url(#plot-marker-12)"/></g>')).toBe('<g id="id0"><path d="M1.23,0" marker-end="url(#id0)"/></g>');
  });

  it.each([
    ['score-bands.svg', () => svg(reportCharts.scoreBandsChart(table('score-bands')))],
    ['reliability.svg', () => svg(reportCharts.reliabilityChart(table('reliability')))],
    ['sweep-overall.html', () => svg(reportCharts.sweepChart(table('sweep-overall'), table('thresholds')))],
    ['thresholds-arrows.html', () => svg(reportCharts.thresholdSummaryChart(table('thresholds')))],
    ['comparison.html', () => renderSite(data).get('comparison.html')!],
  ])('%s matches the stored snapshot', (name, render) => {
    const result = matchSnapshot(name, render());
    expect(result.ok, result.message).toBe(true);
  });
});

describe('the snapshot helper', () => {
  it('writes NAME-changed next to a stored snapshot that differs, and fails', async () => {
    const { existsSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { SNAPSHOTS } = await import('./helpers.js');
    const stored = join(SNAPSHOTS, 'helper-selftest.svg');
    const changed = join(SNAPSHOTS, 'helper-selftest-changed.svg');
    writeFileSync(stored, '<svg width="1"></svg>');
    try {
      expect(matchSnapshot('helper-selftest.svg', '<svg width="1.004"></svg>').ok).toBe(true);
      const result = matchSnapshot('helper-selftest.svg', '<svg width="2"></svg>');
      expect(result.ok).toBe(false);
      expect(readFileSync(changed, 'utf8')).toBe('<svg width="2"></svg>');
    } finally {
      rmSync(stored, { force: true });
      rmSync(changed, { force: true });
    }
    expect(existsSync(changed)).toBe(false);
  });
});
