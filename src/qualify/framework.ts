/**
 * Qualification frameworks as data: a list of criteria (which are required, their weights,
 * the recorded names that answer them) and a rule that says when a lead is qualified. The
 * built-ins (BANT, CHAMP, MEDDIC, MEDDICC, GPCTBA/C&I) are files in `datasets/frameworks/`
 * read through the same schema as a user's own file.
 *
 * Rule: a lead is qualified when (1) at least `requiredMet` of the required criteria are met
 * (`all` by default), (2) its weighted score, 100 · Σ weights of met criteria / Σ weights, is
 * at least `minScore` (default 0) and (3) at least `minMet` criteria are met (default 0).
 * Unknown counts as not met everywhere.
 */
import { z } from 'zod';
import { parseConfig } from '../config.js';
import { LeadcalError } from '../errors.js';
import { criterionName } from './qualifications.js';
import { yamlLines } from './yaml-lines.js';

const ID = /^[a-z][a-z0-9_]*$/;

const criterionSchema = z.strictObject({
  /** Snake-case id; records whose normalised criterion name equals it answer it. */
  id: z.string().regex(ID, 'expected a snake_case id such as economic_buyer'),
  label: z.string().min(1).optional(),
  /** The discovery question, for people. */
  question: z.string().optional(),
  /** Other recorded names that answer this criterion (the latest record among them wins). */
  aliases: z.array(z.string().min(1)).optional(),
  /** Must be met for the lead to qualify (see the rule's `requiredMet`). Default false. */
  required: z.boolean().optional(),
  /** Weight in the weighted score (default 1). */
  weight: z.number().min(0).optional(),
});

const ruleSchema = z.strictObject({
  /** `all` (default) or how many of the required criteria must at least be met. */
  requiredMet: z.union([z.literal('all'), z.number().int().min(0)]).optional(),
  /** Minimum weighted score, 0–100 (default 0). */
  minScore: z.number().min(0).max(100).optional(),
  /** Minimum number of met criteria (default 0). */
  minMet: z.number().int().min(0).optional(),
});

const frameworkObject = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Where the framework comes from (a book, a URL). */
  reference: z.string().optional(),
  criteria: z.array(criterionSchema).min(1),
  rule: ruleSchema.optional(),
});

type FrameworkInput = z.infer<typeof frameworkObject>;

function checkConsistency(f: FrameworkInput, ctx: z.core.$RefinementCtx<FrameworkInput>): void {
  const owner = new Map<string, number>();
  f.criteria.forEach((c, i) => {
    const names = [c.id, ...(c.aliases ?? []).map(criterionName)];
    names.forEach((name, k) => {
      const first = owner.get(name);
      if (first !== undefined && first !== i) {
        ctx.addIssue({ code: 'custom', path: k === 0 ? ['criteria', i, 'id'] : ['criteria', i, 'aliases', k - 1], message: `"${name}" already answers criterion ${f.criteria[first]!.id}` });
      }
      owner.set(name, i);
    });
  });
  const required = f.criteria.filter((c) => c.required).length;
  const requiredMet = f.rule?.requiredMet;
  if (typeof requiredMet === 'number' && requiredMet > required) {
    ctx.addIssue({ code: 'custom', path: ['rule', 'requiredMet'], message: `requiredMet is ${requiredMet} but only ${required} criteria are required` });
  }
  if ((f.rule?.minMet ?? 0) > f.criteria.length) {
    ctx.addIssue({ code: 'custom', path: ['rule', 'minMet'], message: `minMet is ${f.rule?.minMet} but the framework has ${f.criteria.length} criteria` });
  }
  if (!(f.criteria.reduce((s, c) => s + (c.weight ?? 1), 0) > 0)) {
    ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'expected at least one criterion with weight > 0' });
  }
}

/** Schema of a framework file. */
export const frameworkSchema = frameworkObject.superRefine(checkConsistency);

export interface FrameworkCriterion {
  id: string;
  label: string;
  question?: string;
  /** Normalised recorded names that answer the criterion: the id first, then the aliases. */
  answeredBy: string[];
  required: boolean;
  weight: number;
  /** Line of the criterion in its file, when read from one. */
  line?: number;
}

export interface QualificationRule {
  requiredMet: 'all' | number;
  minScore: number;
  minMet: number;
}

/** A framework with every default filled in: plain data. */
export interface Framework {
  name: string;
  description?: string;
  reference?: string;
  criteria: FrameworkCriterion[];
  rule: QualificationRule;
  /** The file it was read from, when it was. */
  file?: string;
}

/** Fill in the defaults of a parsed framework. */
export function resolveFramework(input: FrameworkInput, file?: string, lineOf?: (path: (string | number)[]) => number | undefined): Framework {
  return {
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.reference === undefined ? {} : { reference: input.reference }),
    criteria: input.criteria.map((c, i): FrameworkCriterion => {
      const line = lineOf?.(['criteria', i]);
      return {
        id: c.id,
        label: c.label ?? c.id,
        ...(c.question === undefined ? {} : { question: c.question }),
        answeredBy: [...new Set([c.id, ...(c.aliases ?? []).map(criterionName)])],
        required: c.required ?? false,
        weight: c.weight ?? 1,
        ...(line === undefined ? {} : { line }),
      };
    }),
    rule: { requiredMet: input.rule?.requiredMet ?? 'all', minScore: input.rule?.minScore ?? 0, minMet: input.rule?.minMet ?? 0 },
    ...(file === undefined ? {} : { file }),
  };
}

/**
 * Parse a framework from YAML/JSON text. Every problem names the file and line; a typo in a
 * key gets "did you mean".
 *
 * @throws {LeadcalError} (mapping_invalid) when the text does not follow the schema
 * @example
 * parseFramework('name: BA\ncriteria:\n  - { id: budget, required: true }\n  - { id: authority, required: true }\n', 'ba.yaml').rule
 * // => { requiredMet: 'all', minScore: 0, minMet: 0 }
 */
export function parseFramework(text: string, file: string): Framework {
  const input = parseConfig(text, file, frameworkSchema);
  return resolveFramework(input, file, yamlLines(text));
}

/** Number of required criteria that must be met under a rule. */
export function requiredNeeded(framework: Framework): number {
  const required = framework.criteria.filter((c) => c.required).length;
  return framework.rule.requiredMet === 'all' ? required : framework.rule.requiredMet;
}

/** A framework built in code (e.g. a recommended subset), checked like a file. */
export function frameworkFromObject(value: unknown, name = 'framework'): Framework {
  const result = frameworkSchema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: `${name}.${first.path.join('.')}`, message: first.message, hint: 'see datasets/frameworks/README.md' });
  }
  return resolveFramework(result.data);
}
