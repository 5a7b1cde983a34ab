#!/usr/bin/env bash
# Requests per second and latency of /healthz and of the home page, on the
# demo database, with wrk (Debian package `wrk`) on loopback. Run on demand,
# never in CI.
#   bash bench/http-load.sh [DURATION_SECONDS] [CONNECTIONS]
#   SATUATAP_DATABASE_URL=postgres://... bash bench/http-load.sh   # on PostgreSQL (loads the demo)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SATUATAP_BIN:-$root/target/release/satuatap}
duration=${1:-15}
connections=${2:-64}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$bin" ] || (cd "$root" && cargo build --release)
port=18182
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
if [ -n "${SATUATAP_DATABASE_URL:-}" ]; then
  "$bin" demo >/dev/null
  SATUATAP_BIND=127.0.0.1:$port RUST_LOG=warn "$bin" serve >/dev/null 2>&1 &
else
  SATUATAP_DATA_DIR="$dir" SATUATAP_BIND=127.0.0.1:$port RUST_LOG=warn "$bin" serve --demo >/dev/null 2>&1 &
fi
pid=$!
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.05; done
for path in /healthz / /api/v1/organisations?within=32.09; do
  echo "== GET $path (${duration}s, $connections connections, 2 threads)"
  wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$port$path" |
    grep -E 'Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors'
done
