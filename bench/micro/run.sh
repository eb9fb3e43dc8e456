#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's hot-path pieces (src/test/java/dev/modelgate/bench).
#   bench/micro/run.sh                 every benchmark, JMH's defaults as the classes set them
#   bench/micro/run.sh requestScan -f 1 -wi 2 -i 3    JMH's own arguments (a name pattern, forks...)
# Pinned to core 0 like the gateway in bench/load (taskset), so figures compare with its profile.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/jdk-env"
cd "$root"
./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/micro-classpath.txt -Dmdep.includeScope=test >&2
cp="target/test-classes:target/classes:$(cat target/micro-classpath.txt)"
exec taskset -c 0 java -cp "$cp" org.openjdk.jmh.Main "${@:-dev.modelgate.bench}"
