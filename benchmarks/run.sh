#!/usr/bin/env bash
# CPU benchmarks (not part of the tests): FP8 matmuls through the public flow
# next to the peers that the design contract names for speed claims (section
# 8), all measured in one run on this machine, which the table names:
#   - the machine's limits: FMA peak per vector type (f32 on ymm / zmm, f16
#     vfmadd231ph, bf16 vdpbf16ps, where the CPU has them) and DRAM read
#     bandwidth, on 1 thread and on all (cpu_limits.c);
#   - oneDNN matmul in f32, bf16 and f16 (Debian's libdnnl-dev; weights in
#     its preferred layout; the implementation it picked is printed, and a
#     reference or emulated one is marked as not a peer) (onednn_matmul.cpp);
#   - OpenBLAS sgemm on the fastest OPENBLAS_CORETYPE this CPU can run, each
#     candidate tried in its own process (sgemm_openblas.c);
#   - FP8: an f32 linalg.matmul whose weights are a constant, through
#     fp8-opt --fp8-ptq-pipeline="mode=dynamic" (weights quantized at compile
#     time, the activation quantized inside the timed call; harness.py
#     verify-ptq checks the module) and fp8-run --benchmark;
# on 1 thread and on every core (fp8-run --threads, OMP_NUM_THREADS,
# openblas_set_num_threads). Then the pre-quantized kernel per CPU path
# (fp8-run --target) and quantize throughput next to upstream's
# convert-arith-to-apfloat.
# Every result is checked once on a small odd shape first (oneDNN and
# OpenBLAS against a naive product, FP8 against numpy within E4M3's bound).
# Whole models (a BERT-base layer, a ResNet block) end to end: models.sh.
#
# Shapes (M x K x N): square 1024, 2048, 4096; M = 128 with K x N in
# 4096x4096, 4096x11008, 11008x4096; decode GEMV M in 1, 4, 16 with K x N in
# 4096x4096, 8192x8192, 4096x14336. --quick: 1024^3, 128x4096x4096, and
# M = 1 and 16 on 4096x4096.
# Takes (on a 2-core AMD EPYC Zen 3 shared with a build): --quick about 70 s,
# the default about 8 minutes (a third of it writing and quantizing the large
# weight constants); more on a slower CPU, whose 4096^3 calls take longer.
# Peak memory about 3 GiB, disk about 1 GiB in build/benchmarks.
#
# usage: benchmarks/run.sh [--quick] [--repeats N] [--output FILE] [--no-build]
#   --output: where the table is also written (default build/benchmarks/results.txt)
#   --no-build: use the build as it is (default: scripts/build.sh first)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_BUILD_DIR:-$root/build}"
work="$build/benchmarks"
bench="$root/benchmarks"
llvm=/usr/lib/llvm-22
py=/usr/bin/python3
quick=0 repeats="" out="" build_first=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --repeats) repeats="$2"; shift ;;
    --output) out="$2"; shift ;;
    --no-build) build_first=0 ;;
    *) sed -n 's/^# usage: //p; s/^#   //p' "$0" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$repeats" ] || repeats=$([ $quick = 1 ] && echo 3 || echo 5)
[ -n "$out" ] || out="$work/results.txt"
progress() { echo "run.sh: $*" >&2; }

# --- setup ------------------------------------------------------------------
"$root/scripts/setup.sh" >/dev/null
source "$bench/common.sh"
install_packages libopenblas-dev libdnnl-dev
[ $build_first = 1 ] && "$root/scripts/build.sh" >/dev/null
mkdir -p "$work"
clang-22 -O2 -fopenmp "$bench/cpu_limits.c" -o "$work/cpu_limits"
clang-22 -O2 "$bench/sgemm_openblas.c" -lopenblas -lm -o "$work/sgemm_openblas"
clang++-22 -O2 -std=c++17 "$bench/onednn_matmul.cpp" -ldnnl -o "$work/onednn_matmul"

wait_for_tools

records="$work/records.txt"
: > "$records"
has_flag() { grep -qw "$1" /proc/cpuinfo; }

all=$(nproc)
threads="1"; [ "$all" -gt 1 ] && threads="1 $all"

