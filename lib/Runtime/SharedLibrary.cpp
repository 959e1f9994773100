//===- SharedLibrary.cpp - libfp8_runtime.so for mlir-runner --------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Only in the shared library: programs run by mlir-runner have no tool that
// writes the calibration table, so when FP8_CALIBRATION_TABLE names a file,
// the table is merged into that file (one more sample) when the library is
// unloaded. Running a program once per sample accumulates a table.
//
//===----------------------------------------------------------------------===//

#include "fp8/Runtime/Runtime.h"

#include "llvm/Support/FileSystem.h"

#include <cstdio>
#include <cstdlib>

using fp8::calibration::CalibrationTable;

namespace {

class TableWriter {
public:
  TableWriter() {
    // Construct the table first so that it is destroyed after this writer.
    (void)fp8::runtime::calibrationTable();
  }

  ~TableWriter() {
    const char *path = std::getenv("FP8_CALIBRATION_TABLE");
    if (!path || !*path)
      return;
    CalibrationTable table;
    if (llvm::sys::fs::exists(path)) {
      llvm::Expected<CalibrationTable> existing =
          CalibrationTable::readFile(path);
      if (!existing) {
        report(existing.takeError());
        return;
      }
      table = std::move(*existing);
    }
    CalibrationTable run = fp8::runtime::calibrationTable();
    run.samples = 1;
    if (llvm::Error error = table.merge(run, path, "this run")) {
      report(llvm::createStringError(llvm::Twine(path) + ": " +
                                     llvm::toString(std::move(error))));
      return;
    }
    if (llvm::Error error = table.writeFile(path))
      report(std::move(error));
  }

private:
  // stdio rather than llvm::errs(): this runs during process exit.
  static void report(llvm::Error error) {
    std::fprintf(stderr, "fp8_runtime: error: %s\n",
                 llvm::toString(std::move(error)).c_str());
  }
};

TableWriter writer;

} // namespace
