#!/usr/bin/env bash
# The API contract test: schemathesis (the Python package) drives the real
# server from its own OpenAPI document, on SQLite and on PostgreSQL, with the
# bearer tokens of a few roles, and fails on any server fault (5xx), any
# answer the document does not list, any response that does not match its
# schema, and any schema-invalid input that is accepted.
#
# Usage: scripts/api-contract.sh [seconds per role and engine, default 40]
# Needs: the binary (target/debug/satuatap, or $SATUATAP_BIN), python3, and
# $SATUATAP_TEST_POSTGRES_URL (scripts/test.sh sets it). schemathesis is
# installed into tests/api/.venv from tests/api/requirements.txt if missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
budget=${1:-40}
bin=${SATUATAP_BIN:-$root/target/debug/satuatap}
roles=(cirebon.desk cirebon.wcc admin)
say() { printf '==> %s\n' "$*" >&2; }

venv=tests/api/.venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  say "installing schemathesis into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r tests/api/requirements.txt
fi

server_pid=""
work=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
  server_pid=""
}
trap cleanup EXIT

# Starts the server (arguments: its command) and sets $url once it is ready.
start() {
  : > "$work/server.log"
  SATUATAP_BIND=127.0.0.1:0 SATUATAP_DATA_DIR="$work" RUST_LOG=warn "$bin" "$@" > "$work/server.out" 2>> "$work/server.log" &
  server_pid=$!
  url=""
  for _ in $(seq 1 600); do
    url=$(grep -o 'http://[^ ]*' "$work/server.out" | head -n 1 || true)
    [ -n "$url" ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log" >&2; return 1; fi
    sleep 0.1
  done
  [ -n "$url" ] || { say "the server did not get ready"; cat "$work/server.log" >&2; return 1; }
  url=${url%/}
}

token() {
  curl -sf -X POST "$url/api/v1/auth/token" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"demo-password\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# One schemathesis run as the bearer of token $1; its output in $work/st.log.
# One worker: with two threads, CPython 3.11's parser (hypothesis reads the
# source of its lambdas) fails now and then with "AST constructor recursion
# depth mismatch", a crash of the tool, not of the API.
run_schemathesis() {
  # Signing in and out would change who calls the rest.
  "$venv/bin/schemathesis" run "$url/api/openapi.json" \
    -H "Authorization: Bearer $1" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection \
    --phases examples,coverage,fuzzing -n 20 --max-time "$budget" --workers 1 --seed 20261203 \
    --exclude-path-regex '/auth/token|sign-out' --warnings off --output-truncate true \
    > "$work/st.log" 2>&1
}

run_roles() {
  local engine=$1 role tok
  for role in "${roles[@]}"; do
    tok=$(token "$role")
    say "schemathesis on $engine as $role (${budget}s)"
    if ! run_schemathesis "$tok"; then
      # A crash inside schemathesis itself (a "Runtime Error" with no
      # failure of the API, e.g. CPython's "AST constructor recursion depth
      # mismatch" under its worker threads) is run again once, with a new
      # token; any failure of the API fails at once.
      if ! grep -q '= FAILURES =' "$work/st.log" && grep -q 'Runtime Error' "$work/st.log"; then
        say "schemathesis crashed on its own (no failure of the API); running it again once"
        grep -E 'SystemError|Runtime Error|generated, ' "$work/st.log" | cut -c1-200 | head -n 5 >&2 || true
        # A fresh token: the run may have revoked its own (POST /auth/revoke).
        tok=$(token "$role")
        run_schemathesis "$tok" && { grep -E 'generated, ' "$work/st.log" >&2 || true; continue; }
      fi
      cat "$work/st.log" >&2
      say "schemathesis found problems on $engine as $role (server log: $(tail -n 5 "$work/server.log" | tr '\n' ' '))"
      return 1
    fi
    grep -E 'generated, ' "$work/st.log" >&2 || true
  done
}

# SQLite: the demo on its embedded default.
work=$(mktemp -d /tmp/satuatap-contract.XXXXXX)
start serve --demo
run_roles sqlite
cleanup

# PostgreSQL: a fresh database, migrated and loaded with the demo.
work=$(mktemp -d /tmp/satuatap-contract.XXXXXX)
admin_url=${SATUATAP_TEST_POSTGRES_URL:?set SATUATAP_TEST_POSTGRES_URL (scripts/test.sh does)}
db="satuatap_test_contract_$$"
psql "$admin_url" -qc "CREATE DATABASE $db" >/dev/null
export SATUATAP_DATABASE_URL="${admin_url%/*}/$db"
SATUATAP_DATA_DIR="$work" RUST_LOG=warn "$bin" migrate >/dev/null 2>>"$work/server.log"
SATUATAP_DATA_DIR="$work" RUST_LOG=warn "$bin" demo >/dev/null 2>>"$work/server.log"
start serve
run_roles postgres
cleanup
psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
say "API contract: no problem found on either engine"