# --- the machine ------------------------------------------------------------
rec machine date "$(date -u '+%Y-%m-%d %H:%M UTC')"
rec machine mode "run.sh$([ $quick = 1 ] && echo ' --quick'), median of $repeats"
rec machine model "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
rec machine flags "$(sed -n 's/^flags[[:space:]]*: //p' /proc/cpuinfo | head -1)"
rec machine cores "$all"
rec machine load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
llc=$(cat /sys/devices/system/cpu/cpu0/cache/index3/size 2>/dev/null || echo 0K)
case $llc in *K) llc=$((${llc%K} * 1024)) ;; *M) llc=$((${llc%M} * 1048576)) ;; *) llc=0 ;; esac
rec machine llc_bytes "$llc"
read -r dnnl_version dnnl_isa < <("$work/onednn_matmul" --info)
rec machine onednn "$dnnl_version (ISA $dnnl_isa, OpenMP threads)"
rec machine openblas "$(dpkg-query -W -f='${Version}' libopenblas0-pthread 2>/dev/null || echo '?') (pthreads)"

progress "machine limits (FMA peaks, DRAM read bandwidth)"
"$work/cpu_limits" | while read -r line; do rec limit $line; done

# OpenBLAS: every core type this CPU can execute (a type it cannot, e.g.
# SkylakeX without AVX-512, dies of SIGILL), each in its own process since
# the variable is read when the library loads; "auto" is OpenBLAS's own pick.
# 0.3.21 has no SapphireRapids kernel (Cooperlake is its newest).
progress "OpenBLAS core types"
candidates="auto"
has_flag avx && candidates="$candidates Sandybridge"
has_flag avx2 && has_flag fma && candidates="$candidates Haswell Zen"
has_flag avx512f && has_flag avx512bw && has_flag avx512vl && candidates="$candidates SkylakeX"
has_flag avx512_bf16 && candidates="$candidates Cooperlake"
rec machine blas_select_shape 1024x1024x1024
blas_core="" best_ms=""
for core in $candidates; do
  ms="" name=""
  if [ "$core" = auto ]; then
    read -r ms name < <(env -u OPENBLAS_CORETYPE "$work/sgemm_openblas" 1024 1024 1024 "$repeats" 1)
  else
    read -r ms name < <(OPENBLAS_CORETYPE=$core "$work/sgemm_openblas" 1024 1024 1024 "$repeats" 1)
  fi
  [ -n "$name" ] || continue # it did not run here
  rec blas_core "$core" "$name" "$ms"
  if [ -z "$best_ms" ] || $py -c "import sys; sys.exit(0 if $ms < $best_ms else 1)"; then
    best_ms=$ms blas_core=$name
  fi
done
export OPENBLAS_CORETYPE="$blas_core"

progress "correctness checks (small odd shape)"
dnnl_types="" # those oneDNN implements on this CPU
for type in f32 bf16 f16; do
  result=$("$work/onednn_matmul" --check "$type" || true)
  rec check "oneDNN_$type" "$result"
  [ "$result" = unsupported ] || dnnl_types="$dnnl_types $type"
done
rec check "OpenBLAS" "$("$work/sgemm_openblas" --check || true)"
rec check "FP8_flow" "$($py "$bench/harness.py" check-fp8 "$fp8opt" "$fp8run" "$work" || true)"

# fp8-run's line on stderr after each run would break up the progress.
quiet=
if "$fp8run" --help 2>&1 | grep -q -- '--quiet'; then quiet=--quiet; fi
fp8_threads=0
if "$fp8run" --help 2>&1 | grep -q -- '--threads'; then
  fp8_threads=1
else
  rec note "this fp8-run has no --threads: FP8 ran once, on its default of one thread (shown on the 1-thread row)"
fi

# --- matmuls ----------------------------------------------------------------
if [ $quick = 1 ]; then
  shapes="1024x1024x1024 128x4096x4096 1x4096x4096 16x4096x4096"
else
  shapes="1024x1024x1024 2048x2048x2048 4096x4096x4096
          128x4096x4096 128x4096x11008 128x11008x4096
          1x4096x4096 4x4096x4096 16x4096x4096
          1x8192x8192 4x8192x8192 16x8192x8192
          1x4096x14336 4x4096x14336 16x4096x14336"
