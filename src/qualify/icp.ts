/**
 * The ideal customer profile as a data file: weighted criteria on lead attributes — target
 * industries, company-size and revenue ranges, roles with buying authority, regions — any of
 * which can be required (a gate) or name excluded values.
 *
 * ```yaml
 * name: Mid-market software buyers
 * criteria:
 *   - { name: industry, attribute: industry, in: [software, finance], weight: 3 }
 *   - { name: company size, attribute: employees, min: 50, max: 5000, weight: 2 }
 *   - { name: no students, attribute: job_level, notIn: [student], required: true }
 * ```
 *
 * A criterion is met when the lead's value is in `in`, not in `notIn`, or within
 * [min, max] (both inclusive, either may be left out). Text compares trimmed and
 * case-insensitively. A missing value counts as missed (`ifMissing: met` to let it pass).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseConfig } from '../config.js';
import { LeadcalError } from '../errors.js';
import { yamlLines } from './yaml-lines.js';

const listed = z.array(z.union([z.string(), z.number()])).min(1);

const icpCriterionSchema = z.strictObject({
  /** Shown in "criteria it misses". */
  name: z.string().min(1),
  /** Lead attribute (column of the leads table, by our name). */
  attribute: z.string().min(1),
  in: listed.optional(),
  notIn: listed.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Weight in the fit (default 1). */
  weight: z.number().min(0).optional(),
  /** A lead that misses a required criterion has fit 0 (default false). */
  required: z.boolean().optional(),
  /** How a missing value counts (default missed). */
  ifMissing: z.enum(['missed', 'met']).optional(),
});

const icpObject = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  criteria: z.array(icpCriterionSchema).min(1).max(32),
});

type IcpInput = z.infer<typeof icpObject>;

function checkIcp(icp: IcpInput, ctx: z.core.$RefinementCtx<IcpInput>): void {
  const names = new Set<string>();
  icp.criteria.forEach((c, i) => {
    const kinds = [c.in !== undefined, c.notIn !== undefined, c.min !== undefined || c.max !== undefined].filter(Boolean).length;
    if (kinds !== 1) ctx.addIssue({ code: 'custom', path: ['criteria', i], message: `criterion "${c.name}" needs exactly one of in, notIn, or min/max; got ${kinds}` });
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'max'], message: `max (${c.max}) is below min (${c.min})` });
    if (names.has(c.name)) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'name'], message: `duplicate criterion name "${c.name}"` });
    names.add(c.name);
  });
  if (!(icp.criteria.reduce((s, c) => s + (c.weight ?? 1), 0) > 0)) ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'expected at least one criterion with weight > 0' });
}

/** Schema of an ICP file. */
export const icpSchema = icpObject.superRefine(checkIcp);

export interface IcpCriterion {
  name: string;
  attribute: string;
  kind: 'in' | 'notIn' | 'range';
  /** Listed values, trimmed and lower-cased (in / notIn). */
  values: string[];
  /** Range bounds, inclusive (range; ±Infinity when open). */
  min: number;
  max: number;
  weight: number;
  required: boolean;
  ifMissing: 'missed' | 'met';
  line?: number;
}

export interface Icp {
  name?: string;
  description?: string;
  criteria: IcpCriterion[];
  file?: string;
}

function resolveIcp(input: IcpInput, file?: string, lineOf?: (path: (string | number)[]) => number | undefined): Icp {
  return {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.description === undefined ? {} : { description: input.description }),
    criteria: input.criteria.map((c, i): IcpCriterion => {
      const line = lineOf?.(['criteria', i, 'attribute']);
      return {
        name: c.name,
        attribute: c.attribute,
        kind: c.in !== undefined ? 'in' : c.notIn !== undefined ? 'notIn' : 'range',
        values: (c.in ?? c.notIn ?? []).map((v) => String(v).trim().toLowerCase()),
        min: c.min ?? -Infinity,
        max: c.max ?? Infinity,
        weight: c.weight ?? 1,
        required: c.required ?? false,
        ifMissing: c.ifMissing ?? 'missed',
        ...(line === undefined ? {} : { line }),
      };
    }),
    ...(file === undefined ? {} : { file }),
  };
}

/**
 * Parse an ICP from YAML/JSON text; problems name the file and line ("did you mean" for typos).
 *
 * @throws {LeadcalError} mapping_invalid
 * @example
 * parseIcp('criteria:\n  - { name: size, attribute: employees, min: 50 }\n', 'icp.yaml').criteria[0].kind
 * // => 'range'
 */
export function parseIcp(text: string, file: string): Icp {
  return resolveIcp(parseConfig(text, file, icpSchema), file, yamlLines(text));
}

/**
 * Read an ICP file.
 *
 * @throws {LeadcalError} file_missing or mapping_invalid
 * @example
 * readIcp('datasets/icp/example.yaml').criteria.length // => 6
 */
export function readIcp(path: string): Icp {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new LeadcalError({ code: 'file_missing', severity: 'error', file: path, message: 'ICP file not found', hint: 'check the path (see datasets/icp/example.yaml)' });
  }
  return parseIcp(text, path);
}
