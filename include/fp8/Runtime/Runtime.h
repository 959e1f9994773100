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
// tools (fp8-run) read and write through the C++ API below. Any memref
// layout is accepted (strided views, offsets, zero-sized shapes).
//
// Two builds: the static library FP8Runtime, which tools link and register
// with their ExecutionEngine (runtimeSymbols), and libfp8_runtime.so for
// `mlir-runner -shared-libs=`. When the environment variable
// FP8_CALIBRATION_TABLE names a file, libfp8_runtime.so merges what the hooks
// recorded into that table (as one sample, creating the file if needed) when
// the process exits.
//
// fp8-cpu-pipeline{profile=true} (fp8-run --profile) puts
//   func.call @fp8_profile_begin(%id, %calls) : (i64, i64) -> ()
//   func.call @fp8_profile_end(%id) : (i64) -> ()
// around the code of each op of the input module (%id: its index in the
// module's fp8.profile_ops attribute; %calls: 1, or 0 where the run resumes
// an op whose code the pipeline split in several runs). The hooks count the
// calls and add up the time of each id, read through profileEntries().
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNTIME_RUNTIME_H
#define FP8_RUNTIME_RUNTIME_H

#include "fp8/Calibration/Statistics.h"

#include <cstdint>
#include <vector>

#define FP8_RUNTIME_EXPORT __attribute__((visibility("default")))

extern "C" {
// Pointers are UnrankedMemRefType<T> * of mlir/ExecutionEngine/CRunnerUtils.h.
FP8_RUNTIME_EXPORT void _mlir_ciface_fp8_runtime_observe_f32(void *values,
                                                             void *id);
FP8_RUNTIME_EXPORT void _mlir_ciface_fp8_runtime_observe_f16(void *values,
                                                             void *id);
FP8_RUNTIME_EXPORT void _mlir_ciface_fp8_runtime_observe_bf16(void *values,
                                                              void *id);

/// Asks Linux for the AMX tile state (arch_prctl(ARCH_REQ_XCOMP_PERM,
/// XFEATURE_XTILEDATA)), which code compiled for target=amx needs before its
/// first tile instruction; once a process is enough. Returns 0, or the
/// errno of the refusal (EINVAL: no AMX, or a kernel before 5.16).
FP8_RUNTIME_EXPORT int fp8_request_amx_permission(void);

/// Start (adding `calls` to its calls) and end of a run of the code of
/// profiled op `id`, on the calling thread.
FP8_RUNTIME_EXPORT void fp8_profile_begin(int64_t id, int64_t calls);
FP8_RUNTIME_EXPORT void fp8_profile_end(int64_t id);
}

namespace fp8::runtime {

/// The table the hooks fill (guarded by a mutex inside the hooks; read it
/// when no JIT-compiled code is running).
calibration::CalibrationTable &calibrationTable();

/// Clears the table.
void resetCalibrationTable();

/// What the hooks do after converting to f32: adds `count` values to the
/// statistics of `id` (under the table's mutex).
void observe(llvm::StringRef id, const float *values, int64_t count);

/// Records the shape the hook saw for `id` (the table's fingerprint; see
/// CalibrationTable::observeShape), under the table's mutex.
void observeShape(llvm::StringRef id, llvm::ArrayRef<int64_t> shape);

/// What the profile hooks recorded for one op id since the last reset.
struct ProfileEntry {
  int64_t calls = 0;  // calls of the op (not runs of its code)
  double seconds = 0; // exclusive time between begin and end
};

/// Forgets what the profile hooks recorded.
void resetProfile();

/// The profile, indexed by op id (ids never begun are absent or zero).
std::vector<ProfileEntry> profileEntries();

/// Name/address pairs of every hook, for ExecutionEngine::registerSymbols.
struct Symbol {
  const char *name;
  void *address;
};
const Symbol *runtimeSymbols(int &count);

} // namespace fp8::runtime

#endif // FP8_RUNTIME_RUNTIME_H