fi
count=$(echo $shapes | wc -w) i=0
for shape in $shapes; do
  IFS=x read -r m k n <<< "$shape"
  i=$((i + 1))
  progress "[$i/$count] $shape (M x K x N): FP8 module"
  # The weights are an arith.constant (dense hex), as in a deployed model:
  # fp8-quantize quantizes a constant at compile time, while a weight passed
  # as an argument would be re-quantized in every call (harness.py ptq_module
  # says more); verify-ptq checks that the timed module is that deployed form.
  $py "$bench/harness.py" ptq-module "$m" "$k" "$n" "$work/layer.mlir"
  $py "$bench/harness.py" activation "$m" "$k" "$work/act.npy"
  "$fp8opt" --fp8-ptq-pipeline="mode=dynamic" --mlir-print-elementsattrs-with-hex-if-larger=64 \
    "$work/layer.mlir" -o "$work/layer.ptq.mlir"
  rm -f "$work/layer.mlir"
  $py "$bench/harness.py" verify-ptq "$work/layer.ptq.mlir" "$m" "$k" "$n"
  for t in $threads; do
    progress "[$i/$count] $shape: $t thread(s)"
    if [ $fp8_threads = 1 ]; then
      ms=$("$fp8run" "$work/layer.ptq.mlir" --input "$work/act.npy" --threads "$t" --benchmark "$repeats" $quiet | median_ms)
      rec run "$shape" fp8 "$t" "$ms"
    elif [ "$t" = 1 ]; then
      ms=$("$fp8run" "$work/layer.ptq.mlir" --input "$work/act.npy" --benchmark "$repeats" $quiet | median_ms)
      rec run "$shape" fp8 "$t" "$ms"
    fi
    for type in f32 bf16 f16; do
      case " $dnnl_types " in
        *" $type "*) read -r ms impl < <(OMP_NUM_THREADS=$t "$work/onednn_matmul" "$m" "$n" "$k" "$type" "$repeats")
                     rec run "$shape" "dnnl_$type" "$t" "$ms" "$impl" ;;
        *) rec run "$shape" "dnnl_$type" "$t" unsupported ;;
      esac
    done
    read -r ms core < <(OPENBLAS_NUM_THREADS=$t "$work/sgemm_openblas" "$m" "$n" "$k" "$repeats" "$t")
    rec run "$shape" blas "$t" "$ms" "$core"
  done
  rm -f "$work/layer.ptq.mlir" "$work/act.npy"
done

# --- the pre-quantized kernel per CPU path ------------------------------------
# fp8.scaled_matmul on FP8 codes (A and B are arguments), one thread: the
# kernels of convert-fp8-to-vector side by side, with per-tensor scales and B
# as [K, N], then the host target with block scales and with B as [N, K].
scaled_matmul_module() { # M K N SCALES(tensor|block|nk) FILE
  local m=$1 k=$2 n=$3 kind=$4 file=$5
  local a="tensor<${m}x${k}xf8E4M3FN>" b="tensor<${k}x${n}xf8E4M3FN>" c="tensor<${m}x${n}xf32>"
  local sa="tensor<f32>" sb="tensor<f32>" va=1.0 vb=1.0 attrs=""
  case $kind in
    nk) b="tensor<${n}x${k}xf8E4M3FN>"; attrs="{b_layout = #fp8.layout<nk>}" ;;
    block) sa="tensor<${m}x$((k / 128))xf32>" sb="tensor<$((k / 128))x$(((n + 127) / 128))xf32>"
           va=0.5 vb=0.25 attrs="{chunk = 128}" ;;
  esac
  cat > "$file" <<MLIR
