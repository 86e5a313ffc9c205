/**
 * The what-if block's markup: the sweep rows embedded as JSON (escaped in the attribute),
 * formatted exactly as the sweep table formats them, starting at the threshold in use.
 */
import { describe, expect, it } from 'vitest';
import { formatCell } from '../../src/report/format.js';
import { col, makeTable } from '../../src/report/table.js';
import { whatIfHtml } from '../../src/report/what-if.js';

const decode = (s: string): string => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('whatIfHtml', () => {
  const table = makeTable('sweep-x', 'thresholds', 'Threshold sweep: <b>x</b>', [
    col('threshold', 'Threshold', 'points'), col('passedPerMonth', 'Passed/month', 'points'), col('conversionRate', 'Conversion rate', 'percent'),
    col('conversionRateLow', '95% low', 'percent'), col('conversionRateHigh', '95% high', 'percent'), col('recall', 'Conversions caught', 'percent'), col('expectedValue', 'Expected value', 'number'),
  ], [
    { threshold: 10, passedPerMonth: 40.25, conversionRate: 0.05, conversionRateLow: 0.03, conversionRateHigh: 0.08, recall: 1, expectedValue: 1234.5678 },
    { threshold: 20, passedPerMonth: 12, conversionRate: 0.1234, conversionRateLow: 0.07, conversionRateHigh: 0.2, recall: 0.4, expectedValue: -3 },
  ], { segment: '<b>x</b>' });

  it('embeds every row as the table formats it and starts at the first row passing the threshold in use', () => {
    const text = whatIfHtml(table, 'sweep-x', 15).text;
    const json = JSON.parse(decode(/data-sweep="([^"]*)"/.exec(text)![1]!)) as (number | string)[][];
    expect(json).toEqual(table.rows.map((r) => [r.threshold, ...['passedPerMonth', 'conversionRate', 'conversionRateLow', 'conversionRateHigh', 'recall', 'expectedValue'].map((k) => formatCell(r[k]!, table.columns.find((c) => c.key === k)!.format))]));
    expect(json[1]).toEqual([20, '12', '12%', '7%', '20%', '40%', '-3']);
    expect(text).toContain('value="15"');
    expect(text).toContain('<dd data-k="0">12</dd>');
    expect(text).toContain('<dd data-k="5">-3</dd>');
    expect(text).toContain('min="10" max="20"');
    expect(text).not.toContain('<b>');
    expect(text).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('leaves out expected value when the sweep has none, and renders nothing for an empty sweep', () => {
    const plain = { ...table, columns: table.columns.filter((c) => c.key !== 'expectedValue') };
    expect(whatIfHtml(plain, 'sweep-x', undefined).text).not.toContain('Expected value');
    expect(whatIfHtml({ ...table, rows: [] }, 'sweep-x', 10).text).toBe('');
  });
});
