#!/usr/bin/env bash
# Sign-in throughput (Argon2id m=19 MiB, t=2, p=1: the cost is deliberate) and
# the overhead of authentication, the permission check and the audit path on
# an authenticated GET, with wrk on loopback against the demo. On demand only.
#   bash bench/auth-load.sh [DURATION_SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SATUATAP_BIN:-$root/target/release/satuatap}
duration=${1:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$bin" ] || (cd "$root" && cargo build --release)
port=18183
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
SATUATAP_DATA_DIR="$dir" SATUATAP_BIND=127.0.0.1:$port RUST_LOG=warn "$bin" serve --demo >/dev/null 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.05; done
base="http://127.0.0.1:$port"

cat > "$dir/token.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username": "cirebon.desk", "password": "demo-password"}'
LUA
echo "== POST /api/v1/auth/token (Argon2id verification per request; ${duration}s, 4 connections)"
wrk -t2 -c4 -d"${duration}s" --latency -s "$dir/token.lua" "$base/api/v1/auth/token" | grep -E 'Requests/sec|50%|99%|Non-2xx'

token=$(curl -fs -X POST -H 'content-type: application/json' \
  -d '{"username": "admin", "password": "demo-password"}' "$base/api/v1/auth/token" | sed 's/.*"token":"\([^"]*\)".*/\1/')
cat > "$dir/bearer.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
for path in /api/v1/areas/32.09 ; do
  echo "== GET $path anonymous (${duration}s, 32 connections)"
  wrk -t2 -c32 -d"${duration}s" --latency "$base$path" | grep -E 'Requests/sec|50%|99%'
  echo "== GET $path with a bearer token: token, user and roles looked up, permission checked"
  wrk -t2 -c32 -d"${duration}s" --latency -s "$dir/bearer.lua" "$base$path" | grep -E 'Requests/sec|50%|99%'
done
echo "== GET /api/v1/audit?limit=20 with a bearer token (audit_read)"
wrk -t2 -c32 -d"${duration}s" --latency -s "$dir/bearer.lua" "$base/api/v1/audit?limit=20" | grep -E 'Requests/sec|50%|99%|Non-2xx'
