// leadcal/notebook: what the helpers show, collected through setDisplay.
import * as Plot from '@observablehq/plot';
import { table as aqTable } from 'arquero';
import { afterEach, describe, expect, it } from 'vitest';
import { chart, fitSummary, modelSummary, num, pct, setDisplay, table, tableMarkup, thin } from '../../src/notebook/index.js';
import { fitScoringModel, loadHistory } from '../../src/index.js';

function collect(): { html: string[]; markdown: string[] } {
  const shown = { html: [] as string[], markdown: [] as string[] };
  setDisplay({ html: (s) => shown.html.push(s), markdown: (s) => shown.markdown.push(s) });
  return shown;
}
afterEach(() => setDisplay(undefined));

describe('formatters', () => {
  it('fixed decimals and a dash for missing values', () => {
    expect(pct(0.1234)).toBe('12.3%');
    expect(pct(0.5, 0)).toBe('50%');
    expect(num(0.71234)).toBe('0.712');
    for (const x of [null, undefined, NaN, Infinity]) expect([pct(x), num(x)]).toEqual(['—', '—']);
    expect(thin([1, 2, 3, 4, 5], 3)).toEqual([1, 3, 5]);
    expect(thin([1, 2], 5)).toEqual([1, 2]);
  });
});

describe('table', () => {
  it('rows: whole numbers with separators, others to 3 decimals, text escaped, every key a column', () => {
    const markup = tableMarkup([{ a: 1200, b: 0.51234, c: '<b>' }, { a: 3, d: null }]);
    expect(markup).toContain('<th scope="col" class="num">a</th>');
    expect(markup).toContain('<td class="num">1,200</td><td class="num">0.512</td><td>&lt;b&gt;</td><td>—</td>');
    expect(markup).not.toContain('<caption>');
  });

  it('an arquero table, with a row limit said in the caption and formats given', () => {
    const shown = collect();
    table(aqTable({ rate: Float64Array.of(0.1, 0.2, 0.3) }), { title: 'rates', limit: 2, formats: { rate: 'percent' } });
    expect(shown.html).toHaveLength(1);
    expect(shown.html[0]).toContain('<caption>rates (first 2 of 3 rows)</caption>');
    expect(shown.html[0]).toContain('<td class="num">10%</td>');
  });
});

describe('chart', () => {
  it('inline SVG with ids unique per chart', () => {
    const shown = collect();
    const options = { marks: [Plot.dot([{ x: 1, y: 2 }], { x: 'x', y: 'y', clip: true })] };
    chart(options);
    chart(options);
    expect(shown.html[0]).toMatch(/^<svg /);
    const ids = shown.html.map((s) => [...s.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    expect(ids[0]!.length).toBeGreaterThan(0);
    expect(ids[0]!.some((id) => ids[1]!.includes(id))).toBe(false);
  });
});

describe('summaries', () => {
  it('a fit and its model', async () => {
    const { history } = await loadHistory('datasets/sample');
    const fit = fitScoringModel(history, { frame: { target: 'sql', horizonDays: 90 }, testFromMs: Date.UTC(2026, 0, 1), seed: 1, intervals: false, name: 'fitted' });
    const shown = collect();
    const log: string[] = [];
    const original = console.log;
    console.log = (s: string) => log.push(s);
    try {
      fitSummary(fit);
      modelSummary(fit.model, { rules: 3 });
    } finally {
      console.log = original;
    }
    expect(log.join('\n')).toMatch(/converged: (true|false) after \d+ iterations/);
    expect(shown.html[0]).toContain('<td>train</td>');
    expect(shown.html[0]).toContain('<td>test</td>');
    expect(log.join('\n')).toContain('model "fitted": ');
    expect(shown.markdown[0]).toContain('| section | rule | criterion | points |');
    expect(shown.markdown[0]).toMatch(/\(first 3 of \d+ rule-table rows\)/);
  }, 60_000);
});
