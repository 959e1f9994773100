//===- ObserveHooks.cpp - calibration hooks of fp8.observe ----------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The functions that fp8.observe lowers to (see Runtime.h). Values of any
// layout are converted to f32 in chunks and added to the process-wide
// calibration table; contiguous f32 tensors are observed in place.
//
//===----------------------------------------------------------------------===//

#include "fp8/Runtime/Runtime.h"

#include "fp8/Numerics/Format.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <mutex>
#include <string>

using namespace fp8::runtime;
using fp8::calibration::CalibrationTable;

namespace {

std::mutex &tableMutex() {
  static std::mutex mutex;
  return mutex;
}

/// The tensor id: the bytes of a 1-D i8 memref.
std::string idOf(void *id) {
  DynamicMemRefType<char> view(*static_cast<UnrankedMemRefType<char> *>(id));
  std::string name;
  if (view.rank != 1)
    return name;
  for (int64_t i = 0; i < view.sizes[0]; ++i)
    name.push_back(view.data[view.offset + i * view.strides[0]]);
  return name;
}

/// Whether the memref's elements are dense in row-major order.
template <typename T> bool isContiguous(const DynamicMemRefType<T> &view) {
  int64_t expected = 1;
  for (int64_t d = view.rank - 1; d >= 0; --d) {
    if (view.sizes[d] == 1)
      continue;
    if (view.strides[d] != expected)
      return false;
    expected *= view.sizes[d];
  }
  return true;
}

/// Converts the elements of a memref of any layout to f32, `kChunk` at a
/// time, and observes them.
template <typename T, typename Convert>
void observeMemRef(void *values, void *id, Convert convert) {
  DynamicMemRefType<T> view(*static_cast<UnrankedMemRefType<T> *>(values));
  std::string name = idOf(id);
  observeShape(name, llvm::ArrayRef<int64_t>(view.sizes, view.rank));

  int64_t count = 1;
  for (int64_t d = 0; d < view.rank; ++d)
    count *= view.sizes[d];
  const T *base = view.data + view.offset;

  if constexpr (std::is_same_v<T, float>) {
    if (count == 0 || isContiguous(view))
      return observe(name, base, count);
  }

  // Walks the elements in row-major order: the innermost dimension in a
  // loop, the outer ones with an odometer.
  constexpr int64_t kChunk = 4096;
  float chunk[kChunk];
  int64_t filled = 0;
  auto flush = [&] {
    observe(name, chunk, filled);
    filled = 0;
  };
  if (count == 0)
    return observe(name, chunk, 0);
  int64_t rank = view.rank;
  int64_t inner = rank ? view.sizes[rank - 1] : 1;
  int64_t innerStride = rank ? view.strides[rank - 1] : 0;
  std::vector<int64_t> index(rank > 1 ? rank - 1 : 0, 0);
  for (int64_t row = 0, rows = count / inner; row < rows; ++row) {
    int64_t position = 0;
    for (size_t d = 0; d < index.size(); ++d)
      position += index[d] * view.strides[d];
    for (int64_t i = 0; i < inner; ++i) {
      chunk[filled++] = convert(base[position + i * innerStride]);
      if (filled == kChunk)
        flush();
    }
    for (int64_t d = static_cast<int64_t>(index.size()) - 1; d >= 0; --d) {
      if (++index[d] < view.sizes[d])
        break;
      index[d] = 0;
    }
  }
  if (filled)
    flush();
}

} // namespace

//===----------------------------------------------------------------------===//
// C++ API
//===----------------------------------------------------------------------===//

CalibrationTable &fp8::runtime::calibrationTable() {
  static CalibrationTable table;
  return table;
}

void fp8::runtime::resetCalibrationTable() {
  std::lock_guard<std::mutex> lock(tableMutex());
  calibrationTable() = CalibrationTable();
}

void fp8::runtime::observe(llvm::StringRef id, const float *values,
                           int64_t count) {
  std::lock_guard<std::mutex> lock(tableMutex());
  // An empty tensor still lists its id (with count 0).
  calibrationTable().tensors[id.str()].observe(values, count);
}

void fp8::runtime::observeShape(llvm::StringRef id,
                                llvm::ArrayRef<int64_t> shape) {
  std::lock_guard<std::mutex> lock(tableMutex());
  calibrationTable().observeShape(id, shape);
}

const Symbol *fp8::runtime::runtimeSymbols(int &count) {
  static const Symbol symbols[] = {
      {"_mlir_ciface_fp8_runtime_observe_f32",
       reinterpret_cast<void *>(&_mlir_ciface_fp8_runtime_observe_f32)},
      {"_mlir_ciface_fp8_runtime_observe_f16",
       reinterpret_cast<void *>(&_mlir_ciface_fp8_runtime_observe_f16)},
      {"_mlir_ciface_fp8_runtime_observe_bf16",
       reinterpret_cast<void *>(&_mlir_ciface_fp8_runtime_observe_bf16)},
      {"fp8_profile_begin", reinterpret_cast<void *>(&fp8_profile_begin)},
      {"fp8_profile_end", reinterpret_cast<void *>(&fp8_profile_end)},
  };
  count = static_cast<int>(std::size(symbols));
  return symbols;
}

//===----------------------------------------------------------------------===//
// Hooks
//===----------------------------------------------------------------------===//

extern "C" {

void _mlir_ciface_fp8_runtime_observe_f32(void *values, void *id) {
  observeMemRef<float>(values, id, [](float x) { return x; });
}

void _mlir_ciface_fp8_runtime_observe_f16(void *values, void *id) {
  observeMemRef<uint16_t>(values, id, ::fp8::decodeHalf);
}

void _mlir_ciface_fp8_runtime_observe_bf16(void *values, void *id) {
  observeMemRef<uint16_t>(values, id, ::fp8::decodeBF16);
}

} // extern "C"
