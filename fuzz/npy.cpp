//===- npy.cpp - libFuzzer target: the .npy parser ------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Feeds the input to fp8::runtime::parseNpy, the reader behind every .npy
// file fp8-run takes. Errors are expected; crashes, sanitizer reports and
// huge allocations are bugs. A parsed array must serialize and parse back to
// the same shape, dtype and bytes.
//
//===----------------------------------------------------------------------===//

#include "fp8/Runtime/Npy.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace fp8::runtime;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<NpyArray> array = parseNpy(bytes, "input.npy");
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  // Round trip: what the writer produces the reader accepts unchanged.
  std::string written = serializeNpy(*array);
  llvm::Expected<NpyArray> again = parseNpy(written, "written.npy");
  if (!again || again->getDType() != array->getDType() ||
      again->getShape() != array->getShape() ||
      std::memcmp(again->getData(), array->getData(), array->getByteSize()))
    std::abort();
  return 0;
}
