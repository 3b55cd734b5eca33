#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in a temporary folder on a free port.
# Usage: source scripts/test-postgres.sh; exports TEST_DATABASE_URL and defines stop_test_postgres.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL is not installed; the server tests will be skipped" >&2
  return 0
fi
run_as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
PG_TEST_DIR=$(mktemp -d /tmp/rapport-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$PG_TEST_DIR"
PG_TEST_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
run_as_pg "'$pgbin/initdb' -D '$PG_TEST_DIR/data' -U postgres -A trust --no-sync -E UTF8 >'$PG_TEST_DIR/initdb.log' 2>&1" || {
  cat "$PG_TEST_DIR/initdb.log" >&2
  return 1
}
run_as_pg "'$pgbin/pg_ctl' -D '$PG_TEST_DIR/data' -l '$PG_TEST_DIR/server.log' -w -o \"-p $PG_TEST_PORT -k '$PG_TEST_DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null" || {
  cat "$PG_TEST_DIR/server.log" >&2
  return 1
}
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_TEST_PORT/postgres"
stop_test_postgres() {
  run_as_pg "'$pgbin/pg_ctl' -D '$PG_TEST_DIR/data' -m immediate stop >/dev/null 2>&1"
  rm -rf "$PG_TEST_DIR"
}
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') test server on port $PG_TEST_PORT"
