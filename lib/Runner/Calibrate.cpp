//===- Calibrate.cpp - calibration runs and tables ------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/Calibrate.h"

#include "fp8/Runner/Runner.h"
#include "fp8/Runner/Samples.h"
#include "fp8/Runtime/Runtime.h"

using namespace fp8;
using namespace fp8::runner;
using fp8::calibration::CalibrationTable;

llvm::Expected<CalibrationTable>
fp8::runner::calibrate(Runner &runner, SampleSet &samples,
                       llvm::function_ref<void(size_t)> onSample) {
  // The observe hooks record into the runtime's one table.
  runtime::resetCalibrationTable();
  for (size_t i = 0, e = samples.size(); i < e; ++i) {
    if (llvm::Error error = samples.load(i))
      return std::move(error);
    llvm::Expected<Call> call =
        runner.prepare(samples.getArrays(), samples.getNames());
    if (!call)
      return call.takeError();
    call->invoke();
    call->releaseReturned();
    if (onSample)
      onSample(i + 1);
  }

  CalibrationTable table = runtime::calibrationTable();
  table.samples = static_cast<int64_t>(samples.size());
  // The fingerprint as the module types it: a dynamic dimension stays "?"
  // whatever sizes the samples had, as fp8-quantize will see it.
  table.scheme = runner.getObserverScheme().str();
  for (auto &[id, shape] : runner.observedShapes())
    if (table.tensors.count(id))
      table.shapes[id] = std::move(shape);
  // An empty table would quantize nothing: most often the module was
  // quantized already.
  if (table.tensors.empty())
    return llvm::createStringError(
        "--calibrate: no tensor was observed (no fp8.observe op ran): " +
        runner.getModulePath() +
        " holds nothing fp8-quantize would quantize (is it already "
        "quantized? calibrate the f32 model); no table written");
  return std::move(table);
}

llvm::Expected<CalibrationTable>
fp8::runner::mergeCalibrationTables(llvm::ArrayRef<std::string> paths) {
  CalibrationTable merged;
  std::string mergedFrom;
  for (const std::string &path : paths) {
    llvm::Expected<CalibrationTable> table = CalibrationTable::readFile(path);
    if (!table)
      return table.takeError();
    // merge() refuses tables of different modules; name both files.
    if (llvm::Error error = merged.merge(*table, mergedFrom, path))
      return llvm::createStringError(path + ": " +
                                     llvm::toString(std::move(error)));
    mergedFrom = mergedFrom.empty() ? path : mergedFrom + " + " + path;
  }
  return std::move(merged);
}
