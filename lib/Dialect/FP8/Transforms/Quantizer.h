//===- Quantizer.h - fp8-quantize's rewriting -------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Between the pass (Quantize.cpp: options, recipes, table checks) and the
// rewriting of targets (Quantizer.cpp). Internal to MLIRFP8Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_LIB_DIALECT_FP8_TRANSFORMS_QUANTIZER_H
#define FP8_LIB_DIALECT_FP8_TRANSFORMS_QUANTIZER_H

#include "fp8/Calibration/Methods.h"
#include "fp8/Calibration/Recipe.h"
#include "fp8/Calibration/Statistics.h"
#include "fp8/Dialect/FP8/Transforms/PassOptions.h"
#include "fp8/Dialect/FP8/Transforms/QuantizationTargets.h"
#include "fp8/Numerics/Format.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Regex.h"

#include <map>
#include <optional>
#include <string>

namespace mlir::fp8::detail {

/// fp8-quantize's options (or a recipe's), checked.
struct QuantizeConfig {
  /// Null for INT8.
  const ::fp8::Format *weightFormat = nullptr;
  const ::fp8::Format *activationFormat = nullptr;
  /// weight-format=int8 activation-format=int8.
  bool int8 = false;
  QuantizationScheme scheme = QuantizationScheme::Standard;
  bool dynamic = false;
  ::fp8::calibration::MethodOptions method;
  WeightGranularity granularity = WeightGranularity::Channel;
  int64_t blockSize = 128;
  bool skipFirstLast = false;
  std::optional<llvm::Regex> exclude;
  std::string excludeText;
  /// How messages name the table: "calibration table 'calib.json'".
  std::string tableName;
  ::fp8::calibration::CalibrationTable table;
  bool allowTableMismatch = false;
  /// How the scaled matmuls made of quantized matmuls accumulate.
  Accumulator accumulator = Accumulator::f32;
  int64_t chunk = 0;
  /// A recipe's per-tensor choices, by tensor id (checked against the
  /// module before the rewrite).
  std::map<std::string, ::fp8::calibration::RecipeOverride> overrides;
};

/// What one target gets: the global options with its override applied.
struct TargetChoice {
  const ::fp8::Format *weightFormat;
  const ::fp8::Format *activationFormat;
  WeightGranularity granularity;
  ::fp8::calibration::MethodOptions method;
  bool keep;
};
TargetChoice chooseFor(const QuantizeConfig &config, llvm::StringRef id);

/// Inserts QDQ on targets, one at a time.
class Quantizer {
public:
  Quantizer(const QuantizeConfig &config, MLIRContext *context)
      : config(config), context(context) {}

  LogicalResult quantize(QuantizationTarget &target);

  /// What became of the targets, for the warnings about options that did
  /// nothing.
  struct Tally {
    int64_t quantized = 0, excluded = 0, kept = 0, skippedFirstLast = 0;
  } tally;

private:
  void recordAccumulation(Operation *matmul);
  Type accumulatorType(Accumulator accumulator);
  Value emptyLike(OpBuilder &b, Location loc, Value like, Type elementType);
  Value constantScale(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                      ArrayRef<float> scales);
  Value fakeQuantizeInt8(OpBuilder &b, Location loc, Value value, Value scale);
  Value createQDQ(OpBuilder &b, Location loc, Value value, Value scale,
                  const ::fp8::Format *format);
  void insertQDQ(OpBuilder &b, Location loc, Value value, Value scale,
                 const ::fp8::Format *format, ArrayRef<OpOperand *> uses);
  LogicalResult quantizeActivation(QuantizationTarget &target,
                                   RankedTensorType type,
                                   const TargetChoice &choice);
  FailureOr<SmallVector<int64_t>>
  weightScaleShape(QuantizationTarget &target, ArrayRef<int64_t> shape,
                   int64_t channelDim, int64_t reductionDim,
                   WeightGranularity granularity);
  LogicalResult quantizeWeight(QuantizationTarget &target,
                               const TargetChoice &choice);

  const QuantizeConfig &config;
  MLIRContext *context;
  /// Weights whose values could not be read, already reported.
  llvm::SmallPtrSet<Operation *, 4> unreadableConstants;
};

} // namespace mlir::fp8::detail

#endif // FP8_LIB_DIALECT_FP8_TRANSFORMS_QUANTIZER_H
