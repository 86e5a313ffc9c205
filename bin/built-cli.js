// Where the compiled CLI is and whether it is current: it exists, and no file under src/ was
// modified after it was built (an installed package has src/ and dist/ with equal times).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** dist/cli/main.js, absolute. */
export const BUILT_CLI = join(root, 'dist', 'cli', 'main.js');

/** True when some file under `dir` was modified after `ms`. */
function newerThan(dir, ms) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? newerThan(path, ms) : statSync(path).mtimeMs > ms) return true;
  }
  return false;
}

/** True when dist/cli/main.js exists and src/ has not changed since it was built. */
export function builtCliIsCurrent() {
  if (!existsSync(BUILT_CLI)) return false;
  const src = join(root, 'src');
  return !existsSync(src) || !newerThan(src, statSync(BUILT_CLI).mtimeMs);
}
