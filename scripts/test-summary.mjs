// Print the plain closing line CI reads ("N passed, N failed[, N skipped]") from vitest's JSON
// report, and exit non-zero on any failure (failed test, failed suite, failed type check).
import { existsSync, readFileSync } from 'node:fs';

const [file, typecheck = '0'] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`no vitest JSON report at ${file}`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const passed = r.numPassedTests ?? 0;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
// a suite that failed to load has no failed test: count it as one
const brokenSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
const failed = (r.numFailedTests ?? 0) + brokenSuites + (typecheck === '1' ? 1 : 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
