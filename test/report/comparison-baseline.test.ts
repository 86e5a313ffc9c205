/**
 * The comparison page with the predictive baseline (`predictive: true`, `--predictive`): the
 * logistic regression on every engineered feature, fitted on the training snapshots, measured
 * on the same test snapshots as the rule-based model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { reportOptionsFrom } from '../../src/cli/report.js';
import type { LoadReport } from '../../src/data/load.js';
import { buildReportData, renderSite } from '../../src/report/index.js';
import { starter, synthHistory } from './helpers.js';

describe('the predictive baseline on the comparison page', () => {
  let loaded: LoadReport;
  beforeAll(async () => {
    loaded = (await synthHistory(500, 11)).loaded;
  });

  it('adds a metrics row, a paired test and curves for the baseline, and says so on the page', () => {
    const data = buildReportData(loaded.history!, { model: starter() }, { testFromMs: Date.UTC(2025, 8, 1), predictive: true });
    const metrics = data.tables.find((t) => t.id === 'model-metrics')!;
    expect(metrics.rows.map((r) => [r.model, r.role])).toEqual([['starter', 'primary'], ['predictive baseline', 'baseline']]);
    expect(metrics.rows[1]!.snapshots).toBe(metrics.rows[0]!.snapshots);
    expect(typeof metrics.rows[1]!.auc).toBe('number');
    expect(data.tables.find((t) => t.id === 'paired-tests')!.rows[0]).toMatchObject({ modelA: 'starter', modelB: 'predictive baseline' });
    expect(data.tables.find((t) => t.id === 'roc')!.rows.some((r) => r.model === 'predictive baseline')).toBe(true);
    expect(renderSite(data).get('comparison.html')).toContain('and the predictive baseline (a logistic regression on every engineered feature');
  });

  it('is off by default, and --predictive turns it on', () => {
    const data = buildReportData(loaded.history!, { model: starter() }, { testFromMs: Date.UTC(2025, 8, 1) });
    expect(data.tables.find((t) => t.id === 'model-metrics')!.rows).toHaveLength(1);
    expect(() => buildReportData(loaded.history!, { model: starter() }, { predictive: 'yes' as unknown as boolean })).toThrow('predictive must be true or false');
    expect(reportOptionsFrom({ out: 'x', predictive: true } as Parameters<typeof reportOptionsFrom>[0]).predictive).toBe(true);
  });
});
