/**
 * Load and validate a history folder: read the three tables (through a mapping when given),
 * check them against the data contract, and build the columnar {@link History}.
 *
 * Every problem becomes an issue with its file and line; rows with errors are left out of the
 * history, warnings keep the row. `readHistory` never throws on bad content (it reports);
 * `loadHistory` throws a LeadcalError listing the errors when there are any.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IssueLog, LeadcalError, type Issue } from '../errors.js';
import { suggest } from '../suggest.js';
import { ColumnBuilder, GrowableFloat64, GrowableInt32, encodeCategories, type CategoryColumn, type Column } from './columns.js';
import { badValueText, typeNumberColumn, typeTextColumn, type TypedColumn } from './number-typing.js';
import type { Events, History, Leads, Outcomes } from './history.js';
import type { EventsSource, LeadsSource, Mapping, OutcomesSource } from './mapping.js';
import { resolveMapping } from './resolve-mapping.js';
import { blankMissingTokens, missingTokenSets } from './missing-tokens.js';
import { prepareLeads } from './prepare-leads.js';
import { flatTableNotice } from './flat-table.js';
import type { MissingTokens } from './mapping.js';
import { leadTimeOrder } from './event-order.js';
import { outcomeReach } from './from-arrays.js';
import { displayPath, findTableFile, formatOf, readTable, type RawTable } from './raw-table.js';
import { isTextColumn } from './text-column.js';
import { FUNNEL_STAGES, STAGES, isFunnelCode, stageCode } from './stages.js';
import { anyOutside, checkUntilPlausible, plausibleTimeRange, TimeOutliers, type TimeRange } from './time-sanity.js';
import { formatTimestamp, lastParse, parseOffset, parseTimestamp } from './timestamp.js';

export interface LoadOptions {
  /** A parsed mapping (see `readMapping`, `presetMapping`); the plain contract when omitted. */
  mapping?: Mapping;
  /** End of observation; events and outcomes after it are reported. Default: latest timestamp. */
  untilMs?: number;
  /** Offset for zone-less timestamps (`UTC`, `+02:00` …); overrides the mapping's. */
  timezone?: string;
  /** Read CSV through DuckDB instead of the native parser. */
  engine?: 'native' | 'duckdb';
  /** Leave out rows whose timestamp is far outside the data, with a counted warning, instead of erring (see time-sanity.ts). */
  lenient?: boolean;
  /** Follows the reading of each CSV or JSON Lines file: bytes read so far of its size (for a progress bar). */
  onProgress?: (file: string, bytesRead: number, bytesTotal: number) => void;
  /**
   * Tables already in memory, by the name the mapping gives their file (`leads`, `events`,
   * `outcomes` without a mapping): read instead of files, so the folder need not exist. Made
   * from arquero tables by `readHistoryTables` (src/arquero/).
   */
  tables?: Readonly<Record<string, RawTable>>;
}

export interface LoadReport {
  /** Undefined when the leads table could not be read at all. */
  history: History | undefined;
  issues: Issue[];
  errors: number;
  warnings: number;
  /** Files read, as displayed. */
  files: string[];
}

interface Ctx {
  dir: string;
  log: IssueLog;
  offset: number;
  engine: 'native' | 'duckdb' | undefined;
  tables: Readonly<Record<string, RawTable>> | undefined;
  cache: Map<string, RawTable | undefined>;
  files: string[];
  /** Zone-less timestamp counts per file and column, reported once each. */
  zoneless: Map<string, { file: string; column: string; line: number; count: number; example: string }>;
  /** Tables prepared from the leads file (joins, a flat table's label), by source file name. */
  prepared: Map<string, RawTable>;
  /** The mapping's global missing-value tokens. */
  missing: string[] | undefined;
  onProgress: LoadOptions['onProgress'];
  /** Set on the second pass when the first found timestamps outside the plausible range. */
  outliers?: TimeOutliers | undefined;
}

type SourceSpec = { file: string; delimiter?: string | undefined; encoding?: 'utf-8' | 'latin1' | undefined; engine?: 'native' | 'duckdb' | undefined; optional?: boolean | undefined; missing?: MissingTokens | undefined };

/** Read a source: a prepared table, or the file with its missing-value tokens read as empty. */
async function readSource(ctx: Ctx, table: string, src: SourceSpec, timeColumn?: string): Promise<RawTable | undefined> {
  const prepared = ctx.prepared.get(src.file);
  if (prepared) return prepared;
  const raw = await readSourceFile(ctx, table, src, timeColumn);
  return raw && blankMissingTokens(raw, missingTokenSets(ctx.missing, src.missing)).table;
}

