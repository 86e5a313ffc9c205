/**
 * Flat labelled tables (X Education's `Leads.csv`, UCI bank marketing): one row per lead, the
 * outcome in a label column, often no dates and no id. This module turns such a table into the
 * data contract the rest of leadcal reads, at the raw-table level so that the loader's checks
 * (duplicate ids, typing, exclusions, file:line messages) apply unchanged:
 * - `lead_id`: the mapped or `lead_id` column, else the file line of the row;
 * - `created_at`: the mapped or `created_at` column (a dated table), else a fixed epoch plus
 *   one minute per row (file order, an undated table);
 * - outcomes: the label's stage (positive: `won` unless mapped; negative: `lost`) two days after
 *   created_at, so that the one frame of a flat table — a snapshot at age one day with a one-day
 *   horizon ({@link FLAT_FRAME}) — has every lead exactly once with its label observed.
 * Rows with an empty label (or one mapped to null) are left out with a warning.
 */
import type { Issue, IssueLog } from '../errors.js';
import { suggest } from '../suggest.js';
import { DAY_MS } from '../stats/days.js';
import type { LabelSpec, LeadsSource } from './mapping.js';
import type { RawTable } from './raw-table.js';
import { isTextColumn, TextColumn, type RawColumn } from './text-column.js';
import { FUNNEL_STAGES, STAGES, isFunnelCode, stageCode, type FunnelStage } from './stages.js';
import { parseTimestamp } from './timestamp.js';

/** Created-at of row 0 of an undated table: 2000-01-01T00:00:00Z. */
export const FLAT_EPOCH_MS = Date.UTC(2000, 0, 1);
/** The one frame of a flat table: one snapshot per lead at age 1 day, label window 1 day. */
export const FLAT_FRAME = { schedule: { kind: 'asOfAge' as const, days: 1 }, horizonDays: 1 };
/** Outcomes of a flat table are dated created_at + 2 days (inside the frame's label window). */
const OUTCOME_AFTER_MS = 2 * DAY_MS;

/** What a history loaded from a flat table records about it. */
export interface FlatTableInfo {
  file: string;
  labelColumn: string;
  /** The funnel stage positives reach (the frame's default target). */
  target: FunnelStage;
  /** True when created_at comes from a date column (a time split is then meaningful). */
  dated: boolean;
  /** True when lead ids are file lines (no id column). */
  lineIds: boolean;
  positives: number;
  negatives: number;
  /** Rows left out for an empty label. */
  unlabelled: number;
}

export interface FlatContract {
  leads: RawTable;
  leadsSource: LeadsSource;
  outcomes: RawTable;
  info: FlatTableInfo;
}

const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map((s) => s.trim()));

function text(col: RawColumn, i: number): string {
  if (isTextColumn(col)) return col.get(i).trim();
  const v = col[i]!;
  return Number.isNaN(v) ? '' : String(v);
}

/** The stage of one label value: a stage code, -1 when unknown, -2 when the row is dropped. */
function labelStage(label: LabelSpec, positiveCode: number): (value: string) => number {
  const positives = list(label.positive);
  const negatives = list(label.negative);
  const stages = label.stages;
  const lost = stageCode('lost');
  return (value) => {
    if (stages) {
      const mapped = Object.hasOwn(stages, value) ? stages[value] : Object.entries(stages).find(([k]) => k.trim().toLowerCase() === value.toLowerCase())?.[1];
      if (mapped === null) return -2;
      if (mapped !== undefined) return stageCode(mapped);
    }
    if (positives?.includes(value)) return positiveCode;
    if (negatives) return negatives.includes(value) ? lost : -1;
    if (positives) return lost;
    return -1;
  };
}

/**
 * Turn a flat labelled table into contract tables: the leads table (with synthetic `lead_id` and
 * `created_at` columns when the table has none) and an outcomes table made from the label.
 * Problems (missing label column, unknown label values) go to `log` with file and line.
 *
 * @example
 * const flat = flatTableContract(raw, { column: 'Converted', positive: '1' }, { file: 'Leads.csv' }, 0, log);
 * flat.info.positives // => 3561
 */
