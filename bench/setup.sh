#!/usr/bin/env bash
# Installs what the benchmarks need and builds Kiln. Rerunnable: every step is skipped or cheap when done.
#   wrk      from Debian (apt-get update first), if it is not on PATH
#   workerd  npm workerd@$WORKERD_VERSION into $KILN_BENCH_SCRATCH (default /tmp/kiln-bench)
#   Kiln     ./mvnw -q -DskipTests package from the repository root (cli/target, bench/target, ...)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
find_jdk || die "no JDK 21 or newer found; set JAVA_HOME"

if ! command -v wrk >/dev/null; then
  echo "setup: installing wrk (apt)" >&2
  timeout 600 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq wrk >/dev/null
fi

installed=$(node -p "require('$SCRATCH/node_modules/workerd/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$WORKERD_VERSION" ] || [ ! -x "$WORKERD" ]; then
  echo "setup: installing workerd@$WORKERD_VERSION into $SCRATCH (npm)" >&2
  mkdir -p "$SCRATCH"
  (cd "$SCRATCH" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && timeout 600 npm install --no-audit --no-fund --save-exact "workerd@$WORKERD_VERSION" >/dev/null)
fi
[ -x "$WORKERD" ] || die "workerd binary not found at $WORKERD after npm install"

echo "setup: building Kiln (./mvnw -q -DskipTests package, JAVA_HOME=$JAVA_HOME)" >&2
(cd "$ROOT" && timeout 1800 ./mvnw -q -B -DskipTests package)
[ -f "$ROOT/cli/target/kiln-cli-0.1.0-SNAPSHOT.jar" ] || die "cli/target/kiln-cli-0.1.0-SNAPSHOT.jar was not built"
[ -f "$ROOT/bench/target/kiln-bench-0.1.0-SNAPSHOT.jar" ] || die "bench/target/kiln-bench-0.1.0-SNAPSHOT.jar was not built"

echo "bench setup done: wrk $(dpkg-query -W -f '${Version}' wrk 2>/dev/null || echo '?'), $("$WORKERD" --version 2>&1)," \
  "Kiln built with $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
