#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests.
#
#   eval "$(bash scripts/postgres.sh start)"   # prints `export LEADCAL_PG_…=…` lines
#   bash scripts/postgres.sh stop [DIR]         # DIR defaults to $LEADCAL_PG_DIR
#   bash scripts/postgres.sh status             # exit 0 when PostgreSQL's server binaries are installed
#
# `start` creates a cluster in a new folder under /tmp (or $LEADCAL_PG_TMPDIR) owned by the
# `postgres` user (the server refuses to run as root, so as root every server command goes
# through `runuser -u postgres`), with trust authentication, listening on a Unix socket in that folder and on 127.0.0.1 at the
# first free port from $LEADCAL_PG_PORT (default 55432); it creates the database `leadcal_test`.
# Durability is switched off (fsync, full-page writes): the data is thrown away anyway.
# `stop` shuts the server down and removes the folder.
set -euo pipefail

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

# The folder of initdb/pg_ctl/createdb: $LEADCAL_PG_BIN, initdb's folder when it is on PATH, or
# Debian's newest /usr/lib/postgresql/N/bin. Fails when none holds all three.
pg_bindir() {
  local candidates=()
  if [ -n "${LEADCAL_PG_BIN:-}" ]; then
    candidates=("$LEADCAL_PG_BIN")
  else
    if command -v initdb >/dev/null 2>&1; then candidates+=("$(dirname "$(readlink -f "$(command -v initdb)")")"); fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$newest" ]; then candidates+=("$newest"); fi
  fi
  local dir
  for dir in "${candidates[@]}"; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/createdb" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# Run a command as the server's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin dir port
  bin=$(pg_bindir) || die "PostgreSQL is not installed (no initdb found); run scripts/install-system.sh as root"
  if [ "$(id -u)" = 0 ] && ! id -u postgres >/dev/null 2>&1; then
    die "running as root but there is no 'postgres' user to own the server (install Debian's postgresql package)"
  fi
  port=${LEADCAL_PG_PORT:-55432}
  local last=$((port + 100))
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -lt "$last" ] || die "no free port in ${LEADCAL_PG_PORT:-55432}..$last"
  done
  # under /tmp by default: the server's owner must reach the folder, and a Unix socket path
  # must stay short (about 100 bytes)
  dir=$(mktemp -d "${LEADCAL_PG_TMPDIR:-/tmp}/leadcal-pg.XXXXXX")
  chmod 700 "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  # the server's owner may not be allowed into the caller's working directory
  cd "$dir"
  if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    die "initdb failed"
  fi
  local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w -t 60 start >/dev/null; then
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    die "the server did not start"
  fi
  if ! as_owner "$bin/createdb" -h "$dir" -p "$port" -U postgres leadcal_test; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    rm -rf "$dir"
    die "createdb failed"
  fi
  local url="postgresql://postgres@127.0.0.1:$port/leadcal_test"
  {
    echo "export LEADCAL_PG_DIR='$dir'"
    echo "export LEADCAL_PG_URL='$url'"
    echo "export PGHOST='$dir' PGPORT='$port' PGUSER=postgres PGDATABASE=leadcal_test"
  } | tee "$dir/env"
}

stop() {
  local dir=${1:-${LEADCAL_PG_DIR:-}}
  [ -n "$dir" ] || die "stop: give the folder printed by start (or set LEADCAL_PG_DIR)"
  [ -d "$dir" ] || die "stop: no folder $dir"
  [ -f "$dir/env" ] || die "stop: $dir was not made by postgres.sh start"
  local bin
  bin=$(pg_bindir) || die "PostgreSQL is not installed"
  cd "$dir"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  fi
  cd /
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  status) pg_bindir >/dev/null ;;
  *) die "usage: postgres.sh start | stop [DIR] | status" ;;
esac
