/**
 * File names from data: segment names and table ids become lower-case ASCII slugs that cannot
 * name a folder or climb out of the site (`../../etc` → `etc`), deduplicated in order.
 */

/**
 * A file-name-safe slug: ASCII letters, digits and single hyphens, at most 60 characters;
 * `fallback` when nothing is left.
 *
 * @example
 * slugify('../../etc/passwd') // => 'etc-passwd'
 * slugify('Mid Market (EU)') // => 'mid-market-eu'
 */
export function slugify(text: string, fallback = 'item'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || fallback;
}

/**
 * Slugs for a list of names, unique in order: repeats get -2, -3 …
 *
 * @example
 * uniqueSlugs(['A b', 'a-b', '../']) // => ['a-b', 'a-b-2', 'item']
 */
export function uniqueSlugs(names: readonly string[], fallback = 'item'): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = slugify(name, fallback);
    let slug = base;
    for (let k = 2; used.has(slug); k++) slug = `${base}-${k}`;
    used.add(slug);
    return slug;
  });
}
