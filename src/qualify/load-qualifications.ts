/**
 * Load and validate the `qualifications` table of a history folder, with the same care as the
 * other tables: every problem is an issue `FILE:LINE: column X: what — how to fix`, rows with
 * errors are left out, warnings keep the row (records for unknown leads are left out with a
 * warning, as events and outcomes are).
 *
 * | problem | severity |
 * | --- | --- |
 * | missing file or required column (with the nearest column name) | error |
 * | empty lead_id, criterion, value or timestamp; unparseable timestamp | error |
 * | value not met / not_met / unknown (with the nearest one) | error |
 * | record for an unknown lead (left out) | warning |
 * | record before the lead was created | warning |
 * | two records of one criterion at the same time with different values (the later line wins) | warning |
 * | timestamps without a zone (once per column) | warning |
 */
import { join } from 'node:path';
import { IssueLog, LeadcalError, type Issue } from '../errors.js';
import { suggest } from '../suggest.js';
import { ColumnBuilder, GrowableFloat64, GrowableInt32, encodeCategories } from '../data/columns.js';
import { leadTimeOrder } from '../data/event-order.js';
import type { History } from '../data/history.js';
import { displayPath, findTableFile, formatOf, readTable, type RawTable } from '../data/raw-table.js';
import { isTextColumn } from '../data/text-column.js';
import { formatTimestamp, lastParse, parseTimestamp } from '../data/timestamp.js';
import { VALUE_INVALID } from './issue-codes.js';
import type { QualificationMapping } from './qualification-mapping.js';
import { QUALIFICATION_VALUES, criterionName, qualificationValue, type Qualifications } from './qualifications.js';

export interface QualificationLoadOptions {
  /** Names, columns, values and the wide form (see `qualification-mapping.ts`). */
  mapping?: QualificationMapping;
  /** A missing table is an error (default); false: the result is undefined without an issue. */
  required?: boolean;
}

export interface QualificationReport {
  /** Undefined when the table could not be read at all (or is absent and not required). */
  qualifications: Qualifications | undefined;
  issues: Issue[];
  errors: number;
  warnings: number;
}

interface Ctx {
  raw: RawTable;
  log: IssueLog;
  offset: number;
  zoneless: Map<string, { line: number; count: number; example: string }>;
}

function textAt(raw: RawTable, j: number, i: number): string {
  const col = raw.columns[j]!;
  if (isTextColumn(col)) return col.get(i).trim();
  const v = col[i]!;
  if (Number.isNaN(v)) return '';
  return raw.kinds[j] === 'time' ? formatTimestamp(v) : String(v);
}

function timeAt(ctx: Ctx, j: number, i: number, column: string): number {
  const { raw, log } = ctx;
  const col = raw.columns[j]!;
  const line = raw.lines[i]!;
  if (!isTextColumn(col)) {
    const v = col[i]!;
    if (Number.isNaN(v)) log.error({ code: 'value_missing', file: raw.file, line, column, message: 'timestamp is empty', hint: 'every record needs the time it was taken' });
    return v;
  }
  const s = col.get(i).trim();
  if (s === '') {
    log.error({ code: 'value_missing', file: raw.file, line, column, message: 'timestamp is empty', hint: 'every record needs the time it was taken' });
    return NaN;
  }
  const ms = parseTimestamp(s, ctx.offset);
  if (Number.isNaN(ms)) {
    log.error({ code: 'timestamp_invalid', file: raw.file, line, column, message: `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}" is not an ISO 8601 timestamp`, hint: 'write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (with a zone such as Z or +02:00)' });
    return NaN;
  }
  if (!lastParse.hadZone) {
    const seen = ctx.zoneless.get(column);
    if (seen) seen.count++;
    else ctx.zoneless.set(column, { line, count: 1, example: s });
  }
  return ms;
}

