# Shared by setup.sh and run.sh. Servers run pinned to SERVER_CPU, wrk to CLIENT_CPU, on 127.0.0.1 only.
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
SCRATCH=${KILN_BENCH_SCRATCH:-/tmp/kiln-bench}
WORKERD_VERSION=1.20261117.1
WORKERD="$SCRATCH/node_modules/@cloudflare/workerd-linux-64/bin/workerd"
PORT=${PORT:-18090}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
source "$ROOT/scripts/jdk.sh"

die() { echo "bench: $*" >&2; exit 1; }

SERVER_PID=""
# start_server LOG CMD...: start pinned to SERVER_CPU, wait (60 s at most) until / answers.
start_server() {
  local log=$1; shift
  ss -Hltn "sport = :$PORT" | grep -q . && die "port $PORT is in use; set PORT"
  taskset -c "$SERVER_CPU" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$log" >&2; SERVER_PID=""; die "server exited during startup (log: $log)"; }
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && return 0
    sleep 0.2
  done
  stop_server; die "server did not answer on port $PORT within 60 s (log: $log)"
}

# The server and its children: TERM, then KILL after 10 s.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  local pids="$SERVER_PID $(pgrep -P "$SERVER_PID" | tr '\n' ' ')" i
  kill -TERM $pids 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL $pids 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  for i in $(seq 50); do ss -Hltn "sport = :$PORT" | grep -q . || break; sleep 0.2; done
}

# User + system CPU ticks (1/100 s) of the server process and its children.
server_ticks() {
  local t=0 p v
  for p in $SERVER_PID $(pgrep -P "$SERVER_PID"); do
    v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')
    t=$((t + ${v:-0}))
  done
  echo "$t"
}

# Wait (20 s at most) for one second in which both CPUs are under 10 % busy: other work skews results.
wait_quiet() {
  local i a b
  for i in $(seq 20); do
    a=$(awk '/^cpu[01] / { print $2+$3+$4+$6+$7+$8, $5 }' /proc/stat | tr '\n' ' ')
    sleep 1
    b=$(awk '/^cpu[01] / { print $2+$3+$4+$6+$7+$8, $5 }' /proc/stat | tr '\n' ' ')
    if awk -v a="$a" -v b="$b" 'BEGIN { split(a, x); split(b, y);
        for (c = 0; c < 2; c++) { busy = y[1+2*c] - x[1+2*c]; idle = y[2+2*c] - x[2+2*c];
          if (busy + idle > 0 && 100 * busy / (busy + idle) >= 10) exit 1 } exit 0 }'; then
      return 0
    fi
  done
  echo "bench: machine not quiet after 20 s; measuring anyway" >&2
}
