#!/usr/bin/env bash
# Side-by-side benchmarks: Kiln against workerd and against the raw HTTP server Kiln is built on, in one run.
# Usage: bench/run.sh [SCENARIO_REGEX]      e.g. bench/run.sh 'hello', bench/run.sh 'workerd|helidon'
# Env: DURATION (10s), WARMUP (5s), RUNS (2), CONNS ("1 64"), PORT (18090), SERVER_CPU (0), CLIENT_CPU (1),
#      KILN_BENCH_SCRATCH (/tmp/kiln-bench, where setup.sh put workerd).
# Needs bench/setup.sh first. Writes bench/results/<timestamp>/{env.txt,summary.tsv,report.md,raw/} and
# prints the table and the target ratios. Binds and connects to 127.0.0.1 only.
# The whole script is one { ... } block: bash parses it before running any of it, so editing this file
# while a run is in progress cannot change what that run executes.
{
set -euo pipefail
source "$(dirname "$0")/lib.sh"
find_jdk || die "no JDK 21 or newer found; set JAVA_HOME"

FILTER=${1:-.}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
RUNS=${RUNS:-2}
CONNS=${CONNS:-"1 64"}
[[ "$DURATION" =~ ^[0-9]+s$ && "$WARMUP" =~ ^[0-9]+s$ ]] || die "DURATION and WARMUP are whole seconds, like 10s"
SECS=${DURATION%s}
# Two runs on one machine would skew each other (and share PORT): one at a time.
LOCK=/tmp/kiln-bench-run.lock
exec 9>"$LOCK"
flock -n 9 || die "another bench/run.sh is running (lock $LOCK); wait for it, two runs skew each other"
STAMP=$(date +%Y%m%d-%H%M%S)
OUT="$BENCH/results/$STAMP"
SUMMARY="$OUT/summary.tsv"
STATE=$(mktemp -d /tmp/kiln-bench-state.XXXXXX)
mkdir -p "$OUT/raw"
STUB_PID=""
cleanup() { stop_server; [ -z "$STUB_PID" ] || kill -KILL "$STUB_PID" 2>/dev/null; rm -rf "$STATE"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
command -v wrk >/dev/null || die "wrk missing: run bench/setup.sh"

JAVA=("$JAVA_HOME/bin/java" -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED)
KILN_JAR="$ROOT/cli/target/kiln-cli-0.1.0-SNAPSHOT.jar"
KILN=("${JAVA[@]}" -cp "$KILN_JAR:$ROOT/cli/target/lib/*" dev.kiln.cli.Main)
BENCH_JAR="$BENCH/target/kiln-bench-0.1.0-SNAPSHOT.jar"
echo -e "scenario\tconns\trun\trps\tp50_us\tp99_us\terrors\tcpu_us_per_req\tserver_cpu_pct\tclient_cpu_busy_pct" >"$SUMMARY"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown) (working tree may differ)"
  echo "cpu: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo) x $(nproc); kernel $(uname -r)"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME)"
  echo "workerd: $("$WORKERD" --version 2>&1 || echo missing)"
  echo "wrk: $(dpkg-query -W -f '${Version}' wrk 2>/dev/null || echo unknown)"
  echo "duration=$DURATION warmup=$WARMUP runs=$RUNS conns='$CONNS' port=$PORT server_cpu=$SERVER_CPU client_cpu=$CLIENT_CPU"
  echo "filter: $FILTER"
} >"$OUT/env.txt"

want() { [[ "$1" =~ $FILTER ]]; }
need() { [ -e "$1" ] || die "$1 missing: run bench/setup.sh${2:+ ($2)}"; }

to_us() { awk -v v="$1" 'BEGIN { n = v + 0; m = v ~ /us$/ ? 1 : v ~ /ms$/ ? 1000 : v ~ /s$/ ? 1000000 : 1; printf "%.0f", n * m }'; }

