#!/usr/bin/env bash
# Profiles the gateway under the load benchmark's non-streaming load: nginx upstream and wrk on
# core 1, the gateway on core 0, async-profiler attached after the warm-up (so JIT warm-up and
# start-up stay out of the picture), collapsed stacks written to $OUT.
#   bench/load/profile.sh                 (needs wrk and nginx, like run.sh)
# Env: CONCURRENCY (64), WARMUP (40 s), DURATION (20 s), EVENT (cpu | alloc | lock | itimer),
#      INTERVAL (1000000: ns of CPU for cpu/itimer, bytes for alloc), OUT (target/profile.collapsed),
#      GATEWAY_JAVA_OPTS (as in run.sh), EXTRA_YAML (appended to the gateway's configuration; the
#      upstream's nginx also answers OTLP/HTTP on /v1/traces, so tracing can export to its base URL).
# Read the result with any flame graph tool, or: sort -t' ' -k2 -nr "$OUT" | head
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/jdk-env"
CONCURRENCY=${CONCURRENCY:-64}
WARMUP=${WARMUP:-40}
DURATION=${DURATION:-20}
EVENT=${EVENT:-cpu}
INTERVAL=${INTERVAL:-1000000}
OUT=${OUT:-$root/target/profile.collapsed}
PROFILER_VERSION=4.0   # tools.profiler:async-profiler on Maven Central carries the native library
UPSTREAM_PORT=18191 GATEWAY_PORT=18190
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

(cd "$root" && ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true package \
  && ./mvnw -B -q -ntp dependency:copy -Dartifact=tools.profiler:async-profiler:$PROFILER_VERSION \
       -DoutputDirectory=target/profiler) >&2
(cd "$work" && unzip -q -o "$root/target/profiler/async-profiler-$PROFILER_VERSION.jar" 'linux-x64/*')
agent="$work/linux-x64/libasyncProfiler.so"

cat > "$work/nginx.conf" <<NGINX
worker_processes 1; daemon off; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log off; keepalive_requests 10000000; keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT backlog=4096;
    location / {
      default_type application/json;
      return 200 '{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-upstream","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! This is a benchmark answer of a typical short length."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":14,"total_tokens":26}}';
    }
    location /v1/traces {  # an OTLP/HTTP sink, for EXTRA_YAML that exports traces here
      client_max_body_size 64m;
      default_type application/x-protobuf;
      return 200 '';
    }
  }
}
NGINX
taskset -c 1 nginx -c "$work/nginx.conf" & pids+=($!)
keys=$(java -jar "$root/target/modelgate.jar" keys hash)
export BENCH_KEY=$(echo "$keys" | sed -n 's/^key: *//p')
cat > "$work/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: $GATEWAY_PORT}
auth:
  keys: [{name: bench, hash: "$(echo "$keys" | sed -n 's/^hash: *//p')"}]
upstreams:
  - {name: nginx, type: openai, dialect: vllm, base_url: "http://127.0.0.1:$UPSTREAM_PORT/v1", pool: {max_connections: 1024}}
routes:
  - {model: bench, targets: [{upstream: nginx, model: bench-upstream}]}
${EXTRA_YAML:-}
YAML
taskset -c 0 java ${GATEWAY_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -Xss512k -Djdk.pollerMode=2} \
  -jar "$root/target/modelgate.jar" serve --config "$work/gateway.yaml" --access-log none \
  > "$work/gateway.log" 2>&1 & gw=$!; pids+=($gw)
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$GATEWAY_PORT/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$GATEWAY_PORT/healthz" >/dev/null || { tail -20 "$work/gateway.log" >&2; exit 1; }

url="http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions"
export BENCH_DIR="$here"
echo "warming up (${WARMUP}s)..." >&2
taskset -c 1 wrk -t1 -c"$CONCURRENCY" -d"${WARMUP}s" -s "$here/post.lua" "$url" >/dev/null
# jcmd reads the agent's options as one quoted argument (unquoted, it splits them at '=').
jcmd $gw "JVMTI.agent_load $agent \"start,event=$EVENT,interval=$INTERVAL\"" >/dev/null
before=$(awk '{print $14+$15}' "/proc/$gw/stat")
out=$(taskset -c 1 wrk -t1 -c"$CONCURRENCY" -d"${DURATION}s" -s "$here/post.lua" "$url")
after=$(awk '{print $14+$15}' "/proc/$gw/stat")
mkdir -p "$(dirname "$OUT")"
jcmd $gw "JVMTI.agent_load $agent \"stop,file=$OUT,collapsed\"" >/dev/null
reqs=$(echo "$out" | awk '/requests in/ {print $1}')
echo "$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f req/s", $2}'), $(awk -v t=$((after - before)) \
  -v clk="$(getconf CLK_TCK)" -v n="$reqs" 'BEGIN {printf "%.1f", t/clk*1e6/n}') µs CPU per request (profiler attached)"
echo "collapsed stacks ($EVENT): $OUT"
# Where the CPU went, as shares of all samples (on a saturated core, a share is what its work costs
# in throughput): observability is OpenTelemetry, Micrometer (and its GC notifications) and the
# gateway's own observe package; GC and JIT are listed apart, since tracing also shows in GC.
[ "$EVENT" = cpu ] && awk '{ n = $NF; total += n
    if ($0 ~ /io\/opentelemetry|io\/micrometer|dev\/modelgate\/observe\/|GarbageCollectorExtImpl/) obs += n
    if ($0 ~ /VM_SerialCollectForAllocation|VM_GenCollect|G1YoungCollector|G1CollectedHeap::do_collection|ParallelScavengeHeap/) gc += n
    if ($0 ~ /CompileBroker::/) jit += n
  } END { printf "CPU shares: observability %.1f %%, GC %.1f %%, JIT %.1f %% (of %d samples)\n", obs*100/total, gc*100/total, jit*100/total, total }' "$OUT"
