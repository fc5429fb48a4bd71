# Sourced by ./kiln and ./run-tests: sets JAVA_HOME to a JDK 21 or newer, or explains what is missing.
# Looks at $JAVA_HOME, then every JDK under /usr/lib/jvm (newest first), then the java on PATH.
# quiet_maven then keeps Maven's own JDK warnings out of the output.

jdk_major() { # JDK_HOME -> major version, or nothing
  local release="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
  fi
  echo "$v"
}

find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  if command -v javac >/dev/null 2>&1; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"); fi
  for c in "${candidates[@]}"; do
    v=$(jdk_major "$c")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  echo "kiln: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm/*, and javac on PATH)." >&2
  echo "kiln: install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}

quiet_maven() { # Maven 3.9 calls sun.misc.Unsafe, which JDK 24+ warns about; JDK 23+ can allow it (older JDKs reject the flag)
  local v
  v=$(jdk_major "$JAVA_HOME")
  if [ -n "$v" ] && [ "$v" -ge 23 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow${MAVEN_OPTS:+ $MAVEN_OPTS}"
  fi
}
