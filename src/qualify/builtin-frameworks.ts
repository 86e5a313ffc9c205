/**
 * The built-in frameworks are data files in `datasets/frameworks/` (one YAML file each), read
 * through the same schema as a user's file: adding one is adding a file, not a code branch.
 * `findFramework` resolves what a user typed: a built-in name or a path to a framework file.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suggest } from '../suggest.js';
import { LeadcalError } from '../errors.js';
import { displayPath } from '../data/raw-table.js';
import { parseFramework, type Framework } from './framework.js';

/** Folder of the built-in framework files. */
export const FRAMEWORKS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets', 'frameworks');

const key = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Read a framework file (YAML or JSON).
 *
 * @throws {LeadcalError} file_missing, or mapping_invalid with the file and line
 * @example
 * readFramework('datasets/frameworks/bant.yaml').criteria.map((c) => c.id)
 * // => ['budget', 'authority', 'need', 'timeline']
 */
export function readFramework(path: string): Framework {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new LeadcalError({ code: 'file_missing', severity: 'error', file: path, message: 'framework file not found', hint: 'check the path, or give a built-in name such as BANT' });
  }
  return parseFramework(text, displayPath(path));
}

/**
 * Every built-in framework, in file-name order, read from `datasets/frameworks/`.
 *
 * @example
 * builtinFrameworks().map((f) => f.name)
 * // => ['BANT', 'CHAMP', 'GPCTBA/C&I', 'MEDDIC', 'MEDDICC']
 */
export function builtinFrameworks(): Framework[] {
  return readdirSync(FRAMEWORKS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => readFramework(join(FRAMEWORKS_DIR, f)));
}

/**
 * A framework by built-in name (case and punctuation ignored: `bant`, `MEDDICC`, `gpctba-ci`,
 * or a unique prefix such as `gpctba`) or by path to a framework file.
 *
 * @throws {LeadcalError} option_invalid with the nearest built-in name; errors of the file
 * @example
 * findFramework('meddicc').criteria.length // => 7
 */
export function findFramework(nameOrPath: string): Framework {
  if (/\.(ya?ml|json)$/i.test(nameOrPath) || (existsSync(nameOrPath) && statSync(nameOrPath).isFile())) return readFramework(nameOrPath);
  const all = builtinFrameworks();
  const wanted = key(nameOrPath);
  const stem = (f: Framework): string => key((f.file ?? '').replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, ''));
  const exact = all.filter((f) => key(f.name) === wanted || stem(f) === wanted);
  if (exact.length === 1) return exact[0]!;
  const prefix = wanted ? all.filter((f) => key(f.name).startsWith(wanted)) : [];
  if (prefix.length === 1) return prefix[0]!;
  const names = all.map((f) => f.name);
  const near = suggest(nameOrPath, names);
  throw new LeadcalError({
    code: 'option_invalid', severity: 'error', column: '--framework',
    message: `unknown framework "${nameOrPath}"${prefix.length > 1 ? ` (it could be ${prefix.map((f) => f.name).join(' or ')})` : ''}`,
    hint: near ? `did you mean "${near}"? Built-ins: ${names.join(', ')}` : `use one of ${names.join(', ')}, or a path to a framework file`,
  });
}
