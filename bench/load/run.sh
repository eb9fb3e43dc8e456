#!/usr/bin/env bash
# Load benchmark: the gateway beside the direct upstream, in the same run.
# The gateway gets core 0; the load generator and the fake upstreams share core 1.
#   bench/load/run.sh            (needs wrk and nginx: apt-get install wrk nginx)
# Env: DURATION (s, default 10), CONCURRENCY ("1 16 64 256"), STREAMS (512), TRANSPORT (auto|apache|jetty),
#      GATEWAY_JAVA_OPTS (the gateway JVM flags; default -XX:+UseSerialGC -Xms64m -Xmx256m -Xss512k -Djdk.pollerMode=2),
#      TRACING (off|on|compare|sequential|paired: on samples every request, keeps the recent traces and exports OTLP/HTTP
#      to an nginx sink on core 1; compare runs a gateway of each kind on core 0 and measures them
#      alternately, ROUNDS (5) rounds per concurrency, then stops; sequential runs one gateway at a
#      time, a fresh JVM per round, at CONCURRENCY's first value; paired keeps one JVM of each kind,
#      the one not measured frozen, and alternates DURATION windows, ROUNDS pairs per JVMS (2) fresh
#      pairs of JVMs), PACED (yes|no), STREAMS=0 skips
#      the stream run. TRACE_RATIO (1.0) and TRACE_EXPORT (otlp|none) shape the traced gateway;
#      BASELINE_METRICS (off|on, default off) whether compare's untraced gateway keeps its metrics.
#      ALT_JAVA_OPTS: compare and paired compare JVM flags instead: the second gateway runs the
#      baseline's configuration with these flags ("on" in the output is this one).
#      ALT_JAR: compare and paired compare two builds instead: the second gateway runs this jar
#      (a copy kept beside target/lib, e.g. cp target/modelgate.jar target/before.jar before a
#      change) with the baseline's configuration and flags ("on" in the output is that jar).
#      EXTRA_YAML is appended to every gateway's configuration (a top-level section of its own).
#      NGINX_HOP (yes|no): also measure a plain nginx reverse proxy on core 0 in the gateway's place
#      (keep-alive to the same upstream), the reference the gateway's added latency is read against.
#      FLOOR (yes|no, default no): also measure the stack's floor (bench/floor/Floor.java: Helidon and
#      Apache HttpClient with nothing of the gateway between them, serving a fixed answer and
#      relaying) and the gateway on its offline echo model, each alone on core 0, the gateway frozen.
#      FLOOR_MODES ("serve relay"; also relay-jetty, relay-helidon: the relay with those clients).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/jdk-env"
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-40}   # s; on one core the JIT needs this long before the figures settle
CONCURRENCY=${CONCURRENCY:-"1 16 64 256"}
STREAMS=${STREAMS:-512}
TRANSPORT=${TRANSPORT:-auto}   # upstream transport: auto (Apache for HTTP/1.1), apache or jetty
STREAM_SECONDS=${STREAM_SECONDS:-20}
TRACING=${TRACING:-off}
PACED=${PACED:-yes}
NGINX_HOP=${NGINX_HOP:-yes}
FLOOR=${FLOOR:-no}
ROUNDS=${ROUNDS:-5}
TRACE_RATIO=${TRACE_RATIO:-1.0}   # the traced gateway's sample_ratio
TRACE_EXPORT=${TRACE_EXPORT:-otlp}   # otlp: export to the sink; none: only the recent traces
BASELINE_METRICS=${BASELINE_METRICS:-off}   # compare: the baseline has neither tracing nor metrics
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true package) >&2

UPSTREAM_PORT=18181 SSE_PORT=18182 GATEWAY_PORT=18180 OTLP_PORT=18183 TRACED_PORT=18184 HOP_PORT=18185
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT backlog=4096;
    location / {
      default_type application/json;
      return 200 '{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-upstream","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! This is a benchmark answer of a typical short length."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":14,"total_tokens":26}}';
    }
  }
  server {  # OTLP/HTTP sink for TRACING=on: an empty ExportTraceServiceResponse, one log line a batch
    listen 127.0.0.1:$OTLP_PORT backlog=1024;
    client_max_body_size 64m;
    location /v1/traces {
      access_log $work/otlp.log;
      default_type application/x-protobuf;
      return 200 '';
    }
  }
}
NGINX
taskset -c 1 nginx -c "$work/nginx.conf" & pids+=($!)
if [ "$NGINX_HOP" = yes ]; then
  # One process (no master), so its pid is the one whose CPU time is read.
  cat > "$work/hop.conf" <<NGINX