/** The path a source's file resolves to (undefined when no file of that name exists). */
function sourcePath(ctx: Ctx, src: SourceSpec): string | undefined {
  return formatOf(src.file) ? join(ctx.dir, src.file) : findTableFile(ctx.dir, src.file);
}

/**
 * Forget the table read for `src` unless one of the `later` sources reads the same file, so
 * that its raw columns (the largest allocation of a load) are freed as soon as they are typed.
 */
function releaseSource(ctx: Ctx, src: SourceSpec, later: readonly SourceSpec[]): void {
  if (ctx.tables) return;
  const path = sourcePath(ctx, src);
  if (path !== undefined && !later.some((s) => sourcePath(ctx, s) === path)) ctx.cache.delete(path);
}

async function readSourceFile(ctx: Ctx, table: string, src: SourceSpec, timeColumn?: string): Promise<RawTable | undefined> {
  if (ctx.tables) return givenTable(ctx, ctx.tables, table, src);
  const path = sourcePath(ctx, src);
  if (path === undefined || !existsSync(path)) {
    if (src.optional) return undefined;
    const shown = displayPath(path ?? join(ctx.dir, formatOf(src.file) ? src.file : `${src.file}.csv`));
    ctx.log.error({ code: 'file_missing', file: shown, message: `the ${table} table is missing`, hint: formatOf(src.file) ? 'check the file name in the mapping' : `put ${src.file}.csv (or .csv.gz, .jsonl, .parquet) in ${displayPath(ctx.dir)}, or name the file in a mapping file` });
    return undefined;
  }
  if (ctx.cache.has(path)) return ctx.cache.get(path);
  const raw = await readTable(path, ctx.log, {
    ...(src.delimiter === undefined ? {} : { delimiter: src.delimiter }),
    ...(src.encoding === undefined ? {} : { encoding: src.encoding }),
    ...((src.engine ?? ctx.engine) === undefined ? {} : { engine: (src.engine ?? ctx.engine)! }),
    ...(timeColumn === undefined ? {} : { timeColumns: [timeColumn] }),
    ...(ctx.onProgress === undefined ? {} : { onRead: (done: number, total: number) => ctx.onProgress!(displayPath(path), done, total) }),
  });
  ctx.cache.set(path, raw);
  if (raw) ctx.files.push(raw.file);
  return raw;
}

/** A table given in memory (`LoadOptions.tables`), reported missing like a file. */
function givenTable(ctx: Ctx, tables: Readonly<Record<string, RawTable>>, table: string, src: SourceSpec): RawTable | undefined {
  const raw = Object.hasOwn(tables, src.file) ? tables[src.file] : undefined;
  if (raw === undefined) {
    if (!src.optional) ctx.log.error({ code: 'file_missing', file: src.file, message: `the ${table} table is missing`, hint: `give it as tables.${src.file} (tables given: ${Object.keys(tables).join(', ') || 'none'})` });
    return undefined;
  }
  if (!ctx.files.includes(raw.file)) ctx.files.push(raw.file);
  return raw;
}

/** Find a column of a raw table by name, reporting it missing with the nearest name. */
function columnIndex(ctx: Ctx, raw: RawTable, ours: string, theirs: string): number {
  const j = raw.header.indexOf(theirs);
  if (j >= 0) return j;
  const near = suggest(theirs, raw.header);
  ctx.log.error({
    code: 'column_missing', file: raw.file, line: 1, column: theirs,
    message: ours === theirs ? `required column "${ours}" is missing` : `column "${theirs}" (mapped to ${ours}) is missing`,
    hint: near ? `did you mean "${near}"? Map it with \`columns: { ${ours}: "${near}" }\` in a mapping file` : `available columns: ${raw.header.slice(0, 12).join(', ')}${raw.header.length > 12 ? ', …' : ''}; map yours with \`columns: { ${ours}: YOUR_COLUMN }\``,
  });
  return -1;
}

function textAt(raw: RawTable, j: number, i: number): string {
  const col = raw.columns[j]!;
  if (isTextColumn(col)) return col.get(i);
  const v = col[i]!;
  if (Number.isNaN(v)) return '';
  return raw.kinds[j] === 'time' ? formatTimestamp(v) : String(v);
}

