/**
 * Frames and behaviour inputs pushed down to DuckDB, for event tables too large for memory
 * (Parquet or CSV in, typed arrays out): the snapshot grid, labels and censoring are computed
 * in SQL from the leads' created / target-reached / closed times (which Node already holds:
 * leads and outcomes are small), and the (snapshot, age) pairs of each behaviour by joining the
 * snapshots with the events file, which never reaches Node as rows.
 *
 * Same results as `buildFrame` + `behaviorPairs` on the loaded history (tested to the bit):
 * - the frame SQL is the rule of `frame/censoring.ts` written out (kept while created < t,
 *   target not reached and not closed at or before t; censored when t + horizon > until; with
 *   `every`, a lead that converted or closed is counted once and then leaves), with t, the step
 *   and the horizon computed in the same double arithmetic as `frame.ts`;
 * - every (snapshot, event) pair comes back with the event's cell (type × split value, the type
 *   and split dictionaries in order of first appearance in the file, as the loader codes them):
 *   `framePairsInDuckDB` returns them as `FramePairs` (frame/frame-pairs.ts), and the behaviours
 *   are planned from them by `behaviorPairsFrom` (the two passes of `behaviorPairs`);
 * - ages are (t − occurred_at) / DAY_MS as in `daysBetween`, pairs ordered by snapshot then time,
 *   so that decayed sums (`stats/decay.ts`, never re-implemented here) add in the same order.
 * Columns come back as whole typed vectors per chunk (no per-value reads).
 *
 * The events file follows the plain contract (lead_id, type, occurred_at and the split column);
 * rows with an unknown or empty lead, an empty type or no time are left out, as the loader does
 * after reporting them. Mappings (renamed columns, type maps) are not pushed down.
 */
import type { History } from '../data/history.js';
import { LeadcalError } from '../errors.js';
import { resolveFrameOptions, type Frame, type FrameOptions } from '../frame/frame.js';
import { checkFrameSize } from '../frame/frame-size.js';
import { FUNNEL_STAGES } from '../data/stages.js';
import { DAY_MS } from '../stats/days.js';
import { ChunkedArray, isNumberText } from '../data/columns.js';
import { forEachChunk } from '../data/duckdb-reader.js';
import type { FramePairs } from '../frame/frame-pairs.js';
import { behaviorPairsFrom, type BehaviorOptions, type BehaviorPairs } from './behaviors.js';

/** The parts of @duckdb/node-api used here (loaded on first use). */
interface Connection {
  run(sql: string): Promise<unknown>;
  stream(sql: string): Promise<{ fetchChunk(): Promise<Chunk | null> }>;
  createAppender(table: string): Promise<{ appendInteger(v: number): void; appendVarchar(v: string): void; appendDouble(v: number): void; endRow(): void; closeSync(): void }>;
  closeSync(): void;
}
interface Chunk {
  rowCount: number;
  columnCount: number;
  getColumnVector(i: number): { getItem(i: number): unknown; items?: ArrayLike<number> };
}

export interface PushdownOptions {
  frame?: FrameOptions;
  /** How behaviours are planned; false for the frame alone (the events are still read for `until`). */
  behaviors?: BehaviorOptions | false;
  /** DuckDB settings, e.g. { memory_limit: '8GB', threads: 2, temp_directory: '/tmp/x' }. */
  settings?: Record<string, string | number>;
}

export interface PushdownResult {
  frame: Frame;
  behaviors: BehaviorPairs;
  /** Event rows of the file joined to a lead (what the loader would have kept). */
  events: number;
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function quoteIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** A double as an exact SQL literal (String() round-trips; infinities spelled out). */
function sqlDouble(x: number): string {
  if (x === Infinity) return "'inf'::DOUBLE";
  if (x === -Infinity) return "'-inf'::DOUBLE";
  return `${String(x)}::DOUBLE`;
}

/** The events file as a DuckDB table expression, with its row position for first appearances. */
function eventsSource(path: string): string {
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet')) return `(SELECT *, file_row_number AS row_position FROM read_parquet(${sqlString(path)}, file_row_number = true))`;
  return `(SELECT *, rowid AS row_position FROM events_csv)`;
}

/** Numeric columns of a query (no NULLs) appended to growable arrays. */
async function readColumns(connection: Connection, sql: string, arrays: ChunkedArray<Int32Array | Float64Array | Uint8Array>[]): Promise<void> {
  await forEachChunk(connection, sql, (columns) => arrays.forEach((out, j) => out.pushAll(columns[j]!)));
}

async function readRows(connection: Connection, sql: string): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  const result = await connection.stream(sql);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const c = chunk;
    const vectors = Array.from({ length: c.columnCount }, (_, j) => c.getColumnVector(j));
    for (let i = 0; i < chunk.rowCount; i++) rows.push(vectors.map((v) => v.getItem(i)));
  }
  return rows;
}

