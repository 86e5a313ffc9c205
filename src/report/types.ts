/**
 * The report's data: plain tables (JSON-serialisable, no typed arrays) and the facts the pages
 * print. `buildReportData` makes it from a history and models; `writeSite` only reads it.
 */
import type { FrameSchedule } from '../frame/frame.js';
import type { Issue } from '../errors.js';

export type Cell = string | number | boolean | null;

/** How a column is shown on a page (CSV and JSON keep the raw value). */
export type ColumnFormat = 'text' | 'integer' | 'number' | 'percent' | 'auc' | 'pvalue' | 'days' | 'points' | 'ratio';

export interface ReportColumn {
  key: string;
  label: string;
  format?: ColumnFormat;
}

/** The site's pages, in navigation order. */
export const PAGE_IDS = ['overview', 'model', 'thresholds', 'calibration', 'comparison', 'funnel', 'stability', 'backtest', 'data-quality'] as const;
export type PageId = (typeof PAGE_IDS)[number];

export interface ReportTable {
  /** Unique within the report; file names derive from it (slugified). */
  id: string;
  page: PageId;
  title: string;
  /** The finding, in words: the title of the chart drawn from this table. */
  finding?: string;
  /** One more sentence under the table (method, caveats). */
  note?: string;
  /** The segment a per-segment table belongs to. */
  segment?: string;
  columns: ReportColumn[];
  rows: Record<string, Cell>[];
}

export interface ReportModelInfo {
  name: string;
  role: 'primary' | 'compare' | 'previous';
  description: string;
  threshold: number;
  /** Where its probabilities come from, in words. */
  probabilities: string;
}

export interface ReportMeta {
  title: string;
  /** Name of the history folder (last path part). */
  history: string;
  leads: number;
  events: number;
  outcomes: number;
  periodStart: string | null;
  periodEnd: string | null;
  target: string;
  horizonDays: number;
  schedule: FrameSchedule;
  snapshots: number;
  positives: number;
  /** Snapshots the metrics are computed on (test, or all when there is no split). */
  evaluation: { snapshots: number; positives: number; description: string };
  training: { snapshots: number; positives: number };
  testFrom: string | null;
  /** The snapshots the thresholds page swept, in the words `leadcal sweep` prints. */
  swept: string;
  seed: number;
  valuePerConversion: number | null;
  costPerTouch: number | null;
  capacity: number | null;
  models: ReportModelInfo[];
  /** Headline sentences for leadership, in order. */
  headlines: string[];
  validation: { errors: number; warnings: number; files: string[] };
}

export interface ReportData {
  format: 'leadcal-report';
  version: 1;
  meta: ReportMeta;
  tables: ReportTable[];
}

/** What validation found (the shape `readHistory` returns). */
export interface ValidationInput {
  issues: Issue[];
  errors: number;
  warnings: number;
  files: string[];
}