/** Parse the timestamp at (j, i); NaN with an issue when invalid, NaN silently when empty and allowed. */
function timeAt(ctx: Ctx, raw: RawTable, j: number, i: number, column: string, allowEmpty: boolean): number {
  const col = raw.columns[j]!;
  if (!isTextColumn(col)) {
    const v = col[i]!;
    if (Number.isNaN(v) && !allowEmpty) ctx.log.error({ code: 'value_missing', file: raw.file, line: raw.lines[i]!, column, message: 'timestamp is empty', hint: 'every row needs a timestamp' });
    return ctx.outliers?.outside(v, raw.file, raw.lines[i]!, column) ? NaN : v;
  }
  // a column of canonical UTC timestamps holds them as epoch ms already (text-column.ts)
  const instant = col.instantAt(i);
  if (!Number.isNaN(instant)) return ctx.outliers?.outside(instant, raw.file, raw.lines[i]!, column) ? NaN : instant;
  const s = col.get(i);
  if (s === '' || s.trim() === '') {
    if (!allowEmpty) ctx.log.error({ code: 'value_missing', file: raw.file, line: raw.lines[i]!, column, message: 'timestamp is empty', hint: 'every row needs a timestamp' });
    return NaN;
  }
  const ms = parseTimestamp(s, ctx.offset);
  if (Number.isNaN(ms)) {
    ctx.log.error({ code: 'timestamp_invalid', file: raw.file, line: raw.lines[i]!, column, message: `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}" is not an ISO 8601 timestamp`, hint: 'write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (with a zone such as Z or +02:00)' });
    return NaN;
  }
  if (!lastParse.hadZone) {
    const key = `${raw.file}\u0000${column}`;
    const seen = ctx.zoneless.get(key);
    if (seen) seen.count++;
    else ctx.zoneless.set(key, { file: raw.file, column, line: raw.lines[i]!, count: 1, example: s });
  }
  return ctx.outliers?.outside(ms, raw.file, raw.lines[i]!, column) ? NaN : ms;
}

function keptColumns(raw: RawTable, used: Set<string>, spec: 'all' | string[] | Record<string, string> | undefined, exclude: string[] | undefined, ctx: Ctx): [string, number][] {
  const excluded = new Set(exclude ?? []);
  if (spec === undefined || spec === 'all') {
    return raw.header.map((h, j): [string, number] => [h, j]).filter(([h]) => !used.has(h) && !excluded.has(h));
  }
  const pairs: [string, string][] = Array.isArray(spec) ? spec.map((s) => [s, s]) : Object.entries(spec);
  const out: [string, number][] = [];
  for (const [ours, theirs] of pairs) {
    const j = columnIndex(ctx, raw, ours, theirs);
    if (j >= 0) out.push([ours, j]);
  }
  return out;
}

/** Type column j of the kept rows (see number-typing.ts); values that do not type are errors at their lines. */
function typeRaw(ctx: Ctx, raw: RawTable, j: number, rows: Int32Array, missing?: ReadonlySet<string>): Column {
  const col = raw.columns[j]!;
  let typed: TypedColumn;
  if (isTextColumn(col)) {
    const texts = new Array<string>(rows.length);
    for (let k = 0; k < rows.length; k++) texts[k] = col.get(rows[k]!);
    typed = typeTextColumn(texts, missing);
  } else {
    const values = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) values[k] = col[rows[k]!]!;
    typed = typeNumberColumn(values);
  }
  for (const b of typed.bad) ctx.log.error({ code: b.reason === 'control_character' ? 'value_invalid' : 'number_invalid', file: raw.file, line: raw.lines[rows[b.row]!]!, column: raw.header[j]!, ...badValueText(b) });
  return typed.column;
}

