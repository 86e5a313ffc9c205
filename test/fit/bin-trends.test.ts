// Issue #21 item 1, "overridable in the mapping": the trend of a numeric attribute's supervised
// bins is chosen by the data unless the mapping's `trends` (or the fit option `trends`, which
// wins) sets it: ascending, descending, peak, valley, none (unconstrained) or auto.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHistory, readMapping } from '../../src/index.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { optimalBins } from '../../src/features/optimal-bins.js';
import { setWarningSink } from '../../src/warnings.js';
import { createRandom } from '../../src/random.js';
import { csv, day, tempHistory } from '../helpers.js';

const quiet = <T>(f: () => T): T => {
  const previous = setWarningSink(() => {});
  try { return f(); } finally { setWarningSink(previous); }
};
const FRAME = { target: 'sql' as const, horizonDays: 60, schedule: { kind: 'asOfAge' as const, days: 1 } };
const rates = (counts: number[], positives: number[]): number[] => counts.map((n, j) => positives[j]! / n);

describe('optimalBins with trend none', () => {
  it('follows a zigzag rate that no single trend can, with at least the IV of every trend', () => {
    const random = createRandom(4);
    const n = 20_000;
    const values = Float64Array.from({ length: n }, () => random.next() * 100);
    // rate 5% / 25% / 5% / 25% on the quarters
    const labels = Uint8Array.from(values, (v) => (random.next() < (Math.floor(v / 25) % 2 ? 0.25 : 0.05) ? 1 : 0));
    const none = optimalBins(values, labels, { trend: 'none' });
    expect(none.trend).toBe('none');
    expect(none.counts.length).toBeGreaterThanOrEqual(4);
    for (const trend of ['ascending', 'descending', 'peak', 'valley', 'auto'] as const) expect(none.iv, trend).toBeGreaterThanOrEqual(optimalBins(values, labels, { trend }).iv - 1e-12);
    const r = rates(none.counts, none.positives);
    let turns = 0;
    for (let j = 2; j < r.length; j++) if (Math.sign(r[j]! - r[j - 1]!) !== Math.sign(r[j - 1]! - r[j - 2]!)) turns++;
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});

describe('the mapping sets the trend per attribute', () => {
  // age 0…100, conversion peaks in the middle; score has the same rate everywhere
  const random = createRandom(9);
  const leads: string[] = [];
  const outcomes: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const age = Math.round(random.next() * 1000) / 10;
    leads.push(`L${i},${day(i % 300)},${age}`);
    if (random.next() < 0.04 + 0.3 * Math.exp(-(((age - 50) / 18) ** 2))) outcomes.push(`L${i},sql,${day((i % 300) + 10)}`);
  }
  const files = (trends: string): Record<string, string> => ({
    'leads.csv': csv('lead_id,created_at,age', leads),
    'outcomes.csv': csv('lead_id,stage,occurred_at', outcomes),
    'mapping.yaml': `leads:\n  file: leads.csv\n${trends}outcomes:\n  file: outcomes.csv\nevents: null\n`,
  });
  const load = async (trends: string) => {
    const dir = tempHistory(files(trends));
    return (await loadHistory(dir, { mapping: readMapping(join(dir, 'mapping.yaml')) })).history;
  };

  it('auto finds the peak; the mapping forces ascending; the fit option overrides the mapping', async () => {
    const plain = await load('');
    const auto = quiet(() => fitScoringModel(plain, { frame: FRAME, intervals: false }));
    expect(auto.report.binning.find((b) => b.field === 'age')!.trend).toBe('peak');

    const h = await load('  trends: { age: ascending }\n');
    expect(h.leads.trends).toEqual({ age: 'ascending' });
    const up = quiet(() => fitScoringModel(h, { frame: FRAME, intervals: false }));
    const table = up.report.binning.find((b) => b.field === 'age')!;
    expect(table.trend).toBe('ascending');
    const binRows = table.rows.filter((r) => r.case === 'bin');
    for (let j = 1; j < binRows.length; j++) expect(binRows[j]!.eventRate!).toBeGreaterThan(binRows[j - 1]!.eventRate!);
    // the forced shape costs separation: less IV than the peak the data show
    expect(table.iv).toBeLessThan(auto.report.binning.find((b) => b.field === 'age')!.iv);

    const opt = quiet(() => fitScoringModel(h, { frame: FRAME, intervals: false, trends: { age: 'auto' } }));
    expect(opt.report.binning.find((b) => b.field === 'age')!.trend).toBe('peak');
    const free = quiet(() => fitScoringModel(h, { frame: FRAME, intervals: false, trends: { age: 'none' } }));
    expect(free.report.binning.find((b) => b.field === 'age')!.iv).toBeGreaterThanOrEqual(auto.report.binning.find((b) => b.field === 'age')!.iv - 1e-9);
  }, 60_000);

  it('refuses a trend it does not know, naming the line', () => {
    const dir = tempHistory(files('  trends: { age: upward }\n'));
    expect(() => readMapping(join(dir, 'mapping.yaml'))).toThrow(/trends|upward/);
  });
});