worker_processes 1; master_process off; daemon off;
pid $work/hop.pid; error_log $work/hop-error.log;
events { worker_connections 8192; }
http {
  access_log off; keepalive_requests 10000000; keepalive_timeout 300s;
  upstream bench { server 127.0.0.1:$UPSTREAM_PORT; keepalive 1024; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:$HOP_PORT backlog=4096;
    location / { proxy_pass http://bench; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
  taskset -c 0 nginx -c "$work/hop.conf" & hop=$!; pids+=($hop)
fi
taskset -c 1 java -XX:+UseSerialGC -Xmx128m "$here/SseUpstream.java" $SSE_PORT 20 50 > "$work/sse.log" 2>&1 & pids+=($!)

keys=$(java -jar "$root/target/modelgate.jar" keys hash)
export BENCH_KEY=$(echo "$keys" | sed -n 's/^key: *//p')
hash=$(echo "$keys" | sed -n 's/^hash: *//p')
write_config() { # file port tracing(on|off|bare: off, and metrics off too)
  cat > "$1" <<YAML
server: {host: 127.0.0.1, port: $2, sse_keepalive: 0s}
auth:
  keys: [{name: bench, hash: "$hash"}]
upstreams:
  - name: nginx
    type: openai
    dialect: vllm
    base_url: http://127.0.0.1:$UPSTREAM_PORT/v1
    pool: {max_connections: 1024, transport: $TRANSPORT}
  - name: sse
    type: openai
    dialect: vllm
    base_url: http://127.0.0.1:$SSE_PORT/v1
    pool: {max_connections: 1024, transport: $TRANSPORT}
  - name: offline
    type: echo
routes:
  - model: bench
    targets: [{upstream: nginx, model: bench-upstream}]
  - model: bench-echo
    targets: [{upstream: offline, model: echo}]
  - model: bench-stream
    targets: [{upstream: sse, model: bench-upstream}]
${EXTRA_YAML:-}
YAML
  if [ "$3" = bare ]; then
    printf 'observability:\n  metrics: {enabled: false}\n' >> "$1"
  fi
  if [ "$3" = on ]; then
    cat >> "$1" <<YAML
observability:
  tracing:
    enabled: true
    sample_ratio: $TRACE_RATIO
    recent_traces: 100
YAML
    if [ "$TRACE_EXPORT" = otlp ]; then
      echo "    otlp: {endpoint: \"http://127.0.0.1:$OTLP_PORT\", protocol: http}" >> "$1"
    fi
  fi
}
start_gateway() { # config port log -> sets started_pid
  local opts=${GATEWAY_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -Xss512k -Djdk.pollerMode=2}
  local jar="$root/target/modelgate.jar"
  if [ "$2" = "$TRACED_PORT" ]; then opts=${ALT_JAVA_OPTS:-$opts}; jar=${ALT_JAR:-$jar}; fi
  taskset -c 0 java $opts -jar "$jar" serve \
    --config "$1" --access-log none > "$3" 2>&1 & started_pid=$!; pids+=($started_pid)
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.1; done
}
baseline=off
[ "$TRACING" = on ] && baseline=on
case "$TRACING" in compare|sequential|paired) [ "$BASELINE_METRICS" = off ] && baseline=bare ;; esac
write_config "$work/gateway.yaml" $GATEWAY_PORT $baseline
if [ "$TRACING" = compare ] || [ "$TRACING" = sequential ] || [ "$TRACING" = paired ]; then
  write_config "$work/traced.yaml" $TRACED_PORT "$([ -n "${ALT_JAVA_OPTS:-}${ALT_JAR:-}" ] && echo "$baseline" || echo on)"
fi
if [ "$TRACING" != sequential ] && [ "$TRACING" != paired ]; then
  start_gateway "$work/gateway.yaml" $GATEWAY_PORT "$work/gateway.log"; gw=$started_pid
fi
if [ "$TRACING" = compare ]; then
  start_gateway "$work/traced.yaml" $TRACED_PORT "$work/traced.log"; traced=$started_pid
fi

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
to_us() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us/,"",v); print v} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s/,"",v); print v*1000000} else print v }'; }
export BENCH_DIR="$here"
run_wrk() { # url concurrency [script] -> "rps p50us p99us requests"
  local out; out=$(taskset -c 1 wrk -t1 -c"$2" -d"${DURATION}s" --latency -s "$here/${3:-post.lua}" "$1")
  if echo "$out" | grep -q "Non-2xx"; then echo "wrk saw errors: $out" >&2; exit 1; fi
  # wrk leaves answers slower than its 2 s timeout out of the percentiles and counts them as
  # "timeout": kept, so that a stall cannot hide behind a good p99.
  local slow; slow=$(echo "$out" | sed -n 's/.*timeout \([0-9]*\).*/\1/p')
  if [ -n "$slow" ] && [ "$slow" -gt 0 ]; then echo "$1 ($2 clients, ${DURATION} s): $slow" >> "$work/slow"; fi
  local rps p50 p99 reqs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_us "$(echo "$out" | awk '$1=="50%" {print $2}')")
  p99=$(to_us "$(echo "$out" | awk '$1=="99%" {print $2}')")
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$rps $p50 $p99 $reqs"
}

