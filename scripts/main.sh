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

# Post-training quantization of a model with calibration data: the test MLP
# (three torch-style linear layers), its eight calibration samples and a
# held-out input with numpy's FP32 output.
model="$root/test/Models/mlp.mlir"
data="$root/test/Models/Inputs/mlp"
ptq="$build/examples/ptq"
mkdir -p "$ptq"

step "calibrate: fp8-run --calibrate (instruments with fp8-insert-observers, runs 8 samples)"
"$build/bin/fp8-run" "$model" --input "$data/calib" --calibrate "$ptq/mlp.json"

step "quantize: fp8-opt --fp8-ptq-pipeline (static E4M3, per-channel weights, method=mse)"
"$build/bin/fp8-opt" "$model" \
  --fp8-ptq-pipeline="calibration=$ptq/mlp.json method=mse" -o "$ptq/mlp.fp8.mlir"
printf 'mlp.fp8.mlir: %d fp8.scaled_matmul, %d linalg.matmul left\n' \
  "$(count 'fp8.scaled_matmul' "$ptq/mlp.fp8.mlir")" \
  "$(count 'linalg.matmul' "$ptq/mlp.fp8.mlir")"

step "run FP32 and FP8 on a held-out input: fp8-run"
"$build/bin/fp8-run" "$model" --input "$data/eval/input_000.npy" --output-dir "$ptq/fp32"
"$build/bin/fp8-run" "$ptq/mlp.fp8.mlir" --input "$data/eval/input_000.npy" --output-dir "$ptq/fp8"
/usr/bin/python3 - "$data/eval/output_000.npy" "$ptq/fp32/forward_result0.npy" \
  "$ptq/fp8/forward_result0.npy" <<'PY'
import sys
import numpy as np
reference, fp32, fp8 = (np.load(p).astype(np.float64) for p in sys.argv[1:])
scale = np.max(np.abs(reference))
print(f"FP32 vs numpy: max error / max |y| = {np.max(np.abs(fp32 - reference)) / scale:.2e}")
print(f"FP8  vs numpy: max error / max |y| = {np.max(np.abs(fp8 - reference)) / scale:.4f}")
print("argmax per row, FP32:", np.argmax(fp32, axis=1).tolist(),
      " FP8:", np.argmax(fp8, axis=1).tolist())
PY
