// Issue #15 acceptance on real data: backtest and review run on Olist and Maven (the frames and
// splits of test/fixtures/real-data/sklearn-reference.json, with all their attributes: without
// its leaking account columns Maven has no signal, AUC ≈ 0.5 for scikit-learn too). The old
// model is fitted as there (labels known at the test start), the new one on labels known 45
// days later, and the gate measures both from then on; the backtest re-scores the old model
// per quarter (windows with at least 100 conversions are held to the sane range). Sane results only: windows present, AUCs between 0.5 and 0.95, a verdict from the
// rule. Skipped with a message when ../shared/datasets is absent (it is never committed here).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHistory, readMapping, type FrameOptions } from '../../src/index.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { backtest } from '../../src/review/backtest.js';
import { review } from '../../src/review/review.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHARED = process.env.LEADCAL_SHARED_DATASETS ?? resolve(ROOT, '..', 'shared', 'datasets');
const present = existsSync(SHARED);
if (!present) console.warn(`real-data review tests skipped: ${SHARED} not found (set LEADCAL_SHARED_DATASETS)`);

interface Reference { name: string; dataset: string; mapping: string; frame: FrameOptions; testFromMs?: number }
const REFERENCE = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/real-data/sklearn-reference.json'), 'utf8')) as { datasets: Reference[] };

describe.skipIf(!present)('real data: backtest and review run on Olist and Maven', () => {
  for (const name of ['olist', 'maven-crm']) {
    const ref = REFERENCE.datasets.find((d) => d.name === name)!;
    it(`${name}: quarterly backtest and the publish gate give sane results`, async () => {
      const { history } = await loadHistory(join(SHARED, ref.dataset), { mapping: readMapping(join(ROOT, ref.mapping)) });
      const later = ref.testFromMs! + 45 * 86_400_000;
      const old = fitScoringModel(history, { intervals: false, frame: ref.frame, testFromMs: ref.testFromMs!, name: 'old' }).model;
      const fresh = fitScoringModel(history, { intervals: false, frame: ref.frame, testFromMs: later, name: 'new', force: true }).model;
      const b = backtest(history, old, { frame: ref.frame });
      const measured = b.windows.filter((w) => w.status === 'ok' && w.test.positives >= 100);
      console.info(`${name} backtest: ${b.windows.map((w) => `${w.testFrom.slice(0, 7)} ${w.test.positives}/${w.test.snapshots} AUC ${w.auc?.toFixed(3) ?? '—'} ECE ${w.ece?.toFixed(3) ?? '—'} bands ρ ${w.rankOrder.bands?.toFixed(2) ?? '—'}`).join('; ')}`);
      expect(b.windows.length).toBeGreaterThanOrEqual(2);
      expect(measured.length).toBeGreaterThanOrEqual(1);
      for (const w of measured) {
        expect(w.auc!).toBeGreaterThan(0.5);
        expect(w.auc!).toBeLessThan(0.95);
        expect(w.aucLower!).toBeLessThanOrEqual(w.auc!);
      }
      const r = review(old, fresh, history, { frame: ref.frame });
      console.info(`${name} review: ${r.verdict} — ${r.reasons.join('; ')}`);
      expect(['publish', 'keep', 'not-enough-data']).toContain(r.verdict);
      expect(r.period.from.slice(0, 10)).toBe(new Date(later).toISOString().slice(0, 10));
      for (const m of [r.old, r.new]) {
        expect(m.auc!).toBeGreaterThan(0.5);
        expect(m.auc!).toBeLessThan(0.95);
      }
    }, 300_000);
  }
});
