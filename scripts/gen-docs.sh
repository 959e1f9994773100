#!/usr/bin/env bash
# Regenerates the op, type and pass reference (docs/generated/) from the
# TableGen definitions.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_BUILD_DIR:-$root/build}"
FP8_BUILD_TARGETS=fp8-doc "$root/scripts/build.sh" >/dev/null
mkdir -p "$root/docs/generated"
cp "$build/docs/Dialects/FP8Dialect.md" "$build/docs/Dialects/FP8Ops.md" \
   "$build/docs/FP8ConversionPasses.md" "$build/docs/FP8Passes.md" \
   "$build/docs/FP8PipelinePasses.md" \
   "$root/docs/generated/"
echo "updated $root/docs/generated"
