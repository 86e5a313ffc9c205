/**
 * Account scores: B2B buying is done by buying groups (a champion and an economic buyer of one
 * company), so leads grouped by an account column get one score per account and snapshot time:
 * the `sum`, the `max`, or the mean of the top k of their contacts' scores. An account converts
 * when any of its contacts does (the frame's labels, OR-ed). Leads without an account are left
 * out (and counted).
 */
import type { History } from '../data/history.js';
import { formatTimestamp } from '../data/timestamp.js';
import { LeadcalError } from '../errors.js';
import { csvLine } from '../io.js';

/** How contacts' scores make an account score. `topMean`: mean of the k highest (all of them when fewer). */
export type AccountAggregation = { kind: 'sum' } | { kind: 'max' } | { kind: 'topMean'; k: number };

export interface AccountScoreTable {
  count: number;
  /** Account names; `account` indexes them. */
  names: string[];
  account: Int32Array;
  asOfMs: Float64Array;
  score: Float64Array;
  /** Contacts (scored rows) of the account at that time. */
  contacts: Int32Array;
  /** 1 when any contact's label is 1 (given labels only). */
  label?: Uint8Array;
  /** Scored rows without an account, left out. */
  withoutAccount: number;
}

export interface AccountScoreInput {
  scores: Float64Array;
  asOfMs: Float64Array;
  /** Account per row as dictionary codes (−1: no account). */
  accounts: { codes: Int32Array; values: string[] };
  /** The frame's 0/1 label per row. */
  labels?: Uint8Array;
}

function invalid(column: string, message: string, hint: string): never {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
}

/**
 * Read an aggregation: `sum`, `max`, or `topK` / `top-K` (mean of the K highest contact scores).
 *
 * @throws LeadcalError (`option_invalid`) for anything else.
 * @example
 * parseAccountAggregation('top3') // => { kind: 'topMean', k: 3 }
 */
export function parseAccountAggregation(text: string, column = 'aggregation'): AccountAggregation {
  if (text === 'sum' || text === 'max') return { kind: text };
  const m = /^top-?(\d+)$/.exec(text);
  const k = m ? Number(m[1]) : NaN;
  if (!(k >= 1 && k <= 1000)) invalid(column, `an account score must be sum, max or topK (mean of the K highest contact scores, K from 1 to 1000); got "${text}"`, 'e.g. top3');
  return { kind: 'topMean', k };
}

/**
 * Each scored row's account, from a lead attribute, as dictionary codes (−1 where empty).
 *
 * @throws LeadcalError (`option_invalid`) when the leads have no such attribute.
 * @example
 * leadAccounts(history, 'account', frame.lead).values[0] // => 'acme'
 */
export function leadAccounts(history: History, column: string, lead: Int32Array): { codes: Int32Array; values: string[] } {
  const col = history.leads.attributes[column];
  if (!col) invalid(column, `no lead attribute "${column}" to group leads into accounts`, `attributes: ${Object.keys(history.leads.attributes).join(', ') || '(none)'}`);
  if (col.kind === 'category') return { codes: Int32Array.from(lead, (l) => col.codes[l]!), values: col.values };
  const values: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(lead, (l) => {
    const v = col.values[l]!;
    if (Number.isNaN(v)) return -1;
    const text = String(v);
    let code = index.get(text);
    if (code === undefined) {
      code = values.push(text) - 1;
      index.set(text, code);
    }
    return code;
  });
  return { codes, values };
}

/**
 * Account scores per (account, snapshot time), ordered by time, then account name (code-unit
 * order). Complexity: O(n log n).
 *
 * @throws LeadcalError (`option_invalid`) for columns of unequal length or a bad aggregation.
 * @example
 * accountScores({ scores: Float64Array.of(10, 20, 30), asOfMs: new Float64Array(3), accounts: { codes: Int32Array.of(0, 0, 1), values: ['a', 'b'] } }, { kind: 'sum' }).score
 * // => Float64Array [30, 30]
 */
