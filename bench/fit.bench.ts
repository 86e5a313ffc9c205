/**
 * Two rows on 20k leads / ~500k events with an every-30-days frame, against one peer:
 * - the whole `fitScoringModel` (frame, planning and leak checks, the fit with decay, intervals,
 *   the λ = 0 half-lives, points, rounding, rescoring, the report), issue target under 10 s;
 * - fit-with-decay on the design (#22: ≤ 3× the peer): `fitDecay` on `fitDesign`'s input, the
 *   path `fitScoringModel` takes: weights and half-lives jointly, Wald intervals, the λ = 0
 *   half-lives. The design is built once beforehand, as the peer's is.
 * Peer (same run): scikit-learn's LogisticRegression (lbfgs, same L2) fitting the same design
 * with the half-lives FIXED at 30 days — one plain logistic fit, no half-life search, no
 * intervals, no points: what leadcal does on top of it is the difference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFrame, fitScoringModel, loadHistory, decayedColumn, generateHistory, writeHistory } from '../src/index.js';
import { fitDecay, fitDesign } from '../src/fit/fit-model.js';
import { median, time, type BenchResult } from './lib.js';
import { DEFAULT_L2 } from '../src/fit/decay-fit.js';

const PY = '/usr/bin/python3';
const FRAME = { target: 'sql' as const, horizonDays: 90, schedule: { kind: 'every' as const, days: 30 } };

export async function benchFit(runs = 3): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'leadcal-fit-bench-'));
  try {
    const synth = generateHistory({ leads: 20_000, seed: 2026 });
    // keep ~500k events: drop every event whose index is ≡ 5 mod 6 (~17%) to hit the workload
    synth.events.rows = synth.events.rows.filter((_, i) => i % 6 !== 5);
    await writeHistory(join(dir, 'h'), synth);
    const { history } = await loadHistory(join(dir, 'h'));
    let info = '';
    const fitOnce = (): void => {
      const r = fitScoringModel(history, { frame: FRAME });
      info = `${r.report.frame.snapshots.toLocaleString('en-US')} snapshots, ${r.report.rules.length} rules`;
    };
    // the design fitScoringModel fits; the peer's: the same columns, half-lives fixed at 30 days
    const frame = buildFrame(history, FRAME);
    const input = fitDesign(history, frame, { frame: FRAME });
    let coreInfo = '';
    const coreOnce = (): void => {
      const { fit, unpenalised } = fitDecay(input);
      coreInfo = `${fit.iterations} Newton iterations, ${unpenalised ? 'λ = 0 half-lives' : 'no λ = 0 half-lives'}`;
    };
    const statics = input.staticColumns;
    const k = statics.length + input.pairs.length;
    const X = new Float64Array(frame.count * k);
    statics.forEach((f, j) => { for (const s of f.rows) X[s * k + j] = 1; });
    input.pairs.forEach((pair, b) => {
      const col = decayedColumn(pair.snapshot, pair.ageDays, frame.count, 30).values;
      for (let s = 0; s < frame.count; s++) X[s * k + statics.length + b] = col[s]!;
    });
    writeFileSync(join(dir, 'X.bin'), Buffer.from(X.buffer));
    writeFileSync(join(dir, 'y.bin'), Buffer.from(Float64Array.from(frame.label).buffer));
    const script = `
import numpy as np, time, json, warnings
from sklearn.linear_model import LogisticRegression
warnings.filterwarnings('ignore')
X = np.fromfile('${join(dir, 'X.bin')}', dtype='<f8').reshape(-1, ${k}); y = np.fromfile('${join(dir, 'y.bin')}', dtype='<f8')
sd = X.std(0); X = (X - X.mean(0)) / np.where(sd > 0, sd, 1)  # leadcal's penalty is ½λΣβ²·var: C = 1/λ on standardised columns
t = time.perf_counter(); LogisticRegression(C=1/${DEFAULT_L2}, solver='lbfgs', max_iter=5000, tol=1e-6).fit(X, y); print(json.dumps((time.perf_counter() - t) * 1000))`;
    const peerOnce = (): number | undefined => {
      if (!existsSync(PY)) return undefined;
      const r = spawnSync(PY, ['-c', script], { encoding: 'utf8' });
      return r.status === 0 ? (JSON.parse(r.stdout.trim()) as number) : undefined;
    };
    // interleaved: ours (whole, then on the design), then the peer, run after run, so all see the same load
    fitOnce();
    coreOnce();
    peerOnce();
    const ours: number[] = [];
    const core: number[] = [];
    const peerRuns: number[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(...(await time(fitOnce, 1, 0)));
      core.push(...(await time(coreOnce, 1, 0)));
      const ms = peerOnce();
      if (ms !== undefined) peerRuns.push(ms);
    }
    const peer: BenchResult['peer'] = peerRuns.length ? { name: 'scikit-learn lbfgs, half-lives fixed at 30 d', ms: median(peerRuns), runs: peerRuns } : undefined;
    const workload = `20k leads, ${history.events.count.toLocaleString('en-US')} events, every-30-days frame`;
    return [{
      name: 'full fit with decay (weights, half-lives, intervals, points)',
      workload: `20k leads, ${history.events.count.toLocaleString('en-US')} events, every-30-days frame: ${info}`,
      ms: median(ours), runs: ours,
      ...(peer ? { peer } : {}),
      targetMs: 10_000,
      note: 'the whole fitScoringModel: frame, planning and leak checks, the fit with decay, intervals, λ = 0 half-lives, points, rounding, rescoring and the report. The peer fits one plain logistic regression on the same design with fixed half-lives, standardised, with the same penalty (C = 1/λ); runs interleaved (whole fit, fit on the design, peer, …)',
    }, {
      name: 'fit-with-decay on the design (weights and half-lives jointly, Wald intervals, λ = 0 half-lives)',
      workload: `${workload}: ${frame.count.toLocaleString('en-US')} snapshots, ${statics.length} attribute and ${input.pairs.length} behaviour columns; ${coreInfo}`,
      ms: median(core), runs: core,
      ...(peer ? { peer } : {}),
      targetRatio: 3,
      note: 'fitDecay on fitDesign\'s input, the calls fitScoringModel makes after planning; the design is built once before timing, as the peer\'s is. leadcal optimises every weight and half-life jointly (projected Newton, exact Hessian summed on two threads), gives each half-life a Wald interval and refits without the penalty; the peer fits the same columns with the half-lives fixed at 30 days',
    }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