function columnIndex(ctx: Ctx, ours: string, theirs: string, required: boolean): number {
  const j = ctx.raw.header.indexOf(theirs);
  if (j >= 0 || !required) return j;
  const near = suggest(theirs, ctx.raw.header);
  ctx.log.error({
    code: 'column_missing', file: ctx.raw.file, line: 1, column: theirs,
    message: ours === theirs ? `required column "${ours}" is missing` : `column "${theirs}" (mapped to ${ours}) is missing`,
    hint: near ? `did you mean "${near}"? Map it with \`columns: { ${ours}: "${near}" }\` in a qualifications mapping` : `available columns: ${ctx.raw.header.slice(0, 12).join(', ')}; for one column per criterion use \`wide:\` in a qualifications mapping`,
  });
  return -1;
}

/** Their value → our code, undefined when invalid, null when the mapping drops it. */
function valueOf(text: string, values: Map<string, number | null>): number | null | undefined {
  const mapped = values.get(text.toLowerCase());
  if (mapped !== undefined) return mapped;
  return qualificationValue(text);
}

function badValue(ctx: Ctx, i: number, column: string, text: string, mapped: string[]): void {
  const allowed = [...QUALIFICATION_VALUES, ...mapped];
  const near = suggest(text, allowed);
  ctx.log.error({
    code: VALUE_INVALID, file: ctx.raw.file, line: ctx.raw.lines[i]!, column,
    message: `"${text}" is not a qualification value`,
    hint: `${near ? `did you mean "${near}"? ` : ''}write met, not_met or unknown, or map your values with \`values: { "${text}": met }\` in a qualifications mapping`,
  });
}

/** Criterion columns of the wide form: [criterion, column index, their name]. */
function wideColumns(ctx: Ctx, wide: NonNullable<QualificationMapping['wide']>, used: Set<string>): [string, number, string][] {
  if (wide === 'all') return ctx.raw.header.flatMap((h, j): [string, number, string][] => (used.has(h) ? [] : [[criterionName(h), j, h]]));
  const pairs: [string, string][] = Array.isArray(wide) ? wide.map((h) => [criterionName(h), h]) : Object.entries(wide).map(([ours, theirs]) => [criterionName(ours), theirs]);
  return pairs.flatMap(([ours, theirs]): [string, number, string][] => {
    const j = columnIndex(ctx, ours, theirs, true);
    return j < 0 ? [] : [[ours, j, theirs]];
  });
}

function locate(dir: string, mapping: QualificationMapping | undefined): string | undefined {
  const name = mapping?.file ?? 'qualifications';
  return formatOf(name) ? join(dir, name) : findTableFile(dir, name);
}

/**
 * Read and validate the qualifications table of a loaded history, reporting every problem
 * instead of throwing. Timestamps without a zone are read in the history's assumed offset.
 *
 * Complexity: O(records) plus the sort of records by (lead, time).
 * @example
 * const report = await readQualifications(history); report.errors // => 0
 */
