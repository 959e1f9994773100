#!/usr/bin/env bash
# The main job: install what is missing, build, then quantize a shipped model
# trained on real data (the digits MLP of examples/digits) to FP8 after
# training: calibrate, quantize, compile, run the 540 held-out images, and
# print FP32 against FP8 accuracy and speed; then the whole-model benchmark
# in its quick mode (benchmarks/models.sh --quick: a BERT-base encoder layer
# and a ResNet basic block, FP32 and FP8 against oneDNN f32; about a minute
# on two cores, the table also in build/benchmarks/models.txt).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_BUILD_DIR:-$root/build}"
digits="$root/examples/digits"
model="$digits/mlp.mlir"
images="$digits/data/eval_images.npy"
work="$build/examples/digits"
runs=50

step() { printf '\n== %s\n' "$*"; }
count() { grep -cE "$1" "$2" || true; }

step "setup (apt packages)"
"$root/scripts/setup.sh"
step "build"
"$root/scripts/build.sh" | tail -n 1
mkdir -p "$work"
fp8_run="$build/bin/fp8-run"
fp8_opt="$build/bin/fp8-opt"

step "calibrate: fp8-run --calibrate (fp8-insert-observers, 2 batches of 540 training images)"
"$fp8_run" "$model" --entry forward --input "$digits/data/calib" --calibrate "$work/mlp.json"

step "quantize: fp8-opt --fp8-ptq-pipeline (static E4M3, per-channel weights)"
"$fp8_opt" "$model" --fp8-ptq-pipeline="calibration=$work/mlp.json weight-format=e4m3 activation-format=e4m3" \
  --mlir-print-debuginfo \
  -o "$work/mlp.fp8.mlir"
printf 'mlp.fp8.mlir: %d fp8.scaled_matmul, %d linalg.matmul left\n' \
  "$(count 'fp8.scaled_matmul' "$work/mlp.fp8.mlir")" "$(count 'linalg.matmul' "$work/mlp.fp8.mlir")"

step "compile (fp8-cpu-pipeline, JIT) and run the 540 held-out images: fp8-run"
"$fp8_run" "$model" --entry forward --input "$images" --output-dir "$work/fp32"
"$fp8_run" "$work/mlp.fp8.mlir" --entry forward --input "$images" --output-dir "$work/fp8"

step "accuracy: top-1 on the held-out images (scripts/accuracy.py eval)"
/usr/bin/python3 "$root/scripts/accuracy.py" eval "$work/fp8/forward_result0.npy" \
  --baseline "$work/fp32/forward_result0.npy" --name "FP8 E4M3" --max-drop 0.01

step "speed: fp8-run --benchmark $runs (one call = 540 images, compile time excluded)"
fp32_time=$("$fp8_run" "$model" --entry forward --input "$images" --benchmark "$runs")
fp8_time=$("$fp8_run" "$work/mlp.fp8.mlir" --entry forward --input "$images" --benchmark "$runs")
echo "FP32:     $fp32_time"
echo "FP8 E4M3: $fp8_time"
median() { sed -E 's/^median ([0-9.]+) ms.*/\1/' <<<"$1"; }
awk -v a="$(median "$fp32_time")" -v b="$(median "$fp8_time")" \
  'BEGIN { printf "FP8 / FP32 time: %.3f (%s)\n", b / a,
           b <= a ? sprintf("%.2fx faster", a / b) : sprintf("%.2fx slower", b / a) }'
echo "(Both run the register-blocked matmul kernel of fp8-cpu-pipeline: FP8 on decoded E4M3"
echo " operands, FP32 on its own (fp8-vectorize-contractions). On a CPU without a narrow unit"
echo " (AVX2: f32 FMAs for both) FP8 saves memory, not FMAs, and pays its activation quantization;"
echo " docs/Performance.md compares the kernels with oneDNN and OpenBLAS. Every model and format:"
echo " docs/Accuracy.md, ./scripts/accuracy.py table.)"

step "whole models at realistic size: benchmarks/models.sh --quick (a BERT-base encoder layer and a ResNet"
echo "   basic block: FP32, FP8 static and dynamic end to end against oneDNN f32 on their matmul-shaped work)"
FP8_BUILD_DIR="$build" "$root/benchmarks/models.sh" --quick --no-build
