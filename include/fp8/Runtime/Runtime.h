//===- Runtime.h - what JIT-compiled fp8 code calls -------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.observe lowers (convert-fp8-to-linalg{observers-to-runtime}) to calls
//   func.call @fp8_runtime_observe_f32(%values, %id)
//     : (memref<*xf32>, memref<*xi8>) -> ()
// (and _f16, _bf16) with the C interface (llvm.emit_c_interface): %values is
// the observed tensor, %id the tensor id as UTF-8 bytes (no terminator).
// The hooks add the values to the process-wide calibration table, which
// tools (fp8-run) read and write through the C++ API below.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNTIME_RUNTIME_H
#define FP8_RUNTIME_RUNTIME_H

#include "fp8/Calibration/Statistics.h"

#include <cstdint>

extern "C" {
// Pointers are UnrankedMemRefType<T> * of mlir/ExecutionEngine/CRunnerUtils.h.
void _mlir_ciface_fp8_runtime_observe_f32(void *values, void *id);
void _mlir_ciface_fp8_runtime_observe_f16(void *values, void *id);
void _mlir_ciface_fp8_runtime_observe_bf16(void *values, void *id);
}

namespace fp8::runtime {

/// The table the hooks fill (guarded by a mutex inside the hooks; read it
/// when no JIT-compiled code is running).
calibration::CalibrationTable &calibrationTable();

/// Clears the table.
void resetCalibrationTable();

/// Name/address pairs of every hook, for ExecutionEngine::registerSymbols.
struct Symbol {
  const char *name;
  void *address;
};
const Symbol *runtimeSymbols(int &count);

} // namespace fp8::runtime

#endif // FP8_RUNTIME_RUNTIME_H