export async function readQualifications(history: History, options: QualificationLoadOptions = {}): Promise<QualificationReport> {
  const log = new IssueLog(5);
  const finish = (qualifications: Qualifications | undefined): QualificationReport => ({ qualifications, issues: log.issues, errors: log.count('error'), warnings: log.count('warning') });
  const mapping = options.mapping;
  const path = locate(history.dir, mapping);
  if (path === undefined) {
    if (options.required === false) return finish(undefined);
    const shown = displayPath(join(history.dir, mapping?.file ?? 'qualifications.csv'));
    log.error({ code: 'file_missing', file: shown, message: 'the qualifications table is missing', hint: `put qualifications.csv (lead_id, occurred_at, criterion, value[, notes]) in ${displayPath(history.dir)}, or name your file in a qualifications mapping` });
    return finish(undefined);
  }
  const raw = await readTable(path, log, {
    ...(mapping?.delimiter === undefined ? {} : { delimiter: mapping.delimiter }),
    ...(mapping?.encoding === undefined ? {} : { encoding: mapping.encoding }),
  });
  if (!raw) return finish(undefined);
  const ctx: Ctx = { raw, log, offset: history.assumedOffsetMinutes, zoneless: new Map() };
  const cols = mapping?.columns ?? {};
  const names = { lead_id: cols.lead_id ?? 'lead_id', occurred_at: cols.occurred_at ?? 'occurred_at', criterion: cols.criterion ?? 'criterion', value: cols.value ?? 'value', notes: cols.notes ?? 'notes' };
  const jId = columnIndex(ctx, 'lead_id', names.lead_id, true);
  const jTime = columnIndex(ctx, 'occurred_at', names.occurred_at, true);
  const jNotes = columnIndex(ctx, 'notes', names.notes, mapping?.columns?.notes !== undefined);
  const wide = mapping?.wide;
  const jCriterion = wide ? -1 : columnIndex(ctx, 'criterion', names.criterion, true);
  const jValue = wide ? -1 : columnIndex(ctx, 'value', names.value, true);
  const used = new Set([names.lead_id, names.occurred_at, names.notes]);
  const wideCols = wide ? wideColumns(ctx, wide, used) : [];
  if (jId < 0 || jTime < 0 || (!wide && (jCriterion < 0 || jValue < 0)) || (mapping?.columns?.notes !== undefined && jNotes < 0)) return finish(undefined);
  if (raw.rowCount === 0) log.warning({ code: 'table_empty', file: raw.file, message: 'the qualifications table has no rows', hint: 'every lead will count every criterion as unknown' });

  const values = new Map(Object.entries(mapping?.values ?? {}).map(([theirs, ours]): [string, number | null] => [theirs.trim().toLowerCase(), ours === null ? null : qualificationValue(ours)!]));
  const mappedNames = Object.keys(mapping?.values ?? {});
  const criteria: string[] = [];
  const criterionIndex = new Map<string, number>();
  const codeOf = (name: string): number => {
    let c = criterionIndex.get(name);
    if (c === undefined) {
      c = criteria.length;
      criteria.push(name);
      criterionIndex.set(name, c);
    }
    return c;
  };
  const lead = new GrowableInt32();
  const time = new GrowableFloat64();
  const criterion = new GrowableInt32();
  const value: number[] = [];
  const lines = new GrowableInt32();
  const notes = new ColumnBuilder();
  const { leads } = history;
  for (let i = 0; i < raw.rowCount; i++) {
    const line = raw.lines[i]!;
    const id = textAt(raw, jId, i);
    const ms = timeAt(ctx, jTime, i, names.occurred_at);
    if (id === '') log.error({ code: 'value_missing', file: raw.file, line, column: names.lead_id, message: 'lead_id is empty', hint: 'every record needs a lead_id' });
    // the row's records: [criterion, value code]
    const records: [string, number][] = [];
    let rowOk = id !== '' && !Number.isNaN(ms);
    if (!wide) {
      const name = criterionName(textAt(raw, jCriterion, i));
      const text = textAt(raw, jValue, i);
      if (name === '') {
        log.error({ code: 'value_missing', file: raw.file, line, column: names.criterion, message: 'criterion is empty', hint: 'name the criterion the record answers (budget, authority …)' });
        rowOk = false;
      }
      const v = text === '' ? undefined : valueOf(text, values);
      if (text === '') {
        log.error({ code: 'value_missing', file: raw.file, line, column: names.value, message: 'value is empty', hint: 'write met, not_met or unknown' });
        rowOk = false;
      } else if (v === undefined) {
        badValue(ctx, i, names.value, text, mappedNames);
        rowOk = false;
      } else if (v !== null) records.push([name, v]);
    } else {
      for (const [name, j, theirs] of wideCols) {
        const text = textAt(raw, j, i);
        if (text === '') continue;
        const v = valueOf(text, values);
        if (v === undefined) {
          badValue(ctx, i, theirs, text, mappedNames);
          rowOk = false;
        } else if (v !== null) records.push([name, v]);
      }
    }
    if (!rowOk) continue;
    const li = leads.index.get(id);
    if (li === undefined) {
      log.warning({ code: 'unknown_lead', file: raw.file, line, column: names.lead_id, message: `qualification record for unknown lead_id "${id}" (row left out)`, hint: 'export the matching leads, or filter both exports the same way' });
      continue;
    }
    if (ms < leads.createdMs[li]!) {
      log.warning({ code: 'event_before_created', file: raw.file, line, column: names.occurred_at, message: `record at ${formatTimestamp(ms)} is before the lead was created (${formatTimestamp(leads.createdMs[li]!)})`, hint: 'kept; check created_at and the form date if unexpected' });
    }
    const note = jNotes >= 0 ? textAt(raw, jNotes, i) : '';
    for (const [name, v] of records) {
      lead.push(li);
      time.push(ms);
      criterion.push(codeOf(name));
      value.push(v);
      lines.push(line);
      notes.push(note);
    }
  }
  for (const [column, z] of ctx.zoneless) {
    const off = ctx.offset;
    const zone = off === 0 ? 'UTC' : `UTC${off > 0 ? '+' : '-'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
    log.warning({ code: 'timestamp_no_timezone', file: raw.file, line: z.line, column, message: `${z.count.toLocaleString('en-US')} timestamp(s) have no time zone (e.g. "${z.example}"); assumed ${zone}`, hint: 'add a zone (Z or +02:00) or set --timezone' });
  }
  const table = sortRecords(leads.count, lead.view(), time.view(), criterion.view(), Uint8Array.from(value), lines.view(), notes, criteria, raw.file);
  reportConflicts(table, log);
  return finish(table);
}

function sortRecords(leadCount: number, lead: Int32Array, time: Float64Array, criterion: Int32Array, value: Uint8Array, lines: Int32Array, notes: ColumnBuilder, criteria: string[], file: string): Qualifications {
  const { order, offsets } = leadTimeOrder(lead, time, leadCount);
  const n = order.length;
  const out = { lead: new Int32Array(n), time: new Float64Array(n), criterion: new Int32Array(n), value: new Uint8Array(n), lines: new Int32Array(n) };
  for (let k = 0; k < n; k++) {
    const o = order[k]!;
    out.lead[k] = lead[o]!;
    out.time[k] = time[o]!;
    out.criterion[k] = criterion[o]!;
    out.value[k] = value[o]!;
    out.lines[k] = lines[o]!;
  }
  const notesColumn = notes.finish(order);
  const notesCategories = notesColumn.kind === 'category' ? notesColumn : encodeCategories(Array.from(notesColumn.values, (v) => (Number.isNaN(v) ? '' : String(v))));
  return { count: n, lead: out.lead, occurredMs: out.time, criterion: out.criterion, criteria, value: out.value, notes: notesCategories, offsets, file, lines: out.lines };
}

/** Same lead, criterion and time with different values: the later line wins; say so. */
function reportConflicts(q: Qualifications, log: IssueLog): void {
  for (let li = 0; li + 1 < q.offsets.length; li++) {
    const a = q.offsets[li]!;
    const b = q.offsets[li + 1]!;
    for (let k = a; k < b; k++) {
      for (let m = k + 1; m < b && q.occurredMs[m] === q.occurredMs[k]; m++) {
        if (q.criterion[m] === q.criterion[k] && q.value[m] !== q.value[k]) {
          log.warning({ code: 'duplicate_id', file: q.file, line: q.lines[m]!, column: 'value', message: `criterion ${q.criteria[q.criterion[k]!]} of this lead is also recorded at the same time with another value (line ${q.lines[k]!})`, hint: 'the later line wins; fix the form if that is wrong' });
        }
      }
    }
  }
}

/**
 * Load the qualifications table, throwing a LeadcalError that lists the errors when there are
 * any. Warnings are returned with the table.
 *
 * @throws {LeadcalError} when the table has errors or is missing
 * @example
 * const { qualifications } = await loadQualifications(history); qualifications.criteria
 * // => ['budget', 'authority', …]
 */
export async function loadQualifications(history: History, options: QualificationLoadOptions = {}): Promise<{ qualifications: Qualifications; warnings: Issue[] }> {
  const report = await readQualifications(history, { ...options, required: true });
  const errors = report.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || !report.qualifications) {
    throw new LeadcalError(errors.length ? errors : [{ code: 'internal', severity: 'error', message: 'qualifications could not be loaded' }]);
  }
  return { qualifications: report.qualifications, warnings: report.issues.filter((i) => i.severity === 'warning') };
}
