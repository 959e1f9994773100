#!/usr/bin/env bash
# Builds a libFuzzer target of fuzz/ into build-fuzz/ and runs a campaign
# (docs/Fuzzing.md).
#
#   scripts/fuzz.sh TARGET [SECONDS] [LIBFUZZER-FLAG...]
#
# TARGET: mlir-pipelines, calibration-table or npy. SECONDS: length of the
# campaign (default 600; 0 builds only). Further arguments go to libFuzzer
# (-runs=1000000, -max_len=...). To run a reproducer: build-fuzz/bin/fp8-fuzz-TARGET FILE.
#
# One process on one core, at low priority. The corpus grows in
# build-fuzz/corpus/TARGET, seeded from fuzz/corpus/ (fuzz/make-corpus.sh
# generates it when missing); the dictionary is fuzz/*.dict. Crashes, leaks,
# timeouts and out-of-memory inputs are written to fuzz/crashes/TARGET/.
#
# Environment: FP8_FUZZ_BUILD_DIR (default build-fuzz), FP8_JOBS (ninja -j,
# default 2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_FUZZ_BUILD_DIR:-$root/build-fuzz}"
jobs="${FP8_JOBS:-2}"
llvm=/usr/lib/llvm-22

usage() {
  echo "usage: scripts/fuzz.sh mlir-pipelines|calibration-table|npy [SECONDS] [LIBFUZZER-FLAG...]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
target="$1"
shift
seconds=600
if [ $# -ge 1 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
  seconds="$1"
  shift
fi

# Per target: the seed corpus and dictionary name, and libFuzzer flags.
case "$target" in
mlir-pipelines)
  name=mlir
  # MLIR is text: mutations to other bytes are wasted. The CPU pipeline
  # takes seconds on the largest seeds under ASan.
  flags=(-only_ascii=1 -timeout=120 -rss_limit_mb=4096)
  ;;
calibration-table) name=calibration-table; flags=(-timeout=10) ;;
npy) name=npy; flags=(-timeout=10) ;;
*) usage ;;
esac

# libclang-rt-22-dev has libFuzzer and the sanitizer runtimes.
"$root/scripts/setup.sh" >/dev/null

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR="$llvm/lib/cmake/mlir" \
    -DMLIR_LINK_MLIR_DYLIB=ON \
    -DLLVM_EXTERNAL_LIT="$llvm/bin/lit" \
    -DFP8_ENABLE_FUZZERS=ON >/dev/null
fi
nice -n 10 ninja -C "$build" -j "$jobs" "fp8-fuzz-$target"
[ "$seconds" -gt 0 ] || exit 0

[ -d "$root/fuzz/corpus/$name" ] || "$root/fuzz/make-corpus.sh" "$target"
mkdir -p "$build/corpus/$target" "$root/fuzz/crashes/$target"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export ASAN_SYMBOLIZER_PATH="$llvm/bin/llvm-symbolizer"

# Without -jobs/-workers libFuzzer is a single process: one core.
cd "$root"
exec nice -n 15 "$build/bin/fp8-fuzz-$target" \
  "${flags[@]}" \
  -max_total_time="$seconds" \
  -dict="$root/fuzz/$name.dict" \
  -artifact_prefix="$root/fuzz/crashes/$target/" \
  -print_final_stats=1 \
  "$@" \
  "$build/corpus/$target" "$root/fuzz/corpus/$name"
