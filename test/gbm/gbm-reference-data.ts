// The designs the boosted model and scikit-learn's HistGradientBoostingClassifier are compared on
// (scripts/fixtures/gbm-frames.ts exports them; test/gbm/gbm-reference.test.ts fits them).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistory } from '../../src/data/load.js';
import { timeSplit } from '../../src/compare/split.js';
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

/** The synthetic history of test/compare (8,000 leads, seed 12), 60-day horizon, test from 2025-11-01. */
export async function gbmReferenceDesigns(): Promise<ReferenceCase[]> {
  const dir = join(mkdtempSync(join(tmpdir(), 'leadcal-gbm-ref-')), 'h');
  await writeHistory(dir, generateHistory({ leads: 8000, seed: 12 }));
  const history = (await loadHistory(dir)).history;
  const frame = { horizonDays: 60, schedule: { kind: 'every' as const, days: 30 } };
  const { train, test } = timeSplit(history, frame, Date.UTC(2025, 10, 1));
  const plan = planPredictiveFeatures(history, train);
  const design = (f: typeof train): ReferenceDesign => ({ rows: f.count, columns: predictiveColumns(history, f, plan), names: plan.names, label: f.label });
  return [{ name: 'synthetic', description: 'generateHistory({ leads: 8000, seed: 12 }), horizon 60 d, every 30 d, test from 2025-11-01; the predictive baseline\'s engineered features', train: design(train), test: design(test) }];
}
