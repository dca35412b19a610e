#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: installed from Debian when missing, initialised in a
# temporary folder, started on a free loopback port as the `postgres` user (initdb and postgres refuse
# root), stopped by `postgres.sh stop <dir>`. Prints the folder and the URL.
#   eval "$(bash scripts/ci/postgres.sh start)"   # sets POSTGRES_TEST_DIR and POSTGRES_TEST_URL
#   bash scripts/ci/postgres.sh stop "$POSTGRES_TEST_DIR"
#   bash scripts/ci/postgres.sh restart <dir>   # a fast shutdown and a start (tests of reconnection)
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

case "${1:-}" in
start)
  if [ -z "$(bin_dir)" ]; then
    { as_root apt-get update -qq || true; as_root apt-get install -y -qq --no-install-recommends postgresql; } >&2
  fi
  bin=$(bin_dir)
  [ -n "$bin" ] || { echo "PostgreSQL could not be installed" >&2; exit 1; }
  dir=$(mktemp -d /tmp/ledger-postgres-XXXXXX)
  run_as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$dir"
    run_as=(runuser -u postgres --)
  fi
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  "${run_as[@]}" "$bin/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on" start >/dev/null
  echo "export POSTGRES_TEST_DIR=$dir"
  echo "export POSTGRES_TEST_URL=postgres://postgres@127.0.0.1:$port/postgres"
  ;;
restart)
  dir=${2:?the folder start printed}
  run_as=()
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$(bin_dir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
  ;;
stop)
  dir=${2:?the folder start printed}
  bin=$(bin_dir)
  run_as=()
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: postgres.sh start | restart <dir> | stop <dir>" >&2
  exit 2
  ;;
esac
