#!/usr/bin/env bash
# System components the tests need, from Debian's packages (idempotent; skipped when present).
# Later features add Jupyter here.
set -euo pipefail
need=()
# PostgreSQL server binaries (initdb, pg_ctl) for the SQL parity tests (scripts/postgres.sh)
if ! bash "$(dirname "$0")/postgres.sh" status; then
  need+=(postgresql)
fi
# ClickHouse server and client for the SQL parity tests (scripts/clickhouse.sh)
if ! bash "$(dirname "$0")/clickhouse.sh" status; then
  need+=(clickhouse-server clickhouse-client)
fi
# Headless Chromium for the report-site browser tests (test/report/site.browser.test.ts)
if [ ! -x /usr/bin/chromium ]; then
  need+=(chromium)
fi
# Jupyter's nbclient for Debian's /usr/bin/python3: runs the tslab notebooks (scripts/notebooks.sh, test/notebooks)
if ! /usr/bin/python3 -c 'import nbclient, nbformat, jupyter_client' 2>/dev/null; then
  need+=(python3-nbclient jupyter-nbconvert jupyter-client)
fi
# scikit-learn and pandas for Debian's /usr/bin/python3: regenerate the committed scikit-learn reference fixtures (scripts/fixtures/real_data_sklearn.py, sklearn_metrics.py)
if ! /usr/bin/python3 -c 'import sklearn, pandas' 2>/dev/null; then
  need+=(python3-sklearn python3-pandas)
fi
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${need[@]}"
fi
