// Point-in-time correctness: nothing after t changes anything at t, censored snapshots are
// never negatives, and the frame equals a brute-force reading of the definitions.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { behaviorPairs, buildFrame, checkModel, compileModel, daysSinceLastEvent, decayedColumn, loadHistory, parseTimestamp, scoreSnapshots, type BehaviorRule, type DecayRule, type Frame, type History } from '../../src/index.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { DAY, csv, tempHistory } from '../helpers.js';

let dir: string;
let history: History;

beforeAll(async () => {
  dir = join(tempHistory({}), 'h');
  await writeHistory(dir, generateHistory({ leads: 400, seed: 21 }));
  history = (await loadHistory(dir)).history;
});

/** A copy of the history folder with its CSV text transformed. */
function rewrite(transform: (name: string, lines: string[]) => string[]): string {
  const out = tempHistory({});
  for (const name of ['leads.csv', 'events.csv', 'outcomes.csv']) {
    const [header, ...rows] = readFileSync(join(dir, name), 'utf8').trimEnd().split('\n');
    writeFileSync(join(out, name), `${[header!, ...transform(name, rows)].join('\n')}\n`);
  }
  return out;
}

const time = (row: string): number => parseTimestamp(row.split(',')[2]!);

const TYPES = ['page_view', 'email_open', 'email_click', 'download', 'webinar', 'demo_request', 'unsubscribe', 'sales_call'];

/** The scorer's value of each rule alone (production path: compileModel + scoreSnapshots). */
function ruleScores(h: History, frame: Frame, behavior: BehaviorRule[], decay: DecayRule[] = []): number[][] {
  const one = (b: BehaviorRule[], d: DecayRule[]): number[] => {
    const model = checkModel({ leadcal: 1, name: 'leakage', threshold: 0, behavior: b, decay: d });
    return [...scoreSnapshots(compileModel(model, h), frame.lead, frame.asOfMs).score];
  };
  return [...behavior.map((r) => one([r], [])), ...decay.map((r) => one([], [r]))];
}

/** Every behaviour feature at t, through the scorer and through the fit's (snapshot, age) pairs. */
function features(h: History, asOfMs: number) {
  const frame = buildFrame(h, { target: 'sql', horizonDays: 60, schedule: { kind: 'asOf', ms: asOfMs } });
  const pairs = behaviorPairs(h, frame, { minPairs: 1, minSnapshots: 1 });
  return {
    leads: [...frame.lead].map((i) => h.leads.ids[i]),
    labels: [...frame.label],
    leftOut: frame.leftOut,
    scorer: ruleScores(h, frame, [
      ...TYPES.map((event): BehaviorRule => ({ event, points: 1 })),
      ...TYPES.map((event): BehaviorRule => ({ event, points: 10, halfLifeDays: 14 })),
      { event: 'page_view', where: { page: 'pricing' }, points: 5, halfLifeDays: 7, repeatBonus: 1, cap: 40 },
      { event: 'email_open', points: 3, firstTimeOnly: true, lookbackDays: 30 },
      { event: 'email_click', points: 4, capPerWindow: { points: 8, days: 7 } },
    ], [
      { kind: 'inactivity', points: -5, everyDays: 30 },
      { kind: 'noEvent', points: -10, withinDays: 60, event: 'page_view' },
      { kind: 'unanswered', points: -2, event: 'email_open', response: 'email_click', withinDays: 7 },
    ]),
    // keyed by label: plans follow the event-type dictionary, whose order is that of first
    // appearance in the events file, so removing future events may reorder (not change) them
    fit: Object.fromEntries(pairs.plans.map((p, b) => [p.label, {
      pairs: p.pairs,
      snapshots: p.snapshots,
      counts: [...decayedColumn(pairs.snapshot[b]!, pairs.ageDays[b]!, frame.count, Infinity).values],
      decayed: decayedColumn(pairs.snapshot[b]!, pairs.ageDays[b]!, frame.count, 14, true) as { values: Float64Array; dLogH?: Float64Array },
    }])),
    recency: [...daysSinceLastEvent(h, frame)],
  };
}

