#!/usr/bin/env bash
# Cases at scale, on SQLite or PostgreSQL: time of `demo --people N --cases M`
# (people through the import, cases through the bulk case import), database
# size, then wrk on the pages and the API: the case page GET /cases/{id}
# (signed in with a cookie session as cirebon.union, random cases of hers),
# "my work" /cases of cirebon.union (about 200 open cases), the caseload
# /cases/caseload of the union's supervisor cirebon.union.sup, and case
# creation POST /api/v1/cases (bearer token of the supervisor, people of
# cirebon.union's cases whose details are shared with the union and
# NEW_PEOPLE the supervisor registers first; last, as it writes). p50/p95/p99 and req/s of each. Run on demand,
# never in CI. Needs wrk (Debian package `wrk`), curl and jq; for PostgreSQL
# psql and a server where PG_URL's user may create databases
# (satuatap_bench_cases is dropped and re-created).
#   bash bench/cases-load.sh sqlite|postgres [PEOPLE] [CASES]   # 1000000 300000
#   DURATION=20 (seconds per wrk run)  KEEP=1 (keep the database)
#   NEW_PEOPLE=200 (people the supervisor registers before opening cases)
#   PG_URL=postgres://postgres@127.0.0.1:5432  BENCH_DIR=/tmp/...  SATUATAP_BIN=...
#   REUSE=1 BENCH_DIR=<dir kept by KEEP=1>: skip the load, rerun the HTTP part
# On PostgreSQL the loaded database gets VACUUM (ANALYZE), as autovacuum
# would do after a bulk load (and it may be off on a test server).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SATUATAP_BIN:-$root/target/release/satuatap}
engine=${1:-}
people=${2:-1000000}
cases=${3:-300000}
duration=${DURATION:-20}
NEW_PEOPLE=${NEW_PEOPLE:-200}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432}
port=${PORT:-18184}
lua=$root/bench/lua
name=satuatap_bench_cases
case "$engine" in
  sqlite | postgres) ;;
  *) echo "usage: bash bench/cases-load.sh sqlite|postgres [PEOPLE] [CASES]" >&2; exit 2 ;;
esac
source "$root/bench/common.sh"
work_dir cases
export RUST_LOG=warn,sqlx=error SATUATAP_LOG_LEVEL=warn PGOPTIONS=--client-min-messages=warning
url=$(db_url $name)

echo "== satuatap cases load, $engine, $people people, $cases cases, $(nproc) cores, $(date -u +%FT%TZ)"
echo "   binary: $bin; work dir: $dir"
conditions
load=reused
if [ "${REUSE:-0}" != 1 ]; then
  fresh_db $name >/dev/null
  echo "== demo --people $people --cases $cases"
  start=$(now)
  SATUATAP_DATABASE_URL=$url "$bin" demo --people "$people" --cases "$cases" --seed 1 | tail -n 3
  load=$(since "$start")
  echo "   demo --people $people --cases $cases: $load s wall"
  conditions
  if [ "$engine" = postgres ]; then
    start=$(now)
    psql -q "$url" -c "VACUUM (ANALYZE)"
    echo "   VACUUM (ANALYZE): $(since "$start") s"
  fi
elif [ -z "${BENCH_DIR:-}" ]; then
  echo "REUSE=1 needs the BENCH_DIR of a KEEP=1 run" >&2; exit 2
fi
size=$(db_size $name)
echo "== database size: $size"

base="http://127.0.0.1:$port"
serve_bench "$url"

worker=cirebon.union supervisor=cirebon.union.sup
cookie="Cookie: satuatap_session=$(session $worker)"
sup_cookie="Cookie: satuatap_session=$(session $supervisor)"
auth="Authorization: Bearer $(token_of $worker)"
# New cases are opened by the supervisor (same organisation, so the same
# consents), which leaves the worker's 200 for a rerun with REUSE=1.
sup_auth="Authorization: Bearer $(token_of $supervisor)"

# Her cases (the case pages to read) and their people (to open new cases for).
curl -fs "$base/api/v1/me/work" -H "$auth" >"$dir/work.json"
jq -r '.cases[].id | "/cases/" + .' "$dir/work.json" >"$dir/case-paths.txt"
jq -r '.cases[].person_id' "$dir/work.json" | sort -u >"$dir/people.txt"
echo "   $worker: $(wc -l <"$dir/case-paths.txt") open cases, $(jq '.tasks_overdue | length' "$dir/work.json") overdue tasks"
# Opening a case needs her details shared with the organisation: most of the
# generated cases' people were filed without such a consent, so new cases
# are opened for those whose details the supervisor reads (an audited read each).
while read -r person; do
  [ "$(curl -fs "$base/api/v1/people/$person" -H "$sup_auth" | jq -r .withheld)" = false ] && echo "$person"
done <"$dir/people.txt" >"$dir/shared.txt" || true
echo "   people of her cases whose details $supervisor reads: $(wc -l <"$dir/shared.txt") of $(wc -l <"$dir/people.txt")"
# So few that every new case would pile on them (on the same rows of the
# aggregates): as at a desk, people the union registers now, whose details
# are its own, get cases too.
grep -o '^32\.09\.[0-9][0-9]\.[0-9]*' "$root/data/areas/pilot/villages.csv" | head -n "$NEW_PEOPLE" >"$dir/villages.txt"
n=0
while read -r village; do
  n=$((n + 1))
  curl -fs -XPOST "$base/api/v1/people" -H "$sup_auth" -H 'content-type: application/json' \
    -d "{\"full_name\":\"Bench Case Person $n $RANDOM\",\"sex\":\"female\",\"birth_date\":\"1990-01-0$((n % 9 + 1))\",\"village_code\":\"$village\"}" |
    jq -r 'select(.withheld == false) | .id'
done <"$dir/villages.txt" >>"$dir/shared.txt" || true
echo "   with the people $supervisor registered now: $(wc -l <"$dir/shared.txt")"
first=$(head -n 1 "$dir/case-paths.txt")
one() { # LABEL HEADER PATH
  curl -s -o "$dir/one.html" -w "   $1: HTTP %{http_code} in %{time_total} s, %{size_download} bytes\n" -H "$2" "$base$3"
}
one "case page $first" "$cookie" "$first"
one "my work" "$cookie" /cases
one "caseload ($supervisor)" "$sup_cookie" /cases/caseload
grep -o '<dd>[0-9]*</dd>' "$dir/one.html" | tr -d '<>/d' | paste -sd' ' | sed 's/^/   open cases per stage: /'

declare -A result
run_wrk case "case page" 8 "$cookie" paths.lua / "$dir/case-paths.txt"
run_wrk work "my work ($worker)" 8 "$cookie" get.lua /cases
run_wrk caseload "caseload ($supervisor)" 8 "$sup_cookie" get.lua /cases/caseload
if [ -s "$dir/shared.txt" ]; then
  run_wrk create "case creation ($supervisor)" 16 "$sup_auth" create_case.lua /api/v1/cases "$dir/shared.txt"
else
  result[create]="not run: no person of her cases shares her details with $supervisor"
fi

kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
echo "   server log lines with error or panic: $(grep -ciE 'error|panic' "$dir/serve.log" || true)"
echo "== summary ($engine, $people people, $cases cases): load $load s; size $size -> $(db_size $name)"
for key in case work caseload create; do echo "   $key: ${result[$key]}"; done
