//===- Report.cpp - timing and what a run prints --------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Runner/Report.h"

#include "fp8/Runner/Runner.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cmath>

using namespace fp8;
using namespace fp8::runner;

double fp8::runner::secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

std::vector<double> fp8::runner::benchmark(Call &call, int runs) {
  using Clock = std::chrono::steady_clock;
  call.invoke(); // warm-up
  runtime::resetProfile();
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    call.releaseReturned();
    Clock::time_point start = Clock::now();
    call.invoke();
    Clock::time_point end = Clock::now();
    times.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(times.begin(), times.end());
  return times;
}

void fp8::runner::printBenchmark(llvm::raw_ostream &os,
                                 llvm::ArrayRef<double> times) {
  size_t n = times.size();
  double median =
      n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
  // Three significant digits of the median, at least three decimals.
  int decimals = 3;
  if (median > 0)
    decimals =
        std::clamp(2 - static_cast<int>(std::floor(std::log10(median))), 3, 9);
  os << llvm::format("median %.*f ms per call over %d runs (min %.*f, max "
                     "%.*f)\n",
                     decimals, median, static_cast<int>(n), decimals,
                     times.front(), decimals, times.back());
}

void fp8::runner::printSummary(llvm::raw_ostream &os,
                               const RunSummary &summary) {
  os << "fp8-run: ran @" << summary.entry;
  double callMs = summary.callSeconds * 1e3 / std::max(summary.timedCalls, 1);
  if (summary.warmUp)
    os << " " << summary.timedCalls + 1 << " times (1 warm-up, "
       << summary.timedCalls << " timed, mean " << llvm::format("%.3f", callMs)
       << " ms per call; ";
  else
    os << " in " << llvm::format("%.3f", callMs) << " ms (";
  os << "compiled in " << llvm::format("%.0f", summary.compileSeconds * 1e3)
     << " ms); ";
  if (summary.outputDir.empty()) {
    os << "no results written (--output-dir DIR keeps those of the last "
          "call)\n";
    return;
  }
  llvm::SmallString<256> first(summary.outputDir);
  llvm::sys::path::append(first, summary.entry + "_result0.npy");
  if (summary.numResults == 0)
    os << "@" << summary.entry << " returns nothing, nothing written\n";
  else if (summary.numResults == 1)
    os << "wrote " << first << "\n";
  else
    os << "wrote " << summary.numResults << " results: " << first << " to "
       << summary.entry << "_result" << summary.numResults - 1 << ".npy\n";
}

void fp8::runner::printProfile(llvm::raw_ostream &os, llvm::StringRef entry,
                               llvm::ArrayRef<std::string> names,
                               llvm::ArrayRef<runtime::ProfileEntry> entries,
                               int calls, double callSeconds) {
  struct Line {
    std::string name;
    int64_t calls;
    double seconds;
    size_t id;
  };
  std::vector<Line> lines;
  double profiled = 0;
  for (auto [id, entry] : llvm::enumerate(entries)) {
    if (entry.calls == 0 || id >= names.size())
      continue;
    lines.push_back({names[id], entry.calls, entry.seconds, id});
    profiled += entry.seconds;
  }
  // Slowest first; ties in program order.
  llvm::sort(lines, [](const Line &a, const Line &b) {
    return a.seconds != b.seconds ? a.seconds > b.seconds : a.id < b.id;
  });

  double perCallMs = callSeconds * 1e3 / std::max(calls, 1);
  os << llvm::formatv("profile of @{0}: {1} call{2}, mean {3} ms per call\n",
                      entry, calls, calls == 1 ? "" : "s",
                      llvm::format("%.3f", perCallMs));
  auto row = [&](double seconds, llvm::StringRef count, llvm::StringRef name) {
    double percent = callSeconds > 0 ? 100 * seconds / callSeconds : 0;
    os << llvm::format("%7.1f %12.3f %10.3f %7s  ", percent, seconds * 1e3,
                       seconds * 1e3 / std::max(calls, 1), count.str().c_str())
       << name << "\n";
  };
  os << llvm::format("%7s %12s %10s %7s  %s\n", "%", "total ms", "ms/call",
                     "calls", "op");
  for (const Line &line : lines)
    row(line.seconds, std::to_string(line.calls), line.name);
  // Code between the ops: allocation, copies into out-parameters, the
  // deallocation of temporaries, the hooks themselves.
  double other = callSeconds - profiled;
  if (std::fabs(other) * 1e9 >= 1)
    row(other, "-", "(other: code outside the ops above)");
  row(callSeconds, std::to_string(calls),
      "(total: the calls of @" + entry.str() + ")");
}

Progress::Progress(llvm::StringRef what, size_t total, bool quiet)
    : what(what.str()), total(total), quiet(quiet), start(Clock::now()),
      last(start), terminal(llvm::errs().is_displayed()) {}

void Progress::update(size_t done) {
  Clock::time_point now = Clock::now();
  auto seconds = [](Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
  };
  if (quiet || seconds(start, now) < 1.0 ||
      (shown && seconds(last, now) < (terminal ? 0.1 : 5.0)))
    return;
  last = now;
  llvm::errs() << (terminal ? "\r" : "") << what << ": " << done << "/" << total
               << " samples" << (terminal ? "" : "\n");
  shown = true;
}

void Progress::finish(const llvm::Twine &detail, const llvm::Twine &tail) {
  if (quiet)
    return;
  if (terminal && shown)
    llvm::errs() << "\r";
  llvm::errs() << what << ": " << total << "/" << total << " samples, "
               << detail << " in " << llvm::format("%.2f", secondsSince(start))
               << " s" << tail << "\n";
}
