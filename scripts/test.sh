#!/usr/bin/env bash
# The whole test suite: installs what it needs, type-checks, runs vitest, and ends with the
# plain line "N passed, N failed" (from vitest's JSON report). Exit status non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
fi
bash scripts/install-system.sh || exit 1

mkdir -p test/output
typecheck=0
if ! npx tsc --noEmit -p tsconfig.json; then
  echo "type check failed" >&2
  typecheck=1
fi
# dist/ is what the notebooks import ('leadcal' → package.json exports)
if ! npm run --silent build; then
  echo "build failed (npm run build)" >&2
  typecheck=1
fi
npx vitest run --reporter=default --reporter=json --outputFile.json=test/output/vitest.json "$@"
node scripts/test-summary.mjs test/output/vitest.json "$typecheck"
