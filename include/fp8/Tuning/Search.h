//===- Search.h - accuracy-driven search over per-op choices ----*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The search of accuracy-driven tuning (DESIGN section 7, `fp8-run --tune`),
// apart from how a trial is run: the caller's evaluator quantizes the model
// with an assignment of choices to ops, runs the evaluation set and returns
// the metric (rel L2 against FP32, or the top-1 drop), lower being better.
//
// The strategy, after Intel Neural Compressor's basic one:
//   1. every op quantized with the global options: done if within budget;
//   2. each op quantized alone (the others kept in high precision): its
//      error alone, which orders the ops, most sensitive first;
//   3. for each op in that order, its candidate choices (formats,
//      granularity, method) with the others as they are; the best is kept;
//      done as soon as the model is within budget; the trials step 4 may
//      need (2 per op, less one) are held back from this step;
//   4. otherwise ops are kept in high precision in that order until the
//      model is within budget, then each of them (least sensitive first) is
//      quantized again if the model stays within budget: few ops are left
//      in high precision.
// A trial budget bounds the evaluations; the best assignment seen is
// returned with whether it meets the budget.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TUNING_SEARCH_H
#define FP8_TUNING_SEARCH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fp8::tuning {

/// How one op is quantized: the fields a recipe override holds (DESIGN
/// section 5b). An empty field takes the global option.
struct OpChoice {
  std::string weightFormat;
  std::string activationFormat;
  std::string weightGranularity;
  std::string method;
  /// Kept in high precision (recipe `"keep": "f32"`): not quantized.
  bool keep = false;

  /// "keep f32", or the fields that are set, e.g. "weights e3m4fn, mse";
  /// "global options" when none is.
  std::string describe() const;
  bool operator==(const OpChoice &other) const;
};

/// The choice of each op by id; an op without an entry takes the global
/// options.
using Assignment = std::map<std::string, OpChoice>;

/// Runs one trial: the metric of the model quantized with the assignment
/// (lower is better), or an error that stops the search.
using Evaluator = std::function<llvm::Expected<double>(const Assignment &)>;

/// Called after each trial: its number (from 1), what it tried, its metric
/// and whether that meets the budget.
using ProgressCallback = std::function<void(int trial, const std::string &what,
                                            double metric, bool meets)>;

struct SearchOptions {
  /// The model meets the goal when its metric is at most this.
  double budget = 0.0;
  /// Evaluations at most (each runs the evaluation set once).
  int maxTrials = 100;
  /// Choices tried per op in step 3, in order; the global options
  /// (an empty OpChoice) are tried first and need not be listed.
  std::vector<OpChoice> candidates;
  /// An op listed here tries these instead of `candidates` (an op without
  /// a weight has no use for weight formats).
  std::map<std::string, std::vector<OpChoice>> candidatesPerOp;
};

struct SearchResult {
  /// Whether `assignment` meets the budget.
  bool meets = false;
  /// The assignment that meets the budget with the fewest ops kept in high
  /// precision, else the one with the lowest metric seen.
  Assignment assignment;
  double metric = 0.0;
  int trials = 0;
  /// Each op's metric when it alone is quantized with the global options
  /// (absent when the first trial already met the budget).
  std::map<std::string, double> errorAlone;
  /// The ops, most sensitive first (the order of steps 3 and 4).
  std::vector<std::string> order;
};

/// Searches choices for `ops` (the calibration table's ids of the ops that
/// fp8-quantize quantizes).
llvm::Expected<SearchResult> search(llvm::ArrayRef<std::string> ops,
                                    const SearchOptions &options,
                                    const Evaluator &evaluate,
                                    const ProgressCallback &progress = {});

} // namespace fp8::tuning

#endif // FP8_TUNING_SEARCH_H
