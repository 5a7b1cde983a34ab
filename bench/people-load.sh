#!/usr/bin/env bash
# The person registry with a million people, on SQLite or PostgreSQL: time of
# `demo --people N`, of importing a generated N-row CSV (`people import`),
# database sizes, then wrk on the API of the `demo --people N` database as
# cirebon.desk: duplicate match and name search latency (p50/p95/p99), one
# person by id, and registration throughput (last, as it writes). Run on
# demand, never in CI. Needs wrk (Debian package `wrk`), curl and jq; for
# PostgreSQL psql and a server where PG_URL's user may create databases
# (satuatap_bench and satuatap_bench_import are dropped and re-created).
#   bash bench/people-load.sh sqlite|postgres [PEOPLE]      # PEOPLE: 1000000
#   DURATION=20 (seconds per wrk run)  KEEP=1 (keep the databases and CSV)
#   HTTP_ON=demo|import|both (which database the API runs are made on)
#   PG_URL=postgres://postgres@127.0.0.1:5432  BENCH_DIR=/tmp/...  SATUATAP_BIN=...
#   REUSE=1 BENCH_DIR=<dir kept by KEEP=1>: skip the loads, rerun the API part
#   IMPORT=0: skip the CSV import (and its database)
#   EVAL_SEED=1: the evaluation set's seed (another one on a REUSE=1 run)
# Last, `people match-eval` on the demo database: duplicate detection's
# recall@1 and false "likely" on the generated evaluation set (2,400 more
# people), with the match time in the process.
# On PostgreSQL the loaded databases get VACUUM (ANALYZE), as autovacuum would
# do after a bulk load (and it may be off on a test server).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SATUATAP_BIN:-$root/target/release/satuatap}
engine=${1:-}
people=${2:-1000000}
duration=${DURATION:-20}
http_on=${HTTP_ON:-demo}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432}
port=${PORT:-18183}
lua=$root/bench/lua
case "$engine" in
  sqlite | postgres) ;;
  *) echo "usage: bash bench/people-load.sh sqlite|postgres [PEOPLE]" >&2; exit 2 ;;
esac
source "$root/bench/common.sh"
work_dir people
export RUST_LOG=warn SATUATAP_LOG_LEVEL=warn PGOPTIONS=--client-min-messages=warning

echo "== satuatap people load, $engine, $people people, $(nproc) cores, $(date -u +%FT%TZ)"
echo "   binary: $bin; work dir: $dir"
conditions
declare -A result

demo_name=satuatap_bench
import_name=satuatap_bench_import
vacuum() { # DATABASE...
  [ "$engine" = postgres ] || return 0
  # Statistics and the visibility map (index-only scans), as autovacuum
  # would have them shortly after a bulk load.
  local name start
  for name in "$@"; do
    start=$(now)
    psql -q "$pg_url/$name" -c "VACUUM (ANALYZE)"
    echo "   VACUUM (ANALYZE) $name: $(since "$start") s"
  done
}

load_databases() {
  # 1-2. `demo --people N` into a fresh database.
  demo_url=$(fresh_db $demo_name)
  echo "== demo --people $people"
  start=$(now)
  SATUATAP_DATABASE_URL=$demo_url "$bin" demo --people "$people" --seed 1 | tail -n 3
  result[demo]=$(since "$start")
  echo "   demo --people $people: ${result[demo]} s wall"
  conditions

  # 3. An N-row CSV imported into a second fresh database holding the demo.
  [ "${IMPORT:-1}" = 1 ] || { result[import]=skipped; vacuum $demo_name; return; }
  import_url=$(fresh_db $import_name)
  local csv=$dir/people.csv
  echo "== people generate $people rows"
  start=$(now)
  "$bin" people generate "$csv" --rows "$people" --seed 2 | tail -n 1
  echo "   generate: $(since "$start") s wall, $(du -h "$csv" | cut -f1)"
  SATUATAP_DATABASE_URL=$import_url "$bin" demo | tail -n 1
  echo "== people import ($people rows) --org DISNAKER-CRB"
  start=$(now)
  SATUATAP_DATABASE_URL=$import_url "$bin" people import "$csv" --org DISNAKER-CRB 2>&1 |
    tr '\r' '\n' | grep -v '^\s*$' | tail -n 2
  result[import]=$(since "$start")
  echo "   import: ${result[import]} s wall"
  conditions
  [ "${KEEP:-0}" = 1 ] || rm -f "$csv"

  vacuum $demo_name $import_name
}

if [ "${REUSE:-0}" = 1 ]; then
  [ -n "${BENCH_DIR:-}" ] || { echo "REUSE=1 needs the BENCH_DIR of a KEEP=1 run" >&2; exit 2; }
  demo_url=$(db_url $demo_name) import_url=$(db_url $import_name)
  result[demo]=reused result[import]=reused
