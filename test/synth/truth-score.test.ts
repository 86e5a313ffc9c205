import { describe, expect, it } from 'vitest';
import {
  decayedCountsAt,
  defaultTruth,
  employeesEffect,
  generateHistory,
  scoreTruthAt,
  scoreTruthTablesAt,
  truthAttributeScore,
  truthLogit,
  truthScore,
} from '../../src/synth/index.js';
import { records } from './helpers.js';

const DAY = 86_400_000;

describe('truth score pieces', () => {
  it('sums attribute effects, ignoring missing and unknown values', () => {
    expect(truthAttributeScore(defaultTruth, { job_level: 'student', employees: '1200' })).toBeCloseTo(-0.7, 12);
    expect(truthAttributeScore(defaultTruth, { industry: 'software', source: 'referral', product: 'analytics' })).toBeCloseTo(1.25, 12);
    expect(truthAttributeScore(defaultTruth, { industry: '', country: 'us', job_level: 'astronaut', employees: 'many' })).toBe(0);
    expect(truthAttributeScore(defaultTruth, { industry: 'constructor' })).toBe(0);
  });

  it('maps employee counts to bins with inclusive lower bounds', () => {
    expect([1, 49, 50, 999, 1000, 250_000].map((n) => employeesEffect(defaultTruth, n))).toEqual([0, 0, 0.4, 0.4, 0.8, 0.8]);
  });

  it('decays counts by half-life and counts only events strictly before t', () => {
    const events = [
      { type: 'demo_request', occurredMs: 0 },
      { type: 'page_view', page: 'pricing', occurredMs: 0 },
      { type: 'page_view', page: 'pricing', occurredMs: 14 * DAY },
      { type: 'page_view', page: 'nowhere', occurredMs: 0 },
      { type: 'sales_call', occurredMs: 0 },
    ];
    const atThirty = decayedCountsAt(defaultTruth, events, 30 * DAY);
    expect(atThirty['demo_request']).toBeCloseTo(0.5, 12);
    expect(atThirty['pricing_view']).toBeCloseTo(2 ** (-30 / 14) + 2 ** (-16 / 14), 12);
    expect(atThirty['home_view']).toBe(0);
    expect(Object.keys(atThirty)).toHaveLength(defaultTruth.behaviours.length);
    const atFourteen = decayedCountsAt(defaultTruth, events, 14 * DAY);
    expect(atFourteen['pricing_view']).toBeCloseTo(0.5, 12);
  });

  it('adds the baseline only in truthLogit', () => {
    const lead = { attributes: { job_level: 'vp' } };
    const decayed = { demo_request: 1, pricing_view: 2, docs_view: 5 };
    expect(truthScore(defaultTruth, lead, decayed)).toBeCloseTo(0.6 + 1.5 + 1.2, 12);
    expect(truthLogit(defaultTruth, lead, decayed)).toBeCloseTo(defaultTruth.baseDailyLogit + 3.3, 12);
    expect(scoreTruthAt(defaultTruth, lead, [{ type: 'demo_request', occurredMs: 0 }], 0)).toBeCloseTo(0.6, 12);
    expect(scoreTruthAt(defaultTruth, lead, [{ type: 'demo_request', occurredMs: 0 }], 1)).toBeCloseTo(2.1, 9);
  });
});

describe('scoreTruthTablesAt', () => {
  const history = generateHistory({ leads: 300, seed: 5 });

  it('agrees with scoreTruthAt lead by lead', () => {
    const atMs = history.endMs - 90 * DAY;
    const scores = scoreTruthTablesAt(history.truth, history.leads, history.events, atMs);
    const events = records(history.events);
    expect(scores.size).toBe(300);
    for (const lead of records(history.leads).slice(0, 60)) {
      const own = events
        .filter((e) => e['lead_id'] === lead['lead_id'])
        .map((e) => ({ type: e['type'] ?? '', page: e['page'], occurredMs: Date.parse(e['occurred_at'] ?? '') }));
      expect(scores.get(lead['lead_id'] ?? '')).toBeCloseTo(scoreTruthAt(history.truth, { attributes: lead }, own, atMs), 9);
    }
  });

  it('scores only the leads given a time when times are per lead', () => {
    const scores = scoreTruthTablesAt(history.truth, history.leads, history.events, new Map([['L000002', history.endMs]]));
    expect([...scores.keys()]).toEqual(['L000002']);
  });

  it('names a missing column', () => {
    const leads = { header: ['id'], rows: [] };
    expect(() => scoreTruthTablesAt(history.truth, leads, history.events, 0)).toThrow(/leads table has no column "lead_id"/);
  });
});
