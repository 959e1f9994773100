//===- Candidates.h - the choices tuning tries and their recipe -*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What `fp8-run --tune` tries per op (the candidates of Search.h step 3) and
// how an assignment of choices to ops becomes the per-tensor overrides of a
// recipe (DESIGN section 5b): an op's weight takes the weight fields, its
// activations the activation fields, and a kept op lists every tensor with
// "keep": "f32". No MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_TUNING_CANDIDATES_H
#define FP8_TUNING_CANDIDATES_H

#include "fp8/Calibration/Recipe.h"
#include "fp8/Tuning/Search.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace fp8::tuning {

/// One op fp8-quantize quantizes: its id (the tensor ids' common prefix,
/// "fc1" for "fc1/lhs" and "fc1/rhs") and its tensors' ids.
struct TunedOp {
  std::string id;
  std::vector<std::string> weights, activations;
};

/// The global options every trial starts from (fp8-quantize's defaults).
struct GlobalChoice {
  std::string weightFormat = "e4m3";
  std::string activationFormat = "e4m3";
  std::string weightGranularity = "channel";
  std::string method = "max";
};

/// Parses --tune-formats ("e4m3,e3m4fn,e5m2"): each name must be an FP8
/// format of the format table (int8 is a whole-model baseline, not a
/// per-op choice); duplicates are dropped. An empty list is an error.
llvm::Expected<std::vector<std::string>> parseFormatList(llvm::StringRef list);

/// The candidates, in the order they are tried: each format for weights
/// and activations alike, the other activation methods (percentile, mse),
/// per-tensor weights, then every mix of a weight format and another
/// activation format. Choices equal to the global options are left out.
std::vector<OpChoice> candidateChoices(llvm::ArrayRef<std::string> formats,
                                       const GlobalChoice &global);

/// The candidates that change something for `op`: without a weight, the
/// weight fields do nothing (and the other way round); choices that become
/// the same once those fields are dropped are tried once.
std::vector<OpChoice> candidatesFor(const TunedOp &op,
                                    llvm::ArrayRef<OpChoice> candidates,
                                    const GlobalChoice &global);

/// The recipe's overrides for `assignment` over `ops`. An op the
/// assignment does not name takes the global options (no override).
llvm::Expected<std::map<std::string, calibration::RecipeOverride>>
toOverrides(const Assignment &assignment, llvm::ArrayRef<TunedOp> ops);

} // namespace fp8::tuning

#endif // FP8_TUNING_CANDIDATES_H
