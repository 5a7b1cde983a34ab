#!/usr/bin/env bash
# Writes at the speed of the engine? Both sides of the ratio in one run, on
# SQLite or PostgreSQL: registrations over HTTP (`POST /api/v1/people`, wrk,
# CONNS connections, as cirebon.desk, on the demo database, optionally with
# PEOPLE synthetic people first), then the bare engine doing the comparable
# transaction (one person row and one hash-chained audit row, CONNS clients:
# crates/store/benches/bare_writes.rs) against a fresh database of the same
# engine, and the ratio. Run on demand, never in CI. Needs wrk, curl, jq (and
# psql for PostgreSQL, where PG_URL's user may create databases).
#   bash bench/writes-load.sh sqlite|postgres [PEOPLE]     # PEOPLE: 0
#   DURATION=20 (seconds per side)  CONNS=16  KEEP=1  BENCH_DIR=...  SATUATAP_BIN=...
#   SYNCHRONOUS=full|normal (SQLite: the server's sqlite_synchronous and the bare side's; default full)
#   PG_URL=postgres://postgres@127.0.0.1:5432
#   REUSE=1 BENCH_DIR=<dir kept by KEEP=1>: skip the load
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SATUATAP_BIN:-$root/target/release/satuatap}
engine=${1:-}
people=${2:-0}
duration=${DURATION:-20}
conns=${CONNS:-16}
synchronous=${SYNCHRONOUS:-full}
export SATUATAP_SQLITE_SYNCHRONOUS=$synchronous
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432}
port=${PORT:-18184}
lua=$root/bench/lua
case "$engine" in
  sqlite | postgres) ;;
  *) echo "usage: bash bench/writes-load.sh sqlite|postgres [PEOPLE]" >&2; exit 2 ;;
esac
source "$root/bench/common.sh"
work_dir writes
export RUST_LOG=warn SATUATAP_LOG_LEVEL=warn PGOPTIONS=--client-min-messages=warning

echo "== satuatap writes, $engine (sqlite synchronous=$synchronous), $people people, $conns connections, $(nproc) cores, $(date -u +%FT%TZ)"
echo "   binary: $bin; work dir: $dir"
conditions

name=satuatap_bench_writes
if [ "${REUSE:-0}" = 1 ]; then
  url=$(db_url $name)
else
  url=$(fresh_db $name)
  if [ "$people" -gt 0 ]; then
    SATUATAP_DATABASE_URL=$url "$bin" demo --people "$people" | tail -n 1
  else
    SATUATAP_DATABASE_URL=$url "$bin" demo | tail -n 1
  fi
  [ "$engine" = sqlite ] || psql -q "$url" -c "VACUUM (ANALYZE)"
fi

# 1. Satu Atap over HTTP.
serve_as_desk "$url"
echo "-- Satu Atap: POST /api/v1/people (wrk -t2 -c$conns -d${duration}s)"
wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s --latency -H "Authorization: Bearer $token" \
  -s "$lua/register.lua" "$base/api/v1/people" -- "$villages" >"$dir/wrk.txt"
grep -E '  p50 |req/s|Non-2xx' "$dir/wrk.txt" || true
http_rate=$(awk '/^Requests\/sec/ { print $2 }' "$dir/wrk.txt")
http_p95=$(grep -oE 'p95 [0-9.]+ ms' "$dir/wrk.txt" | head -n 1 | cut -d' ' -f2- || true)
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
echo "   server log lines with error or panic: $(grep -ciE 'error|panic' "$dir/serve.log" || true)"
conditions

# 2. The bare engine, the comparable transaction, as many clients.
bare=satuatap_bench_bare
bare_url=$(fresh_db $bare)
echo "-- the bare engine: person row + hash-chained audit row ($conns clients, ${duration}s)"
bare_json=$(cd "$root" && cargo bench -q -p satuatap-store --bench bare_writes -- "$bare_url" "$duration" "$conns" "$synchronous" 2>/dev/null | tail -n 1)
echo "   $bare_json"
bare_rate=$(echo "$bare_json" | jq .per_second)
conditions

awk -v h="$http_rate" -v b="$bare_rate" -v p="$http_p95" -v e="$engine" 'BEGIN {
  printf "== %s: Satu Atap %.0f registrations/s (p95 %s) / bare engine %.0f transactions/s = %.3f\n", e, h, p, b, h / b }'
