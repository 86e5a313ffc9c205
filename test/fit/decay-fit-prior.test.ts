// Issue #15 item 3: the decay fit's penalty centred on a prior. Its gradient and Hessian (with
// the pull on a half-life) agree with finite differences; at the optimum the stationarity
// condition Xᵀ(p − y) + λv(β − c) = 0 holds, computed here independently; λ → ∞ returns the
// prior's coefficients and half-life, λ = 0 the unpenalised fit, a zero centre the default path.
import { describe, expect, it } from 'vitest';
import { fitWeightsAndDecay, Problem, type DecayFitInput } from '../../src/fit/decay-fit.js';
import { createRandom } from '../../src/random.js';

/** Leads with events over 120 days, 4 snapshots each; two flags and one decaying behaviour (h = 5). */
function synthetic(leads: number, seed: number): DecayFitInput {
  const random = createRandom(seed);
  const snap: number[] = [], age: number[] = [], a: number[] = [], b: number[] = [];
  const rows = leads * 4;
  const labels = new Uint8Array(rows);
  for (let i = 0; i < leads; i++) {
    const times = Array.from({ length: Math.floor(random.next() * 12) }, () => Math.floor(120 * random.next()));
    const fa = random.next() < 0.3 ? 1 : 0, fb = random.next() < 0.5 ? 1 : 0;
    for (let s = 0; s < 4; s++) {
      const t = 30 + 20 * s, row = i * 4 + s;
      let x = 0;
      for (const e of times) if (e < t) { snap.push(row); age.push(t - e); x += 2 ** (-(t - e) / 5); }
      if (fa) a.push(row);
      if (fb) b.push(row);
      labels[row] = random.next() < 1 / (1 + Math.exp(-(-2 + 0.9 * x + 0.7 * fa - 0.4 * fb))) ? 1 : 0;
    }
  }
  return { rows, labels, staticColumns: [{ rows: Int32Array.from(a) }, { rows: Int32Array.from(b) }], pairs: [{ snapshot: Int32Array.from(snap), ageDays: Float64Array.from(age) }], halfLives: [10] };
}

const input = synthetic(300, 5);
const centre = [0.3, 0.2, 0.5];
const prior = { ...input, centre, priorHalfLives: [20] };

describe('decay fit with a penalty centre', () => {
  it('gradient and Hessian agree with finite differences (half-life pull included)', () => {
    const prob = new Problem({ ...prior, l2: 30 });
    const p = Float64Array.of(-1.5, 0.1, -0.2, 0.8, Math.log(8));
    const g = new Float64Array(prob.size), H = new Float64Array(prob.size ** 2);
    prob.value(p); prob.gradient(p, g); prob.hessian(p, H);
    expect(prob.kappa[0]).toBeGreaterThan(0);
    const h = 1e-5;
    for (let j = 0; j < prob.size; j++) {
      const up = Float64Array.from(p), down = Float64Array.from(p);
      up[j] = up[j]! + h; down[j] = down[j]! - h;
      const fd = (prob.value(up) - prob.value(down)) / (2 * h);
      expect(Math.abs(fd - g[j]!), `∂F/∂p${j}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(g[j]!)));
      const gu = new Float64Array(prob.size), gd = new Float64Array(prob.size);
      prob.value(up); prob.gradient(up, gu);
      prob.value(down); prob.gradient(down, gd);
      for (let k = 0; k < prob.size; k++) {
        const fdH = (gu[k]! - gd[k]!) / (2 * h);
        expect(Math.abs(fdH - H[k * prob.size + j]!), `H[${k},${j}]`).toBeLessThan(1e-4 * Math.max(1, Math.abs(fdH)));
      }
    }
  });

  it('at the optimum Xᵀ(p − y) + λ·v·(β − c) = 0, computed independently', () => {
    const l2 = 20;
    const fit = fitWeightsAndDecay({ ...prior, l2, fitHalfLives: false });
    const n = input.rows;
    const cols = [...input.staticColumns.map((c) => { const x = new Float64Array(n); for (const r of c.rows) x[r] = 1; return x; }), (() => { const c = fit.behaviorColumns[0]!; const x = new Float64Array(n); c.rows.forEach((r, k) => (x[r] = c.values[k]!)); return x; })()];
    const beta = [...fit.staticCoefficients, ...fit.behaviorCoefficients];
    let s0 = 0;
    const score = cols.map(() => 0);
    for (let i = 0; i < n; i++) {
      const resid = 1 / (1 + Math.exp(-fit.eta[i]!)) - input.labels[i]!;
      s0 += resid;
      cols.forEach((x, j) => (score[j]! += x[i]! * resid));
    }
    expect(Math.abs(s0)).toBeLessThan(1e-5);
    cols.forEach((x, j) => {
      const mean = x.reduce((a, v) => a + v, 0) / n;
      const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
      expect(Math.abs(score[j]! + l2 * variance * (beta[j]! - centre[j]!)), `column ${j}`).toBeLessThan(1e-5);
    });
  });

  it('returns the prior as λ → ∞, the unpenalised fit at λ = 0, the default path with a zero centre', () => {
    const pinned = fitWeightsAndDecay({ ...prior, l2: 1e9 });
    expect(Math.max(...[...pinned.staticCoefficients, ...pinned.behaviorCoefficients].map((b, j) => Math.abs(b - centre[j]!)))).toBeLessThan(1e-4);
    expect(pinned.halfLives[0]).toBeCloseTo(20, 2);
    const free = fitWeightsAndDecay({ ...prior, l2: 0 });
    const plain = fitWeightsAndDecay({ ...input, l2: 0 });
    expect(free.behaviorCoefficients[0]).toBeCloseTo(plain.behaviorCoefficients[0]!, 5);
    expect(free.halfLives[0]).toBeCloseTo(plain.halfLives[0]!, 3);
    const zero = fitWeightsAndDecay({ ...input, centre: [0, 0, 0] });
    const byDefault = fitWeightsAndDecay(input);
    expect(Array.from(zero.staticCoefficients)).toEqual(Array.from(byDefault.staticCoefficients));
    expect(Array.from(zero.halfLives)).toEqual(Array.from(byDefault.halfLives));
  });

  it('pairs in any order give the fit of pairs in snapshot order (the compact columns\' two paths)', () => {
    const sorted = fitWeightsAndDecay(input);
    const order = Array.from(input.pairs[0]!.snapshot.keys()).reverse();
    const shuffled = { ...input, pairs: [{ snapshot: Int32Array.from(order, (k) => input.pairs[0]!.snapshot[k]!), ageDays: Float64Array.from(order, (k) => input.pairs[0]!.ageDays[k]!) }] };
    const fit = fitWeightsAndDecay(shuffled);
    expect(Math.abs(fit.halfLives[0]! - sorted.halfLives[0]!)).toBeLessThan(1e-8);
    expect(Math.abs(fit.behaviorCoefficients[0]! - sorted.behaviorCoefficients[0]!)).toBeLessThan(1e-8);
    expect([...fit.behaviorColumns[0]!.rows]).toEqual([...sorted.behaviorColumns[0]!.rows]);
  });
});
