/**
 * Vitest global setup: a throwaway ClickHouse server for the suite (`scripts/clickhouse.sh`),
 * started before the tests and removed after them, with the same policy as PostgreSQL
 * (`postgres.ts`): tests read the HTTP URL with `inject('clickhouseUrl')`; when there is none,
 * `clickhouseProblem` says why and `clickhouseSkip` whether tests may skip (only outside CI, and
 * only when ClickHouse is not installed). `LEADCAL_CH_URL` in the environment is used as it is.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startServer } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** HTTP URL of the test ClickHouse server, '' when there is none. */
    clickhouseUrl: string;
    /** Why there is no server ('' when there is one). */
    clickhouseProblem: string;
    /** True when tests may skip for want of a server (not installed, not in CI). */
    clickhouseSkip: boolean;
  }
}

const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'clickhouse.sh');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  return startServer({ label: 'ClickHouse', script, urlEnv: 'LEADCAL_CH_URL', dirEnv: 'LEADCAL_CH_DIR' }, (url, problem, skip) => {
    project.provide('clickhouseUrl', url);
    project.provide('clickhouseProblem', problem);
    project.provide('clickhouseSkip', skip);
  });
}
