//===- Report.h - what fp8-run prints after a run ---------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one-line summary of a successful run (stderr; --quiet drops it) and
// the --profile table (stdout).
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TOOLS_FP8_RUN_REPORT_H
#define FP8_TOOLS_FP8_RUN_REPORT_H

#include "fp8/Runtime/Runtime.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace fp8::run {

/// What a run did, for its summary line.
struct RunSummary {
  std::string entry;
  double compileSeconds = 0;
  /// Calls after the warm-up (1 without --benchmark) and their total time.
  int timedCalls = 1;
  bool warmUp = false;
  double callSeconds = 0;
  /// Where the results went; empty: not written.
  std::string outputDir;
  size_t numResults = 0;
};

/// "fp8-run: ran @f in 1.23 ms (compiled in 80 ms); wrote out/f_result0.npy".
void printSummary(llvm::raw_ostream &os, const RunSummary &summary);

/// The --profile table: one line per profiled op (or group of ops the
/// pipeline fused), by time, then what ran outside them and the total.
/// `names` are the module's fp8.profile_ops, `entries` what the hooks
/// recorded over `calls` calls that took `callSeconds` in all.
void printProfile(llvm::raw_ostream &os, llvm::StringRef entry,
                  llvm::ArrayRef<std::string> names,
                  llvm::ArrayRef<runtime::ProfileEntry> entries, int calls,
                  double callSeconds);

} // namespace fp8::run

#endif // FP8_TOOLS_FP8_RUN_REPORT_H
