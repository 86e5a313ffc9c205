import { describe, expect, it } from 'vitest';
import {
  CHANNEL_BY_TYPE,
  EVENT_COLUMNS,
  LEAD_COLUMNS,
  MARKETING_EVENT_TYPES,
  OUTCOME_COLUMNS,
  PAGES,
  defaultTruth,
  generateHistory,
  scoreTruthTablesAt,
  segmentOf,
  tableToCsv,
  truthFileText,
  type SynthHistory,
} from '../../src/synth/index.js';
import { records, stageTimes } from './helpers.js';

const DAY = 86_400_000;
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

function csvOf(history: SynthHistory): string {
  return [tableToCsv(history.leads), tableToCsv(history.events), tableToCsv(history.outcomes), truthFileText(history)].join('\u0000');
}

describe('generateHistory determinism', () => {
  it('gives byte-identical output for the same seed and different output otherwise', () => {
    const a = csvOf(generateHistory({ leads: 400, seed: 7 }));
    const b = csvOf(generateHistory({ leads: 400, seed: 7 }));
    const c = csvOf(generateHistory({ leads: 400, seed: 8 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('does not mutate the truth it is given', () => {
    const before = JSON.stringify(defaultTruth);
    const history = generateHistory({ leads: 50, seed: 1, truth: defaultTruth });
    expect(JSON.stringify(defaultTruth)).toBe(before);
    expect(history.truth).toEqual(defaultTruth);
    expect(history.generator).toEqual({ seed: 1, leads: 50, startMs: Date.UTC(2025, 0, 1), days: 540 });
  });

  it('generates 2,000 leads in well under 2 s', () => {
    const started = performance.now();
    generateHistory({ leads: 2000, seed: 7 });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('generateHistory contract', () => {
  const history = generateHistory({ leads: 2000, seed: 7 });
  const leads = records(history.leads);
  const events = records(history.events);
  const outcomes = records(history.outcomes);
  const stages = stageTimes(history.outcomes);
  const startMs = Date.UTC(2025, 0, 1);

  it('has exactly the contract columns', () => {
    expect(history.leads.header).toEqual([...LEAD_COLUMNS]);
    expect(history.events.header).toEqual([...EVENT_COLUMNS]);
    expect(history.outcomes.header).toEqual([...OUTCOME_COLUMNS]);
    expect(LEAD_COLUMNS).toEqual(['lead_id', 'created_at', 'industry', 'employees', 'job_level', 'country', 'segment', 'product', 'source']);
    expect(EVENT_COLUMNS).toEqual(['lead_id', 'type', 'occurred_at', 'page', 'channel']);
    expect(OUTCOME_COLUMNS).toEqual(['lead_id', 'stage', 'occurred_at']);
    for (const table of [history.leads, history.events, history.outcomes]) {
      expect(table.rows.every((row) => row.length === table.header.length)).toBe(true);
    }
  });

  it('numbers leads L000001… in creation order over the first two thirds of the period', () => {
    expect(leads[0]?.['lead_id']).toBe('L000001');
    expect(leads[1999]?.['lead_id']).toBe('L002000');
    const created = leads.map((lead) => Date.parse(lead['created_at'] ?? ''));
    expect(created.every((t, i) => i === 0 || t >= (created[i - 1] ?? 0))).toBe(true);
    expect(Math.min(...created)).toBeGreaterThanOrEqual(startMs);
    expect(Math.max(...created)).toBeLessThan(startMs + 360 * DAY);
    expect(history.endMs).toBe(startMs + 540 * DAY);
  });

  it('writes every timestamp as ISO 8601 UTC ending in Z, inside the period', () => {
    const stamps = [...leads.map((r) => r['created_at']), ...events.map((r) => r['occurred_at']), ...outcomes.map((r) => r['occurred_at'])];
    const bad = stamps.filter((stamp) => {
      const ms = Date.parse(stamp ?? '');
      return !ISO_Z.test(stamp ?? '') || !(ms >= startMs && ms < history.endMs);
    });
    expect(bad).toEqual([]);
  });

  it('keeps lead attributes in their vocabularies, with a few missing', () => {
    const vocab = (name: string): Set<string> => new Set(['', ...Object.keys(defaultTruth.attributes[name as 'industry'].levels)]);
    for (const name of ['industry', 'job_level', 'country', 'product', 'source']) {
      const allowed = vocab(name);
      expect(leads.every((lead) => allowed.has(lead[name] ?? '?'))).toBe(true);
    }
    for (const lead of leads) {
      if (lead['employees'] === '') expect(lead['segment']).toBe('');
      else expect(lead['segment']).toBe(segmentOf(Number(lead['employees'])));
      if (lead['employees'] !== '') expect(lead['employees']).toMatch(/^[1-9]\d*$/);
    }
    const missing = leads.filter((lead) => lead['industry'] === '').length / leads.length;
    expect(missing).toBeGreaterThan(0.005);
    expect(missing).toBeLessThan(0.08);
    expect(new Set(leads.map((lead) => lead['segment']))).toEqual(new Set(['smb', 'mid_market', 'enterprise', '']));
  });

  it('references only known leads and uses the event vocabulary', () => {
    const ids = new Set(leads.map((lead) => lead['lead_id']));
    expect(events.every((e) => ids.has(e['lead_id']))).toBe(true);
    expect(outcomes.every((o) => ids.has(o['lead_id']))).toBe(true);
    const types = new Set<string>([...MARKETING_EVENT_TYPES, 'sales_call', 'meeting']);
    const pages = new Set<string>(PAGES);
    const bad = events.filter((e) => {
      const type = e['type'] ?? '';
      const pageOk = type === 'page_view' ? pages.has(e['page'] ?? '') : e['page'] === '';
      return !types.has(type) || e['channel'] !== CHANNEL_BY_TYPE[type] || !pageOk;
    });
    expect(bad).toEqual([]);
    expect(new Set(events.map((e) => e['type']))).toEqual(types);
    expect(new Set(outcomes.map((o) => o['stage']))).toEqual(new Set(['mql', 'sql', 'opportunity', 'won', 'lost', 'disqualified']));
  });

  it('has sales_call and meeting events only after the lead reached sql', () => {
    const sales = events.filter((e) => e['type'] === 'sales_call' || e['type'] === 'meeting');
    expect(sales.length).toBeGreaterThan(100);
    for (const e of sales) {
      const sqlMs = stages.get(e['lead_id'] ?? '')?.get('sql');
      expect(sqlMs).toBeDefined();
      expect(Date.parse(e['occurred_at'] ?? '')).toBeGreaterThan(sqlMs ?? Number.POSITIVE_INFINITY);
    }
  });

  it('orders each lead’s outcomes by the funnel, later stages implying earlier ones', () => {
    for (const [, byStage] of stages) {
      const at = (stage: string): number | undefined => byStage.get(stage);
      if (at('won') !== undefined) expect(at('opportunity')).toBeDefined();
      if (at('opportunity') !== undefined) expect(at('sql')).toBeDefined();
      if (at('mql') !== undefined && at('sql') !== undefined) expect(at('mql')).toBeLessThanOrEqual(at('sql') ?? 0);
      if (at('opportunity') !== undefined) expect(at('sql')).toBeLessThanOrEqual(at('opportunity') ?? 0);
      if (at('won') !== undefined) expect(at('opportunity')).toBeLessThanOrEqual(at('won') ?? 0);
      expect(at('won') !== undefined && at('lost') !== undefined).toBe(false);
      const closes = ['won', 'lost', 'disqualified'].filter((stage) => at(stage) !== undefined);
      expect(closes.length).toBeLessThanOrEqual(1);
      // Nothing happens after a lead is closed.
      const closedAt = closes.length === 1 ? at(closes[0] ?? '') ?? 0 : Number.POSITIVE_INFINITY;
      for (const t of byStage.values()) expect(t).toBeLessThanOrEqual(closedAt);
    }
    const perLead = new Map<string, string[]>();
    for (const o of outcomes) perLead.set(o['lead_id'] ?? '', [...(perLead.get(o['lead_id'] ?? '') ?? []), o['stage'] ?? '']);
    expect([...perLead.values()].every((list) => new Set(list).size === list.length)).toBe(true);
  });

  it('lets a small share of SQLs skip mql', () => {
    const sqls = [...stages.values()].filter((s) => s.has('sql'));
    const skipped = sqls.filter((s) => !s.has('mql')).length / sqls.length;
    expect(skipped).toBeGreaterThan(0);
    expect(skipped).toBeLessThan(0.2);
  });

  it('lands in the target ranges for volume and conversion', () => {
    const sqlShare = [...stages.values()].filter((s) => s.has('sql')).length / leads.length;
    expect(sqlShare).toBeGreaterThan(0.08);
    expect(sqlShare).toBeLessThan(0.2);
    const perLead = events.length / leads.length;
    expect(perLead).toBeGreaterThan(20);
    expect(perLead).toBeLessThan(40);
  });

  it('stops email events after an unsubscribe', () => {
    const unsubscribedAt = new Map<string, number>();
    for (const e of events) {
      if (e['type'] === 'unsubscribe') {
        expect(unsubscribedAt.has(e['lead_id'] ?? '')).toBe(false);
        unsubscribedAt.set(e['lead_id'] ?? '', Date.parse(e['occurred_at'] ?? ''));
      }
    }
    expect(unsubscribedAt.size).toBeGreaterThan(20);
    const late = events.filter((e) => {
      const at = unsubscribedAt.get(e['lead_id'] ?? '');
      const isEmail = e['type'] === 'email_open' || e['type'] === 'email_click';
      return isEmail && at !== undefined && Date.parse(e['occurred_at'] ?? '') > at;
    });
    expect(late).toEqual([]);
  });

  it('marks MQL where the truth score (events strictly before) reached the threshold', () => {
    const mqlAt = new Map<string, number>();
    for (const [id, byStage] of stages) {
      const mql = byStage.get('mql');
      // An mql at the sql time may come from the "never MQL before SQL" rule instead.
      if (mql !== undefined && mql !== byStage.get('sql')) mqlAt.set(id, mql);
    }
    expect(mqlAt.size).toBeGreaterThan(200);
    const scores = scoreTruthTablesAt(history.truth, history.leads, history.events, mqlAt);
    for (const score of scores.values()) expect(score).toBeGreaterThanOrEqual(history.truth.funnel.mqlScoreThreshold - 1e-9);
  });
});

describe('generateHistory options', () => {
  it('honours startMs and days', () => {
    const startMs = Date.UTC(2024, 5, 1);
    const history = generateHistory({ leads: 50, seed: 2, startMs, days: 90 });
    expect(history.endMs).toBe(startMs + 90 * DAY);
    expect(history.leads.rows.every((row) => Date.parse(row[1] ?? '') < startMs + 60 * DAY)).toBe(true);
    expect(history.events.rows.every((row) => Date.parse(row[2] ?? '') < history.endMs)).toBe(true);
  });

  it.each([
    [{ leads: 0, seed: 1 }, /leads must be an integer ≥ 1; got 0/],
    [{ leads: 2.5, seed: 1 }, /leads must be an integer/],
    [{ leads: 10, seed: 0.5 }, /seed must be a safe integer; got 0.5/],
    [{ leads: 10, seed: 1, days: 0 }, /days must be an integer ≥ 1/],
    [{ leads: 10, seed: 1, startMs: 1.5 }, /startMs must be a safe integer/],
    [{ leads: 10, seed: 1, startMs: 1500 }, /startMs must be a whole second/],
    [{ leads: 10, seed: 1, truth: { ...defaultTruth, behaviours: [] } }, /options\.truth: \$\.behaviours/],
  ])('rejects %o', (options, message) => {
    expect(() => generateHistory(options)).toThrow(message);
  });
});