# measure NAME EXPECTED_BODY_REGEX [TARGET_PORT]: checks one reply, then at each connection count a warm-up
# run (thrown away) and RUNS measured runs, each after waiting for a quiet machine. One summary row per run.
# WRK_SCRIPT (a wrk Lua file), CHECK (curl arguments) and CHECK_PATH shape the request.
measure() {
  local name=$1 expect=$2 target=${3:-$PORT} c run f t1 t2 s0 s1 reqs rps body quiet script=()
  local limit=$(( ${DURATION%s} + ${WARMUP%s} + 30 ))   # time limit of one wrk run (WARMUP may differ per scenario)
  [ -n "${WRK_SCRIPT:-}" ] && script=(-s "$WRK_SCRIPT")
  body=$(curl -s --max-time 5 ${CHECK:-} "http://127.0.0.1:$target/${CHECK_PATH:-}")
  [[ "$body" =~ $expect ]] || die "$name answered '${body:0:60}', expected /$expect/"
  for c in $CONNS; do
    timeout "$limit" taskset -c "$CLIENT_CPU" wrk -t1 -c"$c" -d"$WARMUP" --timeout 5s "${script[@]}" \
      "http://127.0.0.1:$target/" >"$OUT/raw/$name-c$c-warmup.txt" || die "$name: warm-up wrk failed or timed out"
    for run in $(seq "$RUNS"); do
      f="$OUT/raw/$name-c$c-run$run.txt"
      quiet=$(wait_quiet)   # a plain assignment: bash 5.2 mis-parses a trap that fires inside "...$(...)..."
      echo "# $quiet; loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >"$f"
      s0=$(cpu_sample "$CLIENT_CPU"); t1=$(server_ticks)
      timeout "$limit" taskset -c "$CLIENT_CPU" wrk -t1 -c"$c" -d"$DURATION" --timeout 5s --latency "${script[@]}" \
        "http://127.0.0.1:$target/" >>"$f" || die "$name: wrk failed or timed out (output: $f)"
      t2=$(server_ticks); s1=$(cpu_sample "$CLIENT_CPU")
      kill -0 "$SERVER_PID" 2>/dev/null || die "$name: the server exited during the run (wrk output: $f)"
      reqs=$(awk '/requests in/ { print $1 }' "$f")
      rps=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$c" "$run" "$rps" \
        "$(to_us "$(awk '$1 == "50%" { print $2 }' "$f")")" "$(to_us "$(awk '$1 == "99%" { print $2 }' "$f")")" \
        "$(awk '/Socket errors:/ { gsub(",", ""); s += $4 + $6 + $8 + $10 } /Non-2xx/ { s += $NF } END { print s + 0 }' "$f")" \
        "$(awk -v t=$((t2 - t1)) -v r="${reqs:-0}" 'BEGIN { printf "%.2f", (r > 0 ? t * 10000 / r : 0) }')" \
        "$(( (t2 - t1) / SECS ))" \
        "$(awk -v a="$s0" -v b="$s1" 'BEGIN { split(a, x); split(b, y); d = (y[1] - x[1]) + (y[2] - x[2]); printf "%.0f", (d > 0 ? 100 * (y[1] - x[1]) / d : 0) }')" \
        >>"$SUMMARY"
      echo "   $name c=$c run $run: $rps req/s, $(tail -1 "$SUMMARY" | cut -f8) us server CPU/req" >&2
    done
  done
}

# scenario NAME BODY_REGEX CMD...: starts one server (pinned, on PORT), checks its reply to GET / against
# BODY_REGEX, measures it and stops it. Skipped unless NAME matches the SCENARIO_REGEX argument.
# CMD may start with `kiln` (the Kiln CLI on the JDK, with the benchmark's JVM flags) or `workerd`.
scenario() {
  local name=$1 expect=$2; shift 2
  want "$name" || return 0
  case $1 in
    kiln) need "$KILN_JAR" "Kiln CLI"; shift; set -- "${KILN[@]}" "$@" ;;
    workerd) need "$WORKERD"; shift; set -- "$WORKERD" "$@" ;;
  esac
  echo ">> $name" >&2
  printf '%q ' "$@" >"$OUT/raw/$name.cmd"
  start_server "$OUT/raw/$name.log" "$@"
  measure "$name" "$expect"
  stop_server
}

