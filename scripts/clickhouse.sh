#!/usr/bin/env bash
# A throwaway ClickHouse server for the SQL parity tests (test/setup/clickhouse.ts).
#   clickhouse.sh status      exit 0 when clickhouse-server is installed
#   clickhouse.sh start       start a server on a free port in a fresh data dir; prints
#                             export LEADCAL_CH_URL='http://127.0.0.1:PORT/' LEADCAL_CH_DIR='DIR'
#   clickhouse.sh stop DIR    stop that server and remove DIR
# Install with scripts/install-system.sh (Debian's clickhouse-server).
set -euo pipefail
server=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
case "${1:-}" in
  status)
    [ -x "$server" ] ;;
  start)
    [ -x "$server" ] || { echo "clickhouse-server is not installed (run scripts/install-system.sh as root)" >&2; exit 1; }
    dir=$(mktemp -d "${TMPDIR:-/tmp}/leadcal-ch.XXXXXX")
    http=$(free_port); tcp=$(free_port); inter=$(free_port)
    mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/log"
    cat > "$dir/users.xml" <<XML
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
    cat > "$dir/config.xml" <<XML
<yandex>
  <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/server.err.log</errorlog><console>0</console></logger>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <interserver_http_port>$inter</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>104857600</mark_cache_size>
  <uncompressed_cache_size>104857600</uncompressed_cache_size>
</yandex>
XML
    "$server" --config-file="$dir/config.xml" --pid-file="$dir/server.pid" --daemon >"$dir/log/stdout.log" 2>&1 || { cat "$dir/log/"*.log >&2; rm -rf "$dir"; exit 1; }
    for _ in $(seq 1 120); do
      if python3 -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:$http/ping', timeout=1).read().strip()==b'Ok.' else 1)" 2>/dev/null; then
        echo "export LEADCAL_CH_URL='http://127.0.0.1:$http/' LEADCAL_CH_DIR='$dir'"
        exit 0
      fi
      sleep 0.5
    done
    echo "ClickHouse did not answer on port $http:" >&2; cat "$dir/log/"*.log >&2 || true
    [ -f "$dir/server.pid" ] && kill "$(cat "$dir/server.pid")" 2>/dev/null || true
    rm -rf "$dir"; exit 1 ;;
  stop)
    dir=${2:?usage: clickhouse.sh stop DIR}
    case "$dir" in */leadcal-ch.*) ;; *) echo "not a leadcal ClickHouse dir: $dir" >&2; exit 1 ;; esac
    if [ -f "$dir/server.pid" ]; then
      pid=$(cat "$dir/server.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir" ;;
  *) echo "usage: clickhouse.sh status|start|stop DIR" >&2; exit 2 ;;
esac
