/**
 * Where notebook helpers send what they show. In a tslab kernel that is tslab's `display`
 * (loaded on first use, so the package does not need tslab); elsewhere, or after
 * `setDisplay`, any object with `html` and `markdown` methods — a test collects the output.
 */
import { createRequire } from 'node:module';

/** What the helpers write to: rich output by MIME kind. */
export interface NotebookDisplay {
  html(markup: string): void;
  markdown(text: string): void;
}

let current: NotebookDisplay | undefined;

/** Plain text on stdout when no notebook kernel is there (a script, a REPL). */
const consoleDisplay: NotebookDisplay = {
  html: (markup) => console.log(markup),
  markdown: (text) => console.log(text),
};

/** Use `display` for everything the helpers show from now on (`undefined`: back to automatic). */
export function setDisplay(display: NotebookDisplay | undefined): void {
  current = display;
}

/** The display in use: the one set, else tslab's when it loads, else the console. */
export function notebookDisplay(): NotebookDisplay {
  if (current) return current;
  try {
    const tslab = createRequire(import.meta.url)('tslab') as { display: NotebookDisplay };
    current = tslab.display;
  } catch {
    current = consoleDisplay;
  }
  return current;
}