# `kiln dev` flags every Kiln scenario uses: listen on 127.0.0.1:PORT, no file watching during the run.
DEV=(--ip 127.0.0.1 --port "$PORT" --no-watch)
# kiln_dev ARGS...: the same as a word list, for $(kiln_dev ...) (paths must not contain spaces).
kiln_dev() { echo "${KILN[@]}" dev "$@" --ip 127.0.0.1 --port "$PORT" --no-watch; }
VALUE100=$(head -c 100 /dev/zero | tr '\0' v)

# --- Scenarios: one function per workload; each calls `scenario` once per server. -------------------------

# hello: the raw Helidon server, Kiln's examples/hello, and workerd with a worker doing the same work.
bench_hello() {
  scenario helidon-raw '^ok$' "${JAVA[@]}" -cp "$BENCH_JAR:$BENCH/target/lib/*" dev.kiln.bench.RawHelidonHello "$PORT"
  scenario kiln-hello '^Hello' kiln dev "$ROOT/examples/hello" "${DEV[@]}" --persist-to "$STATE/hello"
  scenario workerd-hello '^Hello from Kiln!$' workerd serve "$BENCH/workerd/hello.capnp" --socket-addr "http=127.0.0.1:$PORT"
}

# kv-get: one KV read of a 100-byte value per request, through a worker.
bench_kv_get() {
  if want kiln-kv-get; then
    need "$KILN_JAR" "Kiln CLI"
    timeout 120 "${KILN[@]}" kv key put k100 "$VALUE100" --binding KV -c "$BENCH/workers/kv-get/wrangler.toml" \
      --persist-to "$STATE/kv" >"$OUT/raw/kiln-kv-get-put.log" 2>&1 || die "kiln kv key put failed (log: $OUT/raw/kiln-kv-get-put.log)"
    scenario kiln-kv-get '^v{100}$' kiln dev "$BENCH/workers/kv-get" "${DEV[@]}" --persist-to "$STATE/kv"
  fi
  if want workerd-kv-get; then
    mkdir -p "$STATE/workerd-kv" && printf '%s' "$VALUE100" >"$STATE/workerd-kv/k100"
    scenario workerd-kv-get '^v{100}$' workerd serve "$BENCH/workerd/kv.capnp" --socket-addr "http=127.0.0.1:$PORT" \
      --directory-path "kv-data=$STATE/workerd-kv"
  fi
}

# d1-get: one D1 point query (a 100-byte value by primary key) through a worker, and the same query on raw
# sqlite-jdbc behind the raw Helidon server.
bench_d1_get() {
  if want kiln-d1-get; then
    need "$KILN_JAR" "Kiln CLI"
    timeout 120 "${KILN[@]}" d1 execute DB -c "$BENCH/workers/d1-get/wrangler.toml" --persist-to "$STATE/d1" --command \
      "CREATE TABLE items (k TEXT PRIMARY KEY, v TEXT NOT NULL); INSERT INTO items VALUES ('k100', '$VALUE100')" \
      >"$OUT/raw/kiln-d1-get-seed.log" 2>&1 || die "kiln d1 execute failed (log: $OUT/raw/kiln-d1-get-seed.log)"
    scenario kiln-d1-get '^v{100}$' kiln dev "$BENCH/workers/d1-get" "${DEV[@]}" --persist-to "$STATE/d1"
  fi
  scenario sqlite-raw-d1-get '^v{100}$' "${JAVA[@]}" -cp "$BENCH_JAR:$BENCH/target/lib/*" dev.kiln.bench.RawSqliteD1Get "$PORT" \
    "$STATE/raw-d1.sqlite"
}

