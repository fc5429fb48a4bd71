#!/usr/bin/env bash
# Installs what the benchmarks need: wrk (Debian), workerd (npm, into $KILN_BENCH_SCRATCH), and builds Kiln.
# Rerunnable: each step is skipped when already done.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
find_jdk

if ! command -v wrk >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ ! -x "$WORKERD" ]; then
  mkdir -p "$SCRATCH"
  (cd "$SCRATCH" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund "workerd@$WORKERD_VERSION" >/dev/null)
fi
"$WORKERD" --version
(cd "$ROOT" && ./mvnw -q -B -DskipTests install)
echo "bench setup done: wrk $(dpkg-query -W -f '${Version}' wrk), $("$WORKERD" --version 2>&1), Kiln built"
