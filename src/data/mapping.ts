/**
 * Column-name mappings: load exports as they come. A mapping file (YAML or JSON) says, per
 * table of the contract, which file to read and which of its columns are ours; outcomes can
 * come from several sources, long (a stage column) or wide (one date column per stage, as in a
 * HubSpot contacts export). Built-in presets are mapping files shipped in `presets/`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readConfig } from '../config.js';
import { keyedRecord } from '../keyed-record.js';
import { fail } from '../errors.js';
import { PRESETS } from './preset-names.js';

const columnList = z.union([z.literal('all'), z.array(z.string()), keyedRecord(z.string())]);

/** Values that mean "missing" (`Select`, `N/A`, `-` …): a list for every column, or per column (`"*"`: every column). */
export const missingTokensSchema = z.union([z.array(z.string()), z.record(z.string(), z.array(z.string()))]);

/** A further table joined to the leads by a key (e.g. accounts on `account`). */
export const joinSchema = z.object({
  file: z.string().min(1),
  /** The leads' key column (their name). */
  on: z.string().min(1),
  /** The key's name in the joined table, when it differs. */
  key: z.string().min(1).optional(),
  /** Columns to bring in (default: all but the key). */
  columns: z.array(z.string()).optional(),
  delimiter: z.string().length(1).optional(),
  encoding: z.enum(['utf-8', 'latin1']).optional(),
  missing: missingTokensSchema.optional(),
}).strict();

/**
 * A flat labelled table: the leads table carries the outcome in one column. Values listed in
 * `positive` (or mapped to a funnel stage by `stages`) reach that stage; the others close the lead.
 */
export const labelSchema = z.object({
  column: z.string().min(1),
  /** Value(s) meaning converted; every other non-empty value is a negative unless `negative` lists them. */
  positive: z.union([z.string(), z.array(z.string())]).optional(),
  negative: z.union([z.string(), z.array(z.string())]).optional(),
  /** Their label value → our stage (`{ yes: won, no: lost }`); null drops the row. */
  stages: z.record(z.string(), z.string().nullable()).optional(),
}).strict();

const source = {
  /** File name, relative to the history folder. */
  file: z.string().min(1),
  delimiter: z.string().length(1).optional(),
  encoding: z.enum(['utf-8', 'latin1']).optional(),
  engine: z.enum(['native', 'duckdb']).optional(),
  /** A missing file is not an error (the table is then empty); for a wide outcome source, neither is a missing date column. */
  optional: z.boolean().optional(),
  /** Our column ← their column, for the contract columns. */
  columns: keyedRecord(z.string()).optional(),
  /** Rows with an empty contract column are skipped with a warning instead of an error. */
  skipMissing: z.boolean().optional(),
  /** Values read as empty before typing, for this table (adds to the mapping's global list). */
  missing: missingTokensSchema.optional(),
};

export const leadsSourceSchema = z.object({
  ...source,
  /** Attribute columns to keep: all (default), a list of their names, or ours ← theirs. */
  attributes: columnList.optional(),
  /** Their columns never loaded (e.g. filled by sales after the outcome: leakage). */
  exclude: z.array(z.string()).optional(),
  /** Further tables joined by a key; their columns become attributes. */
  join: z.array(joinSchema).optional(),
  /**
   * How the fit reads a numeric attribute (our name → kind): `category` for integer codes
   * (region 1…20: a level per code), `number` for an ordered quantity (bins); unset: decided by
   * the data (see `planAttributes`).
   */
  kinds: z.record(z.string(), z.enum(['category', 'number'])).optional(),
  /**
   * The event-rate trend the fit's supervised bins follow, per numeric attribute (our name →
   * trend): ascending, descending, peak, valley, none (unconstrained) or auto (the default:
   * chosen by the data, see `optimalBins`).
   */
  trends: z.record(z.string(), z.enum(['ascending', 'descending', 'peak', 'valley', 'none', 'auto'])).optional(),
}).strict();

export const eventsSourceSchema = z.object({
  ...source,
  /** A constant event type for every row (instead of a type column). */
  type: z.string().optional(),
  /** Their type value → our type; null drops the rows. */
  types: keyedRecord(z.string().nullable()).optional(),
  /** Extra event columns to keep (e.g. page, channel): all (default), a list, or ours ← theirs. */
  extra: columnList.optional(),
  exclude: z.array(z.string()).optional(),
}).strict();

export const outcomesSourceSchema = z.object({
  ...source,
  /** A constant stage for every row (wide form: rows with an empty date are skipped). */
  stage: z.string().optional(),
  /** Their stage value → our stage; null drops the rows. */
  stages: keyedRecord(z.string().nullable()).optional(),
}).strict();

export const mappingSchema = z.object({
  /** Optional description shown by `leadcal validate`. */
  description: z.string().optional(),
  /** Offset assumed for timestamps without a zone: UTC (default), +02:00, -0500 … */
  timezone: z.string().optional(),
  /** Values read as empty in every table (e.g. [Select, "N/A", "-"]). */
  missing: z.array(z.string()).optional(),
  leads: leadsSourceSchema.optional(),
  /** A flat labelled table: the outcome is this column of the leads table (no outcomes table, no dates needed). */
  label: labelSchema.optional(),
  events: z.union([eventsSourceSchema, z.array(eventsSourceSchema), z.null()]).optional(),
  outcomes: z.union([outcomesSourceSchema, z.array(outcomesSourceSchema)]).optional(),
}).strict();

export type LeadsSource = z.output<typeof leadsSourceSchema>;
export type EventsSource = z.output<typeof eventsSourceSchema>;
export type OutcomesSource = z.output<typeof outcomesSourceSchema>;
export type Mapping = z.output<typeof mappingSchema>;
export type LabelSpec = z.output<typeof labelSchema>;
export type JoinSpec = z.output<typeof joinSchema>;
export type MissingTokens = z.output<typeof missingTokensSchema>;

const PRESET_DIR = join(dirname(fileURLToPath(import.meta.url)), 'presets');


/**
 * Read a mapping file (YAML or JSON); errors name the file and line.
 *
 * @example
 * readMapping('datasets/mappings/olist.yaml').leads?.columns?.lead_id // => 'mql_id'
 */
export function readMapping(path: string): Mapping {
  return readConfig(path, mappingSchema);
}

/** Load a built-in preset by name (e.g. `hubspot`). */
export function presetMapping(name: string): Mapping {
  const path = join(PRESET_DIR, `${name}.yaml`);
  if (!(PRESETS as readonly string[]).includes(name) || !existsSync(path)) {
    fail({ code: 'option_invalid', column: '--preset', message: `unknown preset "${name}"`, hint: `use one of: ${PRESETS.join(', ')}, or write a mapping file` });
  }
  return readConfig(path, mappingSchema);
}
