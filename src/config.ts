/**
 * Parse YAML/JSON configuration files (mappings, models, frameworks) against a zod schema and
 * turn every problem into an issue with the file, the line and a fix hint: a typo in a key
 * gets "did you mean …", a wrong type says what was expected.
 */
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';
import type { z } from 'zod';
import { LeadcalError, type Issue } from './errors.js';

type Path = (string | number)[];

/** Largest config file read (characters): models and mappings are a few kilobytes. */
export const MAX_CONFIG_CHARS = 10_000_000;

import { suggest } from './suggest.js';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; getter?: () => z.ZodType; values?: unknown[] };

// Walk a zod schema along a path to the schemas that apply there (best effort).
function schemasAt(schema: z.ZodType, path: Path): z.ZodType[] {
  const unwrap = (s: z.ZodType): z.ZodType[] => {
    const d = defOf(s);
    if (d.innerType) return unwrap(d.innerType);
    if (d.type === 'pipe' && d.in) return unwrap(d.in);
    if (d.type === 'lazy' && d.getter) return unwrap(d.getter());
    if (d.type === 'union' && d.options) return d.options.flatMap(unwrap);
    return [s];
  };
  let current = unwrap(schema);
  for (const key of path) {
    const next: z.ZodType[] = [];
    for (const s of current) {
      const d = defOf(s);
      if (d.type === 'object' && d.shape && typeof key === 'string' && d.shape[key]) next.push(...unwrap(d.shape[key]));
      else if (d.type === 'array' && d.element && typeof key === 'number') next.push(...unwrap(d.element));
      else if (d.type === 'record' && d.valueType) next.push(...unwrap(d.valueType));
    }
    current = next;
  }
  return current;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function keysAt(schema: z.ZodType, path: Path): string[] {
  return schemasAt(schema, path).flatMap((s) => Object.keys(defOf(s).shape ?? {}));
}

/** Values a discriminated union accepts for its discriminator key at a path. */
function discriminatorValues(schema: z.ZodType, path: Path, key: string): string[] {
  return schemasAt(schema, path).flatMap((s) => {
    const field = defOf(s).shape?.[key];
    return field ? (defOf(field).values ?? []).map(String) : [];
  });
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v === 'string' ? `"${v}"` : String(v);
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/**
 * Parse config text (YAML or JSON, which is YAML) and validate it. Throws a LeadcalError
 * whose issues name the file, the line, the key path and a hint.
 *
 * @example
 * parseConfig('columns:\n  lead_id: 3\n', 'm.yaml', z.object({ columns: z.record(z.string(), z.string()) }))
 * // throws: m.yaml:2: columns.lead_id: expected string, got 3 — …
 */
export function parseConfig<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  const lineCounter = new LineCounter();
  const limit = (message: string, hint: string): LeadcalError => new LeadcalError({ code: 'mapping_invalid', severity: 'error', file, message, hint });
  if (text.length > MAX_CONFIG_CHARS) throw limit(`the file is larger than ${MAX_CONFIG_CHARS / 1e6} MB`, 'a model or mapping file is a few kilobytes: check that this is the right file');
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    if (e instanceof RangeError) throw limit('the file is nested too deeply to read', 'a model or mapping file has a few levels of nesting');
    throw e;
  }
  if (doc.errors.length > 0) {
    throw new LeadcalError(doc.errors.map((e): Issue => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { code: 'mapping_invalid', severity: 'error', file, line: pos.line, position: pos.col, message: e.message.split('\n')[0]!, hint: 'fix the YAML syntax (indent with spaces, quote values containing ": ")' };
    }));
  }
  let data: unknown;
  try {
    // yaml's limit on alias expansion (a "billion laughs" file) and deep nesting end here
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof RangeError) throw limit('the file is nested too deeply to read', 'a model or mapping file has a few levels of nesting');
    if (e instanceof ReferenceError || /alias/i.test((e as Error).message)) throw limit(`${(e as Error).message.split('\n')[0]!.replace(/\.$/, '')} (YAML aliases expand too much)`, 'write the values out instead of repeating anchors (&a / *a)');
    throw e;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const lineOf = (path: Path): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (node && node.range) return lineCounter.linePos(node.range[0]).line;
      if (n === 0 && doc.contents?.range) return lineCounter.linePos(doc.contents.range[0]).line;
    }
    return undefined;
  };
  const keyLine = (path: Path, key: string): number | undefined => {
    const parent = path.length ? doc.getIn(path, true) : doc.contents;
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && pair.key.value === key && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
      }
    }
    return lineOf(path);
  };
  const issues: Issue[] = [];
  for (const zi of result.error.issues) {
    const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.join('.') || '(top level)';
    if (zi.code === 'unrecognized_keys') {
      for (const key of zi.keys) {
        const allowed = keysAt(schema, path);
        const near = suggest(key, allowed);
        const line = keyLine(path, key);
        issues.push({ code: 'mapping_invalid', severity: 'error', file, ...(line === undefined ? {} : { line }), column: path.length ? where : undefined as never, message: `unknown key "${key}"`, hint: near ? `did you mean "${near}"?` : `allowed keys here: ${allowed.join(', ') || 'none'}` });
      }
      continue;
    }
    const got = valueAt(data, path);
    if (zi.code === 'invalid_union' && 'discriminator' in zi && typeof zi.discriminator === 'string') {
      const allowed = discriminatorValues(schema, path.slice(0, -1), zi.discriminator);
      const near = typeof got === 'string' ? suggest(got, allowed) : undefined;
      const line = lineOf(path);
      issues.push({ code: 'mapping_invalid', severity: 'error', file, ...(line === undefined ? {} : { line }), column: where, message: `${describeValue(got)} is not allowed`, hint: near ? `did you mean "${near}"?` : `use one of: ${allowed.join(', ')}` });
      continue;
    }
    let message = zi.message.replace(/^Invalid input: /, '');
    if (zi.code === 'invalid_type') message = `expected ${zi.expected}, got ${describeValue(got)}`;
    if (zi.code === 'invalid_value' && 'values' in zi) {
      const near = typeof got === 'string' ? suggest(got, zi.values.map(String)) : undefined;
      issues.push({ code: 'mapping_invalid', severity: 'error', file, ...(lineOf(path) === undefined ? {} : { line: lineOf(path)! }), column: where, message: `${describeValue(got)} is not allowed`, hint: near ? `did you mean "${near}"?` : `use one of: ${zi.values.join(', ')}` });
      continue;
    }
    const line = lineOf(path);
    issues.push({ code: 'mapping_invalid', severity: 'error', file, ...(line === undefined ? {} : { line }), column: where, message, hint: 'see the format in datasets/README.md' });
  }
  for (const i of issues) if (i.column === undefined) delete i.column;
  throw new LeadcalError(issues);
}

/** Read and parse a config file; a missing file is a clear error too. */
export function readConfig<S extends z.ZodType>(path: string, schema: S): z.output<S> {
  let text: string;
  try {
    if (statSync(path).size > MAX_CONFIG_CHARS) throw new LeadcalError({ code: 'mapping_invalid', severity: 'error', file: path, message: `the file is larger than ${MAX_CONFIG_CHARS / 1e6} MB`, hint: 'a model or mapping file is a few kilobytes: check that this is the right file' });
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof LeadcalError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new LeadcalError({ code: 'file_unreadable', severity: 'error', file: path, message: 'this is a folder, not a file', hint: 'give the path of the YAML/JSON file' });
    throw new LeadcalError({ code: 'file_missing', severity: 'error', file: path, message: 'file not found', hint: 'check the path' });
  }
  return parseConfig(text, path, schema);
}
