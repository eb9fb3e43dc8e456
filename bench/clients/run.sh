#!/usr/bin/env bash
# Builds the benchmark, starts the fake upstream pinned to CPU 1, then, for each client, one JVM pinned to CPU 0
# runs every concurrency level (fresh client per level), the streaming case and the slow-reader probe. Stops the
# upstream and prints Markdown tables.
#
# Environment (all optional):
#   CLIENTS="raw jdk jdk-vt jetty jetty-vt apache okhttp"  clients (raw = baseline, not a candidate)
#   CONCURRENCY="1 16 64 256"                  closed-loop concurrency levels (non-streaming)
#   WARMUP=10 LEVEL_WARMUP=3 DURATION=10       seconds: JIT warm-up before the first level, warm-up before each
#                                              later level, measured time per level (warm-ups are not measured)
#   STREAMS=256 CHUNKS=50 GAP_MS=20            streaming case; STREAMS=0 skips it
#   STREAM_WARMUP=3 STREAM_DURATION=10         seconds per streaming run
#   SLOWREADER=1                               0 skips the slow-reader (back-pressure) probe
#   CLIENT_CPU=0 UPSTREAM_CPU=1                CPUs for taskset
#   CLIENT_JVM_OPTS="-Xms1g -Xmx1g -XX:+UseSerialGC"
#   UPSTREAM_JVM_OPTS="-Xms512m -Xmx512m -XX:+UseSerialGC"
#   SKIP_BUILD=1                               reuse target/modelgate-bench-clients.jar
#   OUT=results/<timestamp>                    where logs, results.tsv and results.md go
set -euo pipefail

cd "$(dirname "$0")"

CLIENTS=${CLIENTS:-"raw jdk jdk-vt jetty jetty-vt apache okhttp"}
CONCURRENCY=${CONCURRENCY:-"1 16 64 256"}
WARMUP=${WARMUP:-10}
LEVEL_WARMUP=${LEVEL_WARMUP:-3}
DURATION=${DURATION:-10}
STREAMS=${STREAMS:-256}
CHUNKS=${CHUNKS:-50}
GAP_MS=${GAP_MS:-20}
STREAM_WARMUP=${STREAM_WARMUP:-3}
STREAM_DURATION=${STREAM_DURATION:-10}
SLOWREADER=${SLOWREADER:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
UPSTREAM_CPU=${UPSTREAM_CPU:-1}
CLIENT_JVM_OPTS=${CLIENT_JVM_OPTS:-"-Xms1g -Xmx1g -XX:+UseSerialGC"}
UPSTREAM_JVM_OPTS=${UPSTREAM_JVM_OPTS:-"-Xms512m -Xmx512m -XX:+UseSerialGC"}
OUT=${OUT:-results/$(date -u +%Y%m%dT%H%M%SZ)}
JAR=target/modelgate-bench-clients.jar

# ---------------------------------------------------------------- find a JDK 21+
java_major() { # prints the feature version of the java at $1/bin/java, or 0
    local v
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    case "$v" in
        1.*|"") echo 0 ;;
        *) echo "${v%%.*}" ;;
    esac
}

find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ]; then
        echo "$JAVA_HOME"
        return
    fi
    local best="" best_major=0 dir major
    for dir in /usr/lib/jvm/*/; do
        dir=${dir%/}
        [ -L "$dir" ] && continue
        [ -x "$dir/bin/javac" ] || continue
        major=$(java_major "$dir")
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best=$dir
            best_major=$major
        fi
    done
    if [ -z "$best" ]; then
        echo "run.sh: no JDK 21+ found (set JAVA_HOME to one)" >&2
        exit 1
    fi
    echo "$best"
}

JAVA_HOME=$(find_jdk)
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
echo "JDK: $("$JAVA" -version 2>&1 | head -1) ($(java_major "$JAVA_HOME"))" >&2

# ---------------------------------------------------------------- pinning
pin_client=()
pin_upstream=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc --all)" -ge 2 ]; then
    pin_client=(taskset -c "$CLIENT_CPU")
    pin_upstream=(taskset -c "$UPSTREAM_CPU")
else
    echo "run.sh: taskset missing or fewer than 2 CPUs: running unpinned" >&2
fi

# ---------------------------------------------------------------- build
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$JAR" ]; then
    echo "building with Maven ..." >&2
    mvn -B -q package >&2
fi

mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"

# ---------------------------------------------------------------- upstream
UPSTREAM_PID=""
stop_upstream() {
    if [ -n "$UPSTREAM_PID" ] && kill -0 "$UPSTREAM_PID" 2>/dev/null; then
        kill "$UPSTREAM_PID" 2>/dev/null || true
        wait "$UPSTREAM_PID" 2>/dev/null || true
    fi
    UPSTREAM_PID=""
}
trap stop_upstream EXIT
trap 'exit 130' INT TERM

rm -f "$OUT/upstream.port"
# shellcheck disable=SC2086
"${pin_upstream[@]}" "$JAVA" $UPSTREAM_JVM_OPTS -jar "$JAR" upstream 0 "$OUT/upstream.port" > "$OUT/upstream.log" 2>&1 &
UPSTREAM_PID=$!
for _ in $(seq 1 100); do
    [ -s "$OUT/upstream.port" ] && break
    sleep 0.1
done
if [ ! -s "$OUT/upstream.port" ]; then
    echo "run.sh: upstream did not start, see $OUT/upstream.log" >&2
    exit 1
fi
PORT=$(cat "$OUT/upstream.port")
echo "fake upstream on 127.0.0.1:$PORT (pid $UPSTREAM_PID)" >&2

# ---------------------------------------------------------------- runs: one client JVM per candidate
LEVELS=$(echo $CONCURRENCY | tr ' ' ',')
for client in $CLIENTS; do
    log="$OUT/$client.log"
    echo "== $client" >&2
    # shellcheck disable=SC2086
    if "${pin_client[@]}" "$JAVA" $CLIENT_JVM_OPTS -jar "$JAR" all --client "$client" --port "$PORT" \
        --concurrency "$LEVELS" --warmup "$WARMUP" --level-warmup "$LEVEL_WARMUP" --duration "$DURATION" \
        --streams "$STREAMS" --chunks "$CHUNKS" --gap-ms "$GAP_MS" \
        --stream-warmup "$STREAM_WARMUP" --stream-duration "$STREAM_DURATION" \
        --slowreader "$SLOWREADER" > "$log" 2>&1; then
        grep '^RESULT' "$log" | tee -a "$RESULTS" >&2 || true
    else
        grep '^RESULT' "$log" >> "$RESULTS" || true
        echo "run.sh: FAILED: $client (see $log)" >&2
    fi
done

stop_upstream

{
    echo "Run: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc --all) CPUs, $("$JAVA" -version 2>&1 | head -1)"
    echo "Clients on CPU $CLIENT_CPU, upstream on CPU $UPSTREAM_CPU; JIT warm-up ${WARMUP}s, then per level"
    echo "warm-up ${LEVEL_WARMUP}s and measured ${DURATION}s;"
    echo "streaming: $STREAMS streams x $CHUNKS chunks, ${GAP_MS} ms gap, warm-up ${STREAM_WARMUP}s, measured ${STREAM_DURATION}s."
    echo
    "$JAVA" -jar "$JAR" report "$RESULTS"
} | tee "$OUT/results.md"
