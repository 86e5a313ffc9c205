/**
 * Issue target: a full threshold sweep (overall + 50 segments, every distinct score) over 1M
 * scored snapshots in < 1 s. Peer: DuckDB SQL computing the same per-segment, per-threshold
 * cumulative counts with window functions over the same arrays (loaded through the appender;
 * only the query is timed, results fetched).
 */
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, UTINYINT } from '@duckdb/node-api';
import { createRandom } from '../src/random.js';
import { sweepThresholds, type SweepInput } from '../src/thresholds/index.js';
import { median, time, type BenchResult } from './lib.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

/** Seeded synthetic scored frame: integer scores 0–120 (heavy ties), 50 segments, ~1% missing. */
export function benchScoredFrame(rows: number, segments: number, seed = 20250101): SweepInput {
  const random = createRandom(seed);
  const shift = Float64Array.from({ length: segments }, () => random.normal() * 8);
  const scores = new Float64Array(rows);
  const labels = new Uint8Array(rows);
  const asOfMs = new Float64Array(rows);
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const code = random.next() < 0.01 ? -1 : random.int(segments);
    const score = Math.min(120, Math.max(0, Math.round(50 + (code >= 0 ? shift[code]! : 0) + 15 * random.normal())));
    codes[i] = code;
    scores[i] = score;
    labels[i] = random.next() < 1 / (1 + Math.exp(-(score - 75) / 8)) ? 1 : 0;
    asOfMs[i] = T0 + Math.floor(random.next() * 365) * DAY;
  }
  return { scores, labels, asOfMs, segments: { codes, values: Array.from({ length: segments }, (_, k) => `segment-${k}`) } };
}

const SWEEP_SQL = `
SELECT g, score,
  sum(n) OVER w AS passed,
  sum(pos) OVER w AS conversions
FROM (
  SELECT CASE WHEN grouping(seg) = 1 THEN -2 ELSE seg END AS g, score, count(*) AS n, sum(label) AS pos
  FROM scored
  GROUP BY GROUPING SETS ((seg, score), (score))
)
WINDOW w AS (PARTITION BY g ORDER BY score DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;

export async function benchSweep(runs: number): Promise<BenchResult> {
  const rows = 1_000_000;
  const segmentCount = 50;
  const input = benchScoredFrame(rows, segmentCount);
  const check = { leadcal: 0, duckdb: 0, leadcalTop: 0, duckdbTop: 0 };

  const ours = await time(() => {
    const sweep = sweepThresholds(input, { valuePerConversion: 1000, costPerTouch: 40 });
    check.leadcal = sweep.segments.reduce((s, g) => s + g.points.length, 0);
    check.leadcalTop = sweep.segments[0]!.points[0]!.passed;
  }, runs);

  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run('CREATE TABLE scored (score DOUBLE, label UTINYINT, seg INTEGER)');
    const appender = await con.createAppender('scored');
    const size = 2048;
    for (let start = 0; start < rows; start += size) {
      const end = Math.min(rows, start + size);
      const chunk = DuckDBDataChunk.create([DOUBLE, UTINYINT, INTEGER], end - start);
      chunk.setColumnValues(0, Array.from(input.scores.subarray(start, end)));
      chunk.setColumnValues(1, Array.from(input.labels.subarray(start, end)));
      chunk.setColumnValues(2, Array.from(input.segments!.codes.subarray(start, end)));
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const peer = await time(async () => {
      const reader = await con.runAndReadAll(SWEEP_SQL);
      check.duckdb = reader.currentRowCount;
      const columns = reader.getColumnsJS();
      let top = 0;
      for (let k = 0; k < check.duckdb; k++) if (columns[0]![k] === -2) top = Math.max(top, Number(columns[2]![k]));
      check.duckdbTop = top;
    }, runs);
    if (check.leadcal !== check.duckdb) throw new Error(`point counts differ: leadcal ${check.leadcal}, DuckDB ${check.duckdb}`);
    if (check.leadcalTop !== rows || check.duckdbTop !== rows) throw new Error(`overall volume at the lowest threshold: leadcal ${check.leadcalTop}, DuckDB ${check.duckdbTop}, expected ${rows}`);
    return {
      name: 'threshold sweep, 50 segments + overall',
      workload: `1M scored snapshots, integer scores 0–120; ${check.leadcal.toLocaleString('en-US')} points`,
      ms: median(ours),
      runs: ours,
      peer: { name: 'DuckDB SQL (grouping sets + window sums)', ms: median(peer), runs: peer },
      targetMs: 1000,
      note: 'Same points on both sides (counts checked equal); leadcal also computes Wilson intervals, held-back rates, lift, expected value and a recommendation per segment; DuckDB is timed on the query only (data appended beforehand)',
    };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runsFlag = process.argv.indexOf('--runs');
  const r = await benchSweep(runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5);
  process.stdout.write(`${JSON.stringify(r, null, 1)}\n`);
}
