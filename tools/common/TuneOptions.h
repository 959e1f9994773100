//===- TuneOptions.h - the --tune options of fp8-run ------------*- C++ -*-===//
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
//
//===----------------------------------------------------------------------===//

#ifndef TOOLS_COMMON_TUNEOPTIONS_H
#define TOOLS_COMMON_TUNEOPTIONS_H

#include "fp8/Runner/Tune.h"
#include "fp8/Tuning/Candidates.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <memory>
#include <string>

namespace fp8::tools {

struct TuneFlags {
  explicit TuneFlags(llvm::cl::OptionCategory &category)
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
  std::string givenWithoutTune() const {
    if (!recipe.empty())
      return "";
    // cl::list's & is its values' address: std::addressof.
    const llvm::cl::Option *options[] = {std::addressof(eval),
                                         &labels,
                                         &maxDrop,
                                         &maxError,
                                         &formats,
                                         &maxTrials};
    for (const llvm::cl::Option *option : options)
      if (option->getNumOccurrences())
        return "--" + option->ArgStr.str();
    return "";
  }

  /// The checked options (`inputs`: the calibration samples, --input),
  /// with the rest of the command line's settings.
  llvm::Expected<runner::TuneOptions>
  check(llvm::ArrayRef<std::string> inputs, llvm::StringRef scheme,
        const runner::CompileOptions &compile, bool quiet) const {
    auto fail = [](const llvm::Twine &message) {
      return llvm::createStringError(message.str());
    };
    runner::TuneOptions options;
    // The recipe is written after the search: a bad path fails now.
    llvm::StringRef directory = llvm::sys::path::parent_path(recipe);
    if (!directory.empty() && !llvm::sys::fs::is_directory(directory))
      return fail("--tune " + recipe + ": no directory '" + directory +
                  "' to write the recipe in");
    if (inputs.empty())
      return fail("--tune needs --input: the calibration samples (a .npy "
                  "file or a directory of them per argument)");
    if (eval.empty())
      return fail("--tune needs --eval: the evaluation samples (a .npy file "
                  "or a directory of them per argument)");
    if (maxDrop.empty() == maxError.empty())
      return fail("--tune needs one budget: --max-drop F (with --labels) or "
                  "--max-error F (without)");
    const llvm::cl::opt<std::string> &budget =
        maxDrop.empty() ? maxError : maxDrop;
    if (!maxDrop.empty() && labels.empty())
      return fail("--max-drop is a top-1 drop and needs --labels; without "
                  "labels give --max-error");
    if (!maxError.empty() && !labels.empty())
      return fail("with --labels the metric is the top-1 drop: give "
                  "--max-drop instead of --max-error");
    if (llvm::StringRef(budget).getAsDouble(options.budget) ||
        !std::isfinite(options.budget) || options.budget < 0)
      return fail("--" + budget.ArgStr + " " + budget +
                  ": expected a number >= 0");
    if (!maxTrials.empty() &&
        (llvm::StringRef(maxTrials).getAsInteger(10, options.maxTrials) ||
         options.maxTrials < 1))
      return fail("--max-trials " + maxTrials +
                  ": expected a positive number of trials");
    llvm::Expected<std::vector<std::string>> parsed =
        tuning::parseFormatList(formats);
    if (!parsed)
      return parsed.takeError();
    options.formats = std::move(*parsed);
    options.calibrationInputs.assign(inputs.begin(), inputs.end());
    options.evalInputs.assign(eval.begin(), eval.end());
    options.labelsPath = labels;
    options.scheme = scheme.str();
    options.compile = compile;
    options.quiet = quiet;
    return options;
  }
};

} // namespace fp8::tools

#endif // TOOLS_COMMON_TUNEOPTIONS_H
