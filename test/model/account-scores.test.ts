// Account scores: hand-built contacts with known sums, maxima and top-k means per account and
// snapshot; an account converts when any contact does; the account sweep counts accounts.
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/index.js';
import { accountScores, accountScoresToCsv, leadAccounts, parseAccountAggregation, type AccountAggregation } from '../../src/model/account-scores.js';
import { sweepAccounts } from '../../src/thresholds/account-sweep.js';
import { csv, day, tempHistory } from '../helpers.js';

// two snapshot times; acme has three contacts (the champion, the economic buyer, a user), beta
// one, and one lead has no account
const T1 = 1000;
const T2 = 2000;
const input = {
  scores: Float64Array.of(10, 40, 25, 5, 99, 30, 50),
  asOfMs: Float64Array.of(T1, T1, T1, T1, T1, T2, T2),
  accounts: { codes: Int32Array.of(1, 1, 1, 0, -1, 1, 0), values: ['beta', 'acme'] },
  labels: Uint8Array.of(0, 0, 1, 0, 1, 0, 1),
};
const rows = (how: AccountAggregation) => {
  const t = accountScores(input, how);
  return Array.from({ length: t.count }, (_, i) => [t.names[t.account[i]!], t.asOfMs[i], t.score[i], t.contacts[i], t.label?.[i]]);
};

describe('accountScores', () => {
  it('sums, takes the maximum or the mean of the top k per account and time, ordered by time then name', () => {
    expect(rows({ kind: 'sum' })).toEqual([['acme', T1, 75, 3, 1], ['beta', T1, 5, 1, 0], ['acme', T2, 30, 1, 0], ['beta', T2, 50, 1, 1]]);
    expect(rows({ kind: 'max' }).map((r) => r[2])).toEqual([40, 5, 30, 50]);
    expect(rows({ kind: 'topMean', k: 2 }).map((r) => r[2])).toEqual([32.5, 5, 30, 50]);
    expect(rows({ kind: 'topMean', k: 5 }).map((r) => r[2])).toEqual([25, 5, 30, 50]);
    expect(accountScores(input, { kind: 'sum' }).withoutAccount).toBe(1);
  });

  it('has no labels without the frame labels, and writes CSV', () => {
    const noLabels = { scores: input.scores, asOfMs: input.asOfMs, accounts: input.accounts };
    expect(accountScores(noLabels, { kind: 'max' }).label).toBeUndefined();
    const text = accountScoresToCsv(accountScores(noLabels, { kind: 'max' }));
    expect(text.split('\n').slice(0, 2)).toEqual(['account,as_of,score,contacts', 'acme,1970-01-01T00:00:01Z,40,3']);
    expect(accountScoresToCsv(accountScores(input, { kind: 'max' })).split('\n')[0]).toBe('account,as_of,score,contacts,label');
  });

  it('reads sum, max, topK and top-K; rejects anything else', () => {
    expect(parseAccountAggregation('sum')).toEqual({ kind: 'sum' });
    expect(parseAccountAggregation('max')).toEqual({ kind: 'max' });
    expect(parseAccountAggregation('top3')).toEqual({ kind: 'topMean', k: 3 });
    expect(parseAccountAggregation('top-2')).toEqual({ kind: 'topMean', k: 2 });
    for (const bad of ['mean', 'top0', 'top', 'top-1.5', 'Sum', '']) expect(() => parseAccountAggregation(bad, '--account-score'), bad).toThrow(/sum, max or topK/);
    expect(() => accountScores({ ...input, asOfMs: new Float64Array(2) }, { kind: 'sum' })).toThrow(/equal lengths/);
    expect(() => accountScores(input, { kind: 'topMean', k: 0 })).toThrow(/integer k ≥ 1/);
  });
});

describe('sweepAccounts', () => {
  it('counts accounts (any contact converting) at every distinct account score', () => {
    const sweep = sweepAccounts(accountScores(input, { kind: 'sum' }));
    const overall = sweep.segments[0]!;
    expect(overall.base).toMatchObject({ leads: 4, conversions: 2 });
    // account scores 75 (converted), 5, 30, 50 (converted)
    expect(overall.points.map((p) => [p.threshold, p.passed, p.conversions])).toEqual([[5, 4, 2], [30, 3, 2], [50, 2, 2], [75, 1, 1]]);
    expect(() => sweepAccounts(accountScores({ scores: input.scores, asOfMs: input.asOfMs, accounts: input.accounts }, { kind: 'sum' }))).toThrow(/needs labels/);
  });

  it('finds a recommendation with the same objectives as the lead sweep', () => {
    const sweep = sweepAccounts(accountScores(input, { kind: 'max' }), { recommend: { objective: 'targetRate', rate: 0.6, minConversions: 1 } });
    // max scores: 40 (converted), 5, 30, 50 (converted): from 30 up, 2 of 3 accounts convert
    expect(sweep.segments[0]!.recommended?.threshold).toBe(30);
  });
});

describe('leadAccounts', () => {
  it('reads a category or numeric lead attribute as account codes (−1 where empty), and names a missing one', async () => {
    const dir = tempHistory({
      'leads.csv': csv('lead_id,created_at,account,account_no', [`A,${day(0)},acme,7`, `B,${day(0)},,`, `C,${day(0)},acme,7`, `D,${day(0)},beta,12`]),
      'events.csv': 'lead_id,type,occurred_at\n',
      'outcomes.csv': 'lead_id,stage,occurred_at\n',
    });
    const { history } = await loadHistory(dir);
    const lead = Int32Array.of(0, 1, 2, 3);
    const text = leadAccounts(history, 'account', lead);
    expect(Array.from(text.codes, (c) => (c < 0 ? null : text.values[c]))).toEqual(['acme', null, 'acme', 'beta']);
    const numbers = leadAccounts(history, 'account_no', lead);
    expect(Array.from(numbers.codes, (c) => (c < 0 ? null : numbers.values[c]))).toEqual(['7', null, '7', '12']);
    expect(() => leadAccounts(history, 'company', lead)).toThrow(/no lead attribute "company"/);
  });
});