clk=$(getconf CLK_TCK)
if [ "$TRACING" = sequential ]; then
  # One gateway at a time on core 0, a fresh JVM each round (warmed up, then measured), the two
  # kinds alternating and each round's first kind alternating too: nothing else of ours shares the
  # core while a gateway is measured (two JVMs on one core, even one idle, skewed the comparison).
  one_round() { # yaml port -> "rps cpu_us_per_request"
    local pid before after rps reqs
    start_gateway "$1" "$2" "$work/seq.log"; pid=$started_pid
    DURATION=$WARMUP run_wrk "http://127.0.0.1:$2/v1/chat/completions" "${CONCURRENCY%% *}" >/dev/null
    before=$(cpu_ticks "$pid")
    read -r rps _ _ reqs <<< "$(run_wrk "http://127.0.0.1:$2/v1/chat/completions" "${CONCURRENCY%% *}")"
    after=$(cpu_ticks "$pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    awk -v r="$rps" -v t=$((after - before)) -v clk="$clk" -v n="$reqs" 'BEGIN {printf "%.0f %.1f\n", r, t/clk*1e6/n}'
  }
  echo
  echo "Tracing and metrics off (metrics: $BASELINE_METRICS) and on (sample_ratio $TRACE_RATIO, export $TRACE_EXPORT), one gateway at a time on core 0, ${WARMUP}s warm-up and ${DURATION}s measured per round, ${CONCURRENCY%% *} clients"
  echo "| round | off req/s | on req/s | off CPU µs/req | on CPU µs/req |"
  echo "|---:|---:|---:|---:|---:|"
  : > "$work/rounds"
  for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) -eq 1 ]; then
      read -r off_rps off_cpu <<< "$(one_round "$work/gateway.yaml" $GATEWAY_PORT)"
      read -r on_rps on_cpu <<< "$(one_round "$work/traced.yaml" $TRACED_PORT)"
    else
      read -r on_rps on_cpu <<< "$(one_round "$work/traced.yaml" $TRACED_PORT)"
      read -r off_rps off_cpu <<< "$(one_round "$work/gateway.yaml" $GATEWAY_PORT)"
    fi
    echo "| $r | $off_rps | $on_rps | $off_cpu | $on_cpu |"
    echo "$off_rps $on_rps $off_cpu $on_cpu" >> "$work/rounds"
  done
  awk '{ro+=$1; rn+=$2; co+=$3; cn+=$4; n++} END {
    printf "| mean | %.0f | %.0f | %.1f | %.1f |\n", ro/n, rn/n, co/n, cn/n
    printf "| cost | %.1f %% fewer req/s | | %.1f %% more CPU | |\n", (1-rn/ro)*100, (cn/co-1)*100 }' "$work/rounds"
  echo "OTLP batches received by the sink: $(wc -l < "$work/otlp.log" 2>/dev/null || echo 0)"
  exit 0