describe('leakage-freedom', () => {
  it('events at or after t change nothing at t: removed, added or moved', async () => {
    const t = Date.UTC(2025, 8, 1);
    const before = features(history, t);
    expect(before.leads.length).toBeGreaterThan(50);
    const ids = history.leads.ids;
    const noFuture = rewrite((name, rows) => (name === 'events.csv' ? rows.filter((r) => time(r) < t) : rows));
    const moreFuture = rewrite((name, rows) => name === 'events.csv'
      ? [...rows, ...ids.flatMap((id) => [`${id},demo_request,${new Date(t).toISOString()},,web`, `${id},page_view,${new Date(t + DAY).toISOString()},pricing,web`])]
      : rows);
    for (const other of [noFuture, moreFuture]) {
      const h2 = (await loadHistory(other, { untilMs: history.untilMs })).history;
      expect(features(h2, t)).toEqual(before);
    }
  });

  it('outcomes after t + horizon change no label; outcomes after until change nothing', async () => {
    const t = Date.UTC(2025, 8, 1);
    const horizonEnd = t + 60 * DAY;
    const before = features(history, t);
    const later = rewrite((name, rows) => (name === 'outcomes.csv' ? rows.filter((r) => time(r) <= horizonEnd) : rows));
    const h2 = (await loadHistory(later, { untilMs: history.untilMs })).history;
    expect(features(h2, t)).toEqual(before);
  });

  it('sales activity after conversion never reaches a kept snapshot', () => {
    const frame = buildFrame(history, { target: 'sql', horizonDays: 60, schedule: { kind: 'every', days: 7 } });
    const [sales, meeting] = ruleScores(history, frame, [{ event: 'sales_call', points: 1 }, { event: 'meeting', points: 1 }]);
    expect(sales!.every((v) => v === 0)).toBe(true);
    expect(meeting!.every((v) => v === 0)).toBe(true);
    const pairs = behaviorPairs(history, frame, { minPairs: 1, minSnapshots: 1 });
    expect(pairs.plans.filter((p) => p.event === 'sales_call' || p.event === 'meeting')).toEqual([]);
  });

  it('censored snapshots are never negatives: every kept t has t + horizon ≤ until', () => {
    for (const until of [Date.UTC(2025, 5, 1), Date.UTC(2025, 11, 1), history.untilMs]) {
      const frame = buildFrame(history, { target: 'sql', horizonDays: 90, schedule: { kind: 'every', days: 30 }, untilMs: until });
      expect(frame.asOfMs.every((t) => t + 90 * DAY <= until)).toBe(true);
    }
  });
});

describe('buildFrame equals a brute-force reading of the definitions (property)', () => {
  const STAGES = ['mql', 'sql', 'opportunity', 'won', 'lost', 'disqualified'];
  it('on random small histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ created: fc.integer({ min: 0, max: 200 }), outcomes: fc.array(fc.record({ stage: fc.integer({ min: 0, max: 5 }), at: fc.integer({ min: -5, max: 320 }) }), { maxLength: 4 }) }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 120 }), fc.constantFrom('sql', 'opportunity', 'won'), fc.integer({ min: 100, max: 330 }),
        async (leads, every, horizon, target, untilDay) => {
          const T0 = Date.UTC(2025, 0, 1);
          const iso = (d: number): string => new Date(T0 + d * DAY).toISOString();
          const files = {
            'leads.csv': csv('lead_id,created_at', leads.map((l, i) => `L${i},${iso(l.created)}`)),
            'events.csv': 'lead_id,type,occurred_at\n',
            'outcomes.csv': csv('lead_id,stage,occurred_at', leads.flatMap((l, i) => l.outcomes.map((o) => `L${i},${STAGES[o.stage]},${iso(l.created + o.at)}`))),
          };
          const h = (await loadHistory(tempHistory(files), { untilMs: T0 + untilDay * DAY })).history;
          const frame = buildFrame(h, { target: target as 'sql', horizonDays: horizon, schedule: { kind: 'every', days: every } });
          // brute force, straight from the definitions
          const tIndex = STAGES.indexOf(target);
          const expected: string[] = [];
          leads.forEach((l, i) => {
            const reach = Math.min(...l.outcomes.filter((o) => o.stage <= 3 && o.stage >= tIndex).map((o) => l.created + o.at), Infinity);
            const closed = Math.min(...l.outcomes.filter((o) => o.stage >= 4).map((o) => l.created + o.at), Infinity);
            for (let k = 1; l.created + k * every <= untilDay; k++) {
              const t = l.created + k * every;
              const open = reach > t && closed > t;
              if (open && t + horizon <= untilDay) expected.push(`L${i}@${t}:${reach <= t + horizon ? 1 : 0}`);
            }
          });
          const got = [...frame.lead].map((li, s) => `${h.leads.ids[li]}@${(frame.asOfMs[s]! - T0) / DAY}:${frame.label[s]}`);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
