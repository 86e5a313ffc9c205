/**
 * Lines of values in a YAML text, for checks made after the schema (an ICP attribute the
 * history does not have, a framework criterion without records) that still point at a line.
 */
import { LineCounter, parseDocument, type Node } from 'yaml';

/** Line of the node at a key path (or of its nearest ancestor), 1-based. */
export type LineOf = (path: (string | number)[]) => number | undefined;

/**
 * Index a YAML text by key path. Parse errors are not reported here (`parseConfig` does).
 *
 * @example
 * yamlLines('a:\n  - x: 1\n')(['a', 0, 'x']) // => 2
 */
export function yamlLines(text: string): LineOf {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as Node | null | undefined;
      if (node && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}
