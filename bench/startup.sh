#!/usr/bin/env bash
# Start-up time to ready on an empty SQLite database: from exec to the first
# 200 from /readyz (migrations included). Run on demand, never in CI.
#   bash bench/startup.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SATUATAP_BIN:-$root/target/release/satuatap}
runs=${1:-20}
[ -x "$bin" ] || (cd "$root" && cargo build --release)
port=18181
times=()
for _ in $(seq "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  env -u SATUATAP_DATABASE_URL SATUATAP_DATA_DIR="$dir" SATUATAP_BIND=127.0.0.1:$port RUST_LOG=warn "$bin" serve >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.002; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  times+=($(( (end - start) / 1000 )))
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {
  printf "start-up to ready, empty SQLite, %d runs: median %.1f ms, min %.1f ms, max %.1f ms\n",
    NR, a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000 }'
