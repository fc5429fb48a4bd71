# Shared by setup.sh and run.sh. Servers run pinned to SERVER_CPU, wrk to CLIENT_CPU, on 127.0.0.1 only.
# Every step has a time limit; servers are stopped by PID together with all their descendants.
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
SCRATCH=${KILN_BENCH_SCRATCH:-/tmp/kiln-bench}
WORKERD_VERSION=1.20261117.1
WORKERD="$SCRATCH/node_modules/@cloudflare/workerd-linux-64/bin/workerd"
PORT=${PORT:-18090}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
START_LIMIT=${START_LIMIT:-60}   # seconds a server may take to answer its first request
STOP_GRACE=${STOP_GRACE:-10}     # seconds between TERM and KILL
source "$ROOT/scripts/jdk.sh"    # find_jdk: JAVA_HOME -> a JDK 21 or newer

die() { echo "bench: $*" >&2; exit 1; }

port_in_use() { ss -Hltn "sport = :$1" | grep -q .; }

# descendants PID: every descendant process of PID (children first, then theirs).
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

SERVER_PID=""
# start_server LOG CMD...: start CMD pinned to SERVER_CPU (taskset execs it, so $! is the server itself)
# and wait at most START_LIMIT seconds until http://127.0.0.1:PORT/ answers.
start_server() {
  local log=$1 i; shift
  port_in_use "$PORT" && die "port $PORT is in use; set PORT"
  taskset -c "$SERVER_CPU" "$@" >"$log" 2>&1 9>&- &   # fd 9: run.sh's lock, not for the server
  SERVER_PID=$!
  for i in $(seq $((START_LIMIT * 5))); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -20 "$log" >&2
      SERVER_PID=""
      die "server exited during startup (log: $log)"
    fi
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && return 0
    sleep 0.2
  done
  stop_server
  die "server did not answer on port $PORT within $START_LIMIT s (log: $log)"
}

# stop_server: TERM the server and all its descendants, KILL whatever is left after STOP_GRACE seconds.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  local pids alive p i
  pids="$SERVER_PID $(descendants "$SERVER_PID" | tr '\n' ' ')"
  kill -TERM $pids 2>/dev/null || true
  for i in $(seq $((STOP_GRACE * 5))); do
    alive=""
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -z "$alive" ] && break
    sleep 0.2
  done
  if [ -n "$alive" ]; then
    echo "bench: server did not stop within $STOP_GRACE s; killing$alive" >&2
    kill -KILL $alive 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  for i in $(seq 50); do port_in_use "$PORT" || break; sleep 0.2; done
}

# server_ticks: user + system CPU ticks (1/100 s) used so far by the server process tree. /proc/PID/stat
# counts every thread of a process, so a JVM's GC and JIT threads are included.
server_ticks() {
  local t=0 p v
  for p in $SERVER_PID $(descendants "$SERVER_PID"); do
    v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')
    t=$((t + ${v:-0}))
  done
  echo "$t"
}

# cpu_sample CPU: "busy idle" jiffies of one CPU from /proc/stat.
cpu_sample() { awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }

# wait_quiet: before a measured run, wait (20 s at most) for one second in which SERVER_CPU and CLIENT_CPU
# are both under 10 % busy, so that other work on the machine skews the run less. Prints how long it took.
wait_quiet() {
  local i s0 c0 s1 c1
  for i in $(seq 20); do
    s0=$(cpu_sample "$SERVER_CPU"); c0=$(cpu_sample "$CLIENT_CPU")
    sleep 1
    s1=$(cpu_sample "$SERVER_CPU"); c1=$(cpu_sample "$CLIENT_CPU")
    if awk -v a="$s0 $c0" -v b="$s1 $c1" 'BEGIN { split(a, x); split(b, y)
        for (k = 1; k <= 3; k += 2) { busy = y[k] - x[k]; idle = y[k+1] - x[k+1]
          if (busy + idle > 0 && 100 * busy / (busy + idle) >= 10) exit 1 } exit 0 }'; then
      echo "quiet after ${i}s"
      return 0
    fi
  done
  echo "bench: machine not quiet after 20 s; measuring anyway" >&2
  echo "not quiet after 20s"
}
