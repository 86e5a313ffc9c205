#!/usr/bin/env node
// The `leadcal` command. It runs the compiled CLI in dist/ (built by `npm run build`, which the
// `prepare` script runs on `npm ci` / `npm install`). In a source checkout without a build, or
// where a file in src/ is newer than the build, it runs the TypeScript through tsx instead, so
// an edit is never hidden behind a stale dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'cli', 'main.js');

/** True when some file under `dir` was modified after `ms`. */
function newerThan(dir, ms) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? newerThan(path, ms) : statSync(path).mtimeMs > ms) return true;
  }
  return false;
}

function buildIsCurrent() {
  if (!existsSync(built)) return false;
  const src = join(root, 'src');
  return !existsSync(src) || !newerThan(src, statSync(built).mtimeMs);
}

if (buildIsCurrent()) {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
