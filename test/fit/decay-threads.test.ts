// Issue #22 item 4: the decay fit's Hessian pass and decayed columns run on two threads for a
// large design. The second thread takes fixed halves with the same kernels, so one thread and
// two give the same fit to the bit: weights, half-lives, standard errors, linear predictor.
// Covered: plain pairs, pairs out of snapshot order (the entry map), row weights, tied half-lives.
// The Hessian kernel's paired loop (every behaviour with its own θ) gives the general loop's bits.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildFrame, generateHistory, writeHistory } from '../../src/index.js';
import { loadHistory } from '../../src/data/load.js';
import { fitDesign } from '../../src/fit/fit-model.js';
import { Problem, fitWeightsAndDecay, type DecayFitInput } from '../../src/fit/decay-fit.js';
import { hessianKernel } from '../../src/fit/decay-kernels.js';
import { createRandom } from '../../src/random.js';
import { tempHistory } from '../helpers.js';

const FRAME = { target: 'sql' as const, horizonDays: 90, schedule: { kind: 'every' as const, days: 30 } };

function fitBits(input: DecayFitInput, threads: 1 | 2): { values: number[]; jobs: number } {
  const f = fitWeightsAndDecay({ ...input, threads });
  const se = f.standardErrors;
  return {
    values: [f.intercept, ...f.staticCoefficients, ...f.behaviorCoefficients, ...f.halfLives, se.intercept, ...se.static, ...se.behavior, ...se.logHalfLife, f.objective, f.iterations, ...f.eta.subarray(0, 500)],
    jobs: f.state.problem.secondThreadJobs,
  };
}

describe('decay fit on two threads', async () => {
  const dir = join(tempHistory({}), 'h');
  await writeHistory(dir, generateHistory({ leads: 1500, seed: 11 }));
  const { history } = await loadHistory(dir);
  const frame = buildFrame(history, FRAME);
  const input = fitDesign(history, frame, { frame: FRAME });

  it('gives the same fit to the bit as one thread, and the second thread does work', () => {
    const one = fitBits(input, 1);
    const two = fitBits(input, 2);
    expect(one.jobs).toBe(0);
    expect(two.jobs).toBeGreaterThan(0);
    expect(two.values).toEqual(one.values);
  });

  it('the same with pairs out of snapshot order, row weights and tied half-lives', () => {
    const random = createRandom(5);
    const shuffled = input.pairs.map(({ snapshot, ageDays }) => {
      const order = Array.from(snapshot, (_, k) => k);
      for (let k = order.length - 1; k > 0; k--) {
        const j = Math.floor(random.next() * (k + 1));
        [order[k], order[j]] = [order[j]!, order[k]!];
      }
      return { snapshot: Int32Array.from(order, (k) => snapshot[k]!), ageDays: Float64Array.from(order, (k) => ageDays[k]!) };
    });
    const weights = Float64Array.from({ length: input.rows }, () => 0.5 + random.next());
    const groups = Int32Array.from(input.pairs, (_, b) => (b < 3 ? 0 : -1));
    const variant: DecayFitInput = { ...input, pairs: shuffled, weights, halfLifeGroups: groups };
    const one = fitBits(variant, 1);
    const two = fitBits(variant, 2);
    expect(two.jobs).toBeGreaterThan(0);
    expect(two.values).toEqual(one.values);
  });

  it("the Hessian kernel's paired loop gives the general loop's matrix to the bit", () => {
    const fit = fitWeightsAndDecay({ ...input, threads: 1 });
    const prob = fit.state.problem as unknown as Record<string, unknown> & Problem;
    const p = fit.state.p;
    prob.value(p);
    const get = <T>(name: string): T => (prob as unknown as Record<string, T>)[name]!;
    const runStart = get<Int32Array>('runStart');
    const run = (general: boolean): Float64Array => {
      const H = new Float64Array(prob.size * prob.size);
      // every behaviour's cursor at its first triple in the one array they share
      const cursors = Int32Array.from(prob.xde, (x) => (x.byteOffset - get<Float64Array>('flat').byteOffset) / 8);
      hessianKernel(0, runStart.length - 1, runStart, get('rowStart'), get('rowCode'), get('behaviorStart'), prob.thetaOf, get('flat'), cursors, prob.W, p.subarray(1 + prob.ks, 1 + prob.ks + prob.kb), prob.ks, prob.kb, prob.size, false, true, H, general);
      return H;
    };
    const general = run(true);
    expect(general.some((v) => v !== 0)).toBe(true);
    expect(Array.from(run(false))).toEqual(Array.from(general));
  });
});
