/**
 * The peer step of bench/scale.bench.ts, in its own process so that its peak RSS is its own:
 * DuckDB alone reading the history's three CSV files and building the same 30-day frame in SQL
 * (the load-frame benchmark's query). Prints one JSON line: the snapshot count.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { FRAME_SQL } from './load-frame.bench.js';

const dir = process.argv[2]!;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run("SET TimeZone = 'UTC'");
await con.run(FRAME_SQL(dir));
const rows = (await con.runAndReadAll('SELECT count(*)::DOUBLE FROM frame')).getRows();
process.stdout.write(`${JSON.stringify({ snapshots: Number(rows[0]![0]) })}\n`);
con.closeSync();
db.closeSync();
