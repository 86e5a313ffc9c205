/**
 * The planted-drift histories of the review tests: the default truth with pricing-page views
 * made the dominant behaviour (effect 2.5, 0.02 a day), and — in the drifting one — that effect
 * halved from 2025-10-01 (`drift` in the truth). Same seed, so the two share their leads' draws
 * up to the drift. An "old" model is fitted on what was known at the drift date, a "refit" on
 * the snapshots from it whose outcome was known by 2026-04-01, the latest period.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistory, type History } from '../../src/index.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import type { ScoringModel } from '../../src/model/schema.js';
import { defaultTruth, generateHistory, writeHistory, type SynthTruth } from '../../src/synth/index.js';

export const DRIFT_FROM = Date.UTC(2025, 9, 1);
export const LATEST_FROM = Date.UTC(2026, 3, 1);
export const FRAME = { horizonDays: 60, schedule: { kind: 'asOfAge' as const, days: 14 } };
export const PRICING = 'page_view[page=pricing]';

export function driftTruth(factor: number | undefined): SynthTruth {
  return {
    ...defaultTruth,
    behaviours: defaultTruth.behaviours.map((b) => (b.name === 'pricing_view' ? { ...b, effect: 2.5, baseRatePerDay: 0.02 } : b)),
    ...(factor === undefined ? {} : { drift: [{ behaviour: 'pricing_view', from: '2025-10-01', factor }] }),
  };
}

export interface DriftCase { dir: string; history: History; old: ScoringModel; refit: ScoringModel }

/** Generate, write and load one history, and fit its old model and its refit. */
export async function driftCase(factor: number | undefined, leads = 10_000): Promise<DriftCase> {
  const dir = join(mkdtempSync(join(tmpdir(), 'leadcal-review-')), 'history');
  await writeHistory(dir, generateHistory({ leads, seed: 5, days: 900, truth: driftTruth(factor) }));
  const history = (await loadHistory(dir)).history;
  const old = fitScoringModel(history, { frame: { ...FRAME, untilMs: DRIFT_FROM }, intervals: false, name: 'old' }).model;
  const refit = fitScoringModel(history, { frame: FRAME, trainFromMs: DRIFT_FROM, testFromMs: LATEST_FROM, intervals: false, name: 'refit' }).model;
  return { dir, history, old, refit };
}
