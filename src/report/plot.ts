/**
 * Charts rendered at build time: Observable Plot draws into a server-side DOM (linkedom by
 * default, any `Document` factory otherwise) and the SVG is serialised into the page. No canvas
 * (continuous colour legends are never requested), no script at view time.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** Makes the document Plot draws into. */
export type DocumentFactory = () => Document;

/** linkedom's document: a fast, small DOM without layout. */
export const linkedomDocument: DocumentFactory = () => parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as Document;

/**
 * Render Plot options to markup (an `<svg>`, or a `<figure>` when a legend is drawn).
 * Attribute values get `<` and `>` escaped as well, so no data text can look like a tag. Plot
 * numbers its markers and clip paths with a process-wide counter; they are renamed
 * `<idPrefix>-0`, `-1` … so that the same chart always gives the same markup and ids stay
 * unique within a page.
 */
export function renderPlot(options: Plot.PlotOptions, document: Document, idPrefix = 'chart'): string {
  const node = Plot.plot({ ...options, document }) as unknown as { outerHTML: string };
  let out = node.outerHTML.replace(/="([^"]*)"/g, (_m, v: string) => `="${v.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
  const ids: string[] = [];
  out.replace(/\sid="([^"]+)"/g, (m, id: string) => { if (!ids.includes(id)) ids.push(id); return m; });
  ids.forEach((id, k) => {
    out = out.split(`id="${id}"`).join(`id="${idPrefix}-${k}"`).split(`#${id})`).join(`#${idPrefix}-${k})`).split(`"#${id}"`).join(`"#${idPrefix}-${k}"`);
  });
  return out;
}
