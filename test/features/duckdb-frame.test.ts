import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/index.js';
import type { History } from '../../src/data/history.js';
import { behaviorPairs, decayedColumn } from '../../src/features/behaviors.js';
import { frameInDuckDB } from '../../src/features/duckdb-frame.js';
import { buildFrame, type FrameOptions } from '../../src/frame/frame.js';
import { csv, csvToParquet, DAY, day, synthWithParquetEvents, T0, tempHistory } from '../helpers.js';

/** The history without its events: what the pushdown starts from. */
async function withoutEvents(dir: string): Promise<History> {
  return (await readHistory(dir, { mapping: { events: null } })).history!;
}

async function expectSame(dir: string, eventsFile: string, frameOptions: FrameOptions, behaviorOptions = { minPairs: 5, minSnapshots: 3 }): Promise<void> {
  const full = (await readHistory(dir)).history!;
  const frame = buildFrame(full, frameOptions);
  const pairs = behaviorPairs(full, frame, behaviorOptions);
  const pushed = await frameInDuckDB(await withoutEvents(dir), eventsFile, { frame: frameOptions, behaviors: behaviorOptions });
  expect(pushed.frame).toEqual(frame);
  expect(pushed.behaviors.plans).toEqual(pairs.plans);
  expect(pushed.behaviors.snapshot).toEqual(pairs.snapshot);
  expect(pushed.behaviors.ageDays).toEqual(pairs.ageDays);
  expect(pushed.events).toBe(full.events.count);
  // the decayed features the fit reads (stats/decay.ts over the pairs) are the same numbers
  pairs.plans.forEach((_, b) => {
    expect(decayedColumn(pushed.behaviors.snapshot[b]!, pushed.behaviors.ageDays[b]!, frame.count, 9.5, true)).toEqual(decayedColumn(pairs.snapshot[b]!, pairs.ageDays[b]!, frame.count, 9.5, true));
  });
}

describe('frames and behaviour pairs pushed down to DuckDB', () => {
  it('equal the native frame and pairs on datasets/sample (CSV and Parquet), for every schedule', async () => {
    const parquet = tempHistory({});
    await csvToParquet('datasets/sample/events.csv.gz', join(parquet, 'events.parquet'));
    for (const schedule of [{ kind: 'every', days: 30 }, { kind: 'every', days: 7.5 }, { kind: 'asOfAge', days: 45 }, { kind: 'asOf', ms: Date.UTC(2025, 5, 30) }] as const) {
      const options = { target: 'sql' as const, horizonDays: 90, schedule };
      await expectSame('datasets/sample', join(parquet, 'events.parquet'), options, { minPairs: 50, minSnapshots: 20 });
    }
    await expectSame('datasets/sample', 'datasets/sample/events.csv.gz', { target: 'mql', horizonDays: 60 });
  }, 120_000);

  let synth: string;
  beforeAll(async () => {
    synth = await synthWithParquetEvents(1500, 7);
  }, 120_000);

  it('equal the native frame and pairs on a synthetic history', async () => {
    await expectSame(join(synth, 'h'), join(synth, 'events.parquet'), { horizonDays: 90, schedule: { kind: 'every', days: 30 } }, { minPairs: 30, minSnapshots: 30 });
    await expectSame(join(synth, 'h'), join(synth, 'h', 'events.csv'), { target: 'opportunity', horizonDays: 45, schedule: { kind: 'every', days: 14 } }, { minPairs: 30, minSnapshots: 30 });
  }, 120_000);

  it('agree on the edges: an event exactly at a snapshot, conversion and closing at t, censoring at until', async () => {
    // L1 created day 0, snapshots every 10 days: an event exactly at day 10 is not before t = 10
    const leads = csv('lead_id,created_at', ['L1,' + day(0), 'L2,' + day(0), 'L3,' + day(5), 'L4,' + day(0), 'L5,' + day(100)]);
    const events = csv('lead_id,type,occurred_at,page', [
      `L1,visit,${day(10)},pricing`, `L1,visit,${day(3)},pricing`, `L1,visit,${day(3)},blog`, `L1,mail,${day(19.999)},`,
      `L2,visit,${day(20)},`, `L2,visit,${day(1)},pricing`, `L3,mail,${day(5)},`, `L3,visit,${day(14)},pricing`,
      `L4,visit,${day(-2)},blog`, `L4,mail,${day(30)},`, `L5,visit,${day(1)},pricing`, `Lx,visit,${day(2)},pricing`, ` L1 ,visit,${day(4)}, pricing `,
    ]);
    // L1 converts exactly at a snapshot (day 20), L2 closes exactly at day 30, L3 converts inside a window
    const outcomes = csv('lead_id,stage,occurred_at', [`L1,sql,${day(20)}`, `L2,lost,${day(30)}`, `L3,sql,${day(40)}`, `L4,customer,${day(61)}`, `L5,mql,${day(101)}`]);
    const dir = tempHistory({ 'leads.csv': leads, 'events.csv': events, 'outcomes.csv': outcomes });
    await csvToParquet(join(dir, 'events.csv'), join(dir, 'events.parquet'));
    const frameOptions = { horizonDays: 25, schedule: { kind: 'every' as const, days: 10 }, untilMs: T0 + 95 * DAY };
    const full = (await readHistory(dir, { untilMs: T0 + 95 * DAY })).history!;
    const frame = buildFrame(full, frameOptions);
    expect(frame.leftOut).toMatchObject({ converted: 2, closed: 1 });
    expect(frame.leftOut.censored).toBeGreaterThan(0);
    for (const file of ['events.csv', 'events.parquet']) {
      await expectSame(dir, join(dir, file), frameOptions, { minPairs: 1, minSnapshots: 1 });
    }
  }, 60_000);
});
