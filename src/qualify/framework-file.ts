/**
 * The framework file: a framework (src/qualify/framework.ts) written back in the format that
 * `parseFramework` reads, defaults left out, so that a framework built in code (such as the
 * subset `qualify` recommends) can be saved, edited and used with `--framework FILE`.
 */
import { stringify } from 'yaml';
import { writeFileAtomic } from '../io.js';
import type { Framework } from './framework.js';

export interface FrameworkFileOptions {
  /** A comment for the top of the file (one or more lines, without the "#"). */
  comment?: string;
}

/** The framework as the plain object of a framework file (defaults omitted). */
export function frameworkFileData(framework: Framework): Record<string, unknown> {
  const { rule } = framework;
  return {
    name: framework.name,
    ...(framework.description === undefined ? {} : { description: framework.description }),
    ...(framework.reference === undefined ? {} : { reference: framework.reference }),
    criteria: framework.criteria.map((c) => {
      const aliases = c.answeredBy.filter((name) => name !== c.id);
      return {
        id: c.id,
        ...(c.label === c.id ? {} : { label: c.label }),
        ...(c.question === undefined ? {} : { question: c.question }),
        ...(aliases.length ? { aliases } : {}),
        ...(c.required ? { required: true } : {}),
        ...(c.weight === 1 ? {} : { weight: c.weight }),
      };
    }),
    rule: { requiredMet: rule.requiredMet, ...(rule.minScore === 0 ? {} : { minScore: rule.minScore }), minMet: rule.minMet },
  };
}

/**
 * A framework as framework-file text (YAML); `parseFramework` reads it back to an equal framework.
 *
 * @example
 * frameworkToYaml(parseFramework('name: BA\ncriteria:\n  - { id: budget, required: true }\n', 'ba.yaml'))
 * // => 'name: BA\ncriteria:\n  - id: budget\n    required: true\nrule:\n  requiredMet: all\n  minMet: 0\n'
 */
export function frameworkToYaml(framework: Framework, options: FrameworkFileOptions = {}): string {
  const header = options.comment === undefined ? '' : `${options.comment.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n`;
  return `${header}${stringify(frameworkFileData(framework))}`;
}

/** Write a framework file atomically (creating its folder). */
export function writeFrameworkFile(path: string, framework: Framework, options: FrameworkFileOptions = {}): void {
  writeFileAtomic(path, frameworkToYaml(framework, options));
}