async function loadLeads(ctx: Ctx, src: LeadsSource): Promise<Leads | undefined> {
  const raw = await readSource(ctx, 'leads', src, src.columns?.created_at ?? 'created_at');
  if (!raw) return undefined;
  const idName = src.columns?.lead_id ?? 'lead_id';
  const createdName = src.columns?.created_at ?? 'created_at';
  const jId = columnIndex(ctx, raw, 'lead_id', idName);
  const jCreated = columnIndex(ctx, raw, 'created_at', createdName);
  if (jId < 0 || jCreated < 0) return undefined;
  if (raw.rowCount === 0) {
    ctx.log.error({ code: 'table_empty', file: raw.file, message: 'the leads table has no rows', hint: 'export at least one lead' });
  }
  const index = new Map<string, number>();
  const firstLine = new Map<string, number>();
  const ids: string[] = [];
  const created: number[] = [];
  const rows: number[] = [];
  let skipped = 0;
  for (let i = 0; i < raw.rowCount; i++) {
    const id = textAt(raw, jId, i).trim();
    const line = raw.lines[i]!;
    if (id === '') {
      if (src.skipMissing) skipped++;
      else ctx.log.error({ code: 'value_missing', file: raw.file, line, column: idName, message: 'lead_id is empty', hint: 'every lead needs an id' });
      continue;
    }
    const empty = textAt(raw, jCreated, i).trim() === '';
    if (empty && src.skipMissing) {
      skipped++;
      continue;
    }
    const ms = timeAt(ctx, raw, jCreated, i, createdName, false);
    const first = firstLine.get(id);
    if (first !== undefined) {
      ctx.log.error({ code: 'duplicate_id', file: raw.file, line, column: idName, message: `duplicate lead_id "${id}" (first seen on line ${first})`, hint: 'keep one row per lead (merge or drop the duplicates)' });
      continue;
    }
    firstLine.set(id, line);
    if (Number.isNaN(ms)) continue;
    index.set(id, ids.length);
    ids.push(id);
    created.push(ms);
    rows.push(i);
  }
  if (skipped > 0) ctx.log.warning({ code: 'value_missing', file: raw.file, column: `${idName}/${createdName}`, message: `${skipped} row(s) without lead_id or created_at skipped, as the mapping says (skipMissing)`, hint: 'remove skipMissing to see them as errors' });
  const keep = Int32Array.from(rows);
  const attributes: Record<string, Column> = Object.create(null); // keys are data: a column may be called toString
  for (const [name, j] of keptColumns(raw, new Set([idName, createdName]), src.attributes, src.exclude, ctx)) {
    attributes[name] = typeRaw(ctx, raw, j, keep);
  }
  const lines = new Int32Array(keep.length);
  for (let k = 0; k < keep.length; k++) lines[k] = raw.lines[keep[k]!]!;
  return { count: ids.length, ids, index, createdMs: Float64Array.from(created), attributes, ...(src.kinds ? { kinds: src.kinds } : {}), ...(src.trends ? { trends: src.trends } : {}), file: raw.file, lines };
}

function unknownLead(ctx: Ctx, raw: RawTable, i: number, column: string, id: string, table: string): void {
  ctx.log.warning({ code: 'unknown_lead', file: raw.file, line: raw.lines[i]!, column, message: `${table} for unknown lead_id "${id}" (row left out)`, hint: 'export the matching leads, or filter both exports the same way' });
}

/** The events gathered from the sources, in the order read. */
interface EventRows {
  lead: GrowableInt32;
  time: GrowableFloat64;
  line: GrowableInt32;
  type: ColumnBuilder;
  extras: Map<string, ColumnBuilder>;
  files: string[];
  /** Index of the first event of each file (events arrive file after file). */
  fileStarts: number[];
}

async function loadEvents(ctx: Ctx, sources: EventsSource[], leads: Leads, later: readonly SourceSpec[]): Promise<Events> {
  const rows: EventRows = { lead: new GrowableInt32(), time: new GrowableFloat64(), line: new GrowableInt32(), type: new ColumnBuilder(), extras: new Map(), files: [], fileStarts: [] };
  for (let s = 0; s < sources.length; s++) {
    await appendEvents(ctx, sources[s]!, leads, rows);
    releaseSource(ctx, sources[s]!, [...sources.slice(s + 1), ...later]);
  }
  return buildEvents(leads.count, rows);
}