/**
 * The frame SQL: a table `snapshots(s, idx, t, label)` and `left_out(status, n)` from a table
 * `leads(idx, lead_id, created, reach, closed)`. Exported for the benchmark's DuckDB-alone peer.
 */
export function frameSql(frame: Frame['options'], options: { leadsTable?: string } = {}): string[] {
  const leads = options.leadsTable ?? 'leads';
  const horizon = sqlDouble(frame.horizonDays * DAY_MS);
  const until = sqlDouble(frame.untilMs);
  const status = `CASE WHEN NOT (created < t) THEN 1 WHEN reach <= t THEN 2 WHEN closed <= t THEN 3 WHEN t + ${horizon} > ${until} THEN 4 ELSE 0 END`;
  const s = frame.schedule;
  const candidates = s.kind === 'every'
    ? `SELECT idx, k, created + k::DOUBLE * ${sqlDouble(s.days * DAY_MS)} AS t, created, reach, closed
         FROM (SELECT *, unnest(range(1, CAST(floor((${until} - created) / ${sqlDouble(s.days * DAY_MS)}) AS BIGINT) + 2)) AS k FROM ${leads} WHERE created <= ${until})`
    : `SELECT idx, 1 AS k, ${s.kind === 'asOf' ? sqlDouble(s.ms) : `created + ${sqlDouble(s.days * DAY_MS)}`} AS t, created, reach, closed FROM ${leads}`;
  return [
    `CREATE OR REPLACE TEMP TABLE candidates AS SELECT idx, k, t, reach, ${status} AS status FROM (${candidates}) WHERE ${s.kind === 'every' ? `t <= ${until}` : 'true'}`,
    // with `every` a lead that converted or closed leaves: its later candidates are not counted
    `CREATE OR REPLACE TEMP TABLE considered AS SELECT c.* FROM candidates c LEFT JOIN (SELECT idx, min(k) AS stop FROM candidates WHERE status IN (2, 3) GROUP BY idx) USING (idx) WHERE ${s.kind === 'every' ? 'stop IS NULL OR k <= stop' : 'true'}`,
    `CREATE OR REPLACE TEMP TABLE snapshots AS SELECT (row_number() OVER (ORDER BY idx, k) - 1)::INTEGER AS s, idx, t, CASE WHEN reach <= t + ${horizon} THEN 1 ELSE 0 END::UTINYINT AS label FROM considered WHERE status = 0`,
    'CREATE OR REPLACE TEMP TABLE left_out AS SELECT status, count(*)::DOUBLE AS n FROM considered WHERE status > 0 GROUP BY status',
  ];
}

/**
 * Build the frame and the behaviours' (snapshot, age) pairs in DuckDB from an events file, for
 * a history whose leads and outcomes are loaded (its events may be empty: they are not read).
 *
 * @example
 * const { history } = await loadHistory(dir, { mapping: { events: null } });
 * const { frame, behaviors } = await frameInDuckDB(history, `${dir}/events.parquet`, { frame: { horizonDays: 90 } });
 * // frame and behaviors equal buildFrame(full, …) and behaviorPairs(full, frame)
 */
export async function frameInDuckDB(history: History, eventsPath: string, options: PushdownOptions = {}): Promise<PushdownResult> {
  if (options.behaviors === false) {
    const { frame, events } = await pushdown(history, eventsPath, options, false);
    return { frame, behaviors: { plans: [], snapshot: [], ageDays: [] }, events };
  }
  const all = await framePairsInDuckDB(history, eventsPath, options);
  return { frame: all.frame, behaviors: behaviorPairsFrom(all, all.frame, { ...options.behaviors, splitColumn: all.splitName }), events: all.events };
}

/**
 * The frame and every (snapshot, event) pair of it with the event's cell and age, built in
 * DuckDB from an events file (`FramePairs`): what the fit reads instead of the history's events
 * (`FitOptions.pairs`), for the frame and any split of it. Same frame as `buildFrame`; planned
 * by `behaviorPairsFrom`, the same behaviours and pairs as `behaviorPairs` (tested).
 * Of `options.behaviors` only the split column is read (the planning is `behaviorPairsFrom`'s).
 * Memory: 12 bytes a pair in Node; the events stay in DuckDB (spilled to `temp_directory`).
 *
 * @example
 * const { history } = await loadHistory(dir, { mapping: { events: null } });
 * const pairs = await framePairsInDuckDB(history, `${dir}/events.parquet`, { frame: { horizonDays: 90 } });
 * fitScoringModel(history, { frame: { horizonDays: 90 }, pairs }) // no event in Node
 */