fi
if [ "$TRACING" = paired ]; then
  # Both kinds side by side on core 0, the one not measured frozen (SIGSTOP: no timer, no GC, no
  # thread of it runs), so the windows can be short and alternate often: the machine's speed drifts
  # over minutes, and short alternating windows put the drift on both kinds alike. JVMS fresh pairs
  # of JVMs, since two JVMs of the same build differ by their JIT's choices.
  freeze() { kill -STOP "$1"; }
  thaw() { kill -CONT "$1"; sleep 1; }
  measure_one() { # pid port -> "rps cpu_us_per_request"
    local before after rps reqs
    thaw "$1"
    before=$(cpu_ticks "$1")
    read -r rps _ _ reqs <<< "$(run_wrk "http://127.0.0.1:$2/v1/chat/completions" "${CONCURRENCY%% *}")"
    after=$(cpu_ticks "$1")
    freeze "$1"
    awk -v r="$rps" -v t=$((after - before)) -v clk="$clk" -v n="$reqs" 'BEGIN {printf "%.0f %.1f\n", r, t/clk*1e6/n}'
  }
  echo
  if [ -n "${ALT_JAVA_OPTS:-}" ]; then
    echo "GATEWAY_JAVA_OPTS (off) against ALT_JAVA_OPTS ($ALT_JAVA_OPTS) (on), tracing and metrics off in both"
  fi
  if [ -n "${ALT_JAR:-}" ]; then
    echo "target/modelgate.jar (off) against ALT_JAR ($(basename "$ALT_JAR")) (on), tracing and metrics off in both"
  fi
  echo "Tracing and metrics off (metrics: $BASELINE_METRICS) and on (sample_ratio $TRACE_RATIO, export $TRACE_EXPORT), ${JVMS:=2} pairs of JVMs on core 0, the one not measured frozen; ${ROUNDS} alternations of ${DURATION}s windows per pair, ${CONCURRENCY%% *} clients"
  echo "| JVMs | round | off req/s | on req/s | off CPU µs/req | on CPU µs/req |"
  echo "|---:|---:|---:|---:|---:|---:|"
  : > "$work/rounds"
  for j in $(seq 1 "$JVMS"); do
    start_gateway "$work/gateway.yaml" $GATEWAY_PORT "$work/gateway.log"; gw=$started_pid; freeze $gw
    start_gateway "$work/traced.yaml" $TRACED_PORT "$work/traced.log"; traced=$started_pid; freeze $traced
    for pid_port in "$gw $GATEWAY_PORT" "$traced $TRACED_PORT"; do
      read -r pid port <<< "$pid_port"
      thaw "$pid"
      DURATION=$WARMUP run_wrk "http://127.0.0.1:$port/v1/chat/completions" "${CONCURRENCY%% *}" >/dev/null
      freeze "$pid"
    done
    for r in $(seq 1 "$ROUNDS"); do
      if [ $((r % 2)) -eq 1 ]; then
        read -r off_rps off_cpu <<< "$(measure_one $gw $GATEWAY_PORT)"
        read -r on_rps on_cpu <<< "$(measure_one $traced $TRACED_PORT)"
      else
        read -r on_rps on_cpu <<< "$(measure_one $traced $TRACED_PORT)"
        read -r off_rps off_cpu <<< "$(measure_one $gw $GATEWAY_PORT)"
      fi
      echo "| $j | $r | $off_rps | $on_rps | $off_cpu | $on_cpu |"
      echo "$off_rps $on_rps $off_cpu $on_cpu" >> "$work/rounds"
    done
    kill -CONT $gw $traced; kill $gw $traced; wait $gw $traced 2>/dev/null || true
  done
  # Three readings of the cost: of the means; the median of the pairs' costs; of each kind's best
  # window. The machine's interference only ever slows a window down, so the best window is each
  # kind's speed with the least of it (as timeit takes the fastest repeat), and the median is not
  # moved by one pair that a slow burst hit on one side.
  med=$(awk '{print 1-$2/$1}' "$work/rounds" | sort -g | awk '{c[NR]=$1} END {print (NR%2)?c[(NR+1)/2]:(c[NR/2]+c[NR/2+1])/2}')
  awk -v med="$med" '{ro+=$1; rn+=$2; co+=$3; cn+=$4; if ($1>bo) bo=$1; if ($2>bn) bn=$2; n++} END {
    printf "| | mean | %.0f | %.0f | %.1f | %.1f |\n", ro/n, rn/n, co/n, cn/n
    printf "| | best | %.0f | %.0f | | |\n", bo, bn
    printf "cost in req/s: %.1f %% of the means, %.1f %% median of %d pairs, %.1f %% of the best windows; %.1f %% more CPU per request (means)\n", (1-rn/ro)*100, med*100, n, (1-bn/bo)*100, (cn/co-1)*100 }' "$work/rounds"
  echo "OTLP batches received by the sink: $(wc -l < "$work/otlp.log" 2>/dev/null || echo 0)"
  exit 0