/** Read one events source and append its valid events to `rows`. */
async function appendEvents(ctx: Ctx, src: EventsSource, leads: Leads, rows: EventRows): Promise<void> {
  const { lead, time, line, type, extras, files } = rows;
  const raw = await readSource(ctx, 'events', src, src.columns?.occurred_at ?? 'occurred_at');
  if (!raw) return;
  const idName = src.columns?.lead_id ?? 'lead_id';
  const timeName = src.columns?.occurred_at ?? 'occurred_at';
  const typeName = src.type === undefined ? (src.columns?.type ?? 'type') : undefined;
  const jId = columnIndex(ctx, raw, 'lead_id', idName);
  const jTime = columnIndex(ctx, raw, 'occurred_at', timeName);
  const jType = typeName === undefined ? -1 : columnIndex(ctx, raw, 'type', typeName);
  if (jId < 0 || jTime < 0 || (typeName !== undefined && jType < 0)) return;
  if (raw.rowCount === 0) ctx.log.warning({ code: 'table_empty', file: raw.file, message: 'the events table has no rows', hint: 'behaviour rules will have nothing to score' });
  const used = new Set([idName, timeName, ...(typeName ? [typeName] : [])]);
  const kept = keptColumns(raw, used, src.extra, src.exclude, ctx).map(([name, j]): [ColumnBuilder, number] => {
    let builder = extras.get(name);
    if (!builder) {
      builder = new ColumnBuilder();
      builder.reserve(lead.length);
      for (let k = 0; k < lead.length; k++) builder.push('');
      extras.set(name, builder);
    }
    return [builder, j];
  });
  rows.fileStarts.push(lead.length);
  files.push(raw.file);
  // room for every row at once: no doubling of the largest arrays of the load
  for (const g of [lead, time, line, type, ...extras.values()]) g.reserve(raw.rowCount);
  const typeMap = src.types;
  // a dictionary-encoded lead_id column: each distinct id is looked up once (-2: not yet)
  const ids = raw.columns[jId]!;
  const idDictionary = isTextColumn(ids) ? ids.dictionary : undefined;
  const leadOfCode = idDictionary && new Int32Array(idDictionary.values.length).fill(-2);
  for (let i = 0; i < raw.rowCount; i++) {
    let id = idDictionary ? idDictionary.values[idDictionary.codes[i]!]! : textAt(raw, jId, i);
    if (id.length > 0 && (id.charCodeAt(0) === 32 || id.charCodeAt(id.length - 1) === 32)) id = id.trim();
    let t = src.type ?? textAt(raw, jType, i);
    if (t.length > 0 && (t.charCodeAt(0) === 32 || t.charCodeAt(t.length - 1) === 32)) t = t.trim();
    if (typeMap) {
      const mapped = typeMap[t];
      if (mapped === null) continue;
      if (mapped !== undefined) t = mapped;
    }
    const ms = timeAt(ctx, raw, jTime, i, timeName, false);
    if (id === '') {
      ctx.log.error({ code: 'value_missing', file: raw.file, line: raw.lines[i]!, column: idName, message: 'lead_id is empty', hint: 'every event needs a lead_id' });
      continue;
    }
    if (t === '') {
      ctx.log.error({ code: 'value_missing', file: raw.file, line: raw.lines[i]!, column: typeName ?? 'type', message: 'event type is empty', hint: 'every event needs a type' });
      continue;
    }
    if (Number.isNaN(ms)) continue;
    let li: number | undefined;
    if (leadOfCode) {
      const code = idDictionary!.codes[i]!;
      if (leadOfCode[code] === -2) leadOfCode[code] = leads.index.get(id) ?? -1;
      li = leadOfCode[code]! < 0 ? undefined : leadOfCode[code]!;
    } else li = leads.index.get(id);
    if (li === undefined) {
      unknownLead(ctx, raw, i, idName, id, 'event');
      continue;
    }
    if (ms < leads.createdMs[li]!) {
      ctx.log.warning({ code: 'event_before_created', file: raw.file, line: raw.lines[i]!, column: timeName, message: `event at ${formatTimestamp(ms)} is before the lead was created (${formatTimestamp(leads.createdMs[li]!)})`, hint: 'kept (pre-creation tracking is common); check created_at if unexpected' });
    }
    lead.push(li);
    type.push(t);
    time.push(ms);
    line.push(raw.lines[i]!);
    for (const [builder, j] of kept) builder.push(textAt(raw, j, i));
  }
  for (const builder of extras.values()) while (builder.length < lead.length) builder.push('');
}

function buildEvents(leadCount: number, rows: EventRows): Events {
  const { type, extras, files } = rows;
  const { order, offsets } = leadTimeOrder(rows.lead.view(), rows.time.view(), leadCount);
  const n = order.length;
  // file of each event in arrival order, from where each file's events start
  const fileOf = new Uint8Array(n);
  rows.fileStarts.forEach((start, f) => fileOf.fill(f, start));
  const fileOut = new Uint8Array(n);
  for (let k = 0; k < n; k++) fileOut[k] = fileOf[order[k]!]!;
  // one column at a time, each arrival-order copy emptied once sorted (the peak of a large load)
  const leadOut = rows.lead.drain(order);
  const timeOut = rows.time.drain(order);
  const lineOut = rows.line.drain(order);
  const typeColumn = type.finish(order, true);
  const typeCategories: CategoryColumn = typeColumn.kind === 'category'
    ? typeColumn
    : encodeCategories(Array.from(typeColumn.values, (v) => String(v)));
  const columns: Record<string, Column> = Object.create(null);
  for (const [name, builder] of extras) columns[name] = builder.finish(order, true);
  return { count: n, lead: leadOut, type: typeCategories, occurredMs: timeOut, columns, offsets, files, fileOf: fileOut, lines: lineOut };
}

