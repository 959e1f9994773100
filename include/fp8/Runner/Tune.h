//===- Tune.h - accuracy-driven tuning with a Runner ------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `fp8-run --tune` as a library. tune() takes a loaded Runner (not compiled:
// every run is a clone of its module) and
//   1. calibrates once on the calibration samples (fp8-insert-observers);
//   2. runs the FP32 module once on the evaluation samples;
//   3. searches per-op choices (Tuning/Search.h, candidates from
//      Tuning/Candidates.h): each trial is a recipe (fp8-quantize's
//      defaults, mode=static, the table embedded, the assignment as
//      per-tensor overrides) written to a temporary file, a clone quantized
//      by fp8-ptq-pipeline{recipe=FILE}, compiled as fp8-run compiles, and
//      run on every evaluation sample; the metric is Tuning/Metric.h's.
// The result holds the recipe of the best assignment, its metric filled in,
// whether or not it meets the budget: the caller writes it or fails.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_RUNNER_TUNE_H
#define FP8_RUNNER_TUNE_H

#include "fp8/Calibration/Recipe.h"
#include "fp8/Runner/Runner.h"
#include "fp8/Tuning/Candidates.h"
#include "fp8/Tuning/Search.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace fp8::runner {

struct TuneOptions {
  /// One path per argument of the entry (a .npy file for every sample, or
  /// a directory of samples): the calibration set and the evaluation set.
  std::vector<std::string> calibrationInputs, evalInputs;
  /// An .npy of integer class ids, one per row of the entry's first result
  /// over the evaluation samples in order: the metric is the top-1 drop.
  /// Empty: the relative L2 error of every output against FP32.
  std::string labelsPath;
  /// The largest metric accepted (--max-drop or --max-error).
  double budget = 0.0;
  /// FP8 formats the candidates use (Tuning/Candidates.h).
  std::vector<std::string> formats = {"e4m3", "e3m4fn", "e5m2"};
  int maxTrials = 100;
  /// fp8-insert-observers / fp8-quantize scheme: standard or extended.
  std::string scheme = "standard";
  /// How every run is compiled (observersToRuntime is set for calibration).
  CompileOptions compile;
  /// No progress on `progress` (calibration, FP32, one line per trial).
  bool quiet = false;
};

struct TuneResult {
  std::vector<tuning::TunedOp> ops;
  tuning::SearchResult search;
  /// The best assignment's recipe, its "metric" filled in.
  calibration::Recipe recipe;
  bool meets() const { return search.meets; }
};

/// The ops fp8-quantize quantizes in `module` under `scheme`, in walk
/// order, each with its tensor ids grouped (weights: constants).
std::vector<tuning::TunedOp> getQuantizableOps(mlir::ModuleOp module,
                                               llvm::StringRef scheme);

/// Runs the tuning of `model` (loaded, not compiled). Progress lines go to
/// `progress` unless options.quiet.
llvm::Expected<TuneResult> tune(Runner &model, const TuneOptions &options,
                                llvm::raw_ostream &progress);

/// Writes the recipe when it meets the budget; otherwise an error naming the
/// budget, the best metric reached and the trials used, and no file.
llvm::Error writeRecipe(const TuneResult &result, llvm::StringRef path);

/// The table fp8-run prints: per op its choice and its metric alone, then
/// the achieved metric, ops kept in f32 and trials.
void printTuneTable(llvm::raw_ostream &os, const TuneResult &result);

} // namespace fp8::runner

#endif // FP8_RUNNER_TUNE_H
