/**
 * The synthetic CRM history's data contract: table shape, column names and vocabularies.
 * Generated tables are plain text (what a CSV export holds); loaders elsewhere parse them.
 */

/** A text table: a header and rows of the same width. Missing values are empty strings. */
export interface Table {
  header: string[];
  rows: string[][];
}

/** Columns of `leads.csv`, in order. */
export const LEAD_COLUMNS = [
  'lead_id',
  'created_at',
  'industry',
  'employees',
  'job_level',
  'country',
  'segment',
  'product',
  'source',
] as const;

/** Columns of `events.csv`, in order. */
export const EVENT_COLUMNS = ['lead_id', 'type', 'occurred_at', 'page', 'channel'] as const;

/** Columns of `outcomes.csv`, in order. */
export const OUTCOME_COLUMNS = ['lead_id', 'stage', 'occurred_at'] as const;

/** Categorical lead attributes that carry planted effects (employees is numeric). */
export const CATEGORICAL_ATTRIBUTES = ['industry', 'job_level', 'country', 'product', 'source'] as const;
export type CategoricalAttribute = (typeof CATEGORICAL_ATTRIBUTES)[number];

/** Marketing event types: the ones behaviours can be planted on. */
export const MARKETING_EVENT_TYPES = [
  'page_view',
  'email_open',
  'email_click',
  'download',
  'webinar',
  'demo_request',
  'social',
  'unsubscribe',
] as const;
export type MarketingEventType = (typeof MARKETING_EVENT_TYPES)[number];

/** Sales activity types; they happen only after a lead reached `sql` (a leakage trap). */
export const SALES_EVENT_TYPES = ['sales_call', 'meeting'] as const;

/** Pages a `page_view` can carry; other event types leave `page` empty. */
export const PAGES = ['pricing', 'product', 'blog', 'careers', 'home', 'docs'] as const;

/** Channel of each event type; sales activity has no marketing channel (empty). */
export const CHANNEL_BY_TYPE: Readonly<Record<string, string>> = {
  page_view: 'web',
  download: 'web',
  demo_request: 'web',
  email_open: 'email',
  email_click: 'email',
  unsubscribe: 'email',
  social: 'social',
  webinar: 'event',
  sales_call: '',
  meeting: '',
};

/** Event types that stop after an unsubscribe (the unsubscribe itself happens once). */
export const EMAIL_EVENT_TYPES: ReadonlySet<string> = new Set(['email_open', 'email_click', 'unsubscribe']);

/** Outcome stages; funnel order mql < sql < opportunity < won, lost/disqualified close. */
export const STAGES = ['mql', 'sql', 'opportunity', 'won', 'lost', 'disqualified'] as const;

/** Segments by employee count: < 50 smb, 50–999 mid_market, ≥ 1000 enterprise. */
export const SEGMENTS = ['smb', 'mid_market', 'enterprise'] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * Segment of a company by employee count.
 *
 * @example
 * segmentOf(49); // => 'smb'
 * segmentOf(50); // => 'mid_market'
 * segmentOf(1000); // => 'enterprise'
 */
export function segmentOf(employees: number): Segment {
  if (employees < 50) return 'smb';
  if (employees < 1000) return 'mid_market';
  return 'enterprise';
}
