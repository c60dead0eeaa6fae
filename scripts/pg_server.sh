#!/usr/bin/env bash
# A throw-away PostgreSQL server on 127.0.0.1 for the tests (and for trying the app on a real
# server). Installs Debian's postgresql if missing. Run as root (CI) or as a normal user.
#   source scripts/pg_server.sh start   -> exports DESK_APP_TEST_PG and PG_DATA_DIR
#   bash scripts/pg_server.sh stop DIR
set -euo pipefail

pg_bin_dir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$d" ] || [ ! -x "$d/pg_ctl" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "Installing PostgreSQL (Debian package postgresql)" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
      d="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    else
      echo "PostgreSQL is not installed; as root: apt-get install postgresql" >&2; return 1
    fi
  fi
  echo "$d"
}

as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_start() {
  local bin port dir
  bin="$(pg_bin_dir)"
  port="${PG_TEST_PORT:-54329}"
  while (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null; do port=$((port + 1)); done
  dir="$(mktemp -d /tmp/desk_app_pg.XXXXXX)"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  as_pg_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # The superuser (migrations and fixtures only) logs in without a password from this machine;
  # every other login (the people of the app, as desk_app.pg_roles makes them) must give its
  # SCRAM password, as on a real server. auth_delay slows every failed login down.
  cat >"$dir/data/pg_hba.conf" <<'HBA'
local all postgres trust
host  all postgres 127.0.0.1/32 trust
local all all scram-sha-256
host  all all 127.0.0.1/32 scram-sha-256
HBA
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/data/pg_hba.conf"
  # The server's own record of refused logins, one JSON object a line in data/log/: the database
  # reads it into the audit trail (desk_collect_logins, revision alog01; README "Logins the
  # server refuses"). In postgresql.conf so that a restart (tests/own_pg.py) keeps it.
  cat >>"$dir/data/postgresql.conf" <<'CONF'
logging_collector = on
log_destination = 'stderr,jsonlog'
log_directory = 'log'
log_filename = 'postgresql-%Y-%m-%d_%H%M%S.log'
log_file_mode = 0600
CONF
  as_pg_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 \
    -c shared_preload_libraries=auth_delay -c auth_delay.milliseconds=${PG_AUTH_DELAY_MS:-250}" start >/dev/null
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qAt -c "CREATE DATABASE desk_app_test" >/dev/null
  export PG_DATA_DIR="$dir"
  export PG_BIN_DIR="$bin"
  export DESK_APP_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$port/desk_app_test"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
}

pg_stop() {
  local dir="${1:-${PG_DATA_DIR:-}}" bin
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  bin="$(pg_bin_dir)"
  as_pg_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) pg_start ;;
  stop) pg_stop "${2:-}" ;;
  *) echo "usage: source scripts/pg_server.sh start | bash scripts/pg_server.sh stop DIR" >&2; return 2 2>/dev/null || exit 2 ;;
esac
