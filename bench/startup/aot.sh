#!/usr/bin/env bash
# Start-up with and without JDK 25's AOT cache (JEP 483/514/515): a training run writes the cache
# (embedded default, 15 s of load on the offline echo model, then SIGTERM), then fresh gateways
# start alternately without and with it: time to /healthz, and req/s over the first two 5 s windows
# of 16 clients (wrk on core 1, the gateway on core 0).
#   bench/startup/aot.sh            (needs wrk; ROUNDS, default 2)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/jdk-env"
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true package) >&2
work=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
port=18580
export BENCH_MODEL=echo BENCH_DIR="$root/bench/load"
opts="-XX:+UseSerialGC -Xss512k -Djdk.pollerMode=2"
start() { # extra JVM options -> sets pid, BENCH_KEY and ms (to /healthz)
  rm -rf "$work/data"
  local t0; t0=$(date +%s%N)
  taskset -c 0 java $opts $1 -jar "$root/target/modelgate.jar" serve --port $port \
    --data-dir "$work/data" --access-log none > "$work/log" 2>&1 & pid=$!
  for _ in $(seq 1 3000); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.01; done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  BENCH_KEY=$(grep -o 'mg-[A-Za-z0-9_-]*' "$work/log" | head -1); export BENCH_KEY
}
load() { taskset -c 1 wrk -t1 -c16 -d"$1"s -s "$root/bench/load/post.lua" "http://127.0.0.1:$port/v1/chat/completions" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
start "-XX:AOTCacheOutput=$work/modelgate.aot"
load 15 >/dev/null
stop
[ -s "$work/modelgate.aot" ] || { echo "no AOT cache written (JDK 24 or newer needed)" >&2; exit 1; }
echo "AOT cache: $(( $(stat -c %s "$work/modelgate.aot") / 1048576 )) MiB"
echo "| round | JVM | ms to /healthz | req/s, first 5 s | req/s, next 5 s | peak RSS MiB |"
echo "|---:|---|---:|---:|---:|---:|"
for round in $(seq 1 "${ROUNDS:-2}"); do
  for mode in plain aot; do
    extra=""; [ $mode = aot ] && extra="-XX:AOTCache=$work/modelgate.aot"
    start "$extra"; first=$(load 5); next=$(load 5)
    rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
    stop
    echo "| $round | $mode | $ms | $first | $next | $rss |"
  done
done