async function loadOutcomes(ctx: Ctx, sources: OutcomesSource[], leads: Leads): Promise<Outcomes> {
  const lead: number[] = [];
  const stage: number[] = [];
  const time: number[] = [];
  const origin: { file: string; line: number }[] = [];
  for (const src of sources) {
    const raw = await readSource(ctx, 'outcomes', src, src.columns?.occurred_at ?? 'occurred_at');
    if (!raw) continue;
    const idName = src.columns?.lead_id ?? 'lead_id';
    const timeName = src.columns?.occurred_at ?? 'occurred_at';
    const stageName = src.stage === undefined ? (src.columns?.stage ?? 'stage') : undefined;
    if (src.stage !== undefined && src.optional && !raw.header.includes(timeName)) {
      ctx.log.warning({ code: 'column_missing', file: raw.file, line: 1, column: timeName, message: `no "${timeName}" column: no ${src.stage} dates from this file`, hint: 'export that property too if the stage is used' });
      continue;
    }
    const jId = columnIndex(ctx, raw, 'lead_id', idName);
    const jTime = columnIndex(ctx, raw, 'occurred_at', timeName);
    const jStage = stageName === undefined ? -1 : columnIndex(ctx, raw, 'stage', stageName);
    if (jId < 0 || jTime < 0 || (stageName !== undefined && jStage < 0)) continue;
    if (raw.rowCount === 0) ctx.log.warning({ code: 'table_empty', file: raw.file, message: 'the outcomes table has no rows', hint: 'with no outcomes every label is 0; export lifecycle stage changes' });
    const wide = src.stage !== undefined;
    for (let i = 0; i < raw.rowCount; i++) {
      let name = src.stage ?? textAt(raw, jStage, i).trim();
      if (src.stages) {
        const mapped = src.stages[name];
        if (mapped === null) continue;
        if (mapped !== undefined) name = mapped;
      }
      const code = stageCode(name);
      if (wide && textAt(raw, jTime, i).trim() === '') continue; // wide form: stage not reached
      const id = textAt(raw, jId, i).trim();
      if (code < 0) {
        const near = suggest(name, STAGES);
        ctx.log.error({ code: 'unknown_stage', file: raw.file, line: raw.lines[i]!, column: stageName ?? 'stage', message: `unknown stage "${name}"`, hint: near ? `did you mean "${near}"? Stages are ${STAGES.join(', ')}` : `stages are ${STAGES.join(', ')}; map yours with \`stages: { "${name}": sql }\` in a mapping file` });
        continue;
      }
      const ms = timeAt(ctx, raw, jTime, i, timeName, false);
      if (id === '') {
        ctx.log.error({ code: 'value_missing', file: raw.file, line: raw.lines[i]!, column: idName, message: 'lead_id is empty', hint: 'every outcome needs a lead_id' });
        continue;
      }
      if (Number.isNaN(ms)) continue;
      const li = leads.index.get(id);
      if (li === undefined) {
        unknownLead(ctx, raw, i, idName, id, 'outcome');
        continue;
      }
      if (ms < leads.createdMs[li]!) {
        ctx.log.warning({ code: 'outcome_before_created', file: raw.file, line: raw.lines[i]!, column: timeName, message: `${STAGES[code]} at ${formatTimestamp(ms)} is before the lead was created (${formatTimestamp(leads.createdMs[li]!)})`, hint: 'check created_at; the lead will count as converted from its first snapshot' });
      }
      lead.push(li);
      stage.push(code);
      time.push(ms);
      origin.push({ file: raw.file, line: raw.lines[i]! });
    }
  }
  const n = lead.length;
  const leadCodes = Int32Array.from(lead);
  const stageCodes = Uint8Array.from(stage);
  const times = Float64Array.from(time);
  const { reachMs, closedMs } = outcomeReach(leads.count, leadCodes, stageCodes, times);
  // the stage as recorded (not implied), to check the funnel order
  const recordedMs = FUNNEL_STAGES.map(() => new Float64Array(leads.count).fill(Infinity));
  const recordedRow = FUNNEL_STAGES.map(() => new Int32Array(leads.count).fill(-1));
  for (let k = 0; k < n; k++) {
    const c = stage[k]!;
    if (isFunnelCode(c) && time[k]! < recordedMs[c]![lead[k]!]!) {
      recordedMs[c]![lead[k]!] = time[k]!;
      recordedRow[c]![lead[k]!] = k;
    }
  }
  // funnel order: a recorded earlier stage dated after a recorded later stage
  for (let li = 0; li < leads.count; li++) {
    for (let a = 0; a < FUNNEL_STAGES.length - 1; a++) {
      const ta = recordedMs[a]![li]!;
      if (ta === Infinity) continue;
      for (let b = a + 1; b < FUNNEL_STAGES.length; b++) {
        const tb = recordedMs[b]![li]!;
        if (tb < ta) {
          const o = origin[recordedRow[a]![li]!]!;
          const ob = origin[recordedRow[b]![li]!]!;
          ctx.log.warning({ code: 'outcome_order', file: o.file, line: o.line, column: 'stage', message: `lead "${leads.ids[li]}": ${FUNNEL_STAGES[a]} at ${formatTimestamp(ta)} is after ${FUNNEL_STAGES[b]} at ${formatTimestamp(tb)} (${ob.file}:${ob.line})`, hint: `reaching ${FUNNEL_STAGES[b]} implies ${FUNNEL_STAGES[a]}, so the earlier date counts; fix the dates if they are wrong` });
          break;
        }
      }
    }
  }
  return { count: n, lead: leadCodes, stage: stageCodes, occurredMs: times, reachMs, closedMs };
}

