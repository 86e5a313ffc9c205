/**
 * The reliability diagram shows every non-empty bin, with its count: tied probabilities (an
 * isotonic mapping's steps) leave some of the 10 quantile bins empty, and the table says so
 * instead of skipping bin numbers; the chart draws a dot per bin, sized and titled by its count.
 */
import { describe, expect, it } from 'vitest';
import { linkedomDocument, renderPlot, reportCharts } from '../../src/report/index.js';
import { reliabilityTable, type Evaluated } from '../../src/report/tables-calibration.js';

function evaluated(probabilities: number[], labels: number[]): Evaluated {
  const y = Uint8Array.from(labels);
  return {
    scored: { probabilitySource: 'a test mapping' } as Evaluated['scored'],
    labels: y,
    scores: Float64Array.from(probabilities, (p) => 100 * p),
    probabilities: Float64Array.from(probabilities),
    positives: y.reduce((a, v) => a + v, 0),
  };
}

describe('reliabilityTable', () => {
  it('with 4 distinct (tied) probabilities: 4 rows numbered 1–4, every snapshot counted, and the title and note say why', () => {
    const levels = [0.02, 0.05, 0.1, 0.3];
    const sizes = [500, 120, 60, 20];
    const p: number[] = [];
    const y: number[] = [];
    levels.forEach((level, k) => { for (let i = 0; i < sizes[k]!; i++) { p.push(level); y.push(i < Math.round(level * sizes[k]!) ? 1 : 0); } });
    const t = reliabilityTable(evaluated(p, y));
    expect(t.rows.map((r) => r.bin)).toEqual([1, 2, 3, 4]);
    expect(t.rows.map((r) => r.count)).toEqual(sizes);
    expect(t.rows.map((r) => r.predicted)).toEqual(levels);
    expect(t.title).toBe('Reliability diagram (4 bins of the predicted probability: 10 quantile bins, ties kept together)');
    expect(t.note).toContain('The predicted probabilities take 4 distinct values; tied values stay in one bin, so 4 of the 10 quantile bins hold snapshots, and each of them is shown.');
    const svg = renderPlot(reportCharts.reliabilityChart(t)!, linkedomDocument(), 'rel');
    expect(svg.match(/<circle /g)?.length).toBe(4);
    for (const [k, n] of sizes.entries()) expect(svg).toContain(`<title>bin ${k + 1}: ${n.toLocaleString('en-US')} snapshots</title>`);
  });

  it('with distinct probabilities: 10 quantile bins, numbered 1–10', () => {
    const p = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 2000);
    const t = reliabilityTable(evaluated(p, p.map((_, i) => (i % 9 === 0 ? 1 : 0))));
    expect(t.rows.map((r) => r.bin)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.rows.reduce((a, r) => a + (r.count as number), 0)).toBe(1000);
    expect(t.title).toBe('Reliability diagram (10 quantile bins of the predicted probability)');
  });
});