else
  load_databases
fi

# 4. Sizes.
result[size_demo]=$(db_size $demo_name)
result[size_import]=$( [ "${IMPORT:-1}" = 1 ] && db_size $import_name || echo -)
echo "== database size: demo --people $people: ${result[size_demo]}; import: ${result[size_import]}"

# 5. The API, with wrk, as cirebon.desk.
villages=$dir/villages-32.09.txt
grep -o '^32\.09\.[0-9][0-9]\.[0-9]*' "$root/data/areas/pilot/villages.csv" >"$villages"

run_wrk() { # LABEL CONNECTIONS SCRIPT PATH [ARGS...]
  local label=$1 conns=$2 script=$3 path=$4
  shift 4
  echo "-- $label (wrk -t2 -c$conns -d${duration}s)"
  wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s --latency -H "Authorization: Bearer $token" \
    -s "$lua/$script" "http://127.0.0.1:$port$path" -- "$@" |
    grep -E '  p50 |req/s|Non-2xx' || echo "   wrk failed"
  conditions
}

http_bench() { # LABEL DATABASE_URL
  local label=$1 url=$2 base="http://127.0.0.1:$port"
  echo "== API on the $label database"
  SATUATAP_DATABASE_URL=$url SATUATAP_BIND=127.0.0.1:$port "$bin" serve >"$dir/serve-$label.log" 2>&1 &
  pid=$!
  until curl -fs "$base/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/serve-$label.log" >&2; exit 1; }
    sleep 0.1
  done
  token=$(curl -fs -XPOST "$base/api/v1/auth/token" -H 'content-type: application/json' \
    -d '{"username":"cirebon.desk","password":"demo-password"}' | jq -r .token)
  local auth="Authorization: Bearer $token" json='content-type: application/json'
  # One of each first: status, time, and what came back.
  local body='{"full_name":"Siti Aminah","sex":"female","birth_date":"1990-03-12","village_code":"32.09.30.2001","phone":"081234567890"}'
  curl -s -o "$dir/m.json" -w '   match Siti Aminah: HTTP %{http_code} in %{time_total} s' -XPOST "$base/api/v1/people/match" \
    -H "$auth" -H "$json" -d "$body"
  echo ", $(jq '.candidates | length' "$dir/m.json" 2>/dev/null) candidates"
  curl -s -o "$dir/s.json" -w '   search q=aminah: HTTP %{http_code} in %{time_total} s' "$base/api/v1/people?q=aminah" -H "$auth"
  echo ", total $(jq .total "$dir/s.json" 2>/dev/null)"
  local id
  id=$(jq -r '.items[0].id' "$dir/s.json")
  curl -s -o /dev/null -w "   person $id: HTTP %{http_code} in %{time_total} s\n" "$base/api/v1/people/$id" -H "$auth"

  run_wrk "match (common names)" 8 match.lua /api/v1/people/match "$villages"
  local q
  for q in aminah sri+wahyuni dewi muhammad+rizki; do
    run_wrk "search q=$q" 8 get.lua "/api/v1/people?q=$q"
  done
  run_wrk "person by id" 8 get.lua "/api/v1/people/$id"
  run_wrk "registration" 16 register.lua /api/v1/people "$villages"

  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  echo "   server log lines with error or panic: $(grep -ciE 'error|panic' "$dir/serve-$label.log" || true)"
}

case "$http_on" in
  demo) http_bench demo "$demo_url" ;;
  import) http_bench import "$import_url" ;;
  both) http_bench demo "$demo_url"; http_bench import "$import_url" ;;
  *) echo "HTTP_ON is demo, import or both" >&2; exit 2 ;;
esac
echo "== people match-eval on the demo database (1,200 pairs of namesakes, 1,200 questions)"
SATUATAP_DATABASE_URL=$demo_url "$bin" people match-eval --pairs 1200 --seed "${EVAL_SEED:-1}" >"$dir/match-eval.json"
jq -c '{recall_at_1: .positives.recall_at_1, joined_or_split: .joined_or_split.recall_at_1,
  typo: .typo.recall_at_1, same_nik: .same_nik.recall_at_1, false_likely_rate, match_p50_ms, match_p95_ms}' \
  "$dir/match-eval.json"
echo "== sizes after the API runs: demo ${result[size_demo]} -> $(db_size $demo_name); import ${result[size_import]} -> $( [ "${IMPORT:-1}" = 1 ] && db_size $import_name || echo -)"
echo "== summary ($engine, $people people): demo --people ${result[demo]} s; import ${result[import]} s"