function emptyEvents(leadCount: number): Events {
  return buildEvents(leadCount, { lead: new GrowableInt32(), time: new GrowableFloat64(), line: new GrowableInt32(), type: new ColumnBuilder(), extras: new Map(), files: [], fileStarts: [] });
}

function checkUntil(ctx: Ctx, history: History, given: boolean): void {
  if (!given) return;
  const until = history.untilMs;
  const { leads, events, outcomes } = history;
  for (let i = 0; i < leads.count; i++) {
    if (leads.createdMs[i]! > until) ctx.log.warning({ code: 'after_until', file: leads.file, line: leads.lines[i]!, column: 'created_at', message: `lead created at ${formatTimestamp(leads.createdMs[i]!)}, after --until ${formatTimestamp(until)}`, hint: 'it is outside the observed period and gets no snapshot' });
  }
  for (let k = 0; k < events.count; k++) {
    if (events.occurredMs[k]! > until) ctx.log.warning({ code: 'after_until', file: events.files[events.fileOf[k]!]!, line: events.lines[k]!, column: 'occurred_at', message: `event at ${formatTimestamp(events.occurredMs[k]!)}, after --until ${formatTimestamp(until)}`, hint: 'it is ignored by frames (the future of --until)' });
  }
  let late = 0;
  for (let k = 0; k < outcomes.count; k++) if (outcomes.occurredMs[k]! > until) late++;
  if (late > 0) ctx.log.warning({ code: 'after_until', column: 'occurred_at', message: `${late} outcome(s) dated after --until ${formatTimestamp(until)}`, hint: 'they are ignored by frames (the future of --until)' });
}

/**
 * Read and validate a history folder, reporting every problem instead of throwing.
 *
 * @example
 * const report = await readHistory('datasets/sample');
 * report.errors // => 0
 * report.history?.leads.count // => 2000
 */
export async function readHistory(dir: string, options: LoadOptions = {}): Promise<LoadReport> {
  const first = await readPass(dir, options);
  // timestamps far outside the data: read again, reporting (or leaving out) those rows
  return first.outside ? (await readPass(dir, options, first.outside)).report : first.report;
}

