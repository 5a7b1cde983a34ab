#!/usr/bin/env bash
# Reports at scale, on SQLite or PostgreSQL: time of `demo --people N
# --events E` (people through the import, events written in bulk with the
# report aggregates rebuilt after), database size, then wrk on
# random filter combinations of the indicator tables and the dashboard:
#   api:       GET /api/v1/reports/table?indicator=…&period|from/to=…&by=…&district=…&sex=…&age_group=…
#              as me.officer (every district) — indicators, periods (months,
#              quarters, years, loose ranges), rows and filters drawn at random;
#   coord:     the same as cirebon.coord (her district forced);
#   dashboard: GET /reports?… (the page: headline, table, trend, charts) as me.officer;
#   headline:  GET /api/v1/reports/headline?period=<year>.
# p50/p95/p99 and req/s of each; before them, every api, coord and dashboard question
# alone (p50, p95, max, the SLOWEST=5 slowest named; all in singles-*.txt). Run on demand, never in CI. Needs wrk, curl
# and jq; for PostgreSQL psql and a server where PG_URL's user may create
# databases (satuatap_bench_reports is dropped and re-created).
#   bash bench/reports-load.sh sqlite|postgres [PEOPLE] [EVENTS]   # 1000000 10000000
#   DURATION=20 (seconds per wrk run)  KEEP=1 (keep the database)
#   PG_URL=postgres://postgres@127.0.0.1:5432  BENCH_DIR=/tmp/...  SATUATAP_BIN=...
#   REUSE=1 BENCH_DIR=<dir kept by KEEP=1>: skip the load, rerun the HTTP part
#   LOAD_ONLY=1 BENCH_DIR=<dir>: the load alone (its HTTP part later with REUSE=1,
#   on a quiet machine)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SATUATAP_BIN:-$root/target/release/satuatap}
engine=${1:-}
people=${2:-1000000}
events=${3:-10000000}
duration=${DURATION:-20}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432}
port=${PORT:-18185}
lua=$root/bench/lua
name=satuatap_bench_reports
case "$engine" in
  sqlite | postgres) ;;
  *) echo "usage: bash bench/reports-load.sh sqlite|postgres [PEOPLE] [EVENTS]" >&2; exit 2 ;;
esac
source "$root/bench/common.sh"
work_dir reports
# The rebuild names each aggregate table with its time (the load's slow part).
export RUST_LOG=warn,sqlx=error,satuatap_store::reports::aggregates=info SATUATAP_LOG_LEVEL=warn PGOPTIONS=--client-min-messages=warning
url=$(db_url $name)

echo "== satuatap reports load, $engine, $people people, $events events, $(nproc) cores, $(date -u +%FT%TZ)"
echo "   binary: $bin; work dir: $dir"
conditions
load=reused
if [ "${REUSE:-0}" != 1 ]; then
  fresh_db $name >/dev/null
  echo "== demo --people $people --events $events"
  start=$(now)
  # Its log kept whole (demo.log); the counts and each table's rebuild shown.
  SATUATAP_DATABASE_URL=$url "$bin" demo --people "$people" --events "$events" --seed 1 >"$dir/demo.log" 2>&1 \
    || { tail -n 20 "$dir/demo.log" >&2; exit 1; }
  sed 's/\x1b\[[0-9;]*m//g' "$dir/demo.log" | grep -E 'added in|aggregate rebuilt' | sed -E 's/^[^ ]* +INFO [^ ]* /   /'
  load=$(since "$start")
  echo "   demo: $load s wall"
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
if [ "${LOAD_ONLY:-0}" = 1 ]; then
  echo "   loaded in $load s; the HTTP part: REUSE=1 BENCH_DIR=$dir bash bench/reports-load.sh $engine"
  exit 0
fi

base="http://127.0.0.1:$port"
serve_bench "$url"

me_auth="Authorization: Bearer $(token_of me.officer)"
coord_auth="Authorization: Bearer $(token_of cirebon.coord)"
me_cookie="Cookie: satuatap_session=$(session me.officer)"

# Random questions: every computed indicator, each with the dimensions it has.
year=$(date -u +%Y)
curl -fs "$base/api/v1/reports/indicators" -H "$me_auth" \
  | jq -c '.[] | select(.available) | {code, dims: [.dimensions[] | select(. != "period")]}' >"$dir/indicators.jsonl"
python3 - "$dir" "$year" <<'PY'
import json, random, sys
d, year = sys.argv[1], int(sys.argv[2])
random.seed(7)
inds = [json.loads(l) for l in open(f"{d}/indicators.jsonl")]
districts = ["32.09", "35.04", "35.05", "18.07"]
ages = ["0_14", "15_17", "18_24", "25_34", "35_44", "45_59", "60_plus"]
def period():
    r = random.random()
    if r < 0.3: return f"period={year}"
    if r < 0.55: return f"period={year}Q{random.randint(1, 4)}"
    if r < 0.8: return f"period={year}{random.randint(1, 12):02d}"
    y0 = random.choice([year - 1, year]); m0 = random.randint(1, 12)
    return f"from={y0}-{m0:02d}-{random.randint(1, 28):02d}&to={year}-12-31"
