/**
 * Overview wording rules of #13 beyond the AUC headline: an attribute that may leak the outcome
 * is the first headline (not buried on the data-quality page), and the calibration error reads
 * as percentage points, never as score points ("pts").
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/data/load.js';
import { buildReportData, renderSite, type ReportData } from '../../src/report/index.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { starter } from './helpers.js';

let data: ReportData;

beforeAll(async () => {
  const history = generateHistory({ leads: 600, seed: 11 });
  // a field filled in as a deal closes: present exactly for the leads with a closing outcome
  const closed = new Set(history.outcomes.rows.filter((r) => ['won', 'lost', 'disqualified'].includes(r[1]!)).map((r) => r[0]!));
  const leads = { header: [...history.leads.header, 'close_reason'], rows: history.leads.rows.map((r) => [...r, closed.has(r[0]!) ? 'budget' : '']) };
  const dir = join(mkdtempSync(join(tmpdir(), 'leadcal-leak-')), 'history');
  await writeHistory(dir, { ...history, leads });
  const loaded = await readHistory(dir);
  data = buildReportData(loaded.history!, { model: starter() }, { testFromMs: Date.UTC(2025, 8, 1), seed: 3, capacity: 25, validation: loaded });
});

describe('the overview headlines', () => {
  it('put a possible leak first, naming the attribute', () => {
    expect(data.meta.headlines[0]).toMatch(/^Warning: 1 attribute may leak the outcome: close_reason — a model using it ranks leads on what happened after scoring\.$/);
    const overview = renderSite(data).get('index.html')!;
    expect(overview.indexOf('close_reason')).toBeGreaterThan(0);
    expect(overview.indexOf('close_reason')).toBeLessThan(overview.indexOf('Ranking quality'));
  });

  it('give the calibration error in percentage points', () => {
    expect(data.meta.headlines.some((h) => /off by \d+(\.\d)? percentage points on average/.test(h))).toBe(true);
    const overview = renderSite(data).get('index.html')!;
    expect(overview).toMatch(/\d+(\.\d)? percentage points/);
    expect(overview).not.toMatch(/\d pts\b/);
  });
});