# do-counter: Durable Object counters, storage.get + storage.put per request, every acknowledged write durable
# (fsynced) in both servers. One object ("bench"), then /spread over 10,000 objects (spread.lua).
bench_do_counter() {
  scenario kiln-do-counter '^[0-9]+$' kiln dev "$BENCH/workers/do-counter" "${DEV[@]}" --persist-to "$STATE/do"
  mkdir -p "$STATE/workerd-do"
  scenario workerd-do-counter '^[0-9]+$' workerd serve "$BENCH/workerd/do.capnp" --socket-addr "http=127.0.0.1:$PORT" \
    --directory-path "do-storage=$STATE/workerd-do"
  export WRK_SCRIPT="$BENCH/spread.lua" CHECK_PATH="spread"
  scenario kiln-do-spread '^[0-9]+$' kiln dev "$BENCH/workers/do-counter" "${DEV[@]}" --persist-to "$STATE/do-spread"
  mkdir -p "$STATE/workerd-do-spread"
  scenario workerd-do-spread '^[0-9]+$' workerd serve "$BENCH/workerd/do.capnp" --socket-addr "http=127.0.0.1:$PORT" \
    --directory-path "do-storage=$STATE/workerd-do-spread"
  unset WRK_SCRIPT CHECK_PATH
}

bench_hello
bench_kv_get
bench_d1_get
bench_do_counter

# --- zeptoclaw-router: non-streaming completions through the router vs straight to the stub gateway ----
# The stub runs on the server CPU in both scenarios; the difference is what the router adds.
STUB_PORT=$((PORT + 1))
if [[ "router-chat stub-chat superinstance-escalate" =~ $FILTER ]] || [[ "$FILTER" == "." ]]; then
  taskset -c "$SERVER_CPU" "${JAVA[@]}" -cp "$BENCH/target/kiln-bench-0.1.0-SNAPSHOT.jar:$BENCH/target/lib/*" \
    dev.kiln.bench.StubChatGateway "$STUB_PORT" >"$OUT/raw/stub-gateway.log" 2>&1 &
  STUB_PID=$!
  for _ in $(seq 150); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$STUB_PORT/" && break; sleep 0.2; done
  export WRK_SCRIPT="$BENCH/chat.lua" CHECK="-X POST -H content-type:application/json -d {}" CHECK_PATH="v1/chat/completions"
  echo ">> stub-chat" >&2
  SERVER_PID=$STUB_PID measure stub-chat '"chatcmpl-bench"' "$STUB_PORT"
  # The router's path (server, worker, HTTP client) takes the JIT ~30 s to compile on one CPU.
  WARMUP=${ROUTER_WARMUP:-30s} scenario router-chat '"chatcmpl-bench"' $(kiln_dev "$ROOT/apps/zeptoclaw-router" --persist-to "$STATE/router" \
    --var "ZEPTOCLAW_GATEWAY_URLS=http://127.0.0.1:$STUB_PORT/v1")
  # superinstance-cloud's /v1/escalate in front of the same stub (as its OpenAI provider): key check, rate
  # limiter and ledger admission (two Durable Object calls) on the path, usage recorded after the response.
  # The limit and credit are raised so the benchmark measures the path, not the refusals.
  if want superinstance-escalate; then
    need "$KILN_JAR" "Kiln CLI"
    SI_CONFIG="$ROOT/apps/superinstance-cloud/wrangler.toml"
    timeout 120 "${KILN[@]}" d1 migrations apply superinstance -y -c "$SI_CONFIG" --persist-to "$STATE/si" \
      >"$OUT/raw/superinstance-migrate.log" 2>&1 || die "superinstance migrations failed (log: $OUT/raw/superinstance-migrate.log)"
    echo ">> superinstance-escalate" >&2
    SI_CMD=($(kiln_dev "$ROOT/apps/superinstance-cloud" --persist-to "$STATE/si" --var "OPENAI_BASE_URL=http://127.0.0.1:$STUB_PORT" \
      --var OPENAI_API_KEY=bench --var DEFAULT_MODEL=gpt-4-turbo --var ADMIN_TOKEN=bench-admin \
      --var RATE_LIMIT_PER_MINUTE=1000000000 --var CREDIT_LIMIT_USD=1000000000))
    printf '%q ' "${SI_CMD[@]}" >"$OUT/raw/superinstance-escalate.cmd"
    start_server "$OUT/raw/superinstance-escalate.log" "${SI_CMD[@]}"
    SUPERINSTANCE_KEY=$(curl -s --max-time 10 -X POST -H 'authorization: Bearer bench-admin' -d '{"user_id":"bench"}' \
      "http://127.0.0.1:$PORT/admin/api-keys" | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])') \
      || die "superinstance-escalate: could not create an API key"
    printf 'authorization: Bearer %s\n' "$SUPERINSTANCE_KEY" >"$STATE/si-auth"   # CHECK is word-split: no spaces in it
    export SUPERINSTANCE_KEY WRK_SCRIPT="$BENCH/escalate.lua" CHECK_PATH="v1/escalate" \
      CHECK="-X POST -H @$STATE/si-auth -d {\"request_id\":\"check\",\"query\":\"q\"}"
    WARMUP=${ROUTER_WARMUP:-30s} measure superinstance-escalate '"provider":"openai"'
    stop_server
  fi
  unset WRK_SCRIPT CHECK CHECK_PATH SUPERINSTANCE_KEY
  kill "$STUB_PID" 2>/dev/null || true
  wait "$STUB_PID" 2>/dev/null || true
  STUB_PID=""
