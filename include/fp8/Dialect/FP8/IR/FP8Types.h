//===- FP8Types.h - FP8 dialect types and type queries ----------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_IR_FP8TYPES_H
#define FP8_DIALECT_FP8_IR_FP8TYPES_H

#include "fp8/Numerics/Format.h"
#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#include "fp8/Dialect/FP8/IR/FP8TypeInterfaces.h.inc"

#define GET_TYPEDEF_CLASSES
#include "fp8/Dialect/FP8/IR/FP8OpsTypes.h.inc"

namespace mlir::fp8 {

/// The format of an FP8 storage type: one of the builtin f8 types of
/// DESIGN.md section 2 or a dialect type implementing
/// FP8StorageTypeInterface. std::nullopt for any other type.
std::optional<::fp8::FormatKind> getFormatKind(Type type);

/// True for FP8 storage types (see getFormatKind).
inline bool isFP8StorageType(Type type) {
  return getFormatKind(type).has_value();
}

/// The MLIR type that stores values of `kind`.
Type getStorageType(MLIRContext *context, ::fp8::FormatKind kind);

/// True for the element types that quantize reads and dequantize writes.
inline bool isWideFloatType(Type type) {
  return type.isF32() || type.isF16() || type.isBF16();
}

/// True for the element types a scale may have: f32 or f8E8M0FNU.
inline bool isScaleElementType(Type type) {
  return type.isF32() || isa<Float8E8M0FNUType>(type);
}

/// Per-dimension relation between a data dimension and its scale dimension
/// under the block-broadcast rule.
struct ScaleDimension {
  enum Kind { Broadcast, PerElement, Block } kind;
  /// Elements per scale along the dimension, for Kind::Block.
  int64_t blockSize = 1;
};

/// Classifies each dimension of `data` against `scale` (rank 0: every
/// dimension broadcasts). Assumes verifyBlockBroadcast succeeded.
SmallVector<ScaleDimension> getScaleDimensions(ShapedType data,
                                               ShapedType scale);

/// Checks the block-broadcast rule; the error text names `what` and the
/// offending dimension. `emitError` is only called on failure.
LogicalResult verifyBlockBroadcast(function_ref<InFlightDiagnostic()> emitError,
                                   StringRef constraint, StringRef what,
                                   ShapedType data, ShapedType scale);

} // namespace mlir::fp8

#endif // FP8_DIALECT_FP8_IR_FP8TYPES_H