def query(own_district):
    i = random.choice(inds)
    q = [f"indicator={i['code']}", period()]
    rows = [x for x in i["dims"] if x not in ("district",) or not own_district]
    if rows and random.random() < 0.7: q.append(f"by={random.choice(rows)}")
    if not own_district and "district" in i["dims"] and random.random() < 0.5: q.append(f"district={random.choice(districts)}")
    if "sex" in i["dims"] and random.random() < 0.3: q.append(f"sex={random.choice(['female', 'male'])}")
    if "age_group" in i["dims"] and random.random() < 0.3: q.append(f"age_group={random.choice(ages)}")
    return "&".join(q)
with open(f"{d}/api.txt", "w") as f:
    for _ in range(500): f.write(f"/api/v1/reports/table?{query(False)}\n")
with open(f"{d}/coord.txt", "w") as f:
    for _ in range(500): f.write(f"/api/v1/reports/table?{query(True)}\n")
with open(f"{d}/pages.txt", "w") as f:
    for _ in range(500): f.write(f"/reports?{query(False)}\n")
PY
one() { # LABEL HEADER PATH
  curl -s -o "$dir/one.out" -w "   $1: HTTP %{http_code} in %{time_total} s, %{size_download} bytes\n" -H "$2" "$base$3"
}
one "people served by district, $year" "$me_auth" "/api/v1/reports/table?indicator=people_served&period=$year&by=district"
one "visits by channel, $year" "$me_auth" "/api/v1/reports/table?indicator=visits&period=$year&by=channel"
one "headline, $year" "$me_auth" "/api/v1/reports/headline?period=$year"
one "dashboard page" "$me_cookie" "/reports?indicator=people_served&period=$year&by=age_group"
# The heaviest shapes known: unique people by village over a range that is no month, quarter or year.
one "people served by village, $((year - 1))-05-19..$year-12-31" "$me_auth" \
  "/api/v1/reports/table?indicator=people_served&from=$((year - 1))-05-19&to=$year-12-31&by=village"
one "people served by kecamatan, $((year - 1))-05-19..$year-12-31" "$me_auth" \
  "/api/v1/reports/table?indicator=people_served&from=$((year - 1))-05-19&to=$year-12-31&by=kecamatan"
one "visits by village, $((year - 1))-05-19..$year-12-31" "$me_auth" \
  "/api/v1/reports/table?indicator=visits&from=$((year - 1))-05-19&to=$year-12-31&by=village"
# Every question is answered (no 4xx/5xx) before timing them.
bad=0
while read -r p; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$me_auth" "$base$p")
  [ "$code" = 200 ] || { bad=$((bad + 1)); [ $bad -le 3 ] && echo "   $code $p"; }
done < <(head -n 100 "$dir/api.txt")
echo "   of 100 random questions, $bad not answered 200"
# Each question alone (no concurrency): where the time of a run goes, the slowest named.
singles() { # LABEL HEADER FILE
  local label=$1 header=$2 file=$3
  while read -r p; do
    curl -s -o /dev/null -w "%{time_total} $p\n" -H "$header" "$base$p"
  done <"$file" | sort -rn >"$dir/singles-$label.txt"
  awk -v l="$label" '{ t[NR] = $1; s += $1 } END {
    printf "-- %s, each alone: %d questions in %.1f s; p50 %.0f, p95 %.0f, max %.0f ms\n",
      l, NR, s, t[int(NR / 2) + 1] * 1000, t[int(NR / 20) + 1] * 1000, t[1] * 1000 }' "$dir/singles-$label.txt"
  head -n "${SLOWEST:-5}" "$dir/singles-$label.txt" | awk '{ printf "   %.0f ms %s\n", $1 * 1000, $2 }'
}
singles api "$me_auth" "$dir/api.txt"
singles coord "$coord_auth" "$dir/coord.txt"
singles dashboard "$me_cookie" "$dir/pages.txt"

declare -A result
run_wrk api "indicator tables, random filters (me.officer)" 8 "$me_auth" paths.lua / "$dir/api.txt"
run_wrk coord "indicator tables, random filters (cirebon.coord)" 8 "$coord_auth" paths.lua / "$dir/coord.txt"
run_wrk dashboard "dashboard page, random filters (me.officer)" 8 "$me_cookie" paths.lua / "$dir/pages.txt"
run_wrk headline "headline of the year" 8 "$me_auth" get.lua "/api/v1/reports/headline?period=$year"

kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
echo "   server log lines with error or panic: $(grep -ciE 'error|panic' "$dir/serve.log" || true)"
echo "== summary ($engine, $people people, $events events): load $load s; size $size"
for key in api coord dashboard headline; do echo "   $key: ${result[$key]}"; done