fi

# --- s3-64mib: one 64 MiB object PUT and GET through the S3 API (AWS SDK client) vs the same bytes written
# (with fsync) to and read from a file on the same disk. Not a wrk scenario: S3Throughput times each step.
# Env: S3_MIB (64), S3_RUNS (5), S3_DROP_CACHES (set it to drop the page cache before each read; needs root).
if want s3-64mib; then
  need "$KILN_JAR" "Kiln CLI"
  echo ">> s3-64mib" >&2
  S3_PORT=$((PORT + 2))
  S3_KEY=$(timeout 120 "${KILN[@]}" r2 credentials create --json --persist-to "$STATE/s3" 2>>"$OUT/raw/s3-64mib-key.log") \
    || die "kiln r2 credentials create failed (log: $OUT/raw/s3-64mib-key.log)"
  S3_ID=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["accessKeyId"])' <<<"$S3_KEY")
  S3_SECRET=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["secretAccessKey"])' <<<"$S3_KEY")
  printf '%q ' "${KILN[@]}" dev "$ROOT/examples/hello" "${DEV[@]}" --s3-port "$S3_PORT" --persist-to "$STATE/s3" >"$OUT/raw/s3-64mib.cmd"
  start_server "$OUT/raw/s3-64mib.log" "${KILN[@]}" dev "$ROOT/examples/hello" "${DEV[@]}" --s3-port "$S3_PORT" --persist-to "$STATE/s3"
  for _ in $(seq 100); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$S3_PORT/" && break; sleep 0.2; done
  S3_ACCESS_KEY_ID=$S3_ID S3_SECRET_ACCESS_KEY=$S3_SECRET \
    timeout 600 taskset -c "$CLIENT_CPU" "${JAVA[@]}" -cp "$BENCH_JAR:$BENCH/target/lib/*" dev.kiln.bench.S3Throughput \
    "http://127.0.0.1:$S3_PORT" "$STATE/s3-disk" --mib "${S3_MIB:-64}" --runs "${S3_RUNS:-5}" \
    ${S3_DROP_CACHES:+--drop-caches} >"$OUT/raw/s3-64mib.tsv" 2>"$OUT/raw/s3-64mib-client.log" \
    || die "s3-64mib: the S3 client failed or timed out (log: $OUT/raw/s3-64mib-client.log)"
  stop_server
fi

python3 "$BENCH/report.py" "$SUMMARY" | tee "$OUT/report.md"
[ -f "$OUT/raw/s3-64mib.tsv" ] && { echo; sed -n '/^|/,$p' "$OUT/raw/s3-64mib.tsv"; } | tee -a "$OUT/report.md"
echo "results in $OUT" >&2
exit
}