fi
if [ "$TRACING" = compare ]; then
  echo "warming up both gateways (${WARMUP}s each)..." >&2
  DURATION=$WARMUP run_wrk "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" 64 >/dev/null
  DURATION=$WARMUP run_wrk "http://127.0.0.1:$TRACED_PORT/v1/chat/completions" 64 >/dev/null
  measure() { # pid port concurrency -> "rps cpu_us_per_request"
    local before after rps reqs
    before=$(cpu_ticks "$1")
    read -r rps _ _ reqs <<< "$(run_wrk "http://127.0.0.1:$2/v1/chat/completions" "$3")"
    after=$(cpu_ticks "$1")
    awk -v r="$rps" -v t=$((after - before)) -v clk="$clk" -v n="$reqs" 'BEGIN {printf "%.0f %.1f\n", r, t/clk*1e6/n}'
  }
  echo
  echo "Tracing and metrics off (metrics: $BASELINE_METRICS) and on (sample_ratio $TRACE_RATIO, export $TRACE_EXPORT), two gateways on core 0 measured alternately (${DURATION}s each, upstream transport $TRANSPORT)"
  echo "| clients | round | off req/s | on req/s | off CPU µs/req | on CPU µs/req |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for c in $CONCURRENCY; do
    : > "$work/rounds"
    for r in $(seq 1 "$ROUNDS"); do
      # Which goes first alternates, so a drift in the machine's load falls on both alike.
      if [ $((r % 2)) -eq 1 ]; then
        read -r off_rps off_cpu <<< "$(measure $gw $GATEWAY_PORT "$c")"
        read -r on_rps on_cpu <<< "$(measure $traced $TRACED_PORT "$c")"
      else
        read -r on_rps on_cpu <<< "$(measure $traced $TRACED_PORT "$c")"
        read -r off_rps off_cpu <<< "$(measure $gw $GATEWAY_PORT "$c")"
      fi
      echo "| $c | $r | $off_rps | $on_rps | $off_cpu | $on_cpu |"
      echo "$off_rps $on_rps $off_cpu $on_cpu" >> "$work/rounds"
    done
    awk -v c="$c" '{ro+=$1; rn+=$2; co+=$3; cn+=$4; n++} END {
      printf "| %d | mean | %.0f | %.0f | %.1f | %.1f |\n", c, ro/n, rn/n, co/n, cn/n
      printf "| %d | cost | | %.1f %% fewer req/s | | %.1f %% more CPU |\n", c, (1-rn/ro)*100, (cn/co-1)*100 }' "$work/rounds"
  done
  echo "OTLP batches received by the sink: $(wc -l < "$work/otlp.log" 2>/dev/null || echo 0)"
  exit 0
