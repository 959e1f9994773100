//===- FP8Ops.h - FP8 dialect operations ------------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_IR_FP8OPS_H
#define FP8_DIALECT_FP8_IR_FP8OPS_H

#include "fp8/Dialect/FP8/IR/FP8Dialect.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/TilingInterface.h"

#include <algorithm>
#include <optional>

#include "fp8/Dialect/FP8/IR/FP8Enums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "fp8/Dialect/FP8/IR/FP8Attrs.h.inc"

#define GET_OP_CLASSES
#include "fp8/Dialect/FP8/IR/FP8Ops.h.inc"

namespace mlir::fp8 {
/// The numerics library's options for an op's rounding and saturation.
::fp8::EncodeOptions getEncodeOptions(Rounding rounding, bool saturate);

/// The codes of a quantize whose input and scale are constants (their
/// attributes, or null to look at the operands' defining ops), one per
/// element of its static tensor result, as its folder writes them; failure
/// when a constant cannot be read, the rounding is stochastic without a
/// constant seed, or a splat input would expand past the folders' limit.
/// The lowering uses it for the formats that have no dense attribute form.
FailureOr<SmallVector<uint8_t>>
computeConstantQuantize(QuantizeOp op, Attribute inputAttr = {},
                        Attribute scaleAttr = {});

/// How the scales of a scaled matmul block its reduction: the elements of K
/// that one scale of A and one scale of B cover, K itself where a scale does
/// not vary along K. Constraint (C8) of docs/Spec.md, in one place for the
/// verifier and for passes that choose a chunk before the op exists.
struct ScaleKBlocks {
  int64_t k;
  int64_t blockA;
  int64_t blockB;

  /// Scales that both vary along K block it alike.
  bool agree() const { return blockA == k || blockB == k || blockA == blockB; }
  /// The K block that every chunk lies inside.
  int64_t block() const { return std::min(blockA, blockB); }
  /// Whether chunks of `chunk` elements (0: one chunk) lie inside K blocks,
  /// so that block scales apply at promotion.
  bool allowsChunk(int64_t chunk) const {
    return chunk <= 0 || block() >= k || block() % chunk == 0;
  }
};

/// The K blocks of scale_a and scale_b for A and B (the last two dimensions
/// after `numBatchDims` batch dimensions; B is [N, K] when `transposedB`);
/// std::nullopt when K is dynamic in both.
std::optional<ScaleKBlocks>
getScaleKBlocks(ShapedType a, ShapedType b, ShapedType scaleA,
                ShapedType scaleB, unsigned numBatchDims, bool transposedB);
} // namespace mlir::fp8

#endif // FP8_DIALECT_FP8_IR_FP8OPS_H
