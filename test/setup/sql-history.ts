/**
 * A synthetic history for SQL parity tests: `generateHistory` plus what the generator lacks,
 * so that every model feature has data to act on — `email_send` events (answered at the same
 * instant, exactly at the deadline, just after it, or never), lead attributes that are numbers
 * written in several ways (`050`, `12.0`, `3e1`), a mixed text/number column, values with
 * quotes, `%`, `_` and backslashes, a numeric event column, tied events, events before the lead
 * was created and timestamps with milliseconds.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom, generateHistory, writeHistory, type Table } from '../../src/synth/index.js';

const DAY = 86_400_000;

export interface ParityHistory {
  dir: string;
  startMs: number;
  endMs: number;
  /** A send whose reply (an email_open) happens exactly `sendReplyDays` later. */
  sendMs: number;
  /** occurred_at of an ordinary event in the middle of the period. */
  eventMs: number;
  /** created_at of a lead in the middle of the period. */
  createdMs: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function column(table: Table, name: string): number {
  const j = table.header.indexOf(name);
  if (j < 0) throw new Error(`no column ${name}`);
  return j;
}

/**
 * Write the parity history into a new temporary folder.
 *
 * @param sendReplyDays the `withinDays` of the model's `unanswered` rule: a few sends get their
 * reply exactly at the deadline, or one millisecond after it
 */
export async function writeParityHistory(options: { leads: number; seed: number; days: number; sendReplyDays: number }): Promise<ParityHistory> {
  const synth = generateHistory({ leads: options.leads, seed: options.seed, days: options.days });
  const random = createRandom(options.seed + 1);
  const pick = <T>(items: readonly T[]): T => items[random.int(items.length)]!;
  const { leads, events } = synth;
  const startMs = Date.UTC(2025, 0, 1);
  const endMs = synth.endMs;

  // leads: numbers written in several ways, a mixed column, a value with a quote
  const jIndustry = column(leads, 'industry');
  leads.header.push('tier', 'region_code', 'revenue');
  for (const row of leads.rows) {
    if (random.next() < 0.08) row[jIndustry] = "o'reilly";
    row.push(pick(['50', '050', 'gold', 'silver', '', '7', ' gold', "it's"]), pick(['050', '12.0', '7', '50', '', '3e1', '12', '-4']), pick(['', '1500000', '250000.5', '1.5e6', '0', '-3', '999999.75']));
  }

  // events: a numeric column, pages with quotes / LIKE wildcards / a backslash
  const jLead = column(events, 'lead_id');
  const jType = column(events, 'type');
  const jTime = column(events, 'occurred_at');
  const jPage = column(events, 'page');
  const jChannel = column(events, 'channel');
  events.header.push('duration');
  const width = events.header.length;
  const extra: string[][] = [];
  const event = (lead: string, type: string, ms: number, page = '', channel = '', duration = ''): string[] => {
    const row = new Array<string>(width).fill('');
    row[jLead] = lead;
    row[jType] = type;
    row[jTime] = iso(ms);
    row[jPage] = page;
    row[jChannel] = channel;
    row[width - 1] = duration;
    return row;
  };
  for (const row of events.rows) {
    row.push(row[jType] === 'page_view' ? pick(['60', '060', '60.0', '120', '30', '299.5', '300', '', '150', '110', '1e2']) : '');
    if (row[jType] === 'page_view' && random.next() < 0.1) row[jPage] = pick(["blog/it's-new", 'promo_50%_spring', 'promo_500', 'docs\\v2', 'careers/jobs']);
    // ties: the same event twice at the same instant
    if (random.next() < 0.03) extra.push([...row]);
  }

  // email sends: replied at the same instant, exactly at the deadline, 1 ms late, or never
  const created = new Map(leads.rows.map((r) => [r[0]!, Date.parse(r[1]!)]));
  const reply = options.sendReplyDays * DAY;
  for (const [lead, createdMs] of created) {
    const sends = random.int(5);
    for (let k = 0; k < sends; k++) {
      const s = createdMs - DAY + random.int(Math.max(1, Math.floor((endMs - createdMs) / 1000))) * 1000 + random.int(1000);
      extra.push(event(lead, 'email_send', s, '', 'email'));
      const answer = random.int(5);
      if (answer === 0) extra.push(event(lead, 'email_open', s, '', 'email'));
      if (answer === 1) extra.push(event(lead, 'email_open', s + reply, '', 'email'));
      if (answer === 2) extra.push(event(lead, 'email_open', s + reply + 1, '', 'email'));
    }
    // activity before the lead was created (kept by the loader)
    if (random.next() < 0.05) extra.push(event(lead, 'page_view', createdMs - 2 * DAY, 'pricing', 'web', '45'));
  }
  // one send answered exactly at the deadline, which is also an as-of time of the tests
  const ids = [...created.keys()];
  const middle = ids[Math.floor(ids.length / 2)]!;
  const sendMs = created.get(middle)! + 3 * DAY + 123;
  extra.push(event(middle, 'email_send', sendMs, '', 'email'), event(middle, 'email_open', sendMs + reply, '', 'email'));
  events.rows.push(...extra);

  const eventRow = events.rows[Math.floor(events.rows.length / 3)]!;
  const dir = mkdtempSync(join(tmpdir(), 'leadcal-sql-'));
  await writeHistory(dir, synth, { force: true });
  return { dir, startMs, endMs, sendMs, eventMs: Date.parse(eventRow[jTime]!), createdMs: created.get(ids[Math.floor(ids.length / 3)]!)! };
}
