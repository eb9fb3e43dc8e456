#!/usr/bin/env bash
# Smoke test of the built image: load the tar into podman (daemonless), start the embedded default,
# ask /healthz and /readyz, stream one offline `echo` answer, then stop it with SIGTERM.
#   deploy/image/run-image.sh [target/modelgate-image.tar]
# Where the container runtime may not run (a sandbox without the rights crun needs to set rlimits),
# RUNNER=chroot runs the image's exported filesystem with chroot as root instead, as user 65532,
# with the image's entrypoint; this checks the runtime, libraries and app, not the isolation.
set -euo pipefail
tar=${1:-target/modelgate-image.tar}
port=${PORT:-18080}
image=$(podman load -q -i "$tar" | sed -n 's/^Loaded image: //p' | tail -1)
echo "loaded $image"
if [[ ${RUNNER:-podman} == chroot ]]; then
  root=$(mktemp -d) && chmod 755 "$root"   # mktemp makes it 0700; the user must enter it
  container=$(podman create "$image")
  podman export "$container" | tar -x -C "$root"
  podman rm "$container" >/dev/null
  mkdir -p "$root/proc" && mount -t proc proc "$root/proc"
  # The entrypoint and arguments exactly as the image states them, listening on $port.
  mapfile -t entry < <(podman inspect "$image" --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' | sed '/^$/d')
  (cd / && chroot --userspec=65532:65532 "$root" "/opt/java/bin/${entry[0]}" "${entry[@]:1}" \
    serve --host 127.0.0.1 --port "$port" --data-dir /data >"$root/tmp/run.log" 2>&1) &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; umount "$root/proc" || true; rm -rf "$root"' EXIT
  logs() { cat "$root/tmp/run.log"; }
else
  name=modelgate-smoke-$$
  podman run -d --name "$name" --read-only --tmpfs /tmp --tmpfs /data -p "127.0.0.1:$port:8080" "$image" >/dev/null
  trap 'podman rm -f "$name" >/dev/null 2>&1 || true' EXIT
  logs() { podman logs "$name" 2>&1; }
fi
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
if ! curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
  echo "the gateway did not start:"; logs; exit 1
fi
echo "healthz: $(curl -sS "http://127.0.0.1:$port/healthz")"
echo "readyz: $(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")"
key=$(logs | grep -o 'mg-[A-Za-z0-9_-]*' | head -1)
curl -sS -N "http://127.0.0.1:$port/v1/chat/completions" -H "Authorization: Bearer $key" \
  -H 'Content-Type: application/json' \
  -d '{"model":"echo","stream":true,"messages":[{"role":"user","content":"hello from the image"}]}' | tail -3
start=$(date +%s%N)
if [[ ${RUNNER:-podman} == chroot ]]; then
  java_pid=$(pgrep -P "$pid" || echo "$pid")
  kill -TERM "$java_pid"
  while kill -0 "$java_pid" 2>/dev/null; do sleep 0.05; done
  echo "stopped by SIGTERM in $(( ($(date +%s%N) - start) / 1000000 )) ms"
else
  podman stop -t 40 "$name" >/dev/null
  echo "stopped in $(( ($(date +%s%N) - start) / 1000000 )) ms, exit code $(podman inspect -f '{{.State.ExitCode}}' "$name")"
fi
