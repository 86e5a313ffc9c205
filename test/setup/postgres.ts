/**
 * Vitest global setup: a throwaway PostgreSQL server for the suite (`scripts/postgres.sh`),
 * started before the tests and removed after them. Tests read the connection string with
 * `inject('postgresUrl')`; when there is none, `postgresProblem` says why and `postgresSkip`
 * says whether tests may skip (only outside CI, and only when PostgreSQL is not installed);
 * otherwise they must fail with the problem.
 *
 * `LEADCAL_PG_URL` set in the environment (e.g. after `eval "$(bash scripts/postgres.sh start)"`)
 * is used as it is, and nothing is started or stopped.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test server, '' when there is none. */
    postgresUrl: string;
    /** Why there is no server ('' when there is one). */
    postgresProblem: string;
    /** True when tests may skip for want of a server (not installed, not in CI). */
    postgresSkip: boolean;
  }
}

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'postgres.sh');

/** Is the `CI` environment variable set (to anything but an explicit no)? */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** `export NAME='value'` lines printed by `postgres.sh start`, as a record. */
export function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)='([^']*)'/g)) out[m[1]!] = m[2]!;
  return out;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const provide = (url: string, problem: string, skip: boolean): void => {
    project.provide('postgresUrl', url);
    project.provide('postgresProblem', problem);
    project.provide('postgresSkip', skip);
  };
  const given = process.env.LEADCAL_PG_URL;
  if (given) {
    provide(given, '', false);
    return async () => {};
  }
  try {
    await run('bash', [script, 'status']);
  } catch {
    const ci = inCi();
    provide('', ci ? 'PostgreSQL is not installed but CI is set: run scripts/install-system.sh (as root) first' : 'PostgreSQL is not installed (run scripts/install-system.sh as root to install it)', !ci);
    return async () => {};
  }
  let dir: string;
  try {
    const { stdout } = await run('bash', [script, 'start'], { timeout: 120_000 });
    const vars = parseExports(stdout);
    if (!vars.LEADCAL_PG_URL || !vars.LEADCAL_PG_DIR) throw new Error(`unexpected output of postgres.sh start: ${stdout}`);
    dir = vars.LEADCAL_PG_DIR;
    provide(vars.LEADCAL_PG_URL, '', false);
  } catch (error) {
    const e = error as Error & { stderr?: string };
    provide('', `PostgreSQL is installed but the test server did not start: ${(e.stderr || e.message).trim()}`, false);
    return async () => {};
  }
  return async () => {
    await run('bash', [script, 'stop', dir], { timeout: 120_000 });
  };
}
