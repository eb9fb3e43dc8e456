#!/usr/bin/env bash
# Assembles the container's base filesystem without pulling any image: a jlink'd Java runtime from
# the JDK that builds, the glibc pieces it links against (copied from this machine), a passwd entry
# for the non-root user and writable /tmp and /data. Jib lays it over `scratch` (profile `image`).
#   deploy/image/build-base.sh OUTPUT_DIR [JAR_WITH_NATIVE_LIBRARY ...]
# Each further jar carries a native library (DJL's tokenizers) whose own shared libraries are
# copied too, so it loads in the image.
set -euo pipefail
out=${1:?usage: build-base.sh OUTPUT_DIR [JAR_WITH_NATIVE_LIBRARY ...]}
shift
java_home=${JAVA_HOME:?JAVA_HOME must point at the JDK that builds}
# What the gateway and its libraries use (jdeps over the jar and target/lib, plus what is loaded
# reflectively: JMX for HikariCP, zipfs, EC and Kerberos-free TLS, DNS for JNDI lookups).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,\
java.net.http,java.scripting,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.management,\
jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/data" "$out/etc/modelgate"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/opt/java"

# Every shared library the runtime links against, at the same path as on the build machine.
copy_lib() {
  local lib=$1
  [[ -e "$out$lib" ]] && return
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
}
natives=$(mktemp -d)
trap 'rm -rf "$natives"' EXIT
for jar in "$@"; do
  unzip -q -o "$jar" "native/lib/linux-$(uname -m)/*" -d "$natives" 2>/dev/null || true
done
while read -r lib; do
  copy_lib "$lib"
# Libraries only a desktop loads (X11, sound, splash screen) are left out: the gateway is headless.
done < <( (find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
    -not -name 'libawt_xawt.so' -not -name 'libsplashscreen.so' -not -name 'libjsound.so' -print0
  find "$natives" -name '*.so' -print0) \
  | xargs -0 ldd 2>/dev/null \
  | awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}' | sort -u)

printf 'root:x:0:0:root:/root:/sbin/nologin\nmodelgate:x:65532:65532:modelgate:/data:/sbin/nologin\n' \
  > "$out/etc/passwd"
printf 'root:x:0:\nmodelgate:x:65532:\n' > "$out/etc/group"
echo "base filesystem in $out: $(du -sh "$out" | cut -f1)"
