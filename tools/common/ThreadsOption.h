//===- ThreadsOption.h - --threads of fp8-run and fp8-sweep -----*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The tools' --threads N: the threads of the kernels' parallel loops
// (fp8-cpu-pipeline's threads option), checked against the OpenMP runtime
// found at build time (FP8_OPENMP_RUNTIME, empty without one).
//
//===----------------------------------------------------------------------===//

#ifndef TOOLS_COMMON_THREADSOPTION_H
#define TOOLS_COMMON_THREADSOPTION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"

#include <string>

namespace fp8::tools {

/// The --threads option in `category`. LLVM registers a hidden option of
/// that name (unrelated to these tools) that this one replaces, so it is
/// made on the first call, after startup: call it before parsing.
inline llvm::cl::opt<std::string> &
threadsOption(llvm::cl::OptionCategory &category, const char *description) {
  static llvm::cl::opt<std::string> *option = [&] {
    if (llvm::cl::Option *foreign =
            llvm::cl::getRegisteredOptions().lookup("threads"))
      foreign->removeArgument();
    return new llvm::cl::opt<std::string>(
        "threads", llvm::cl::desc(description), llvm::cl::value_desc("N"),
        llvm::cl::cat(category));
  }();
  return *option;
}

/// The pipeline's threads for `--threads value` (`value` empty: not given,
/// then `defaultThreads`, 0 meaning the OpenMP runtime's default), or an
/// error for a bad count or one above 1 without an OpenMP runtime.
inline llvm::Expected<unsigned> parseThreads(llvm::StringRef value,
                                             unsigned defaultThreads) {
  const bool haveOpenMP = llvm::StringRef(FP8_OPENMP_RUNTIME) != "";
  if (value.empty())
    return haveOpenMP ? defaultThreads : 1;
  unsigned threads = 0;
  if (value.getAsInteger(10, threads) || threads < 1)
    return llvm::createStringError("--threads " + value +
                                   ": expected a positive number of threads");
  if (threads > 1 && !haveOpenMP)
    return llvm::createStringError(
        "--threads " + value +
        ": this build has no OpenMP runtime (libomp was not found when "
        "fp8-mlir was built; install libomp-22-dev)");
  return threads;
}

} // namespace fp8::tools

#endif // TOOLS_COMMON_THREADSOPTION_H
