/**
 * Issue target: all calibration metrics on 1M snapshots in < 10 s — AUC, DeLong interval,
 * 1,000 bootstrap resamples of the AUC, average precision, Brier, log loss, ECE, calibration
 * curve, KS and a lift table.
 * Peer: scikit-learn (Debian's /usr/bin/python3) on the same data, read from a temporary binary
 * file: roc_auc_score, average_precision_score, brier_score_loss, log_loss, calibration_curve and
 * bootstrap resamples of roc_auc_score.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  averagePrecision,
  bootstrapAuc,
  brierScore,
  calibrationCurve,
  deLongAuc,
  expectedCalibrationError,
  ksStatistic,
  liftTable,
  logLoss,
  rocAuc,
} from '../src/calibration/index.js';
import { createRandom } from '../src/random.js';
import { median, time, type BenchResult } from './lib.js';

const ROWS = 1_000_000;
const RESAMPLES = 1000;
/** scikit-learn resamples actually timed; the time is scaled to RESAMPLES. */
const PEER_RESAMPLES = 20;
const PYTHON = '/usr/bin/python3';

/** Seeded synthetic snapshots: a mildly over-confident score, ~13% converted. */
export function benchSnapshots(rows: number, seed = 2024): { labels: Uint8Array; probabilities: Float64Array } {
  const random = createRandom(seed);
  const labels = new Uint8Array(rows);
  const probabilities = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const z = -2 + 1.2 * random.normal();
    probabilities[i] = 1 / (1 + Math.exp(-z));
    labels[i] = random.next() < 1 / (1 + Math.exp(-(0.9 * z + 0.1))) ? 1 : 0;
  }
  return { labels, probabilities };
}

interface Values {
  auc: number;
  averagePrecision: number;
  brier: number;
  logLoss: number;
}

function leadcalMetrics(labels: Uint8Array, probabilities: Float64Array): Values {
  const auc = rocAuc(labels, probabilities);
  deLongAuc(labels, probabilities);
  bootstrapAuc(labels, probabilities, { random: createRandom(7), resamples: RESAMPLES });
  const ap = averagePrecision(labels, probabilities);
  const brier = brierScore(labels, probabilities);
  const loss = logLoss(labels, probabilities);
  expectedCalibrationError(labels, probabilities);
  calibrationCurve(labels, probabilities, { bins: 10 });
  ksStatistic(labels, probabilities);
  liftTable(labels, probabilities);
  return { auc, averagePrecision: ap, brier, logLoss: loss };
}

const PEER_SCRIPT = `
import json, sys, time
import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

directory, runs, resamples, scale = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
p = np.fromfile(directory + "/p.f64", dtype="<f8")
y = np.fromfile(directory + "/y.u8", dtype=np.uint8).astype(np.int64)
n = len(y)
out = {"sklearn": sklearn.__version__, "runs": []}
for run in range(runs + 1):  # the first run is a warm-up
    t0 = time.perf_counter()
    values = {
        "auc": float(roc_auc_score(y, p)),
        "averagePrecision": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "logLoss": float(log_loss(y, p)),
    }
    calibration_curve(y, p, n_bins=10)
    fixed = time.perf_counter() - t0
    rng = np.random.default_rng(7)
    t1 = time.perf_counter()
    for _ in range(resamples):
        idx = rng.integers(0, n, n)
        roc_auc_score(y[idx], p[idx])
    boot = time.perf_counter() - t1
    if run > 0:
        out["runs"].append(1000 * (fixed + boot * scale))
    out["values"] = values
print(json.dumps(out))
`;

function runPeer(dir: string, runs: number): { version: string; runs: number[]; values: Values } | { error: string } {
  const result = spawnSync(PYTHON, ['-c', PEER_SCRIPT, dir, String(runs), String(PEER_RESAMPLES), String(RESAMPLES / PEER_RESAMPLES)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (result.error) return { error: result.error.message };
  if (result.status !== 0) return { error: result.stderr.trim().split('\n').at(-1) ?? `exit ${result.status}` };
  const parsed = JSON.parse(result.stdout) as { sklearn: string; runs: number[]; values: Values };
  return { version: parsed.sklearn, runs: parsed.runs, values: parsed.values };
}

export async function benchMetrics(runs = 5): Promise<BenchResult> {
  const { labels, probabilities } = benchSnapshots(ROWS);
  let values: Values | undefined;
  const ours = await time(() => {
    values = leadcalMetrics(labels, probabilities);
  }, runs);
  const dir = mkdtempSync(join(tmpdir(), 'leadcal-bench-metrics-'));
  let peer: ReturnType<typeof runPeer>;
  try {
    writeFileSync(join(dir, 'p.f64'), new Uint8Array(probabilities.buffer, probabilities.byteOffset, probabilities.byteLength));
    writeFileSync(join(dir, 'y.u8'), labels);
    peer = runPeer(dir, runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base: BenchResult = {
    name: 'calibration metrics (all)',
    workload: `${(ROWS / 1e6).toFixed(0)}M snapshots: AUC, DeLong CI, ${RESAMPLES.toLocaleString('en-US')} bootstrap resamples, AP, Brier, log loss, ECE, calibration curve, KS, lift table`,
    ms: median(ours),
    runs: ours,
    targetMs: 10_000,
  };
  if ('error' in peer) return { ...base, note: `scikit-learn peer not run (${peer.error})` };
  for (const key of ['auc', 'averagePrecision', 'brier', 'logLoss'] as const) {
    if (Math.abs(values![key] - peer.values[key]) > 1e-9) throw new Error(`${key} differs: leadcal ${values![key]}, scikit-learn ${peer.values[key]}`);
  }
  return {
    ...base,
    peer: { name: `scikit-learn ${peer.version} (numpy bootstrap)`, ms: median(peer.runs), runs: peer.runs },
    note:
      `Both sides read the same data (leadcal writes it to a temporary binary file) and agree on AUC, AP, Brier and log loss to 1e-9. ` +
      `scikit-learn times ${PEER_RESAMPLES} bootstrap resamples of roc_auc_score (numpy integer resampling) per run, scaled linearly to ${RESAMPLES.toLocaleString('en-US')} (the full count would take several minutes per run); ` +
      `it computes no DeLong interval, ECE, KS or lift table, which leadcal's time includes. ` +
      `leadcal sorts once per metric and draws each bootstrap resample as exact multinomial counts without re-sorting`,
  };
}
