#!/usr/bin/env bash
# Benchmarks of the CPU code (not part of the tests): GFLOP/s of
# fp8.scaled_matmul through fp8-cpu-pipeline next to single-threaded
# OpenBLAS sgemm and upstream MLIR's own lowering of an f32 linalg.matmul,
# measured in the same run, and quantize throughput next to the
# convert-arith-to-apfloat path. Times are medians of fp8-run --benchmark
# (compile time excluded).
#
# usage: benchmarks/run.sh [--quick]   (--quick: fewer sizes and repeats)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_BUILD_DIR:-$root/build}"
work="$build/benchmarks"
llvm=/usr/lib/llvm-22
quick=0; [ "${1:-}" = "--quick" ] && quick=1

"$root/scripts/setup.sh" >/dev/null
if ! dpkg-query -W -f='${Status}' libopenblas-dev 2>/dev/null | grep -q "ok installed"; then
  apt-get install -y -qq --no-install-recommends libopenblas-dev >/dev/null
fi
"$root/scripts/build.sh" >/dev/null
mkdir -p "$work"
clang-22 -O2 "$root/benchmarks/sgemm_openblas.c" -lopenblas -o "$work/sgemm_openblas"

fp8run="$build/bin/fp8-run"
median_ms() { sed -n 's/^median \([0-9.]*\) ms.*/\1/p'; }
gflops() { /usr/bin/python3 -c "print(f'{2*$1*$2*$3/($4*1e-3)/1e9:.1f}')"; }
ratio() { /usr/bin/python3 -c "print(f'{$1/$2:.2f}')"; }

# FP8 operands as random finite E4M3 codes (uint8 .npy).
make_codes() { # ROWS COLS FILE
  /usr/bin/python3 -c "
import numpy as np
rng = np.random.default_rng(0)
codes = rng.integers(0, 0x78, size=($1, $2)).astype(np.uint8)
codes |= (rng.integers(0, 2, size=($1, $2)).astype(np.uint8) << 7)
np.save('$3', codes)"
}