fi
echo "warming up the gateway (${WARMUP}s)..." >&2
DURATION=$WARMUP run_wrk "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" 64 >/dev/null
taskset -c 1 java -Xss256k "$here/StreamLoad.java" 127.0.0.1 $GATEWAY_PORT /v1/chat/completions "$BENCH_KEY" 256 bench-stream 10 >/dev/null
echo
# One table: the direct upstream, then the proxy on core 0 ($1: its name, $2: its pid, $3: its
# port), at each concurrency, with the proxy's CPU time per request.
beside_direct() {
  echo "| clients | direct req/s | $1 req/s | direct p50 µs | $1 p50 µs | added p50 µs | direct p99 µs | $1 p99 µs | added p99 µs | $1 CPU µs/req |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local c d_rps d_p50 d_p99 p_rps p_p50 p_p99 p_reqs before after
  for c in $CONCURRENCY; do
    read -r d_rps d_p50 d_p99 _ <<< "$(run_wrk "http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions" "$c")"
    before=$(cpu_ticks "$2")
    read -r p_rps p_p50 p_p99 p_reqs <<< "$(run_wrk "http://127.0.0.1:$3/v1/chat/completions" "$c")"
    after=$(cpu_ticks "$2")
    awk -v c="$c" -v dr="$d_rps" -v pr="$p_rps" -v d50="$d_p50" -v p50="$p_p50" -v d99="$d_p99" -v p99="$p_p99" \
        -v ticks=$((after - before)) -v clk="$clk" -v n="$p_reqs" \
        'BEGIN { printf "| %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f |\n", c, dr, pr, d50, p50, p50-d50, d99, p99, p99-d99, ticks/clk*1e6/n }'
  done
}
echo "Upstream transport: $TRANSPORT, tracing: $TRACING"
beside_direct gateway "$gw" "$GATEWAY_PORT"
echo "Answers slower than 2 s (left out of the percentiles): $([ -s "$work/slow" ] && tr '\n' ';' < "$work/slow" || echo none)"
if [ "$TRACING" = on ]; then
  echo "OTLP batches received by the sink: $(wc -l < "$work/otlp.log" 2>/dev/null || echo 0)"
fi
if [ "$NGINX_HOP" = yes ]; then
  echo
  echo "Reference: a plain nginx reverse proxy on core 0 in the gateway's place (direct measured again beside it)"
  beside_direct "nginx hop" "$hop" "$HOP_PORT"
fi
# One paced run through a proxy ($1: its name, $2: its pid, $3: its port, $4: the wrk script),
# read against the direct path's p50 and p99 ($5, $6), with the proxy's CPU time per request: a
# wake-up of a sleeping peer costs more than one of a busy one, so the same proxy spends more per
# call at this low rate than when the load keeps both cores busy.
paced_row() {
  local before after rps p50 p99 reqs
  before=$(cpu_ticks "$2")
  read -r rps p50 p99 reqs <<< "$(run_wrk "http://127.0.0.1:$3/v1/chat/completions" 16 "$4")"
  after=$(cpu_ticks "$2")
  awk -v name="$1" -v r="$rps" -v d50="$5" -v p50="$p50" -v d99="$6" -v p99="$p99" \
      -v ticks=$((after - before)) -v clk="$clk" -v n="$reqs" \
    'BEGIN { printf "%s %.0f req/s p50 %.0f µs p99 %.0f µs; added p50 %.0f µs, p99 %.0f µs; %s CPU %.1f µs/req\n", name, r, p50, p99, p50-d50, p99-d99, name, ticks/clk*1e6/n }'
}
PACINGS=("paced.lua:every 5 ms" "paced-poisson.lua:at random, 5 ms apart on average")
if [ "$PACED" = yes ]; then  # PACED=no skips only this part; the streams still run
  for pacing in "${PACINGS[@]}"; do
    echo
    echo "Paced: 16 connections, each sending one request ${pacing#*:} (below saturation)"
    read -r d_rps d_p50 d_p99 _ <<< "$(run_wrk "http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions" 16 "${pacing%%:*}")"
    echo "direct $d_rps req/s p50 $d_p50 µs p99 $d_p99 µs"
    paced_row gateway "$gw" "$GATEWAY_PORT" "${pacing%%:*}" "$d_p50" "$d_p99"
    if [ "$NGINX_HOP" = yes ]; then
      paced_row "nginx hop" "$hop" "$HOP_PORT" "${pacing%%:*}" "$d_p50" "$d_p99"
    fi
  done
