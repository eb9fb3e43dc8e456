#!/usr/bin/env bash
# EVALSHA round trips through RedisLink against the Redis at 127.0.0.1:6379 (keys under mgbench:).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/jdk-env
./mvnw -B -q -ntp compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
out=target/bench-redis
mkdir -p "$out"
cp="target/classes:$(cat target/bench-cp.txt)"
javac -d "$out" -cp "$cp" bench/redis/RedisEvalBench.java
java -cp "$out:$cp" RedisEvalBench
