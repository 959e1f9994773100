//===- Report.h - timing and what a run prints ------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What fp8-run prints: the one-line summary of a successful run (stderr), the
// benchmark line and the --profile table (stdout), and the progress of long
// loops over samples (stderr).
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNNER_REPORT_H
#define FP8_RUNNER_REPORT_H

#include "fp8/Runtime/Runtime.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <string>
#include <vector>

namespace fp8::runner {

class Call;

/// Seconds since `start` on the steady clock.
double secondsSince(std::chrono::steady_clock::time_point start);

/// Runs one warm-up call and `runs` timed ones (what the previous call
/// returned is freed outside the timing) and returns their times in
/// milliseconds, sorted. The runtime's profile covers the timed calls.
std::vector<double> benchmark(Call &call, int runs);

/// "median 1.23 ms per call over N runs (min .., max ..)" for the sorted
/// `times` of benchmark().
void printBenchmark(llvm::raw_ostream &os, llvm::ArrayRef<double> times);

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

/// Shows "<what>: i/n samples" on stderr for loops longer than about a
/// second: rewritten in place on a terminal, a line every few seconds
/// otherwise. `quiet` shows nothing.
class Progress {
public:
  Progress(llvm::StringRef what, size_t total, bool quiet);

  void update(size_t done);
  /// "<what>: n/n samples, <detail> in 1.23 s<tail>", the line that stays.
  void finish(const llvm::Twine &detail, const llvm::Twine &tail);

private:
  using Clock = std::chrono::steady_clock;

  std::string what;
  size_t total;
  bool quiet;
  Clock::time_point start, last;
  bool terminal, shown = false;
};

} // namespace fp8::runner

#endif // FP8_RUNNER_REPORT_H
