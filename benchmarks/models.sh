#!/usr/bin/env bash
# Whole-model benchmark (not part of the tests): realistic-size models end to
# end, FP32 and FP8, next to oneDNN f32 on the models' matmul-shaped work, on
# 1 thread and on every core, all measured in one run on this machine, which
# the table names (DESIGN section 8: speed only as ratios against peers
# measured in the same run).
#
# Models (scripts/gen-large-models.py, seeded random weights, linalg on
# tensors as torch-mlir emits it):
#   bert    a BERT-base encoder layer: seq 128, hidden 768, 12 heads of 64,
#           ffn 3072, batch 1;
#   resnet  a ResNet basic block: 128 channels, 28 x 28, two 3x3
#           convolutions (NCHW/FCHW) with batch norm, ReLU, residual add.
# For each: the f32 model through fp8-run; fp8-run --calibrate on the
# model's calibration samples; fp8-opt --fp8-ptq-pipeline static (with that
# table) and mode=dynamic; fp8-run --benchmark of the three, with
# --threads 1 and --threads <all>. Accuracy: rel L2 of each FP8 output
# against the FP32 output on one held-out input (and the FP32 output against
# the generator's float64 numpy reference, a check of the flow).
# Yardstick, oneDNN f32 (benchmarks/onednn_matmul.cpp, weights in oneDNN's
# layout, memory written before timing), summed over the model's shapes:
#   bert    the six projection matmuls: Q, K, V, output (128x768x768 each),
#           FFN up (128x768x3072), FFN down (128x3072x768) [M x K x N]; the
#           attention batch matmuls (12 x 128x64x128 and 12 x 128x128x64)
#           in their own column;
#   resnet  the two convolutions as im2col GEMMs, 784x1152x128 each.
# Takes (2-core AMD EPYC Zen 3 shared with builds): --quick about 1 minute,
# the default about 1.5 (most of it compiling and calibrating); --small
# (the CI sizes of the generator, a smoke test) a few seconds. Disk about
# 100 MiB in the work directory.
#
# usage: benchmarks/models.sh [--quick] [--small] [--layout nchw|nhwc] [--repeats N] [--output FILE]
#                             [--work DIR] [--no-build]
#   --quick: fewer calls (FP32 1, FP8 3 after the warm-up; default 3 and 10)
#   --layout: the ResNet block's layout (default nchw: NCHW/FCHW; nhwc: NHWC/HWCF)
#   --repeats N: N timed calls for every fp8-run measurement
#   --output: where the table is also written (default <work>/models.txt)
#   --work: where models and results go (default $FP8_BUILD_DIR/benchmarks, FP8_BUILD_DIR default build)
#   --no-build: use the build as it is (default: scripts/build.sh first)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_BUILD_DIR:-$root/build}"
bench="$root/benchmarks"
py=/usr/bin/python3
quick=0 small=0 layout=nchw repeats="" out="" work="" build_first=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --small) small=1 ;;
    --layout) layout="$2"; shift ;;
    --repeats) repeats="$2"; shift ;;
    --output) out="$2"; shift ;;
    --work) work="$2"; shift ;;
    --no-build) build_first=0 ;;
    *) sed -n '/^# usage: /,/^[^#]/{s/^# usage: //p; s/^#   //p}' "$0" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$repeats" ]; then r32=$repeats r8=$repeats
elif [ $quick = 1 ]; then r32=1 r8=3
else r32=3 r8=10; fi
rdnnl=20
[ -n "$work" ] || work="$build/benchmarks"
[ -n "$out" ] || out="$work/models.txt"
progress() { echo "models.sh: $*" >&2; }

# Model sizes; the yardstick shapes follow from them.
if [ $small = 1 ]; then seq=8 hidden=32 heads=2 ffn=64 channels=8 size=8
else seq=128 hidden=768 heads=12 ffn=3072 channels=128 size=28; fi
head_dim=$((hidden / heads))

# --- setup ------------------------------------------------------------------
source "$bench/common.sh"
install_packages libdnnl-dev
[ $build_first = 1 ] && "$root/scripts/build.sh" >/dev/null
mkdir -p "$work/models"
clang++-22 -O2 -std=c++17 "$bench/onednn_matmul.cpp" -ldnnl -o "$work/onednn_matmul"
wait_for_tools

records="$work/models-records.txt"
: > "$records"
all=$(nproc)
threads="1"; [ "$all" -gt 1 ] && threads="1 $all"

rec machine date "$(date -u '+%Y-%m-%d %H:%M UTC')"
rec machine mode "models.sh$([ $quick = 1 ] && echo ' --quick')$([ $small = 1 ] && echo ' --small'):" \
  "median of $r32 FP32 / $r8 FP8 / $rdnnl oneDNN calls after a warm-up"
