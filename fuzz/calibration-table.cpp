//===- calibration-table.cpp - libFuzzer target: calibration tables -------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Feeds the input to CalibrationTable::fromJSON, the reader behind
// fp8-quantize's calibration= option and fp8-run --merge. Errors are
// expected; crashes and sanitizer reports are bugs. A table that validates
// must survive what its consumers do with it: written back as JSON it reads
// back equal, merged with itself it stays valid (or the merge fails), and
// every threshold method gives a finite, non-negative threshold.
//
//===----------------------------------------------------------------------===//

#include "fp8/Calibration/Methods.h"
#include "fp8/Calibration/Statistics.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

using namespace fp8::calibration;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<CalibrationTable> table =
      CalibrationTable::fromJSON(text, "input.json");
  if (!table) {
    llvm::consumeError(table.takeError());
    return 0;
  }
  std::string json = table->toJSON();
  llvm::Expected<CalibrationTable> again =
      CalibrationTable::fromJSON(json, "written.json");
  if (!again || !(*again == *table))
    std::abort();
  // Merged with itself (fp8-run --merge t.json t.json): an error when the
  // counts would overflow, else a table that validates.
  CalibrationTable doubled = *table;
  if (llvm::Error error = doubled.merge(*table)) {
    llvm::consumeError(std::move(error));
  } else {
    llvm::Expected<CalibrationTable> merged =
        CalibrationTable::fromJSON(doubled.toJSON(), "merged.json");
    if (!merged)
      std::abort();
  }

  // What fp8-quantize computes from the statistics. MSE and KL scan the
  // histogram once per candidate threshold: only for the first tensor, to
  // keep executions fast.
  bool first = true;
  for (const auto &entry : table->tensors) {
    for (Method method : {Method::Max, Method::Percentile, Method::MSE,
                          Method::KL}) {
      if (!first && (method == Method::MSE || method == Method::KL))
        continue;
      MethodOptions options;
      options.method = method;
      double threshold = computeThreshold(
          entry.second, fp8::getFormat(fp8::FormatKind::E4M3), options);
      if (!std::isfinite(threshold) || threshold < 0)
        std::abort();
    }
    first = false;
  }
  return 0;
}