fi
if [ "$FLOOR" = yes ]; then
  # What the stack costs before any gateway code: the gateway on its echo model (no upstream), then
  # Helidon alone answering a fixed body, then Helidon relaying through Apache HttpClient. Each
  # runs alone on core 0 (the gateway frozen while the floor server runs, which is stopped after).
  echo
  echo "The gateway on its offline echo model (no upstream; direct measured beside it as the reference)"
  BENCH_MODEL=bench-echo beside_direct "gateway echo" "$gw" "$GATEWAY_PORT"
  kill -STOP "$gw"
  # Helidon's client is not among the gateway's dependencies: fetched beside it for the floor.
  helidon=$(sed -n 's:.*<helidon.version>\(.*\)</helidon.version>.*:\1:p' "$root/pom.xml")
  for artifact in helidon-webclient helidon-webclient-api helidon-webclient-http1; do
    (cd "$root" && ./mvnw -B -q -ntp dependency:copy -Dartifact=io.helidon.webclient:$artifact:$helidon \
      -DoutputDirectory=target/floor-lib) >&2
  done
  floor_cp="$root/target/modelgate.jar$(printf ':%s' "$root"/target/floor-lib/*.jar)"
  for mode in ${FLOOR_MODES:-serve relay}; do
    FLOOR_PORT=18186
    taskset -c 0 java ${GATEWAY_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -Xss512k -Djdk.pollerMode=2} \
      -cp "$floor_cp" "$root/bench/floor/Floor.java" $FLOOR_PORT \
      "http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions" $mode > "$work/floor.log" 2>&1 & floor=$!; pids+=($floor)
    for _ in $(seq 1 200); do grep -q listening "$work/floor.log" && break; sleep 0.1; done
    DURATION=$WARMUP run_wrk "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions" 64 >/dev/null
    echo
    case $mode in
      serve) what="Helidon" ;; relay) what="Helidon and Apache HttpClient" ;;
      relay-jetty) what="Helidon and Jetty's client on virtual threads" ;; *) what="Helidon and its own client" ;;
    esac
    echo "The stack's floor, $mode: $what with nothing of the gateway between"
    beside_direct "floor $mode" "$floor" "$FLOOR_PORT"
    if [ "$PACED" = yes ]; then
      read -r d_rps d_p50 d_p99 _ <<< "$(run_wrk "http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions" 16 paced.lua)"
      echo "Paced (16 connections, every 5 ms): direct p50 $d_p50 µs p99 $d_p99 µs;"
      paced_row "floor $mode" "$floor" "$FLOOR_PORT" paced.lua "$d_p50" "$d_p99"
    fi
    kill "$floor"; wait "$floor" 2>/dev/null || true
  done
  kill -CONT "$gw"; sleep 1
fi
[ "$STREAMS" -gt 0 ] || exit 0
echo
echo "Streams: $STREAMS open at all times, each 20 events 50 ms apart, for ${STREAM_SECONDS}s"
echo "direct:  $(taskset -c 1 java -Xss256k "$here/StreamLoad.java" 127.0.0.1 $SSE_PORT /v1/chat/completions none "$STREAMS" bench-stream "$STREAM_SECONDS")"
before=$(cpu_ticks $gw)
echo "gateway: $(taskset -c 1 java -Xss256k "$here/StreamLoad.java" 127.0.0.1 $GATEWAY_PORT /v1/chat/completions "$BENCH_KEY" "$STREAMS" bench-stream "$STREAM_SECONDS")"
after=$(cpu_ticks $gw)
echo "gateway CPU while streaming: $(awk -v t=$((after - before)) -v clk="$clk" -v s="$STREAM_SECONDS" 'BEGIN {printf "%.0f%% of its core", t/clk/s*100}')"
echo "gateway peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$gw/status)"