cpuinfo() { sed -n "s/^$1[[:space:]]*: //p" /proc/cpuinfo | head -1; }
vector=avx2; grep -qw avx512f /proc/cpuinfo && vector=avx512f
grep -qw avx2 /proc/cpuinfo || vector="no avx2"
rec machine model "$(cpuinfo 'model name') (family $(cpuinfo 'cpu family'), model $(cpuinfo model), $vector)"
rec machine cores "$all"
rec machine load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
read -r dnnl_version dnnl_isa < <("$work/onednn_matmul" --info)
rec machine onednn "$dnnl_version (ISA $dnnl_isa, OpenMP threads)"
rec check "oneDNN f32 $("$work/onednn_matmul" --check f32), batched $("$work/onednn_matmul" --check f32 3)"

progress "generating the models (scripts/gen-large-models.py)"
$py "$root/scripts/gen-large-models.py" --out "$work/models" --seq $seq --hidden $hidden --heads $heads \
  --ffn $ffn --channels $channels --size $size --layout "$layout" >/dev/null

# oneDNN f32 time of a list of "M N K COUNT [BATCH]" matmuls, summed, at THREADS.
dnnl_sum() { # THREADS SPEC;SPEC;...
  local t=$1 total=0 m n k count batch ms
  IFS=';' read -ra specs <<< "$2"
  for spec in "${specs[@]}"; do
    read -r m n k count batch <<< "$spec"
    read -r ms _ < <(OMP_NUM_THREADS=$t "$work/onednn_matmul" "$m" "$n" "$k" f32 "$rdnnl" $batch)
    total=$($py -c "print(f'{$total + $count * $ms:.4f}')")
  done
  echo "$total"
}

for model in bert resnet; do
  d="$work/models/$model"
  m="$work/models/$model.mlir"
  rec model "$model" "$(sed -n "1s|^// $model: ||p" "$m")"
  if [ $model = bert ]; then
    gemm="$seq $hidden $hidden 4;$seq $ffn $hidden 1;$seq $hidden $ffn 1"
    attention="$seq $seq $head_dim 1 $heads;$seq $head_dim $seq 1 $heads"
    rec yardstick bert "oneDNN f32 of the six projection matmuls: Q, K, V, output ${seq}x${hidden}x${hidden}," \
      "FFN up ${seq}x${hidden}x${ffn}, FFN down ${seq}x${ffn}x${hidden} (M x K x N); attention apart:" \
      "$heads x ${seq}x${head_dim}x${seq} (QK^T) + $heads x ${seq}x${seq}x${head_dim} (PV)"
  else
    gemm="$((size * size)) $channels $((9 * channels)) 2"
    attention=""
    rec yardstick resnet "oneDNN f32 of the two convolutions as im2col GEMMs," \
      "2 x $((size * size))x$((9 * channels))x$channels (M x K x N)"
  fi

  progress "$model: FP32"
  for t in $threads; do
    ms=$("$fp8run" "$m" --input "$d/input.npy" --threads "$t" --benchmark "$r32" --output-dir "$d/fp32" | median_ms)
    rec time "$model" fp32 "$t" "$ms"
  done
  rec check "$model FP32 through fp8-run vs numpy float64: rel L2" \
    "$($py "$bench/harness.py" rel-l2 "$d/fp32/forward_result0.npy" "$d/reference.npy" 1e-4)"

  progress "$model: calibrate, quantize"
  "$fp8run" "$m" --input "$d/calib" --calibrate "$d/table.json" --threads "$all" 2>/dev/null
  "$fp8opt" "$m" --fp8-ptq-pipeline="calibration=$d/table.json" --mlir-print-elementsattrs-with-hex-if-larger=64 --mlir-print-debuginfo \
    -o "$d/static.mlir"
  "$fp8opt" "$m" --fp8-ptq-pipeline="mode=dynamic" --mlir-print-elementsattrs-with-hex-if-larger=64 --mlir-print-debuginfo \
    -o "$d/dynamic.mlir"

  for variant in static dynamic; do
    rec ops "$model" "$variant" "$($py "$bench/harness.py" model-ops "$d/$variant.mlir")"
    progress "$model: FP8 $variant"
    for t in $threads; do
      ms=$("$fp8run" "$d/$variant.mlir" --input "$d/input.npy" --threads "$t" --benchmark "$r8" \
        --output-dir "$d/$variant" | median_ms)
      rec time "$model" "$variant" "$t" "$ms"
    done
    rec accuracy "$model" "$variant" \
      "$($py "$bench/harness.py" rel-l2 "$d/$variant/forward_result0.npy" "$d/fp32/forward_result0.npy")"
  done

  progress "$model: oneDNN f32"
  for t in $threads; do
    rec dnnl "$model" gemm "$t" "$(dnnl_sum "$t" "$gemm")"
    [ -z "$attention" ] || rec dnnl "$model" attention "$t" "$(dnnl_sum "$t" "$attention")"
  done
done

rec machine load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$(dirname "$out")"
$py "$bench/harness.py" models-table "$records" "$out"
echo "(also in $out; the measurements in $records)"
if grep -q '^check .*FAIL' "$records"; then
  echo "models.sh: a check failed (see the check lines above)" >&2
  exit 1
fi