export function accountScores(input: AccountScoreInput, aggregation: AccountAggregation): AccountScoreTable {
  const { scores, asOfMs, accounts, labels } = input;
  const n = scores.length;
  if (asOfMs.length !== n || accounts.codes.length !== n || (labels && labels.length !== n)) {
    invalid('accounts', `scores, asOfMs, account codes and labels must have equal lengths; got ${n}, ${asOfMs.length}, ${accounts.codes.length}${labels ? `, ${labels.length}` : ''}`, 'give one value per scored row');
  }
  if (aggregation.kind === 'topMean' && !(Number.isInteger(aggregation.k) && aggregation.k >= 1)) invalid('aggregation', `topMean needs an integer k ≥ 1; got ${String(aggregation.k)}`, 'e.g. { kind: "topMean", k: 3 }');
  // account names in code-unit order, so the output order does not depend on dictionary order
  const byName = accounts.values.map((_, i) => i).sort((a, b) => (accounts.values[a]! < accounts.values[b]! ? -1 : accounts.values[a]! > accounts.values[b]! ? 1 : 0));
  const nameRank = new Int32Array(accounts.values.length);
  byName.forEach((code, r) => (nameRank[code] = r));
  const rows: number[] = [];
  let withoutAccount = 0;
  for (let i = 0; i < n; i++) {
    if (accounts.codes[i]! < 0) withoutAccount++;
    else rows.push(i);
  }
  // by time, account, then score descending (so a group's first rows are its top contacts)
  rows.sort((a, b) => asOfMs[a]! - asOfMs[b]! || nameRank[accounts.codes[a]!]! - nameRank[accounts.codes[b]!]! || scores[b]! - scores[a]! || a - b);
  const account: number[] = [];
  const times: number[] = [];
  const score: number[] = [];
  const contacts: number[] = [];
  const label: number[] = [];
  for (let start = 0; start < rows.length;) {
    const first = rows[start]!;
    let end = start + 1;
    while (end < rows.length && asOfMs[rows[end]!] === asOfMs[first] && accounts.codes[rows[end]!] === accounts.codes[first]) end++;
    let value = 0;
    if (aggregation.kind === 'max') value = scores[first]!;
    else {
      const take = aggregation.kind === 'sum' ? end - start : Math.min(aggregation.k, end - start);
      for (let j = start; j < start + take; j++) value += scores[rows[j]!]!;
      if (aggregation.kind === 'topMean') value /= take;
    }
    let converted = 0;
    if (labels) for (let j = start; j < end; j++) converted |= labels[rows[j]!]!;
    account.push(accounts.codes[first]!);
    times.push(asOfMs[first]!);
    score.push(value);
    contacts.push(end - start);
    label.push(converted);
    start = end;
  }
  return {
    count: account.length,
    names: accounts.values,
    account: Int32Array.from(account),
    asOfMs: Float64Array.from(times),
    score: Float64Array.from(score),
    contacts: Int32Array.from(contacts),
    ...(labels ? { label: Uint8Array.from(label) } : {}),
    withoutAccount,
  };
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * An account score table as CSV: `account, as_of, score, contacts`, and `label` when it has labels.
 *
 * @example
 * accountScoresToCsv(table).split('\n')[0] // => 'account,as_of,score,contacts'
 */
export function accountScoresToCsv(table: AccountScoreTable): string {
  const lines = [['account', 'as_of', 'score', 'contacts', ...(table.label ? ['label'] : [])].join(',')];
  for (let i = 0; i < table.count; i++) {
    lines.push(csvLine([table.names[table.account[i]!]!, formatTimestamp(table.asOfMs[i]!), round(table.score[i]!), table.contacts[i]!, ...(table.label ? [table.label[i]!] : [])]));
  }
  return `${lines.join('\n')}\n`;
}
