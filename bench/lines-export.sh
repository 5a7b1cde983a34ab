#!/usr/bin/env bash
# Line lists at scale: `demo --people N` (a quarter of them registered by
# Cirebon's district office), a supervisor of that office, then the people
# line list downloaded as XLSX and as CSV: seconds, rows, bytes, and the
# server's resident memory before and at its peak (flat memory: the file is
# written page by page into a temporary file and streamed from it).
#
#   bash bench/lines-export.sh sqlite|postgres [PEOPLE]   (default 400000)
#   (BENCH_DIR=DIR KEEP=1 keeps the database; REUSE=1 then skips the load)
#
# Release build; PostgreSQL at $SATUATAP_BENCH_POSTGRES_URL (default
# postgres://postgres@127.0.0.1:5432).
set -euo pipefail
engine=${1:-sqlite}
people=${2:-400000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/target/release/satuatap
pg_url=${SATUATAP_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
port=${PORT:-18093}
base=http://127.0.0.1:$port
source "$root/bench/common.sh"
work_dir lines

# REUSE=1 with BENCH_DIR and KEEP=1: the SQLite database of an earlier run.
if [ "${REUSE:-0}" = 1 ] && [ "$engine" = sqlite ] && [ -f "$dir/satuatap_lines.db" ]; then
  url=$(db_url satuatap_lines)
  echo "== reusing $url"
else
  url=$(fresh_db satuatap_lines)
  echo "== demo --people $people ($engine)"
  start=$(now)
  SATUATAP_DATABASE_URL=$url "$bin" demo --people "$people" --seed 1 | tail -n 2
  echo "   $(since "$start") s; $(db_size satuatap_lines)"
  echo "demo-password" | SATUATAP_DATABASE_URL=$url "$bin" user create --username bench.sup --org DISNAKER-CRB \
    --role supervisor >/dev/null
fi
serve_bench "$url"
token=$(token_of bench.sup)

rss() { awk -v k="$1" '$1 == k":" { print $2 / 1024 " MiB" }' "/proc/$pid/status"; }
download() {
  local format=$1 query=$2 out=$dir/lines.$1 start
  start=$(now)
  curl -fsS -o "$out" -H "authorization: Bearer $token" "$base/api/v1/reports/lines/people?format=$format$query" ||
    { echo "   failed after $(since "$start") s" >&2; return 0; }
  local secs
  secs=$(since "$start")
  local rows
  if [ "$format" = csv ]; then rows=$(($(wc -l <"$out") - 1)); else rows="(see the csv)"; fi
  echo "-- people$query as $format: $secs s, rows $rows, $(wc -c <"$out") bytes; server RSS now $(rss VmRSS), peak $(rss VmHWM)"
}
echo "== server RSS before: $(rss VmRSS)"
download csv "&stage=family_member"
download xlsx "&stage=family_member"
download csv ""
download xlsx ""
download xlsx ""
conditions
