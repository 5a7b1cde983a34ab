# Shared by the load benchmarks (sourced after `engine`, `root`, `bin` and
# `pg_url` are set): tools, the work directory and its cleanup, timing, and
# databases named by NAME on either engine.

for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install $tool)" >&2; exit 1; }
done
[ "$engine" = sqlite ] || command -v psql >/dev/null || { echo "psql is missing" >&2; exit 1; }
[ -x "$bin" ] || (cd "$root" && cargo build --release -p satuatap)

# work_dir PREFIX: BENCH_DIR, or a directory of our own that is removed at
# the end (unless KEEP=1); the server's files (its key file among them) stay in it.
work_dir() {
  if [ -n "${BENCH_DIR:-}" ]; then dir=$BENCH_DIR own_dir=0; else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/satuatap-$1.XXXXXX") own_dir=1; fi
  mkdir -p "$dir"
  export SATUATAP_DATA_DIR=$dir
}
pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  if [ "$own_dir" = 1 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$dir"; else echo "left in: $dir"; fi
}
trap cleanup EXIT

conditions() {
  echo "   [load $(cut -d' ' -f1-3 /proc/loadavg); rustc processes: $(pgrep -c -x rustc || true)]"
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# db_url NAME: the URL of database NAME.
db_url() {
  if [ "$engine" = sqlite ]; then echo "sqlite://$dir/$1.db"; else echo "$pg_url/$1"; fi
}

# fresh_db NAME: database NAME, empty; prints its URL.
fresh_db() {
  if [ "$engine" = sqlite ]; then
    rm -f "$dir/$1.db" "$dir/$1.db-wal" "$dir/$1.db-shm"
  else
    psql -q "$pg_url/postgres" -v ON_ERROR_STOP=1 \
      -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
  fi
  db_url "$1"
}

# db_size NAME
db_size() {
  if [ "$engine" = sqlite ]; then
    local bytes
    bytes=$(cat "$dir/$1.db"* | wc -c)
    awk -v b="$bytes" 'BEGIN { printf "%.0f MiB (db + wal + shm)", b / 1048576 }'
  else
    psql -tA "$pg_url/postgres" -c "SELECT pg_size_pretty(pg_database_size('$1'))"
  fi
}

# ---- the HTTP part shared by cases-load.sh and reports-load.sh -------------
# (they set `base`, `dir`, `lua`, `duration` and `declare -A result` first)

# serve_bench URL: the server on `port`, in the background (`pid`), once ready.
serve_bench() {
  SATUATAP_DATABASE_URL=$1 SATUATAP_BIND=127.0.0.1:$port "$bin" serve >"$dir/serve.log" 2>&1 &
  pid=$!
  until curl -fs "$base/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
    sleep 0.1
  done
}

# session USER: a cookie session as a browser gets it (the sign-in form's
# CSRF token, then the form posted); prints the session cookie's value.
session() {
  local user=$1 jar=$dir/jar-$1 csrf
  rm -f "$jar"
  csrf=$(curl -fs -c "$jar" -b "$jar" "$base/sign-in" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | cut -d'"' -f4)
  curl -fs -o /dev/null -c "$jar" -b "$jar" -XPOST "$base/sign-in" \
    --data-urlencode "username=$user" --data-urlencode "password=demo-password" --data-urlencode "csrf=$csrf"
  awk '$6 == "satuatap_session" { print $7 }' "$jar"
}

# token_of USER: an API bearer token.
token_of() {
  curl -fs -XPOST "$base/api/v1/auth/token" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"demo-password\"}" | jq -r .token
}

# serve_as_desk URL: serve_bench on `port`, then `token` (cirebon.desk) and
# `villages` (Cirebon's village codes, for bench/lua/register.lua).
serve_as_desk() {
  villages=$dir/villages-32.09.txt
  grep -o '^32\.09\.[0-9][0-9]\.[0-9]*' "$root/data/areas/pilot/villages.csv" >"$villages"
  base="http://127.0.0.1:$port"
  serve_bench "$1"
  token=$(token_of cirebon.desk)
}

# run_wrk KEY LABEL CONNECTIONS HEADER SCRIPT PATH [ARGS...]: p50/p95/p99 and req/s into result[KEY].
run_wrk() {
  local key=$1 label=$2 conns=$3 header=$4 script=$5 path=$6 out
  shift 6
  echo "-- $label (wrk -t2 -c$conns -d${duration}s)"
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s --latency -H "$header" \
    -s "$lua/$script" "$base$path" -- "$@" | grep -E '  p50 |req/s|Non-2xx' || echo "   wrk failed")
  echo "$out"
  result[$key]=$(echo "$out" | awk '/p50/ { printf "p50 %s p95 %s p99 %s ms", $2, $5, $8 } /req\/s/ { printf ", %s req/s", $6 }')
  conditions
}
