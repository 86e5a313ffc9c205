// The designs the boosted model and scikit-learn's HistGradientBoostingClassifier are compared on
// (scripts/fixtures/gbm-frames.ts exports them; test/gbm/gbm-reference.test.ts fits them).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadHistory } from '../../src/data/load.js';
import { readMapping } from '../../src/data/mapping.js';
import { timeSplit } from '../../src/compare/split.js';
import { buildFrame, type Frame, type FrameOptions } from '../../src/frame/frame.js';
import { splitFramesBy } from '../../src/frame/split.js';
import type { History } from '../../src/data/history.js';
import { planPredictiveFeatures, predictiveColumns } from '../../src/fit/predictive.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';

export interface ReferenceDesign {
  rows: number;
  columns: Float64Array[];
  names: string[];
  label: Uint8Array;
}

export interface ReferenceCase {
  name: string;
  description: string;
  train: ReferenceDesign;
  test: ReferenceDesign;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The real datasets (absent on machines without ../shared/datasets: those cases are left out). */
export const SHARED = process.env.LEADCAL_SHARED_DATASETS ?? resolve(ROOT, '..', 'shared', 'datasets');

function caseOf(name: string, description: string, history: History, train: Frame, test: Frame): ReferenceCase {
  const plan = planPredictiveFeatures(history, train);
  const design = (f: Frame): ReferenceDesign => ({ rows: f.count, columns: predictiveColumns(history, f, plan), names: plan.names, label: f.label });
  return { name, description: `${description}; the predictive baseline's engineered features`, train: design(train), test: design(test) };
}

/**
 * The synthetic history of test/compare (8,000 leads, seed 12, 60-day horizon, test from
 * 2025-11-01) and, when present, the real datasets on the splits of
 * test/fixtures/real-data/sklearn-reference.json (issue #11's real-data fit test).
 */
export async function gbmReferenceDesigns(options: { real?: boolean } = {}): Promise<ReferenceCase[]> {
  const dir = join(mkdtempSync(join(tmpdir(), 'leadcal-gbm-ref-')), 'h');
  await writeHistory(dir, generateHistory({ leads: 8000, seed: 12 }));
  const history = (await loadHistory(dir)).history;
  const frame = { horizonDays: 60, schedule: { kind: 'every' as const, days: 30 } };
  const { train, test } = timeSplit(history, frame, Date.UTC(2025, 10, 1));
  const cases = [caseOf('synthetic', 'generateHistory({ leads: 8000, seed: 12 }), horizon 60 d, every 30 d, test from 2025-11-01', history, train, test)];
  if (options.real === false || !existsSync(SHARED)) return cases;
  const refs = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/real-data/sklearn-reference.json'), 'utf8')).datasets as { name: string; dataset: string; mapping: string; frame: FrameOptions; testFromMs?: number; testShare?: number; seed?: number }[];
  for (const ref of refs) {
    const h = (await loadHistory(join(SHARED, ref.dataset), { mapping: readMapping(join(ROOT, ref.mapping)) })).history;
    const split = ref.testFromMs === undefined
      ? splitFramesBy(buildFrame(h, ref.frame), { kind: 'stratified', testShare: ref.testShare!, seed: ref.seed! })
      : timeSplit(h, ref.frame, ref.testFromMs);
    const how = ref.testFromMs === undefined ? `${100 * ref.testShare!}% stratified holdout, seed ${ref.seed}` : `test from ${new Date(ref.testFromMs).toISOString().slice(0, 10)}`;
    cases.push(caseOf(ref.name, `${ref.dataset} through ${ref.mapping}, ${how} (as test/fit/real-data-fit.test.ts)`, h, split.train, split.test));
  }
  return cases;
}
