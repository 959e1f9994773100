#!/usr/bin/env bash
# Installs an fp8-mlir build tree into a fresh prefix, then configures and
# builds examples/embedding against the installed FP8MLIR package, as a
# project that embeds fp8-mlir would. Quiet on success; on failure prints the
# failing step and the end of its log.
#
# Usage: build-consumer.sh FP8_SOURCE_DIR FP8_BUILD_DIR MLIR_CMAKE_DIR WORK_DIR
# Leaves WORK_DIR/prefix (the installation) and WORK_DIR/build (the consumer,
# with embedding-opt, embedding-run and embedding-capi).
set -eu -o pipefail

src=$1 build=$2 mlir_dir=$3 work=$4
rm -rf "$work"
mkdir -p "$work"

# The compilers and linker of the fp8-mlir build.
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" | head -n 1; }
cc=$(cache CMAKE_C_COMPILER)
cxx=$(cache CMAKE_CXX_COMPILER)
linker=$(cache LLVM_USE_LINKER)
# A sanitizer build (scripts/test-sanitizers.sh) installs instrumented
# libraries: the consumer must be built with the same sanitizers.
sanitize=()
if [ -n "$(cache LLVM_USE_SANITIZER)" ]; then
  sanitize=("-DLLVM_USE_SANITIZER=$(cache LLVM_USE_SANITIZER)"
            "-DLLVM_UBSAN_FLAGS=$(cache LLVM_UBSAN_FLAGS)")
fi

step() {
  local log=$1
  shift
  if ! "$@" > "$log" 2>&1; then
    echo "build-consumer.sh: failed: $*" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
}

step "$work/install.log" cmake --install "$build" --prefix "$work/prefix"
step "$work/configure.log" cmake -G Ninja \
  -S "$src/examples/embedding" -B "$work/build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="${cc:-clang-22}" \
  -DCMAKE_CXX_COMPILER="${cxx:-clang++-22}" \
  -DLLVM_USE_LINKER="${linker:-lld}" \
  -DMLIR_DIR="$mlir_dir" \
  -DFP8MLIR_DIR="$work/prefix/lib/cmake/FP8MLIR" \
  ${sanitize[@]+"${sanitize[@]}"}
step "$work/build.log" cmake --build "$work/build" -j 2

# The consumer must get everything from the prefix: no header or library of
# the source or build tree may leak in through the package.
if grep -n -F -e "$src/include" -e "$build/include" -e "$build/lib" \
    "$work/build/build.ninja" >&2; then
  echo "build-consumer.sh: the consumer uses the fp8-mlir source or build tree" >&2
  exit 1
fi
