#!/usr/bin/env bash
# System components the tests need, from Debian's packages (idempotent; skipped when present).
# Later features add PostgreSQL, Chromium and Jupyter here.
set -euo pipefail
need=()
# (none yet)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
