// Scores from pushed-down pairs against the production scorer: the same model, the same frame,
// scoreFromPairs (events never loaded) vs scoreSnapshots (events loaded), to 1e-9.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/index.js';
import type { History } from '../../src/data/history.js';
import { behaviorPairs, behaviorPairsFrom } from '../../src/features/behaviors.js';
import { framePairsInDuckDB } from '../../src/features/duckdb-frame.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import type { Frame, FrameOptions } from '../../src/frame/frame.js';
import type { FramePairs } from '../../src/frame/frame-pairs.js';
import { splitFramesBy } from '../../src/frame/split.js';
import { subFrame } from '../../src/frame/sub-frame.js';
import { compileModel } from '../../src/model/compile.js';
import { pairUnscorable, scoreFromPairs, withPairCells } from '../../src/model/pair-scores.js';
import { checkModel, type ScoringModel } from '../../src/model/schema.js';
import { scoreSnapshots } from '../../src/model/score.js';
import { synthWithParquetEvents } from '../helpers.js';

interface Case {
  full: History;
  bare: History;
  pairs: FramePairs;
}

async function prepare(dir: string, eventsFile: string, frame: FrameOptions): Promise<Case> {
  const full = (await readHistory(dir)).history!;
  const bare = (await readHistory(dir, { mapping: { events: null } })).history!;
  expect(bare.events.count).toBe(0);
  return { full, bare, pairs: await framePairsInDuckDB(bare, eventsFile, { frame }) };
}

/** scoreFromPairs (no events) equals the production scorer (events loaded) on `frame`, to 1e-9. */
function expectSameScores(c: Case, model: ScoringModel, frame: Frame): void {
  const production = scoreSnapshots(compileModel(model, c.full), frame.lead, frame.asOfMs).score;
  const fromPairs = scoreFromPairs(compileModel(model, withPairCells(c.bare, c.pairs)), c.pairs, frame);
  expect(fromPairs.length).toBe(production.length);
  let worst = 0;
  for (let s = 0; s < frame.count; s++) worst = Math.max(worst, Math.abs(fromPairs[s]! - production[s]!) / Math.max(1, Math.abs(production[s]!)));
  expect(worst).toBeLessThanOrEqual(1e-9);
}

/** A hand-written model with every `where` form a fit writes (a value, not-listed, present, missing) and a plain count. */
function handModel(c: Case, event: string, page: string): ScoringModel {
  return checkModel({
    leadcal: 1, name: 'hand', version: '1', threshold: 10, basePoints: 3,
    fit: [{ field: 'industry', points: { software: 7, finance: -2 }, missing: 1, other: 0.5 }],
    behavior: [
      { event, where: { page }, points: 4, halfLifeDays: 12.5 },
      { event, where: { page: { not: [page] } }, points: 1.5, halfLifeDays: 40 },
      { event, where: { page: { missing: false } }, points: 0.25, halfLifeDays: 3 },
      { event, where: { page: { missing: true } }, points: -2, halfLifeDays: 90 },
      { event: c.pairs.types.find((t) => t !== event)!, points: 2 },
    ],
  }, 'hand model');
}

describe('scores from pushed-down pairs equal the production scorer', () => {
  it('on datasets/sample: a fitted model and a hand-written one, on the frame and on its time split', async () => {
    const frame: FrameOptions = { target: 'sql', horizonDays: 90, schedule: { kind: 'every', days: 30 } };
    const c = await prepare('datasets/sample', 'datasets/sample/events.csv.gz', frame);
    expect(c.pairs.frame.count).toBeGreaterThan(10_000);
    const { model } = fitScoringModel(c.full, { frame, intervals: false });
    expect(model.behavior.length).toBeGreaterThan(3);
    expect(pairUnscorable(model, 'page')).toEqual([]);
    const split = splitFramesBy(c.pairs.frame, { kind: 'time', testFromMs: Date.UTC(2025, 7, 1) });
    for (const f of [c.pairs.frame, split.train, split.test]) {
      expectSameScores(c, model, f);
      expectSameScores(c, handModel(c, 'page_view', 'pricing'), f);
    }
    // behaviours planned on a sub-frame from the pairs are behaviorPairs' on the loaded history, bit for bit
    const half = subFrame(c.pairs.frame, (s) => s % 3 !== 0);
    expect(behaviorPairsFrom(c.pairs, half, { minPairs: 40, minSnapshots: 40 })).toEqual(behaviorPairs(c.full, half, { minPairs: 40, minSnapshots: 40 }));
  }, 180_000);

  let synth: string;
  beforeAll(async () => {
    synth = await synthWithParquetEvents(1500, 11);
  }, 120_000);

  it('on a synthetic history from Parquet, with a stratified split', async () => {
    const frame: FrameOptions = { horizonDays: 60, schedule: { kind: 'every', days: 14 } };
    const c = await prepare(join(synth, 'h'), join(synth, 'events.parquet'), frame);
    expect(c.pairs.values.length).toBeGreaterThan(0);
    const { model } = fitScoringModel(c.full, { frame, intervals: false, minSupport: 30 });
    expect(model.behavior.some((r) => r.where)).toBe(true);
    const split = splitFramesBy(c.pairs.frame, { kind: 'stratified', testShare: 0.3, seed: 3 });
    for (const f of [c.pairs.frame, split.train, split.test]) expectSameScores(c, model, f);
    expectSameScores(c, handModel(c, c.pairs.types[0]!, c.pairs.values[0] ?? 'x'), c.pairs.frame);
  }, 180_000);

  it('refuse rules whose meaning needs the events one by one', async () => {
    const frame: FrameOptions = { horizonDays: 60 };
    const c = await prepare(join(synth, 'h'), join(synth, 'events.parquet'), frame);
    const event = c.pairs.types[0]!;
    const model = checkModel({ leadcal: 1, name: 'capped', version: '1', threshold: 1, behavior: [{ event, points: 5, cap: 20 }, { event, points: 1, where: { channel: 'x' } }] }, 'model');
    expect(pairUnscorable(model, 'page')).toEqual(['behaviour rule 1: cap', 'behaviour rule 2: where on channel']);
    expect(() => scoreFromPairs(compileModel(model, withPairCells(c.bare, c.pairs)), c.pairs, c.pairs.frame)).toThrow(/cannot be scored from the pushed-down pairs/);
    expect(() => scoreFromPairs(compileModel(handModel(c, event, 'x'), c.bare), c.pairs, c.pairs.frame)).toThrow(/withPairCells/);
  }, 120_000);
});
