/**
 * The leads table before the contract loader reads it: joined tables appended, and a flat
 * labelled table turned into contract tables (see `flat-table.ts`). The results are handed to
 * the loader as prepared raw tables, so every later check is the loader's own.
 */
import type { IssueLog } from '../errors.js';
import { flatTableContract, type FlatTableInfo } from './flat-table.js';
import { joinTable } from './join-tables.js';
import type { JoinSpec, LeadsSource, OutcomesSource } from './mapping.js';
import type { RawTable } from './raw-table.js';
import type { ResolvedMapping } from './resolve-mapping.js';

/** Name under which a flat table's label outcomes are handed to the loader. */
export const LABEL_OUTCOMES = '(label)';

export interface PreparedLeads {
  /** Raw tables to use instead of reading these source files. */
  prepared: Map<string, RawTable>;
  leads: LeadsSource;
  outcomes: OutcomesSource[];
  flat?: FlatTableInfo;
}

/**
 * Apply the mapping's joins and label to the leads table. `read` reads a source (missing
 * tokens applied); returns undefined when the leads table cannot be read.
 */
export async function prepareLeads(mapping: ResolvedMapping, read: (table: string, src: LeadsSource | JoinSpec) => Promise<RawTable | undefined>, offsetMinutes: number, log: IssueLog): Promise<PreparedLeads | undefined> {
  const src = mapping.leads;
  if (!src.join?.length && !mapping.label) return { prepared: new Map(), leads: src, outcomes: mapping.outcomes };
  let raw = await read('leads', src);
  if (!raw) return undefined;
  let leads: LeadsSource = src;
  for (const spec of src.join ?? []) {
    const other = await read('joined', spec);
    if (!other) continue;
    const joined = joinTable(raw, other, spec, log);
    if (!joined) continue;
    raw = joined.table;
    // an explicit attribute list keeps the joined columns too
    const a = leads.attributes;
    if (Array.isArray(a)) leads = { ...leads, attributes: [...a, ...joined.added] };
    else if (a !== undefined && a !== 'all') leads = { ...leads, attributes: { ...a, ...Object.fromEntries(joined.added.map((n) => [n, n])) } };
  }
  const prepared = new Map<string, RawTable>();
  if (!mapping.label) {
    prepared.set(src.file, raw);
    return { prepared, leads, outcomes: mapping.outcomes };
  }
  const flat = flatTableContract(raw, mapping.label, leads, offsetMinutes, log);
  if (!flat) return undefined;
  prepared.set(src.file, flat.leads);
  prepared.set(LABEL_OUTCOMES, flat.outcomes);
  return { prepared, leads: flat.leadsSource, outcomes: [{ file: LABEL_OUTCOMES }], flat: flat.info };
}
