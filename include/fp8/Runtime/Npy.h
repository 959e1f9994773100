//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Reads and writes the NumPy array format (.npy, versions 1.0, 2.0 and 3.0;
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html)
// for the element types fp8-run exchanges with JIT-compiled code. Arrays are
// in C (row-major) order with little-endian elements; Fortran-order files are
// rejected rather than transposed. Every error names the file and the
// problem. No MLIR dependency (LLVM Support only).
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNTIME_NPY_H
#define FP8_RUNTIME_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace fp8::runtime {

/// Element types of the .npy files fp8-run reads and writes.
enum class NpyDType { F16, F32, F64, I8, U8, I32, I64, Bool };

/// The NumPy type string of `dtype` as files spell it: "<f4", "|u1", "|b1"...
llvm::StringRef getNpyDescr(NpyDType dtype);
/// Bytes per element.
int64_t getNpyElementSize(NpyDType dtype);
/// Every supported type string, for error messages ("<f2, <f4, ...").
std::string getSupportedNpyDescrs();

/// A C-order array with little-endian elements. The data is 64-byte aligned
/// so that it can back a memref directly.
class NpyArray {
public:
  NpyArray() = default;
  /// An array of `shape` with zeroed elements.
  NpyArray(NpyDType dtype, llvm::ArrayRef<int64_t> shape);

  NpyDType getDType() const { return dtype; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  int64_t getNumElements() const;
  int64_t getByteSize() const {
    return getNumElements() * getNpyElementSize(dtype);
  }
  char *getData() { return data.get(); }
  const char *getData() const { return data.get(); }

  /// The shape as NumPy prints it: "()", "(5,)", "(2, 3)".
  std::string getShapeString() const;

private:
  struct FreeDeleter {
    void operator()(char *pointer) const { std::free(pointer); }
  };

  NpyDType dtype = NpyDType::F32;
  std::vector<int64_t> shape;
  std::unique_ptr<char, FreeDeleter> data;
};

/// Parses the bytes of a .npy file; errors name `source`. Problems reported:
/// bad magic, unsupported version, truncated or malformed header, unsupported
/// dtype (big-endian, structured, other kinds and sizes), Fortran order, a
/// data size that does not match the shape.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes,
                                  llvm::StringRef source);

/// Reads a .npy file (parseNpy with the file name as source).
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

/// The bytes of a .npy file holding `array` (version 1.0, or 2.0 when the
/// header does not fit 1.0; data 64-byte aligned in the file).
std::string serializeNpy(const NpyArray &array);

/// Writes `array` to `path` through a temporary file in the same directory
/// that is renamed over `path`: a failure never leaves a partial file behind.
llvm::Error writeNpyFile(llvm::StringRef path, const NpyArray &array);

} // namespace fp8::runtime

#endif // FP8_RUNTIME_NPY_H
