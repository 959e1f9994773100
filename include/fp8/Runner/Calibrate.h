//===- Calibrate.h - calibration runs and tables ----------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Calibration with a Runner: instrument() it, compile() it with
// observersToRuntime, then calibrate() runs every sample and returns the
// calibration table (docs/Calibration.md) that the observers recorded.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNNER_CALIBRATE_H
#define FP8_RUNNER_CALIBRATE_H

#include "fp8/Calibration/Statistics.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <string>

namespace fp8::runner {

class Runner;
class SampleSet;

/// Calls the entry of `runner` on every sample and returns the statistics
/// its observers recorded, with the sample count and the module's
/// fingerprint (scheme, observed shapes). `onSample(done)` runs after each
/// call. An empty table (nothing observed) is an error.
llvm::Expected<calibration::CalibrationTable>
calibrate(Runner &runner, SampleSet &samples,
          llvm::function_ref<void(size_t)> onSample = {});

/// Reads and adds up the calibration tables at `paths` (sharded runs);
/// errors name the file.
llvm::Expected<calibration::CalibrationTable>
mergeCalibrationTables(llvm::ArrayRef<std::string> paths);

} // namespace fp8::runner

#endif // FP8_RUNNER_CALIBRATE_H
