#!/usr/bin/env bash
# Runs every test of Satu Atap: formatting and lints, the Rust unit and
# integration tests (each storage test on SQLite and on PostgreSQL), and the
# browser tests (playwright-core driving Debian's Chromium).
#
# It uses what the machine has and installs or starts what is missing:
# - PostgreSQL: $SATUATAP_TEST_POSTGRES_URL if set; else a server answering on
#   127.0.0.1:5432; else a throw-away cluster in a temporary directory
#   (installing Debian's `postgresql` first if needed); `pg_dump` and
#   `pg_restore` on the PATH for the backup tests (Debian's `postgresql-client`).
# - Chromium: /usr/bin/chromium, else Debian's `chromium` is installed.
# - npm packages of tests/browser (from its lock file).
# - schemathesis (tests/api/requirements.txt) in tests/api/.venv.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

say() { printf '==> %s %s\n' "$(date +%T)" "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_bin() {
  # Debian keeps the server binaries out of PATH.
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/$1" ]; then echo "$dir/$1"; else command -v "$1" || true; fi
}

pg_tmp=""
stop_postgres() {
  if [ -n "$pg_tmp" ] && [ -d "$pg_tmp/data" ]; then
    run_pg "$(pg_bin pg_ctl)" -D "$pg_tmp/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$pg_tmp"
  fi
}

run_pg() {
  # PostgreSQL refuses to run as root: use the postgres account then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_temporary_postgres() {
  if [ -z "$(pg_bin initdb)" ]; then apt_install postgresql; fi
  local initdb pg_ctl port=55432
  initdb=$(pg_bin initdb)
  pg_ctl=$(pg_bin pg_ctl)
  pg_tmp=$(mktemp -d /tmp/satuatap-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_tmp"; fi
  say "starting a temporary PostgreSQL in $pg_tmp on port $port"
  run_pg "$initdb" -D "$pg_tmp/data" -U postgres -A trust --no-sync >/dev/null
  run_pg "$pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/log" -w \
    -o "-p $port -k $pg_tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  export SATUATAP_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

pg_answers() {
  local isready
  isready=$(pg_bin pg_isready)
  if [ -n "$isready" ]; then "$isready" -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; fi
}

drop_test_databases() {
  local psql
  psql=$(command -v psql || true)
  [ -n "$psql" ] || return 0
  "$psql" "$SATUATAP_TEST_POSTGRES_URL" -Atc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'satuatap\_test\_%'" 2>/dev/null |
    while read -r db; do "$psql" "$SATUATAP_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true; done
}

trap 'stop_postgres' EXIT

# --- PostgreSQL -------------------------------------------------------------
if [ -n "${SATUATAP_TEST_POSTGRES_URL:-}" ]; then
  say "PostgreSQL for tests: given by SATUATAP_TEST_POSTGRES_URL"
elif pg_answers; then
  export SATUATAP_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
  say "PostgreSQL for tests: the server on 127.0.0.1:5432"
else
  start_temporary_postgres
fi
drop_test_databases
# `satuatap backup` and `restore` run pg_dump and pg_restore from the PATH.
if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then apt_install postgresql-client; fi

# --- Rust ---------------------------------------------------------------------
# A fresh clone (CI) builds everything once: incremental compilation only
# costs time there. A working copy keeps it for quick rebuilds.
if [ ! -d target/debug ]; then export CARGO_INCREMENTAL=0; fi
say "cargo fmt --check"
cargo fmt --all -- --check
say "generated migrations: each scripts/gen-*.py writes its files as they are"
gen_dir=$(mktemp -d)
cp -r crates/store/migrations "$gen_dir/before"
for gen in scripts/gen-*.py; do PYTHONDONTWRITEBYTECODE=1 python3 "$gen" >/dev/null; done
if ! diff -r "$gen_dir/before" crates/store/migrations >&2; then
  cp -r "$gen_dir/before/." crates/store/migrations/
  rm -rf "$gen_dir"
  say "a migration differs from what its script writes: change the script, not the file"
  exit 1
fi
rm -rf "$gen_dir"
say "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
say "cargo test (SQLite and PostgreSQL)"
cargo test --workspace
drop_test_databases

# --- API contract ---------------------------------------------------------------
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then apt_install python3-venv; fi
say "API contract: schemathesis against the server on SQLite and PostgreSQL"
cargo build --quiet -p satuatap
bash scripts/api-contract.sh 15
drop_test_databases

# --- Browser ------------------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
say "browser tests (playwright-core + /usr/bin/chromium)"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# Four test files at a time: each waits mostly on its server's demo load and
# on Chromium, so they overlap well even on two cores.
SATUATAP_BIN="$root/target/debug/satuatap" node --test --test-concurrency=4 tests/browser/ 2>&1 | tee /tmp/satuatap-browser.log |
  grep -E '^(not ok|ok|# (pass|fail))' || true
pass=$(sed -n 's/^# pass //p' /tmp/satuatap-browser.log)
fail=$(sed -n 's/^# fail //p' /tmp/satuatap-browser.log)
echo "browser: ${pass:-0} passed, ${fail:-1} failed"
if [ "${fail:-1}" != 0 ] || [ "${pass:-0}" = 0 ]; then
  cat /tmp/satuatap-browser.log >&2
  exit 1
fi
