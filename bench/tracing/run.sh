#!/usr/bin/env bash
# The OpenTelemetry SDK's own cost per gateway-shaped trace, on core 1, for each mode of SpanCost.java.
#   bench/tracing/run.sh [TRACES]      (default 100000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/jdk-env"
(cd "$root" && ./mvnw -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$here/cp.txt") >&2
for mode in none snapshot marshal export; do
  taskset -c 1 java -XX:+UseSerialGC -Xmx256m -cp "$(cat "$here/cp.txt")" "$here/SpanCost.java" "$mode" "${1:-100000}" 2>/dev/null | grep CPU
done
