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

/** A throwaway server started by a script's `status` / `start` / `stop DIR` (postgres.sh, clickhouse.sh). */
export interface ServerScript {
  /** The engine's name, for messages. */
  label: string;
  script: string;
  /** Environment variable naming a server to use as it is (nothing started). */
  urlEnv: string;
  /** The variable holding the data dir in the script's `start` output. */
  dirEnv: string;
}

/**
 * Start the script's server for the suite and say, through `provide(url, problem, skip)`, where
 * it is or why there is none (tests may skip only outside CI and only when it is not installed);
 * returns the teardown.
 */
export async function startServer(s: ServerScript, provide: (url: string, problem: string, skip: boolean) => void): Promise<() => Promise<void>> {
  const given = process.env[s.urlEnv];
  if (given) {
    provide(given, '', false);
    return async () => {};
  }
  try {
    await run('bash', [s.script, 'status']);
  } catch {
    const ci = inCi();
    provide('', ci ? `${s.label} is not installed but CI is set: run scripts/install-system.sh (as root) first` : `${s.label} is not installed (run scripts/install-system.sh as root to install it)`, !ci);
    return async () => {};
  }
  let dir: string;
  try {
    const { stdout } = await run('bash', [s.script, 'start'], { timeout: 120_000 });
    const vars = parseExports(stdout);
    const url = vars[s.urlEnv];
    if (!url || !vars[s.dirEnv]) throw new Error(`unexpected output of ${s.script} start: ${stdout}`);
    dir = vars[s.dirEnv]!;
    provide(url, '', false);
  } catch (error) {
    const e = error as Error & { stderr?: string };
    provide('', `${s.label} is installed but the test server did not start: ${(e.stderr || e.message).trim()}`, false);
    return async () => {};
  }
  return async () => {
    await run('bash', [s.script, 'stop', dir], { timeout: 120_000 });
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  return startServer({ label: 'PostgreSQL', script, urlEnv: 'LEADCAL_PG_URL', dirEnv: 'LEADCAL_PG_DIR' }, (url, problem, skip) => {
    project.provide('postgresUrl', url);
    project.provide('postgresProblem', problem);
    project.provide('postgresSkip', skip);
  });
}
