//===- MemRef.h - memref descriptors of a run-time rank ---------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Lowered code passes memrefs as StridedMemRefType<T, N> (CRunnerUtils.h).
// The runner and the runtime functions of the integration tests see arrays
// whose rank and element size they learn only at run time: they read them
// through DynamicMemRefType<char> and address elements by row-major index
// (getRowMajorOffset). Header-only and free of LLVM, so that shared objects
// loaded by mlir-runner can use it.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNNER_MEMREF_H
#define FP8_RUNNER_MEMREF_H

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace fp8::runner {

/// The number of elements of `memref`.
template <typename T>
int64_t getNumElements(const DynamicMemRefType<T> &memref) {
  int64_t count = 1;
  for (int64_t d = 0; d < memref.rank; ++d)
    count *= memref.sizes[d];
  return count;
}

/// Where the element of row-major linear index `index` is, counted in
/// elements from `memref.data` (offset and strides applied).
template <typename T>
int64_t getRowMajorOffset(const DynamicMemRefType<T> &memref, int64_t index) {
  int64_t position = memref.offset;
  for (int64_t d = memref.rank - 1; d >= 0; --d) {
    position += (index % memref.sizes[d]) * memref.strides[d];
    index /= memref.sizes[d];
  }
  return position;
}

/// Copies the elements of `memref` (each `elementSize` bytes; `data` is
/// typed char whatever the element type) to `out`, row-major and dense.
inline void copyToRowMajor(const DynamicMemRefType<char> &memref,
                           int64_t elementSize, char *out) {
  for (int64_t i = 0, e = getNumElements(memref); i < e; ++i)
    std::memcpy(out + i * elementSize,
                memref.data + getRowMajorOffset(memref, i) * elementSize,
                elementSize);
}

/// A StridedMemRefType<char, rank> for a rank chosen at run time: the same
/// fields (basePtr, data, offset, sizes[rank], strides[rank]) in storage of
/// its own, over a dense row-major buffer. get() is what a C interface
/// takes; view() reads it back as CRunnerUtils does.
class MemRefDescriptor {
public:
  /// The 64-bit words of the descriptor of a memref of rank `rank`.
  static int64_t getNumWords(int64_t rank) { return 3 + 2 * rank; }

  MemRefDescriptor(void *data, const int64_t *shape, int64_t rank)
      : rank(rank), words(getNumWords(rank)) {
    auto *fields = static_cast<StridedMemRefType<char, 0> *>(get());
    fields->basePtr = fields->data = static_cast<char *>(data);
    fields->offset = 0;
    int64_t *sizes = words.data() + kSizesWord, *strides = sizes + rank;
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      sizes[d] = shape[d];
      strides[d] = stride;
      stride *= shape[d];
    }
  }

  void *get() { return words.data(); }
  DynamicMemRefType<char> view() {
    return DynamicMemRefType<char>(UnrankedMemRefType<char>{rank, get()});
  }

private:
  // The layout this class writes: that of every StridedMemRefType.
  using Rank2 = StridedMemRefType<char, 2>;
  static constexpr size_t kSizesWord = 3;
  static_assert(offsetof(Rank2, sizes) == kSizesWord * sizeof(int64_t) &&
                    offsetof(Rank2, strides) ==
                        (kSizesWord + 2) * sizeof(int64_t) &&
                    sizeof(Rank2) == (kSizesWord + 4) * sizeof(int64_t),
                "StridedMemRefType is basePtr, data, offset, sizes, strides");

  int64_t rank;
  std::vector<int64_t> words;
};

} // namespace fp8::runner

#endif // FP8_RUNNER_MEMREF_H