async function readPass(dir: string, options: LoadOptions, range?: TimeRange): Promise<{ report: LoadReport; outside?: TimeRange }> {
  const log = new IssueLog(5);
  const mapping = resolveMapping(options.mapping);
  const tz = options.timezone ?? mapping.timezone ?? 'UTC';
  let offset = parseOffset(tz);
  if (Number.isNaN(offset)) {
    log.error({ code: 'option_invalid', column: 'timezone', message: `"${tz}" is not a UTC offset`, hint: 'write UTC, +02:00 or -0500 (IANA zone names are not supported)' });
    offset = 0;
  }
  const ctx: Ctx = { dir, log, offset, engine: options.engine, tables: options.tables, cache: new Map(), files: [], zoneless: new Map(), prepared: new Map(), missing: mapping.missing, onProgress: options.onProgress, outliers: range && new TimeOutliers(range, log, options.lenient ?? false) };
  if (!options.tables && !existsSync(dir)) {
    log.error({ code: 'file_missing', file: displayPath(dir), message: 'history folder not found', hint: 'give the folder that holds leads, events and outcomes' });
    return { report: finish(log, undefined, ctx) };
  }
  if (options.mapping?.label && options.mapping.outcomes !== undefined) {
    log.error({ code: 'mapping_invalid', column: 'label', message: 'a mapping gives either `label` (a flat labelled table) or `outcomes`, not both', hint: 'drop one of them' });
  }
  const prep = await prepareLeads(mapping, (table, src) => readSource(ctx, table, src), offset, log);
  if (prep) {
    ctx.prepared = prep.prepared;
    mapping.leads = prep.leads;
    mapping.outcomes = prep.outcomes;
  }
  const leads = prep ? await loadLeads(ctx, mapping.leads) : undefined;
  if (!leads) {
    // still read the other tables so that all their problems are reported at once
    const none: Leads = { count: 0, ids: [], index: new Map(), createdMs: new Float64Array(0), attributes: {}, file: '', lines: new Int32Array(0) };
    await loadEvents(ctx, mapping.events, none, mapping.outcomes);
    await loadOutcomes(ctx, mapping.outcomes, none);
    return { report: finish(log, undefined, ctx) };
  }
  releaseSource(ctx, mapping.leads, [...mapping.events, ...mapping.outcomes]);
  const events = mapping.events.length ? await loadEvents(ctx, mapping.events, leads, mapping.outcomes) : emptyEvents(leads.count);
  const outcomes = await loadOutcomes(ctx, mapping.outcomes, leads);
  const times = [leads.createdMs, events.occurredMs, outcomes.occurredMs];
  const plausible = range ?? plausibleTimeRange(times);
  if (!range && anyOutside(plausible, times)) return { report: finish(log, undefined, ctx), outside: plausible };
  ctx.outliers?.finish();
  checkUntilPlausible(log, options.untilMs, plausible);
  let latest = -Infinity;
  for (const t of leads.createdMs) if (t > latest) latest = t;
  for (const t of events.occurredMs) if (t > latest) latest = t;
  for (const t of outcomes.occurredMs) if (t > latest) latest = t;
  const history: History = {
    dir, leads, events, outcomes,
    latestMs: latest,
    untilMs: options.untilMs ?? latest,
    assumedOffsetMinutes: offset,
    ...(prep?.flat ? { flat: prep.flat } : {}),
  };
  checkUntil(ctx, history, options.untilMs !== undefined);
  if (prep?.flat) log.warning(flatTableNotice(prep.flat));
  return { report: finish(log, history, ctx) };
}

function finish(log: IssueLog, history: History | undefined, ctx: Ctx): LoadReport {
  for (const z of ctx.zoneless.values()) {
    const off = ctx.offset;
    const zone = off === 0 ? 'UTC' : `UTC${off > 0 ? '+' : '-'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
    log.warning({ code: 'timestamp_no_timezone', file: z.file, line: z.line, column: z.column, message: `${z.count.toLocaleString('en-US')} timestamp(s) have no time zone (e.g. "${z.example}"); assumed ${zone}`, hint: 'add a zone (Z or +02:00) or set --timezone / `timezone:` in the mapping' });
  }
  return { history, issues: log.issues, errors: log.count('error'), warnings: log.count('warning'), files: ctx.files };
}

/**
 * Load a history, throwing a LeadcalError that lists the errors when there are any. Warnings
 * are returned with the history.
 *
 * @throws {LeadcalError} when the history has errors (code of the first one)
 * @example
 * const { history } = await loadHistory('datasets/sample'); history.events.count
 * // => 52311
 */
export async function loadHistory(dir: string, options: LoadOptions = {}): Promise<{ history: History; warnings: Issue[] }> {
  return historyOrThrow(await readHistory(dir, options));
}

/**
 * The history of a load report, or a LeadcalError listing its errors; warnings are returned with it.
 *
 * @throws {LeadcalError} when the report has errors (code of the first one)
 */
export function historyOrThrow(report: LoadReport): { history: History; warnings: Issue[] } {
  const errors = report.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || !report.history) {
    throw new LeadcalError(errors.length ? errors : [{ code: 'internal', severity: 'error', message: 'history could not be loaded' }]);
  }
  return { history: report.history, warnings: report.issues.filter((i) => i.severity === 'warning') };
}
