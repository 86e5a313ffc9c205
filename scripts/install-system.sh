#!/usr/bin/env bash
# System components the tests need, from Debian's packages (idempotent; skipped when present).
# Later features add Chromium and Jupyter here.
set -euo pipefail
need=()
# PostgreSQL server binaries (initdb, pg_ctl) for the SQL parity tests (scripts/postgres.sh)
if ! bash "$(dirname "$0")/postgres.sh" status; then
  need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
