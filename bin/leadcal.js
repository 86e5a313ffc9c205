#!/usr/bin/env node
// The `leadcal` command. It runs the compiled CLI in dist/ (built by `npm run build`, which the
// `prepare` script runs on `npm ci` / `npm install`). In a source checkout without a build, or
// where a file in src/ is newer than the build, it runs the TypeScript through tsx instead, so
// an edit is never hidden behind a stale dist/.
import { pathToFileURL } from 'node:url';
import { BUILT_CLI, builtCliIsCurrent } from './built-cli.js';

if (builtCliIsCurrent()) {
  await import(pathToFileURL(BUILT_CLI).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
