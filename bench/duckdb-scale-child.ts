/**
 * One measured step of bench/duckdb-scale.bench.ts, run in its own process so that its peak RSS
 * is its own: `pushdown DIR` (leads and outcomes loaded, the frame and every (snapshot, event)
 * pair built in DuckDB from DIR/events.parquet: what `leadcal fit --engine duckdb` does before
 * fitting) or `peer DIR` (DuckDB alone: the same frame and pair query in SQL from the three
 * Parquet files). Prints one JSON line of counts.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadHistory } from '../src/index.js';
import { framePairsInDuckDB, frameSql } from '../src/features/duckdb-frame.js';
import { FUNNEL_STAGES } from '../src/data/stages.js';

const [mode, dir] = process.argv.slice(2);
const frame = { target: 'sql' as const, horizonDays: 90, schedule: { kind: 'every' as const, days: 30 } };

if (mode === 'pushdown') {
  const { history } = await loadHistory(dir!, { mapping: { events: null } });
  const pairs = await framePairsInDuckDB(history, join(dir!, 'events.parquet'), { frame });
  process.stdout.write(`${JSON.stringify({ snapshots: pairs.frame.count, positives: pairs.frame.positives, pairs: pairs.cell.length, events: pairs.events })}\n`);
} else if (mode === 'peer') {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run("SET TimeZone = 'UTC'");
  const reached = FUNNEL_STAGES.slice(FUNNEL_STAGES.indexOf('sql')).map((s) => `'${s}'`).join(', ');
  await con.run(`CREATE TEMP TABLE leads AS
    WITH l AS (SELECT lead_id, epoch_ms(created_at::TIMESTAMPTZ)::DOUBLE AS created, file_row_number AS idx FROM read_parquet('${dir}/leads.parquet', file_row_number = true)),
    o AS (SELECT lead_id,
            coalesce(min(epoch_ms(occurred_at::TIMESTAMPTZ)::DOUBLE) FILTER (WHERE stage IN (${reached})), 'inf'::DOUBLE) AS reach,
            coalesce(min(epoch_ms(occurred_at::TIMESTAMPTZ)::DOUBLE) FILTER (WHERE stage IN ('lost', 'disqualified')), 'inf'::DOUBLE) AS closed
          FROM read_parquet('${dir}/outcomes.parquet') GROUP BY lead_id)
    SELECT l.idx, l.lead_id, l.created, coalesce(o.reach, 'inf'::DOUBLE) AS reach, coalesce(o.closed, 'inf'::DOUBLE) AS closed FROM l LEFT JOIN o USING (lead_id)`);
  const until = Number((await con.runAndReadAll(`SELECT greatest((SELECT max(created) FROM leads), (SELECT max(epoch_ms(occurred_at::TIMESTAMPTZ)) FROM read_parquet('${dir}/events.parquet')), (SELECT max(epoch_ms(occurred_at::TIMESTAMPTZ)) FROM read_parquet('${dir}/outcomes.parquet')))::DOUBLE`)).getRows()[0]![0]);
  for (const sql of frameSql({ ...frame, untilMs: until })) await con.run(sql);
  const rows = (await con.runAndReadAll(`SELECT (SELECT count(*) FROM snapshots)::DOUBLE, (SELECT sum(label) FROM snapshots)::DOUBLE, count(*)::DOUBLE, sum((s.t - e.t) / 86400000)
    FROM snapshots s JOIN (SELECT l.idx, epoch_ms(e.occurred_at::TIMESTAMPTZ)::DOUBLE AS t, e.type, e.page FROM read_parquet('${dir}/events.parquet') e JOIN leads l USING (lead_id)) e ON e.idx = s.idx AND e.t < s.t`)).getRows()[0]!;
  process.stdout.write(`${JSON.stringify({ snapshots: Number(rows[0]), positives: Number(rows[1]), pairs: Number(rows[2]) })}\n`);
  con.closeSync();
  db.closeSync();
} else {
  process.stderr.write('usage: duckdb-scale-child.ts pushdown|peer DIR\n');
  process.exit(2);
}
