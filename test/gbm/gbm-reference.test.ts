// The boosted model against scikit-learn's HistGradientBoostingClassifier (defaults) on the same
// designs and split: test AUC at least scikit-learn's − 0.01 (fixture: scripts/fixtures/gbm_sklearn.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/calibration/index.js';
import { fitGbm, predictGbm } from '../../src/gbm/index.js';
import { existsSync } from 'node:fs';
import { gbmReferenceDesigns, SHARED } from './gbm-reference-data.js';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sklearn', 'gbm-reference.json'), 'utf8')) as { cases: Record<string, { testAuc: number; train: number; test: number }> };

if (!existsSync(SHARED)) console.warn(`gbm reference: real datasets skipped, ${SHARED} not found (set LEADCAL_SHARED_DATASETS); the synthetic case runs`);

describe('boosted trees vs scikit-learn', () => {
  it('test AUC within 0.01 of (or above) HistGradientBoostingClassifier on the synthetic history and each real dataset present', async () => {
    const cases = await gbmReferenceDesigns();
    expect(cases.length).toBe(existsSync(SHARED) ? Object.keys(reference.cases).length : 1);
    for (const c of cases) {
      const ref = reference.cases[c.name]!;
      expect([c.train.rows, c.test.rows]).toEqual([ref.train, ref.test]);
      const aucs = [0, 1, 2, 3, 4].map((seed) => rocAuc(c.test.label, predictGbm(fitGbm(c.train, c.train.label, { seed }).model, c.test)));
      const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
      console.info(`${c.name}: leadcal test AUC ${mean.toFixed(4)} (${aucs.map((a) => a.toFixed(4)).join(', ')}), scikit-learn ${ref.testAuc.toFixed(4)}`);
      expect(mean).toBeGreaterThanOrEqual(ref.testAuc - 0.01);
    }
  }, 300_000);
});
