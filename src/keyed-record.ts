/**
 * Records whose keys are data. A level, column or stage may be called `constructor`,
 * `__proto__` or `toString`: zod's `z.record` rejects an object with an own `constructor` key
 * ("expected record") and builds its output on a plain object, where a `__proto__` key sets the
 * prototype and vanishes. `keyedRecord` checks own keys only and returns a null-prototype record,
 * so a lookup (`record[key]`) finds only keys the file wrote.
 */
import { z } from 'zod';

/**
 * A null-prototype record from an object's own keys. Use for records built in code.
 *
 * @example
 * dataRecord([['constructor', 5]]).constructor // => 5
 */
export function dataRecord<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Whether `record` has `key` as its own property (never a prototype's). */
export function hasKey(record: object | undefined, key: string): boolean {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key);
}

/** The value at an own key of `record`, or undefined. */
export function ownValue<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return hasKey(record, key) ? record![key] : undefined;
}

/**
 * A zod schema for a string-keyed record with values of `value`: own keys only, any key name,
 * output a null-prototype record. Issues of the values carry the key in their path.
 *
 * @example
 * keyedRecord(z.number()).parse(JSON.parse('{"__proto__": 1}'))['__proto__'] // => 1
 */
export function keyedRecord<V extends z.ZodType>(value: V) {
  return z.unknown().transform((input, ctx): Record<string, z.output<V>> => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      ctx.addIssue({ code: 'invalid_type', expected: 'record', input, message: 'expected a mapping' });
      return z.NEVER;
    }
    const entries: [string, z.output<V>][] = [];
    for (const key of Object.keys(input)) {
      const r = value.safeParse((input as Record<string, unknown>)[key]);
      if (r.success) entries.push([key, r.data as z.output<V>]);
      else for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
    }
    return dataRecord(entries);
  });
}