export function flatTableContract(raw: RawTable, label: LabelSpec, src: LeadsSource, offsetMinutes: number, log: IssueLog): FlatContract | undefined {
  const jLabel = raw.header.indexOf(label.column);
  if (jLabel < 0) {
    const near = suggest(label.column, raw.header);
    log.error({ code: 'column_missing', file: raw.file, line: 1, column: label.column, message: `label column "${label.column}" is missing`, hint: near ? `did you mean "${near}"?` : `available columns: ${raw.header.slice(0, 12).join(', ')}${raw.header.length > 12 ? ', …' : ''}` });
    return undefined;
  }
  if (label.positive === undefined && label.stages === undefined) {
    log.error({ code: 'mapping_invalid', file: raw.file, column: label.column, message: 'a label needs `positive` (the value(s) meaning converted) or `stages` (value → stage)', hint: 'e.g. label: { column: Converted, positive: "1" } or --label Converted --positive 1' });
    return undefined;
  }
  const positiveStage = Object.values(label.stages ?? {}).map((s) => (s === null ? -1 : stageCode(s))).filter(isFunnelCode).sort((a, b) => b - a)[0];
  const positiveCode = positiveStage ?? stageCode('won');
  for (const [value, stage] of Object.entries(label.stages ?? {})) {
    if (stage !== null && stageCode(stage) < 0) {
      const near = suggest(stage, STAGES);
      log.error({ code: 'unknown_stage', file: raw.file, column: label.column, message: `label value "${value}" is mapped to unknown stage "${stage}"`, hint: near ? `did you mean "${near}"? Stages are ${STAGES.join(', ')}` : `stages are ${STAGES.join(', ')}` });
      return undefined;
    }
  }
  const stageOf = labelStage(label, positiveCode);

  const header = raw.header;
  const idName = src.columns?.lead_id ?? (header.includes('lead_id') ? 'lead_id' : undefined);
  const createdName = src.columns?.created_at ?? (header.includes('created_at') ? 'created_at' : undefined);
  const jCreated = createdName === undefined ? -1 : header.indexOf(createdName);
  const labelCol = raw.columns[jLabel]!;

  // rows kept (labelled), and their stage
  const keep: number[] = [];
  const stage: number[] = [];
  let unlabelled = 0;
  let positives = 0;
  const unknown = new Map<string, { line: number; count: number }>();
  for (let i = 0; i < raw.rowCount; i++) {
    const value = text(labelCol, i);
    const code = value === '' ? -2 : stageOf(value);
    if (code === -2) {
      unlabelled++;
      continue;
    }
    if (code < 0) {
      const seen = unknown.get(value);
      if (seen) seen.count++;
      else unknown.set(value, { line: raw.lines[i]!, count: 1 });
      continue;
    }
    keep.push(i);
    stage.push(code);
    if (isFunnelCode(code)) positives++;
  }
  for (const [value, { line, count }] of unknown) {
    log.error({
      code: 'unknown_stage', file: raw.file, line, column: label.column,
      message: `label value "${value}" is neither positive nor negative${count > 1 ? ` (${count} rows)` : ''}`,
      hint: `list it in \`positive\`/\`negative\`, or map it with \`stages: { "${value}": lost }\` (null drops the rows)`,
    });
  }
  if (unlabelled > 0) log.warning({ code: 'value_missing', file: raw.file, column: label.column, message: `${unlabelled.toLocaleString('en-US')} row(s) without a label left out`, hint: 'a flat table needs a label on every lead it fits on' });

  // the leads table: kept rows, plus synthetic id / created_at columns
  const rows = Int32Array.from(keep);
  const take = (col: RawColumn): RawColumn => (isTextColumn(col) ? col.take(rows) : Float64Array.from(rows, (i) => col[i]!));
  const columns = raw.columns.map(take);
  const outHeader = [...header];
  const kinds = [...raw.kinds];
  const lines = Int32Array.from(rows, (i) => raw.lines[i]!);
  let ids: string[];
  if (idName === undefined) {
    ids = Array.from(lines, (l) => String(l));
    outHeader.push('lead_id');
    columns.push(TextColumn.from(ids, true));
    kinds.push('text');
  } else {
    const j = header.indexOf(idName);
    ids = Array.from(rows, (i) => (j < 0 ? '' : text(raw.columns[j]!, i)));
  }
  const createdMs = new Float64Array(rows.length);
  if (jCreated < 0) {
    for (let k = 0; k < rows.length; k++) createdMs[k] = FLAT_EPOCH_MS + rows[k]! * 60_000;
    if (createdName === undefined) {
      outHeader.push('created_at');
      columns.push(createdMs);
      kinds.push('time');
    }
  } else {
    const col = raw.columns[jCreated]!;
    for (let k = 0; k < rows.length; k++) {
      createdMs[k] = isTextColumn(col) ? parseTimestamp(col.get(rows[k]!).trim(), offsetMinutes) : col[rows[k]!]!;
    }
  }
  const leads: RawTable = { file: raw.file, header: outHeader, columns, kinds, rowCount: rows.length, lines };
  const leadsSource: LeadsSource = {
    ...src,
    columns: { ...src.columns, lead_id: idName ?? 'lead_id', created_at: createdName ?? 'created_at' },
    exclude: [...(src.exclude ?? []), label.column],
  };

  // the outcomes table made from the label (rows whose created_at is invalid are reported by the leads loader)
  const oIds: string[] = [];
  const oStage: string[] = [];
  const oTime: number[] = [];
  const oLines: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    if (Number.isNaN(createdMs[k]!) || ids[k] === '') continue;
    oIds.push(ids[k]!);
    oStage.push(STAGES[stage[k]!]!);
    oTime.push(createdMs[k]! + OUTCOME_AFTER_MS);
    oLines.push(lines[k]!);
  }
  const outcomes: RawTable = { file: raw.file, header: ['lead_id', 'stage', 'occurred_at'], columns: [TextColumn.from(oIds), TextColumn.from(oStage), Float64Array.from(oTime)], kinds: ['text', 'text', 'time'], rowCount: oIds.length, lines: Int32Array.from(oLines) };
  const target = FUNNEL_STAGES[positiveCode]!;
  return {
    leads, leadsSource, outcomes,
    info: { file: raw.file, labelColumn: label.column, target, dated: jCreated >= 0, lineIds: idName === undefined, positives, negatives: rows.length - positives, unlabelled },
  };
}

/**
 * The one notice of a flat table: what was read, and that no point-in-time guarantee holds.
 *
 * @example
 * flatTableNotice(info).code // => 'point_in_time_unknown'
 */
export function flatTableNotice(info: FlatTableInfo): Omit<Issue, 'severity'> {
  const n = info.positives + info.negatives;
  return {
    code: 'point_in_time_unknown', file: info.file, column: info.labelColumn,
    message: `flat labelled table: ${n.toLocaleString('en-US')} leads, ${info.positives.toLocaleString('en-US')} positive (label "${info.labelColumn}" → ${info.target}), one snapshot each${info.dated ? '' : ', no dates (split with --test-share)'}; no point-in-time guarantee: any column may have been written after the outcome`,
    hint: 'fit runs the leak checks; leave out columns filled in by sales or after conversion with --exclude COLUMN',
  };
}
