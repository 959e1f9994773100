//===- ExhaustiveF32.cpp - Every f32 input against the oracle -------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8-exhaustive-f32 [--limit=N] [format...]
//
// Encodes all 2^32 f32 bit patterns with every format (or the named ones) in
// nearest-even and toward-zero, with and without saturation, and compares
// with Oracle.h (APFloat; the grid search for e3m4fn). Runs on every
// hardware thread; hours on a small machine. --limit=N checks N patterns
// spread evenly over the whole range instead, as a quick smoke test.
//
// Prints progress per format and "N passed, N failed" (formats); exits 1 on
// any mismatch.
//
//===----------------------------------------------------------------------===//

#include "Oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace fp8;

namespace {

constexpr uint64_t kAllPatterns = uint64_t(1) << 32;
constexpr uint64_t kChunk = uint64_t(1) << 20;

/// Which bit patterns to check: all of them, or `count` spread evenly.
struct InputRange {
  uint64_t count = kAllPatterns;
  uint64_t stride = 1;

  uint32_t bits(uint64_t index) const {
    return static_cast<uint32_t>(index * stride);
  }
};

InputRange limitedRange(uint64_t limit) {
  InputRange range;
  if (limit == 0 || limit >= kAllPatterns)
    return range;
  range.count = limit;
  // Odd, so the low mantissa bits vary too.
  range.stride = (kAllPatterns / limit) | 1;
  return range;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

/// Checks one format on every thread, printing progress every few seconds.
oracle::EncodeCheck checkFormat(const Format &format, const InputRange &range,
                                unsigned numThreads) {
  const oracle::Reference reference(format.kind);
  const uint64_t numChunks = (range.count + kChunk - 1) / kChunk;
  std::atomic<uint64_t> nextChunk{0}, doneChunks{0};
  oracle::EncodeCheck total;
  std::mutex totalMutex;

  std::vector<std::thread> threads;
  for (unsigned t = 0; t < numThreads; ++t)
    threads.emplace_back([&] {
      oracle::EncodeCheck local;
      for (uint64_t chunk; (chunk = nextChunk++) < numChunks;) {
        const uint64_t end = std::min(range.count, (chunk + 1) * kChunk);
        for (uint64_t i = chunk * kChunk; i < end; ++i)
          local.check(format, reference, oracle::floatOf(range.bits(i)));
        ++doneChunks;
      }
      std::lock_guard<std::mutex> lock(totalMutex);
      total.merge(local);
    });

  const auto start = std::chrono::steady_clock::now();
  auto lastReport = start;
  while (doneChunks < numChunks) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (secondsSince(lastReport) < 10)
      continue;
    lastReport = std::chrono::steady_clock::now();
    std::printf("  %s: %5.1f%% after %.0f s\n",
                std::string(format.name).c_str(),
                100.0 * doneChunks / numChunks, secondsSince(start));
    std::fflush(stdout);
  }
  for (std::thread &thread : threads)
    thread.join();
  return total;
}

int usage(const char *program) {
  std::fprintf(stderr, "usage: %s [format...]\nformats: %s\n", program,
               std::string(formatNameList()).c_str());
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<FormatKind> kinds;
  uint64_t limit = 0;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    if (std::strncmp(arg, "--limit=", 8) == 0) {
      limit = std::strtoull(arg + 8, nullptr, 10);
      continue;
    }
    std::optional<FormatKind> kind = parseFormatName(arg);
    if (!kind) {
      std::fprintf(stderr, "unknown format '%s'\n", arg);
      return usage(argv[0]);
    }
    kinds.push_back(*kind);
  }
  if (kinds.empty())
    kinds = oracle::allFormatKinds();

  const InputRange range = limitedRange(limit);
  const unsigned numThreads = std::max(1u, std::thread::hardware_concurrency());
  std::printf("checking %llu f32 inputs per format on %u threads\n",
              static_cast<unsigned long long>(range.count), numThreads);

  int passed = 0, failed = 0;
  for (FormatKind kind : kinds) {
    const Format &format = getFormat(kind);
    const auto start = std::chrono::steady_clock::now();
    const oracle::EncodeCheck check = checkFormat(format, range, numThreads);
    const bool ok = check.totalMismatches() == 0 && check.inputs == range.count;
    (ok ? passed : failed)++;
    std::printf("%s %s (%.0f s)\n", ok ? "PASS" : "FAIL",
                check.summary(format.name).c_str(), secondsSince(start));
    std::fflush(stdout);
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
