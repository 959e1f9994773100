#!/usr/bin/env bash
# Builds fp8-mlir with AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/ and runs every test (ninja check-fp8: lit and GoogleTest) so
# that any sanitizer report fails the test that triggered it.
#
# Our code (lib/, tools/, test/lib/, unittests/) is instrumented; libMLIR.so,
# the LLVM tools (mlir-runner, FileCheck) and JIT-compiled code are not.
# mlir-runner gets the ASan runtime preloaded by lit.cfg.py, as it loads our
# instrumented shared libraries.
#
# Not run by CI: a fresh build plus the suite take about 10 minutes on two
# cores (docs/Testing.md). Extra arguments go to the first cmake configure.
#
# Environment: FP8_ASAN_BUILD_DIR (default build-asan), FP8_JOBS (ninja -j,
# default 2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_ASAN_BUILD_DIR:-$root/build-asan}"
jobs="${FP8_JOBS:-2}"
llvm=/usr/lib/llvm-22

# clang-22's sanitizer runtimes come from libclang-rt-22-dev.
"$root/scripts/setup.sh"

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR="$llvm/lib/cmake/mlir" \
    -DMLIR_LINK_MLIR_DYLIB=ON \
    -DLLVM_EXTERNAL_LIT="$llvm/bin/lit" \
    -DLLVM_USE_SANITIZER="Address;Undefined" \
    "$@" >/dev/null
fi

# Every report is fatal (UBSan is also built with -fno-sanitize-recover=all).
# Leaks are reported and fail the test; no suppressions are needed: LSan
# reports only unreachable memory, and MLIR's registries and contexts stay
# reachable from globals until exit.
# allow_user_poisoning=0: LLVM's BumpPtrAllocator (inline, in headers)
# poisons the unused part of each slab when it is compiled with ASan, and
# unpoisons what it hands out. Our instrumented copy creates slabs (for MLIR's
# StorageUniquer, say) that libMLIR.so's uninstrumented copy then allocates
# from without unpoisoning: every later access from our code would be a false
# "use-after-poison". Real heap errors are still caught by ASan's own redzones.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:allow_user_poisoning=0:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_SYMBOLIZER_PATH="$llvm/bin/llvm-symbolizer"
export UBSAN_SYMBOLIZER_PATH="$ASAN_SYMBOLIZER_PATH"

nice -n 10 ninja -C "$build" -j "$jobs" all
set +e
nice -n 10 ninja -C "$build" -j "$jobs" check-fp8 2>&1 | tee "$build/check-fp8.log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE '^ +Passed *: *[0-9]+' "$build/check-fp8.log" | grep -oE '[0-9]+$' || echo 0)
failed=$(grep -oE '^ +Failed *: *[0-9]+' "$build/check-fp8.log" | grep -oE '[0-9]+$' || echo 0)
echo "check-fp8 (ASan+UBSan): ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