matmul_module() { # M N K SCALES(tensor|block|nk) FILE
  local m=$1 n=$2 k=$3 kind=$4 file=$5 sa sb attrs=""
  if [ "$kind" = nk ]; then # per-tensor, B as [N, K] (torch's Linear weights)
    cat > "$file" <<MLIR
func.func @mm(%a: tensor<${m}x${k}xf8E4M3FN>, %b: tensor<${n}x${k}xf8E4M3FN>) -> tensor<${m}x${n}xf32> {
  %s = arith.constant dense<1.0> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<${m}x${n}xf32>
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %z {b_layout = #fp8.layout<nk>} : tensor<${m}x${k}xf8E4M3FN>, tensor<${n}x${k}xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<${m}x${n}xf32>
  return %r : tensor<${m}x${n}xf32>
}
MLIR
    return
  fi
  if [ "$kind" = block ]; then
    sa="tensor<${m}x$((k / 128))xf32>"; sb="tensor<$((k / 128))x$(((n + 127) / 128))xf32>"; attrs="{chunk = 128}"
    cat > "$file" <<MLIR
func.func @mm(%a: tensor<${m}x${k}xf8E4M3FN>, %b: tensor<${k}x${n}xf8E4M3FN>) -> tensor<${m}x${n}xf32> {
  %sa = arith.constant dense<0.5> : $sa
  %sb = arith.constant dense<0.25> : $sb
  %z = arith.constant dense<0.0> : tensor<${m}x${n}xf32>
  %r = fp8.scaled_matmul %a, %b scales(%sa, %sb) into %z $attrs : tensor<${m}x${k}xf8E4M3FN>, tensor<${k}x${n}xf8E4M3FN>, $sa, $sb into tensor<${m}x${n}xf32>
  return %r : tensor<${m}x${n}xf32>
}
MLIR
  else
    cat > "$file" <<MLIR
func.func @mm(%a: tensor<${m}x${k}xf8E4M3FN>, %b: tensor<${k}x${n}xf8E4M3FN>) -> tensor<${m}x${n}xf32> {
  %s = arith.constant dense<1.0> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<${m}x${n}xf32>
  %r = fp8.scaled_matmul %a, %b scales(%s, %s) into %z : tensor<${m}x${k}xf8E4M3FN>, tensor<${k}x${n}xf8E4M3FN>, tensor<f32>, tensor<f32> into tensor<${m}x${n}xf32>
  return %r : tensor<${m}x${n}xf32>
}
MLIR
  fi
}

f32_module() { # M N K FILE
  cat > "$4" <<MLIR
func.func @mm(%a: tensor<$1x$3xf32>, %b: tensor<$3x$2xf32>) -> tensor<$1x$2xf32> {
  %z = arith.constant dense<0.0> : tensor<$1x$2xf32>
  %r = linalg.matmul ins(%a, %b : tensor<$1x$3xf32>, tensor<$3x$2xf32>) outs(%z : tensor<$1x$2xf32>) -> tensor<$1x$2xf32>
  return %r : tensor<$1x$2xf32>
}
MLIR
}

if [ $quick = 1 ]; then shapes="256x256x256 1024x1024x1024 1x8192x8192"; repeats=3
else shapes="256x256x256 1024x1024x1024 2048x2048x2048 4096x4096x4096 1x8192x8192"; repeats=5; fi

# The paths of convert-fp8-to-vector this CPU runs (per-tensor scales, B as
# [K, N]), then the host target with block scales and with B as [N, K].
paths="generic"
grep -qw avx512f /proc/cpuinfo && paths="$paths avx512"
grep -qw avx512_bf16 /proc/cpuinfo && paths="$paths avx512bf16"
grep -qw avx512_fp16 /proc/cpuinfo && paths="$paths avx512fp16"
[ "${FP8_BENCH_AMX:-0}" = 1 ] && grep -qw amx_bf16 /proc/cpuinfo && paths="$paths amx"
run_ms() { # MODULE A B TARGET
  "$fp8run" "$1" --input "$2" --input "$3" --target "$4" --benchmark "$repeats" | median_ms
}

header=$(printf '%-16s %9s' "M x N x K" "sgemm")
for path in $paths; do header+=$(printf ' %11s' "$path"); done
header+=$(printf ' %13s %13s %9s %16s' "host blocks" "host [N,K]" "mlir f32" "best/sgemm")
echo "$header"
for shape in $shapes; do
  IFS=x read m n k <<< "$shape"
  make_codes "$m" "$k" "$work/a.npy"; make_codes "$k" "$n" "$work/b.npy"
  blas_ms=$("$work/sgemm_openblas" "$m" "$n" "$k" "$repeats")
  matmul_module "$m" "$n" "$k" tensor "$work/mm.mlir"
  row=$(printf '%-16s %9s' "$shape" "$(gflops "$m" "$n" "$k" "$blas_ms")")
  best_ms="" best_path=""
  for path in $paths; do
    ms=$(run_ms "$work/mm.mlir" "$work/a.npy" "$work/b.npy" "$path")
    row+=$(printf ' %11s' "$(gflops "$m" "$n" "$k" "$ms")")
    if [ -z "$best_ms" ] || /usr/bin/python3 -c "import sys; sys.exit(0 if $ms < $best_ms else 1)"; then
      best_ms=$ms best_path=$path
    fi
  done
  block="-"
  if [ $((k % 128)) = 0 ] && [ "$m" -gt 1 ]; then
    matmul_module "$m" "$n" "$k" block "$work/mmb.mlir"
    block=$(gflops "$m" "$n" "$k" "$(run_ms "$work/mmb.mlir" "$work/a.npy" "$work/b.npy" host)")
  fi
  nk="-"
  if [ "$m" -le 1024 ]; then # the packed nk decode is a strided read: slow for big B
    make_codes "$n" "$k" "$work/bt.npy"
    matmul_module "$m" "$n" "$k" nk "$work/mmt.mlir"
    nk_ms=$(run_ms "$work/mmt.mlir" "$work/a.npy" "$work/bt.npy" host)
    nk=$(gflops "$m" "$n" "$k" "$nk_ms")
  fi
  upstream="-"
  if [ "$m" -le 256 ]; then # the naive lowering takes minutes beyond this
    f32_module "$m" "$n" "$k" "$work/f32.mlir"
    /usr/bin/python3 -c "
import numpy as np
np.save('$work/af.npy', np.random.default_rng(1).standard_normal(($m, $k)).astype(np.float32))
np.save('$work/bf.npy', np.random.default_rng(2).standard_normal(($k, $n)).astype(np.float32))"
    up_ms=$("$fp8run" "$work/f32.mlir" --input "$work/af.npy" --input "$work/bf.npy" --benchmark 1 | median_ms)
    upstream=$(gflops "$m" "$n" "$k" "$up_ms")
  fi
  row+=$(printf ' %13s %13s %9s %16s' "$block" "$nk" "$upstream" "$(ratio "$blas_ms" "$best_ms") ($best_path)")
  echo "$row"
done
echo "(GFLOP/s, 1 thread, per-tensor scales and B as [K, N] unless the column says otherwise;"
echo " best/sgemm: the fastest path's speed over OpenBLAS sgemm, measured in the same run;"
echo " amx is measured only with FP8_BENCH_AMX=1, until it has been validated on AMX hardware)"

# Quantize throughput: f32 -> E4M3 of 16M values (64 MB of input).
cat > "$work/quantize.mlir" <<'MLIR'
func.func @q(%x: tensor<4096x4096xf32>) -> tensor<4096x4096xf8E4M3FN> {
  %s = arith.constant dense<0.5> : tensor<f32>
  %e = tensor.empty() : tensor<4096x4096xf8E4M3FN>
  %q = fp8.quantize %x, %s into %e : tensor<4096x4096xf32>, tensor<f32> into tensor<4096x4096xf8E4M3FN>
  return %q : tensor<4096x4096xf8E4M3FN>
}
MLIR
/usr/bin/python3 -c "
import numpy as np
np.save('$work/x.npy', (np.random.default_rng(3).standard_normal((4096, 4096)) * 100).astype(np.float32))"
q_ms=$("$fp8run" "$work/quantize.mlir" --input "$work/x.npy" --benchmark "$repeats" | median_ms)
q_gbs=$(/usr/bin/python3 -c "print(f'{64*1.048576/($q_ms*1e-3)/1e3:.2f}')")
# Upstream's path: arith.truncf through convert-arith-to-apfloat, 3 calls on
# 4 MiB of input, timed inside the module (CPU microseconds).
"$llvm/bin/mlir-opt" "$root/benchmarks/quantize_apfloat.mlir" --convert-arith-to-apfloat \
  --convert-scf-to-cf --finalize-memref-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm \
  --convert-func-to-llvm --reconcile-unrealized-casts -o "$work/quantize_apfloat.ll.mlir"
apfloat_us=$("$llvm/bin/mlir-runner" "$work/quantize_apfloat.ll.mlir" -e main -entry-point-result=void -O3 \
  -shared-libs="$llvm/lib/libmlir_runner_utils.so,$llvm/lib/libmlir_c_runner_utils.so,$llvm/lib/libmlir_apfloat_wrappers.so")
apfloat_gbs=$(/usr/bin/python3 -c "print(f'{3*4*1048576/($apfloat_us*1e-6)/1e9:.4f}')")
echo "quantize f32 -> E4M3, GB/s of input: fp8-cpu-pipeline $q_gbs, upstream convert-arith-to-apfloat $apfloat_gbs, ratio $(ratio "$q_gbs" "$apfloat_gbs")"
