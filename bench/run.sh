#!/usr/bin/env bash
# Side-by-side benchmarks: Kiln against workerd and the raw HTTP server it is built on, in one run.
# Usage: bench/run.sh [SCENARIO_REGEX]      e.g. bench/run.sh 'hello'
# Env: DURATION (10s), WARMUP (5s), RUNS (2), CONNS ("1 64"), PORT (18090), SERVER_CPU (0), CLIENT_CPU (1).
# Needs bench/setup.sh first. Writes bench/results/<timestamp>/ and prints a table with the ratios.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
find_jdk >/dev/null

FILTER=${1:-.}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
RUNS=${RUNS:-2}
CONNS=${CONNS:-"1 64"}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT="$BENCH/results/$STAMP"
STATE=$(mktemp -d /tmp/kiln-bench-state.XXXXXX)
mkdir -p "$OUT/raw"
trap 'stop_server; rm -rf "$STATE"' EXIT INT TERM
command -v wrk >/dev/null || die "wrk missing: run bench/setup.sh"
[ -x "$WORKERD" ] || die "workerd missing: run bench/setup.sh"
[ -f "$ROOT/cli/target/kiln-cli-0.1.0-SNAPSHOT.jar" ] || die "Kiln not built: run bench/setup.sh"

JAVA=("$JAVA_HOME/bin/java" -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED)
KILN=("${JAVA[@]}" -cp "$ROOT/cli/target/kiln-cli-0.1.0-SNAPSHOT.jar:$ROOT/cli/target/lib/*" dev.kiln.cli.Main)
SECS=${DURATION%s}
echo -e "scenario\tconns\trun\trps\tp50_us\tp99_us\terrors\tcpu_us_per_req" >"$OUT/summary.tsv"

to_us() { awk -v v="$1" 'BEGIN { n = v + 0; m = v ~ /us$/ ? 1 : v ~ /ms$/ ? 1000 : v ~ /s$/ ? 1000000 : 1; printf "%.0f", n * m }'; }

# measure NAME EXPECTED_BODY_REGEX: warm-up, then RUNS measured runs at each connection count.
measure() {
  local name=$1 expect=$2 c run f t1 t2 reqs body
  body=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/")
  [[ "$body" =~ $expect ]] || die "$name answered '${body:0:60}', expected /$expect/"
  for c in $CONNS; do
    timeout 120 taskset -c "$CLIENT_CPU" wrk -t1 -c"$c" -d"$WARMUP" "http://127.0.0.1:$PORT/" >/dev/null
    for run in $(seq "$RUNS"); do
      f="$OUT/raw/$name-c$c-run$run.txt"
      wait_quiet
      t1=$(server_ticks)
      timeout 120 taskset -c "$CLIENT_CPU" wrk -t1 -c"$c" -d"$DURATION" --timeout 5s --latency "http://127.0.0.1:$PORT/" >"$f"
      t2=$(server_ticks)
      reqs=$(awk '/requests in/ { print $1 }' "$f")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$c" "$run" "$(awk '/^Requests\/sec:/ { print $2 }' "$f")" \
        "$(to_us "$(awk '$1 == "50%" { print $2 }' "$f")")" "$(to_us "$(awk '$1 == "99%" { print $2 }' "$f")")" \
        "$(awk '/Socket errors:/ { gsub(",", ""); s += $4 + $6 + $8 + $10 } /Non-2xx/ { s += $NF } END { print s + 0 }' "$f")" \
        "$(( (t2 - t1) * 10000 / (reqs > 0 ? reqs : 1) ))" >>"$OUT/summary.tsv"
      echo "  $name c=$c run $run: $(awk '/^Requests\/sec:/ { print $2 }' "$f") req/s" >&2
    done
  done
}

# scenario NAME BODY_REGEX CMD...: one server, measured, stopped. One function call per scenario.
scenario() {
  local name=$1 expect=$2; shift 2
  [[ "$name" =~ $FILTER ]] || return 0
  echo ">> $name" >&2
  start_server "$OUT/raw/$name.log" "$@"
  measure "$name" "$expect"
  stop_server
}

kiln_dev() { echo "${KILN[@]}" dev "$@" --ip 127.0.0.1 --port "$PORT" --no-watch; }
VALUE100=$(head -c 100 /dev/zero | tr '\0' v)

# --- hello: Kiln's examples/hello, workerd's hello world, and the raw Helidon server ------------------
scenario helidon-raw '^ok$' "${JAVA[@]}" -cp "$BENCH/target/kiln-bench-0.1.0-SNAPSHOT.jar:$BENCH/target/lib/*" \
  dev.kiln.bench.RawHelidonHello "$PORT"
scenario kiln-hello '^Hello from Kiln!$' $(kiln_dev "$ROOT/examples/hello" --persist-to "$STATE/hello")
scenario workerd-hello '^Hello from Kiln!$' "$WORKERD" serve "$BENCH/workerd/hello.capnp" --socket-addr "http=127.0.0.1:$PORT"

# --- KV get of a 100-byte value through a worker ---------------------------------------------------
if [[ "kiln-kv-get workerd-kv-get" =~ $FILTER ]] || [[ "$FILTER" == "." ]]; then
  "${KILN[@]}" kv key put k100 "$VALUE100" --binding KV -c "$BENCH/workers/kv-get/wrangler.toml" --persist-to "$STATE/kv" >/dev/null 2>&1
  mkdir -p "$STATE/workerd-kv" && printf '%s' "$VALUE100" >"$STATE/workerd-kv/k100"
fi
scenario kiln-kv-get '^v{100}$' $(kiln_dev "$BENCH/workers/kv-get" --persist-to "$STATE/kv")
scenario workerd-kv-get '^v{100}$' "$WORKERD" serve "$BENCH/workerd/kv.capnp" --socket-addr "http=127.0.0.1:$PORT" \
  --directory-path "kv-data=$STATE/workerd-kv"

{
  echo "date: $(date -u +%FT%TZ); java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); workerd: $("$WORKERD" --version 2>&1)"
  echo "duration=$DURATION warmup=$WARMUP runs=$RUNS server_cpu=$SERVER_CPU client_cpu=$CLIENT_CPU"
} >"$OUT/env.txt"
python3 "$BENCH/report.py" "$OUT/summary.tsv" | tee "$OUT/report.md"
echo "results in $OUT" >&2
