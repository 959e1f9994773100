//===- TuneCommandLine.h - the --tune options of fp8-run --------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `fp8-run --tune RECIPE.json --input CALIB --eval EVAL [--labels L.npy]
// (--max-drop F | --max-error F) [--tune-formats LIST] [--max-trials N]`:
// the options, and their check into runner::TuneOptions (one error each).
// Like upstream's JitRunner options, they live with the library, so that a
// tool that embeds the runner gets the same flags and the same errors.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNNER_TUNECOMMANDLINE_H
#define FP8_RUNNER_TUNECOMMANDLINE_H

#include "fp8/Runner/Tune.h"
#include "llvm/Support/CommandLine.h"

#include <string>

namespace fp8::runner {

/// The --tune flags, registered in `category` when constructed.
struct TuneCommandLine {
  explicit TuneCommandLine(llvm::cl::OptionCategory &category)
      : recipe("tune",
               llvm::cl::desc(
                   "Search per-op formats, weight granularity, calibration "
                   "method and ops kept in f32 until the model is within "
                   "--max-drop or --max-error; calibrates on --input, "
                   "evaluates on --eval, writes the recipe"),
               llvm::cl::value_desc("RECIPE.json"), llvm::cl::cat(category)),
        eval("eval",
             llvm::cl::desc("--tune: the evaluation samples, a .npy file or "
                            "a directory of them per argument of the entry"),
             llvm::cl::value_desc("PATH"), llvm::cl::cat(category)),
        labels("labels",
               llvm::cl::desc("--tune: integer class ids, one per row of "
                              "the entry's first result over the --eval "
                              "samples in name order: the metric is the "
                              "top-1 drop"),
               llvm::cl::value_desc("L.npy"), llvm::cl::cat(category)),
        maxDrop("max-drop",
                llvm::cl::desc("--tune with --labels: the largest relative "
                               "top-1 drop (acc_fp32 - acc_fp8) / acc_fp32"),
                llvm::cl::value_desc("F"), llvm::cl::cat(category)),
        maxError("max-error",
                 llvm::cl::desc("--tune without --labels: the largest "
                                "relative L2 error of all outputs against "
                                "FP32"),
                 llvm::cl::value_desc("F"), llvm::cl::cat(category)),
        formats("tune-formats",
                llvm::cl::desc("--tune: the FP8 formats to try"),
                llvm::cl::init("e4m3,e3m4fn,e5m2"),
                llvm::cl::value_desc("LIST"), llvm::cl::cat(category)),
        maxTrials("max-trials",
                  llvm::cl::desc("--tune: the most trials, each a run of "
                                 "the evaluation set (default 100)"),
                  llvm::cl::value_desc("N"), llvm::cl::cat(category)) {}

  // Numbers are strings parsed by check(): a bad one is an fp8-run error.
  llvm::cl::opt<std::string> recipe;
  llvm::cl::list<std::string> eval;
  llvm::cl::opt<std::string> labels, maxDrop, maxError, formats, maxTrials;

  /// The first tuning option given without --tune, or "".
  std::string givenWithoutTune() const;

  /// The checked options (`inputs`: the calibration samples, --input),
  /// with the rest of the command line's settings; one error per problem.
  llvm::Expected<TuneOptions> check(llvm::ArrayRef<std::string> inputs,
                                    llvm::StringRef scheme,
                                    const CompileOptions &compile,
                                    bool quiet) const;
};

} // namespace fp8::runner

#endif // FP8_RUNNER_TUNECOMMANDLINE_H
