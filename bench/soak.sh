#!/usr/bin/env bash
# Does the server's memory stay flat under a long mixed load? On the demo
# database of SQLite or PostgreSQL: WRITERS connections registering people
# (POST /api/v1/people) and READERS connections reading one person (each
# read an audited read) for DURATION seconds, with the server's resident
# memory (VmRSS) sampled every STEP seconds. Prints the curve, the rates and
# latencies of both loads, the growth over the last third of the run (flat:
# under 5%), and checks the audit chain afterwards. Run on demand, never in CI.
#   bash bench/soak.sh sqlite|postgres
#   DURATION=1800 STEP=60 WRITERS=4 READERS=4 KEEP=1 BENCH_DIR=... SATUATAP_BIN=...
#   PG_URL=postgres://postgres@127.0.0.1:5432
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SATUATAP_BIN:-$root/target/release/satuatap}
engine=${1:-}
duration=${DURATION:-1800}
step=${STEP:-60}
writers=${WRITERS:-4}
readers=${READERS:-4}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432}
port=${PORT:-18185}
lua=$root/bench/lua
case "$engine" in
  sqlite | postgres) ;;
  *) echo "usage: bash bench/soak.sh sqlite|postgres" >&2; exit 2 ;;
esac
source "$root/bench/common.sh"
work_dir soak
export RUST_LOG=warn SATUATAP_LOG_LEVEL=warn PGOPTIONS=--client-min-messages=warning

echo "== satuatap soak, $engine, ${duration}s, $writers writers + $readers readers, $(nproc) cores, $(date -u +%FT%TZ)"
echo "   binary: $bin; work dir: $dir"
conditions
name=satuatap_bench_soak
url=$(fresh_db $name)
SATUATAP_DATABASE_URL=$url "$bin" demo | tail -n 1
[ "$engine" = sqlite ] || psql -q "$url" -c "VACUUM (ANALYZE)"

serve_as_desk "$url"
person=$(curl -fs -XPOST "$base/api/v1/people" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"full_name":"Soak Dibaca","sex":"female","birth_date":"1990-01-01"}' | jq -r .id)
# The reads must be audited reads that succeed, not refusals.
curl -fs -o /dev/null "$base/api/v1/people/$person" -H "Authorization: Bearer $token" ||
  { echo "cannot read person $person" >&2; exit 1; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }

wrk -t1 -c"$writers" -d"${duration}s" --timeout 10s --latency -H "Authorization: Bearer $token" \
  -s "$lua/register.lua" "$base/api/v1/people" -- "$villages" >"$dir/writes.txt" &
wpid=$!
wrk -t1 -c"$readers" -d"${duration}s" --timeout 10s --latency -H "Authorization: Bearer $token" \
  -s "$lua/get.lua" "$base/api/v1/people/$person" >"$dir/reads.txt" &
rpid=$!
start=$(now)
echo "   seconds  rss_kib"
: >"$dir/rss.txt"
while kill -0 "$wpid" 2>/dev/null; do
  line="$(since "$start") $(rss)"
  echo "$line" >>"$dir/rss.txt"
  printf '   %8s %8s\n' $line
  sleep "$step"
done
wait "$wpid" "$rpid" || true
echo "$(since "$start") $(rss)" >>"$dir/rss.txt"
echo "-- writes (POST /api/v1/people, $writers connections)"
grep -E '  p50 |req/s|Non-2xx' "$dir/writes.txt" || true
echo "-- reads (GET /api/v1/people/{id}, $readers connections)"
grep -E '  p50 |req/s|Non-2xx' "$dir/reads.txt" || true
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
echo "   server log lines with error or panic: $(grep -ciE 'error|panic' "$dir/serve.log" || true)"
SATUATAP_DATABASE_URL=$url "$bin" audit verify | tail -n 2
# Growth over the last third of the run: flat below 5%.
awk -v d="$duration" '{ t[NR] = $1; r[NR] = $2 } END {
  for (i = 1; i <= NR; i++) if (t[i] >= d * 2 / 3) { a = r[i]; break }
  b = r[NR]; g = (b - a) / a * 100
  printf "== rss: %.0f MiB at the start; over the last third from %.0f to %.0f MiB (%+.1f%%): %s\n",
    r[1] / 1024, a / 1024, b / 1024, g, (g < 5 ? "flat" : "GROWING") }' "$dir/rss.txt"
conditions
