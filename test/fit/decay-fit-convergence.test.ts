// Issue #22 item 4: step control. On a history with twice the event rate the former damped Newton
// needed 48 of its 53 iterations (and stopped at the cap on a larger one); the trust-region
// Newton with an Armijo line search converges well within the cap, to a likelihood at least as
// high. A fit that truly does not converge says how far it is (the gradient) and what to try.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTruth, generateHistory, writeHistory } from '../../src/index.js';
import { loadHistory } from '../../src/data/load.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { fitWeightsAndDecay, notConverged } from '../../src/fit/decay-fit.js';
import { setWarningSink } from '../../src/warnings.js';
import { tempHistory } from '../helpers.js';

const FRAME = { target: 'sql' as const, horizonDays: 90, schedule: { kind: 'every' as const, days: 30 } };
/** The synth truth with every behaviour's event rate doubled. */
const doubled = { ...defaultTruth, behaviours: defaultTruth.behaviours.map((b) => ({ ...b, baseRatePerDay: b.baseRatePerDay * 2 })) };

describe('step control', () => {
  it('converges on a history with twice the event rate, to at least the former optimum', async () => {
    const dir = join(tempHistory({}), 'h');
    await writeHistory(dir, generateHistory({ leads: 5000, seed: 3, truth: doubled }));
    const { history } = await loadHistory(dir);
    const previous = setWarningSink(() => {});
    let iterations = 0;
    try {
      const r = fitScoringModel(history, { frame: FRAME, intervals: false, onProgress: (phase, done) => { if (phase.startsWith('fitting')) iterations = done; } });
      expect(r.report.converged).toBe(true);
      // 3 weights-only iterations, then the joint fit; the former method took 48 here (commit 28c6739)
      expect(r.report.iterations).toBeLessThanOrEqual(30);
      expect(iterations).toBeGreaterThan(0);
      // the former method's optimum on this history: log-likelihood −5646.580
      expect(r.report.logLikelihood).toBeGreaterThanOrEqual(-5646.58);
      expect(r.report.warnings.some((w) => w.code === 'fit_not_converged')).toBe(false);
    } finally {
      setWarningSink(previous);
    }
  }, 120_000);

  it('a fit stopped at its iteration cap reports the gradient left and what to try', async () => {
    const dir = join(tempHistory({}), 'h');
    await writeHistory(dir, generateHistory({ leads: 1000, seed: 5, truth: doubled }));
    const { history } = await loadHistory(dir);
    const frame = (await import('../../src/frame/frame.js')).buildFrame(history, FRAME);
    const { planAttributes, behaviorPairs } = await import('../../src/index.js');
    const statics = planAttributes(history, frame, { minSupport: 30 }).flatMap((p) => p.features);
    const pairs = behaviorPairs(history, frame, { minSnapshots: 30, minPairs: 30 });
    const fit = fitWeightsAndDecay({
      rows: frame.count, labels: frame.label, staticColumns: statics.map((f) => ({ rows: f.rows })),
      pairs: pairs.plans.map((_, b) => ({ snapshot: pairs.snapshot[b]!, ageDays: pairs.ageDays[b]! })), halfLives: pairs.plans.map(() => 30), maxIterations: 1,
    });
    expect(fit.converged).toBe(false);
    expect(fit.gradientNorm).toBeGreaterThan(1e-7 * frame.count);
    const w = notConverged(fit);
    expect(w.message).toMatch(/^the fit did not converge in 4 iterations \(largest gradient \d[\d.e+-]* of the penalised log-likelihood, where 0 is the optimum\)$/);
    expect(w.hint).toMatch(/--tie-half-lives/);
    expect(w.hint).toMatch(/--l2/);
  }, 60_000);
});
