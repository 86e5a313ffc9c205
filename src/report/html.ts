/**
 * HTML by construction: the `html` tagged template escapes every interpolated value unless it
 * was made by `html` itself or wrapped in `trusted()` (SVG rendered by the chart layer). Data
 * strings — lead attributes, segment names, rule ids, validation messages — therefore reach a
 * page only as text.
 */

/** A fragment of HTML that is safe to insert as it is. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escape text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<script>alert(1)</script>') // => '&lt;script&gt;alert(1)&lt;/script&gt;'
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Mark markup produced by a trusted renderer (never data) as safe. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function part(value: Part): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  return escapeHtml(value);
}

/**
 * Tagged template: literal parts as written, interpolations escaped (arrays joined, null and
 * undefined and false dropped, SafeHtml kept).
 *
 * @example
 * html`<td>${'<b>'}</td>`.text // => '<td>&lt;b&gt;</td>'
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Join fragments (already safe) with a separator. */
export function joinHtml(parts: SafeHtml[], separator = '\n'): SafeHtml {
  return new SafeHtml(parts.map((p) => p.text).join(separator));
}
