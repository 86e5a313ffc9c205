/**
 * How a qualifications export maps onto the contract table. Without a mapping the table is
 * `qualifications.{csv,csv.gz,jsonl,jsonl.gz,parquet}` in the history folder, long form, with
 * the contract's column names. A mapping file renames columns, maps their answer values to
 * ours, and reads the wide form (one column per criterion, one row per call):
 *
 * ```yaml
 * file: discovery-calls.csv
 * columns: { lead_id: Contact, occurred_at: Call date, notes: Comment }
 * wide: { budget: Budget confirmed?, economic_buyer: EB met }   # or a list of columns, or "all"
 * values: { "yes": met, "no": not_met, "?": unknown, "n/a": null }  # null: no record
 * ```
 */
import { z } from 'zod';
import { readConfig } from '../config.js';

const value = z.enum(['met', 'not_met', 'unknown']);

export const qualificationMappingSchema = z.strictObject({
  /** File name relative to the history folder (default: the table named `qualifications`). */
  file: z.string().min(1).optional(),
  delimiter: z.string().length(1).optional(),
  encoding: z.enum(['utf-8', 'latin1']).optional(),
  /** Our column ← their column. */
  columns: z.strictObject({
    lead_id: z.string().min(1).optional(),
    occurred_at: z.string().min(1).optional(),
    criterion: z.string().min(1).optional(),
    value: z.string().min(1).optional(),
    notes: z.string().min(1).optional(),
  }).optional(),
  /**
   * Wide form: the criterion columns. `all` = every column but lead_id, occurred_at and notes;
   * a list of their column names (criterion = normalised column name); or criterion ← column.
   * An empty cell is no record.
   */
  wide: z.union([z.literal('all'), z.array(z.string().min(1)).min(1), z.record(z.string(), z.string().min(1))]).optional(),
  /** Their value → ours (matched after trimming, case-insensitive); null drops the record. */
  values: z.record(z.string(), value.nullable()).optional(),
});

export type QualificationMapping = z.output<typeof qualificationMappingSchema>;

/**
 * Read a qualifications mapping file; errors name the file and line.
 *
 * @example
 * readQualificationMapping('calls.yaml').wide // => { budget: 'Budget confirmed?' }
 */
export function readQualificationMapping(path: string): QualificationMapping {
  return readConfig(path, qualificationMappingSchema);
}