export async function framePairsInDuckDB(history: History, eventsPath: string, options: PushdownOptions = {}): Promise<FramePairs> {
  return (await pushdown(history, eventsPath, options, true)).pairs!;
}

/** Leads into DuckDB, events coded there, the frame in SQL; with `withPairs` every pair too. */
async function pushdown(history: History, eventsPath: string, options: PushdownOptions, withPairs: boolean): Promise<{ frame: Frame; events: number; pairs?: FramePairs }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = (await instance.connect()) as unknown as Connection;
  try {
    await connection.run("SET TimeZone = 'UTC'");
    for (const [name, value] of Object.entries(options.settings ?? {})) await connection.run(`SET ${name} = ${typeof value === 'number' ? value : sqlString(value)}`);
    // the leads Node holds, with the times the frame rule reads (reach of every funnel stage)
    const { leads, outcomes } = history;
    await connection.run(`CREATE TEMP TABLE leads (idx INTEGER, lead_id VARCHAR, created DOUBLE, closed DOUBLE, ${FUNNEL_STAGES.map((_, f) => `reach_${f} DOUBLE`).join(', ')})`);
    const appender = await connection.createAppender('leads');
    for (let i = 0; i < leads.count; i++) {
      appender.appendInteger(i);
      appender.appendVarchar(leads.ids[i]!);
      appender.appendDouble(leads.createdMs[i]!);
      appender.appendDouble(outcomes.closedMs[i]!);
      for (const reach of outcomes.reachMs) appender.appendDouble(reach[i]!);
      appender.endRow();
    }
    appender.closeSync();
    const coded = await codeEvents(connection, eventsPath, options.behaviors || {}).catch((e: unknown) => {
      // DuckDB's own message (a cast, a missing column) with the way to the loader's row-level report
      throw new LeadcalError({ code: 'file_unreadable', severity: 'error', file: eventsPath, message: `DuckDB could not read the events: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`, hint: 'run without --engine duckdb for the loader\'s report of each bad row (the pushdown reads the plain contract: lead_id, type, occurred_at as ISO 8601)' });
    });
    // the end of observation defaults to the latest timestamp, events included (as the loader's)
    const untilMs = options.frame?.untilMs ?? (history.untilMs === history.latestMs ? Math.max(history.latestMs, coded.latestMs) : history.untilMs);
    const resolved = resolveFrameOptions(history, { ...options.frame, untilMs });
    checkFrameSize(history, resolved.schedule, resolved.target, resolved.untilMs, options.frame?.maxSnapshots);
    const reach = `reach_${FUNNEL_STAGES.indexOf(resolved.target)}`;
    for (const sql of frameSql(resolved, { leadsTable: `(SELECT idx, created, closed, ${reach} AS reach FROM leads)` })) await connection.run(sql);
    const lead = new ChunkedArray(new Int32Array(1024), (n) => new Int32Array(n));
    const asOf = new ChunkedArray(new Float64Array(1024), (n) => new Float64Array(n));
    const label = new ChunkedArray(new Uint8Array(1024), (n) => new Uint8Array(n));
    await readColumns(connection, 'SELECT idx, t, label FROM snapshots ORDER BY s', [lead, asOf, label]);
    const leftOut = { notCreated: 0, converted: 0, closed: 0, censored: 0 };
    const reasons = ['notCreated', 'converted', 'closed', 'censored'] as const;
    for (const [status, n] of await readRows(connection, 'SELECT status, n FROM left_out')) leftOut[reasons[Number(status) - 1]!] = Number(n);
    const labels = label.done();
    let positives = 0;
    for (const y of labels) positives += y;
    const frame: Frame = { count: labels.length, lead: lead.done(), asOfMs: asOf.done(), label: labels, positives, leftOut, options: resolved };
    if (!withPairs) return { frame, events: coded.events };
    return { frame, events: coded.events, pairs: { frame, types: coded.types, splitName: coded.splitName, values: coded.values, ...(await pairsInDuckDB(connection, frame.count)), events: coded.events, lastEventMs: coded.events > 0 ? coded.latestMs : NaN } };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

interface CodedEvents {
  types: string[];
  /** Split values (none when the split column is missing or numeric). */
  values: string[];
  splitName: string | null;
  events: number;
  latestMs: number;
}

/**
 * The events the loader keeps (a known lead, a type and a time), as a table
 * `coded_events(idx, cell, t, pos)` with the type and split dictionaries in order of first
 * appearance in the file, as the loader's ColumnBuilder codes them.
 */
async function codeEvents(connection: Connection, eventsPath: string, options: BehaviorOptions): Promise<CodedEvents> {
  const splitName = options.splitColumn === undefined ? 'page' : options.splitColumn;
  if (!eventsPath.toLowerCase().endsWith('.parquet')) {
    // CSV: parsed once into a table, whose rowid is the file order
    await connection.run(`CREATE TEMP TABLE events_csv AS SELECT * FROM read_csv(${sqlString(eventsPath)}, header = true, all_varchar = true)`);
  }
  const source = eventsSource(eventsPath);
  const columns = (await readRows(connection, `SELECT column_name FROM (DESCRIBE SELECT * FROM ${source})`)).map((r) => String(r[0]));
  const split = splitName !== null && columns.includes(splitName) ? `nullif(trim(${quoteIdent(splitName)}::VARCHAR), '')` : 'NULL::VARCHAR';
  await connection.run(`CREATE TEMP TABLE raw_events AS
    SELECT l.idx, nullif(trim(e.type::VARCHAR), '') AS type, ${split} AS split, epoch_ms(e.occurred_at::TIMESTAMPTZ)::DOUBLE AS t, e.row_position
    FROM ${source} e JOIN leads l ON l.lead_id = trim(e.lead_id::VARCHAR)
    WHERE nullif(trim(e.type::VARCHAR), '') IS NOT NULL AND e.occurred_at IS NOT NULL`);
  if (!eventsPath.toLowerCase().endsWith('.parquet')) await connection.run('DROP TABLE events_csv');
  const types = (await readRows(connection, 'SELECT type FROM raw_events GROUP BY type ORDER BY min(row_position)')).map((r) => String(r[0]));
  let values = (await readRows(connection, 'SELECT split FROM raw_events WHERE split IS NOT NULL GROUP BY split ORDER BY min(row_position)')).map((r) => String(r[0]));
  // a split column whose values are all numbers is typed as numbers by the loader: no split
  if (values.length > 0 && values.every(isNumberText)) values = [];
  const nValues = values.length;
  await connection.run(`CREATE TEMP TABLE type_codes AS SELECT * FROM (VALUES ${types.map((t, i) => `(${sqlString(t)}, ${i})`).join(', ') || "('', -1)"}) v(type, code)`);
  await connection.run(`CREATE TEMP TABLE split_codes AS SELECT * FROM (VALUES ${values.map((t, i) => `(${sqlString(t)}, ${i})`).join(', ') || "('', -1)"}) v(split, code)`);
  // pos: the event's place among its lead's events in the loader's order (time, then file order)
  await connection.run(`CREATE TEMP TABLE coded_events AS
    SELECT r.idx, (tc.code * ${nValues + 1} + coalesce(sc.code, -1) + 1)::INTEGER AS cell, r.t,
      (row_number() OVER (PARTITION BY r.idx ORDER BY r.t, r.row_position) - 1)::INTEGER AS pos
    FROM raw_events r JOIN type_codes tc USING (type) LEFT JOIN split_codes sc ON sc.split = r.split`);
  await connection.run('DROP TABLE raw_events');
  const [count, latest] = (await readRows(connection, 'SELECT count(*)::DOUBLE, coalesce(max(t), \'-inf\'::DOUBLE) FROM coded_events'))[0]!;
  return { types, values, splitName, events: Number(count), latestMs: Number(latest) };
}

/**
 * Every (snapshot, event) pair: its cell and age, in Node grouped by snapshot then in the
 * loader's event order (the order `behaviorPairs` gathers them in). The pairs of a snapshot are
 * the first events of its lead, so a pair's place is start[s] + the event's `pos`: the counts
 * per snapshot come first, then the pairs stream unordered (no sort of the pairs in DuckDB)
 * straight into arrays of the exact size, a whole vector per chunk.
 */
async function pairsInDuckDB(connection: Connection, snapshots: number): Promise<Pick<FramePairs, 'start' | 'cell' | 'ageDays'>> {
  const join = 'snapshots s JOIN coded_events e ON e.idx = s.idx AND e.t < s.t';
  const start = new Int32Array(snapshots + 1);
  await forEachChunk(connection, `SELECT s.s, count(*)::INTEGER FROM ${join} GROUP BY s.s`, ([seen, counts], n) => {
    for (let i = 0; i < n; i++) start[seen![i]! + 1] = counts![i]!;
  });
  for (let r = 0; r < snapshots; r++) start[r + 1]! += start[r]!;
  const cell = new Int32Array(start[snapshots]!);
  const ageDays = new Float64Array(start[snapshots]!);
  await forEachChunk(connection, `SELECT s.s, e.pos, e.cell, (s.t - e.t) / ${sqlDouble(DAY_MS)} FROM ${join}`, ([snapshot, pos, cells, ages], n) => {
    for (let i = 0; i < n; i++) {
      const k = start[snapshot![i]!]! + pos![i]!;
      cell[k] = cells![i]!;
      ageDays[k] = ages![i]!;
    }
  });
  return { start, cell, ageDays };
}
