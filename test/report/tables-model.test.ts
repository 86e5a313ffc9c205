/**
 * The model page's headline names something a person can read: an identifier value (a hex
 * landing-page id, a UUID) is said as "a landing page (id 22c29808…)".
 */
import { describe, expect, it } from 'vitest';
import { checkModel } from '../../src/model/schema.js';
import { readableCriterion, rulesTable } from '../../src/report/tables-model.js';
import { starter } from './helpers.js';

describe('readableCriterion', () => {
  it.each([
    ['landing_page_id = 22c29808c4f815213303f8933030604c', 'a landing page (id 22c29808…)'],
    ['origin_id = 3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'an origin (id 3f2504e0…)'],
    ['lead_source = a1b2c3d4e5f6a7b8c9d0e1f2a3b4', 'a lead source (id a1b2c3d4…)'],
    ['industry = software', 'industry = software'],
    ['company_size = 1000', 'company_size = 1000'],
    ['industry is empty', 'industry is empty'],
    ['region = deadbeef', 'region = deadbeef'],
  ])('%s → %s', (criterion, text) => {
    expect(readableCriterion(criterion)).toBe(text);
  });
});

describe('rulesTable headline', () => {
  it('says "a landing page (id …)" instead of the hex id, and keeps readable criteria as they are', () => {
    const model = checkModel({ ...starter(), fit: [{ id: 'landing_page_id', field: 'landing_page_id', points: { '22c29808c4f815213303f8933030604c': 90, b5d9c2f0a1e34c7d8e6f: -80 } }] });
    const t = rulesTable(model, 'olist');
    expect(t.finding).toMatch(/^A landing page \(id 22c29808…\) earns the most points \(90\); a landing page \(id b5d9c2f0…\) costs the most \(-80\)$/);
    expect(t.rows.some((r) => r.criterion === 'landing_page_id = 22c29808c4f815213303f8933030604c')).toBe(true);
    expect(rulesTable(starter(), 'starter').finding).not.toMatch(/\(id /);
  });
});
