#!/usr/bin/env bash
# The main job: install what is missing, build, then take the shipped example
# (an f32 matmul next to its FP8 version) through fp8-opt and mlir-runner.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_BUILD_DIR:-$root/build}"
llvm=/usr/lib/llvm-22
example="$root/examples/quickstart/matmul.mlir"
work="$build/examples/quickstart"

step() { printf '\n== %s\n' "$*"; }

step "setup (apt packages)"
"$root/scripts/setup.sh"
step "build"
"$root/scripts/build.sh" | tail -n 1
mkdir -p "$work"

step "lower the fp8 ops to linalg: fp8-opt --convert-fp8-to-linalg"
"$build/bin/fp8-opt" "$example" --convert-fp8-to-linalg -o "$work/linalg.mlir"
count() { grep -cE "$1" "$2" || true; }
printf '%s: %d fp8 ops in; out: %d linalg.generic ops and %d fp8 ops\n' \
  "$(basename "$example")" "$(count '= fp8\.' "$example")" \
  "$(count 'linalg.generic' "$work/linalg.mlir")" \
  "$(count '= fp8\.' "$work/linalg.mlir")"

step "bufferize and lower to the LLVM dialect (upstream passes)"
"$build/bin/fp8-opt" "$work/linalg.mlir" \
  --one-shot-bufferize="bufferize-function-boundaries" \
  --convert-linalg-to-loops --buffer-deallocation-pipeline \
  --convert-bufferization-to-memref --expand-strided-metadata --lower-affine \
  --convert-vector-to-llvm --convert-scf-to-cf --finalize-memref-to-llvm \
  --convert-math-to-llvm \
  --convert-arith-to-llvm --convert-cf-to-llvm --convert-func-to-llvm \
  --convert-index-to-llvm --reconcile-unrealized-casts -o "$work/llvm.mlir"
echo "wrote $work/llvm.mlir"

step "run with mlir-runner"
"$llvm/bin/mlir-runner" "$work/llvm.mlir" -e main -entry-point-result=void \
  -shared-libs="$llvm/lib/libmlir_runner_utils.so,$llvm/lib/libmlir_c_runner_utils.so"
