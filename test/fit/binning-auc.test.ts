// Issue #21 acceptance: on X Education and bank marketing (../shared/datasets) and a `leadcal
// synth` history, test AUC side by side with leadcal's previous binning (measured on the commit
// before #21 by scripts/bench/binning-auc.ts, recorded in test/fixtures/real-data/
// binning-previous.json) and scikit-learn's one-hot logistic regression (sklearn-reference.json,
// sklearn-synth.json); no dataset gets worse than the previous by more than 0.005. The table is in
// docs/fitting.md. Real datasets are skipped when the shared folder is absent.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitScoringModel, loadHistory, readMapping, type FitOptions, type History } from '../../src/index.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { setWarningSink } from '../../src/warnings.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHARED = process.env.LEADCAL_SHARED_DATASETS ?? resolve(ROOT, '..', 'shared', 'datasets');
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/real-data', name), 'utf8')) as T;
const PREVIOUS = fixture<{ testAuc: Record<string, number> }>('binning-previous.json').testAuc;
interface Ref { name: string; dataset: string; mapping: string; frame: FitOptions['frame']; testShare: number; seed: number; testAuc: number; withoutLeaks?: { excluded: string[]; testAuc: number } }
const REAL = fixture<{ datasets: Ref[] }>('sklearn-reference.json').datasets.filter((d) => d.name === 'x-education' || d.name === 'bank-marketing');
const SYNTH = fixture<{ datasets: { name: string; frame: FitOptions['frame']; testFromMs: number; train: { snapshots: number; positives: number }; testAuc: number }[] }>('sklearn-synth.json').datasets[0]!;
const TOLERANCE = 0.005;

function quiet<T>(f: () => T): T {
  const previous = setWarningSink(() => {});
  try { return f(); } finally { setWarningSink(previous); }
}

function check(name: string, auc: number, sklearn: number): void {
  console.info(`${name}: leadcal ${auc.toFixed(4)}, previous ${PREVIOUS[name]!.toFixed(4)}, scikit-learn ${sklearn.toFixed(4)}`);
  expect(auc, `${name}: leadcal ${auc.toFixed(4)} vs previous ${PREVIOUS[name]!.toFixed(4)}`).toBeGreaterThanOrEqual(PREVIOUS[name]! - TOLERANCE);
}

describe('test AUC: no dataset worse than leadcal before #21 by more than 0.005', () => {
  for (const ref of REAL) {
    it.skipIf(!existsSync(join(SHARED, ref.dataset)))(`${ref.name} (30% stratified holdout)`, async () => {
      const { history } = await loadHistory(join(SHARED, ref.dataset), { mapping: readMapping(join(ROOT, ref.mapping)) });
      for (const exclude of [[], ...(ref.withoutLeaks ? [ref.withoutLeaks.excluded] : [])]) {
        const fit = quiet(() => fitScoringModel(history, { frame: ref.frame!, testShare: ref.testShare, seed: ref.seed, intervals: false, ...(exclude.length ? { exclude } : {}) }));
        check(exclude.length ? `${ref.name} without leaks` : ref.name, fit.report.metrics.test!.auc, exclude.length ? ref.withoutLeaks!.testAuc : ref.testAuc);
      }
    }, 180_000);
  }

  it('leadcal synth, 20,000 leads (seed 3), time split', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'leadcal-binning-')), 'h');
    await writeHistory(dir, generateHistory({ leads: 20_000, seed: 3 }));
    const history: History = (await loadHistory(dir)).history;
    const fit = quiet(() => fitScoringModel(history, { frame: SYNTH.frame!, testFromMs: SYNTH.testFromMs, intervals: false }));
    expect(fit.report.frame).toEqual(SYNTH.train); // the frame scikit-learn was fitted on
    check(SYNTH.name, fit.report.metrics.test!.auc, SYNTH.testAuc);
  }, 300_000);
});