func.func @mm(%a: $a, %b: $b) -> $c {
  %sa = arith.constant dense<$va> : $sa
  %sb = arith.constant dense<$vb> : $sb
  %z = arith.constant dense<0.0> : $c
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %z $attrs : $a, $b, $sa, $sb into $c
  return %r : $c
}
MLIR
}
paths="generic"
has_flag avx512f && paths="$paths avx512"
has_flag avx512_bf16 && paths="$paths avx512bf16"
has_flag avx512_fp16 && paths="$paths avx512fp16"
[ "${FP8_BENCH_AMX:-0}" = 1 ] && has_flag amx_bf16 && paths="$paths amx"
one_thread=""; [ $fp8_threads = 1 ] && one_thread="--threads 1"
run_path() { # MODULE A B TARGET
  "$fp8run" "$1" --input "$2" --input "$3" --target "$4" $one_thread --benchmark "$repeats" $quiet | median_ms
}
if [ $quick = 1 ]; then path_shapes="1024x1024x1024 1x4096x4096"
else path_shapes="1024x1024x1024 2048x2048x2048 4096x4096x4096 128x4096x4096 1x8192x8192"; fi
for shape in $path_shapes; do
  IFS=x read -r m k n <<< "$shape"
  progress "kernel paths: $shape"
  $py "$bench/harness.py" codes "$m" "$k" "$work/a.npy"
  $py "$bench/harness.py" codes "$k" "$n" "$work/b.npy"
  scaled_matmul_module "$m" "$k" "$n" tensor "$work/mm.mlir"
  for path in $paths; do
    rec path "$shape" "$path" "$(run_path "$work/mm.mlir" "$work/a.npy" "$work/b.npy" "$path")"
  done
  ms="-"
  if [ $((k % 128)) = 0 ] && [ "$m" -gt 1 ]; then
    scaled_matmul_module "$m" "$k" "$n" block "$work/mm.mlir"
    ms=$(run_path "$work/mm.mlir" "$work/a.npy" "$work/b.npy" host)
  fi
  rec path "$shape" host_blocks "$ms"
  ms="-"
  if [ "$m" -le 1024 ]; then # the packed [N, K] decode is a strided read: slow for big B
    $py "$bench/harness.py" codes "$n" "$k" "$work/b.npy"
    scaled_matmul_module "$m" "$k" "$n" nk "$work/mm.mlir"
    ms=$(run_path "$work/mm.mlir" "$work/a.npy" "$work/b.npy" host)
  fi
  rec path "$shape" "host_[N,K]" "$ms"
done
rm -f "$work/a.npy" "$work/b.npy"

# --- quantize throughput ----------------------------------------------------
progress "quantize throughput"
cat > "$work/quantize.mlir" <<'MLIR'
func.func @q(%x: tensor<4096x4096xf32>) -> tensor<4096x4096xf8E4M3FN> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %e = tensor.empty() : tensor<4096x4096xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<4096x4096xf32>, tensor<f32> into tensor<4096x4096xf8E4M3FN>
  return %q : tensor<4096x4096xf8E4M3FN>
}
MLIR
$py -c "
import numpy as np
np.save('$work/x.npy', (np.random.default_rng(3).standard_normal((4096, 4096)) * 100).astype(np.float32))"
for t in $threads; do
  if [ $fp8_threads = 1 ]; then
    q_ms=$("$fp8run" "$work/quantize.mlir" --input "$work/x.npy" --threads "$t" --benchmark "$repeats" $quiet | median_ms)
  elif [ "$t" = 1 ]; then
    q_ms=$("$fp8run" "$work/quantize.mlir" --input "$work/x.npy" --benchmark "$repeats" $quiet | median_ms)
  else continue; fi
  rec quantize fp8 "$t" "$($py -c "print(f'{64 * 1.048576 / ($q_ms * 1e-3) / 1e3:.3f}')")"
done
rm -f "$work/x.npy"
# Upstream's path: arith.truncf through convert-arith-to-apfloat, 3 calls on
# 4 MiB of input, timed inside the module (CPU microseconds).
"$llvm/bin/mlir-opt" "$bench/quantize_apfloat.mlir" --convert-arith-to-apfloat \
  --convert-scf-to-cf --finalize-memref-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm \
  --convert-func-to-llvm --reconcile-unrealized-casts -o "$work/quantize_apfloat.ll.mlir"
apfloat_us=$("$llvm/bin/mlir-runner" "$work/quantize_apfloat.ll.mlir" -e main -entry-point-result=void -O3 \
  -shared-libs="$llvm/lib/libmlir_runner_utils.so,$llvm/lib/libmlir_c_runner_utils.so,$llvm/lib/libmlir_apfloat_wrappers.so")
rec quantize apfloat 1 "$($py -c "print(f'{3 * 4 * 1048576 / ($apfloat_us * 1e-6) / 1e9:.5f}')")"

# --- the table ----------------------------------------------------------------
rec machine load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$(dirname "$out")"
$py "$bench/harness.py" table "$records" "$out"
echo "(also in $out; the measurements in $records)"
if grep -q '^check .* FAIL' "$records"; then
  echo "run.sh: a correctness check failed (see the check lines above)" >&2
  exit 1
fi
