//===- Recipe.h - tuning recipes --------------------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A tuning recipe (DESIGN.md section 5b): everything fp8-quantize needs to
// rebuild a tuned model. Global fp8-quantize options, per-tensor overrides
// keyed by the tensor ids of the calibration table, the calibration table
// (embedded, or the path of its file) and the accuracy the tuner measured.
// A tuner builds a Recipe in memory and writes it; `fp8-opt
// --fp8-ptq-pipeline="recipe=FILE"` reads it back. Option values and ids
// are checked against fp8-quantize's options and the module by the pass;
// this library checks the file's structure and every value it can check
// alone. No MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CALIBRATION_RECIPE_H
#define FP8_CALIBRATION_RECIPE_H

#include "fp8/Calibration/Methods.h"
#include "fp8/Calibration/Statistics.h"
#include "fp8/Numerics/Format.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>

namespace fp8::calibration {

/// The choices a recipe makes for one tensor; unset fields follow the
/// recipe's global options. Weight fields apply to weights (constants),
/// activation fields to activations; the pass checks which a tensor is.
struct RecipeOverride {
  /// "weight-format", "activation-format": FP8 formats (not int8: the INT8
  /// baseline is a whole-model choice).
  std::optional<::fp8::FormatKind> weightFormat, activationFormat;
  /// "weight-granularity": "tensor", "channel" or "block".
  std::optional<std::string> weightGranularity;
  /// "method" and "percentile" of the activation's static scale.
  std::optional<Method> method;
  std::optional<double> percentile;
  /// "keep": "f32": the tensor stays in its original precision (as if
  /// exclude= matched it).
  bool keep = false;

  bool operator==(const RecipeOverride &other) const;
};

/// What the tuner measured: top-1 accuracy drop (relative to FP32) or
/// relative output error, the budget it was given, the FP32 value and the
/// value the recipe achieves.
struct RecipeMetric {
  enum class Kind { Top1Drop, RelError };
  Kind kind = Kind::Top1Drop;
  double budget = 0, fp32 = 0, achieved = 0;

  static llvm::StringRef kindName(Kind kind);
  bool operator==(const RecipeMetric &other) const;
};

/// {"format": "fp8-recipe", "version": 1, "options": {..}, "overrides":
///  {"<id>": {..}}, "calibration": "<table path>" | {<table>},
///  "metric": {"kind", "budget", "fp32", "achieved"}}
/// ("overrides", "calibration" and "metric" may be absent).
struct Recipe {
  static constexpr int kVersion = 1;

  /// Global fp8-quantize options by name, each value as the option's text
  /// ("weight-format" -> "e5m2", "percentile" -> "99.9", "skip-first-last"
  /// -> "true"). Not "calibration" or "recipe": the recipe's own
  /// "calibration" replaces the first.
  std::map<std::string, std::string> options;
  std::map<std::string, RecipeOverride> overrides;
  /// The calibration table; none for mode=dynamic.
  std::optional<CalibrationTable> calibration;
  /// Where the table is: written as this path (relative to the recipe's
  /// directory, or absolute) when set, embedded in the recipe when empty.
  std::string calibrationPath;
  std::optional<RecipeMetric> metric;

  bool operator==(const Recipe &other) const;
  bool operator!=(const Recipe &other) const { return !(*this == other); }

  std::string toJSON() const;
  /// Parses and checks a recipe; errors name `source` and, where it
  /// applies, the override's id and field: "<source>: override 'fc1/rhs':
  /// field \"weight-format\" is the string \"e9m9\", expected one of ...".
  /// A table path is read relative to `directory` (the recipe's own
  /// directory; empty: the working directory) and its errors name it.
  static llvm::Expected<Recipe> fromJSON(llvm::StringRef text,
                                         llvm::StringRef source,
                                         llvm::StringRef directory = "");
  static llvm::Expected<Recipe> readFile(llvm::StringRef path);
  /// Writes the recipe atomically; an embedded table is written into it, a
  /// table with a path is not written (write it with its own writeFile).
  llvm::Error writeFile(llvm::StringRef path) const;
};

} // namespace fp8::calibration

#endif // FP8_CALIBRATION_RECIPE_H
