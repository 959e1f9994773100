//===- LoweringUtils.h - helpers shared by the fp8 lowerings ----*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Payload conversions between storage, code and f32 values, and the
// linalg-level building blocks (scale indexing maps of the block-broadcast
// rule, padding, empty and zero tensors) that convert-fp8-to-linalg and
// convert-fp8-to-vector both use.
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_FP8COMMON_LOWERINGUTILS_H
#define FP8_CONVERSION_FP8COMMON_LOWERINGUTILS_H

#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir::fp8 {

/// f16/bf16 -> f32 (f32 unchanged).
Value toF32(OpBuilder &b, Location loc, Value value);

/// f32 -> `type` (f32, f16, or bf16 with integer rounding, see
/// emitTruncateToBF16).
Value fromF32(OpBuilder &b, Location loc, Value value, Type type);

/// FP8 storage element (a builtin f8 float, or i8 after type conversion)
/// -> its i8 code.
Value storageToCode(OpBuilder &b, Location loc, Value value);

/// i8 code -> the storage element type of the generated code.
Value codeToStorage(OpBuilder &b, Location loc, Value code, Type storageType);

/// A scale element (f32 or f8E8M0FNU) as f32.
Value scaleToF32(OpBuilder &b, Location loc, Value scale);

/// The scale index of one data dimension whose index is `dataIndex`.
AffineExpr scaleIndexExpr(const ScaleDimension &dim, AffineExpr dataIndex);

/// A discardable unit attribute on the reference lowering's reductions
/// whose order of additions the spec fixes (scaled-matmul chunk sums and
/// promotion): vectorizers that reassociate sums must leave them as they
/// are, even when they reach a pipeline as plain linalg.
inline constexpr llvm::StringLiteral kOrderedReductionAttrName =
    "fp8.ordered_reduction";

/// Indexing map of a scale operand, given the index of each data dimension.
AffineMap scaleIndexingMap(ShapedType data, ShapedType scale,
                           ArrayRef<AffineExpr> dataIndices, unsigned numLoops);

/// tensor.empty shaped like `like` (dynamic sizes from it), new element type.
Value createEmptyLike(OpBuilder &b, Location loc, Value like, Type elementType);

/// A tensor of `sizes` filled with zero.
Value createZeroFilled(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                       Type elementType);

SmallVector<utils::IteratorType> parallelLoops(unsigned count);

/// Pads dimension `dim` of `source` with `extra` FP8 zeros at the end.
Value padWithZeros(OpBuilder &b, Location loc, Value source, int64_t dim,
                   OpFoldResult extra);

/// The epilogue of a scaled matmul lowering: result = round((f32(init) +
/// total) + f32(bias)) into a new tensor shaped like `init`; `total` (f32)
/// and `init` have the result's shape, `bias` (optional) indexes the last
/// dimension. The init is read as an input: a payload that reads its output
/// is wrong to fuse as a producer, and elementwise fusion would do it.
Value buildScaledMatmulEpilogue(OpBuilder &b, Location loc, Value total,
                                Value init, Value bias);

/// A linalg.generic decoding FP8 storage `input` (through `inputMap`) into
/// the f32 or f16 tensor `output` (identity map; exact either way).
Value buildDecodeToF32(OpBuilder &b, Location loc, const ::fp8::Format &format,
                       Value input, AffineMap inputMap, Value output);

/// Elements of K a scaled matmul sums before each promotion: `chunk`, or the
/// K block of the scales when smaller (or chunk is 0); std::nullopt when that
/// is all of K (one chunk).
std::optional<int64_t> getPromotionLength(ShapedType a, ShapedType b,
                                          ShapedType scaleA, ShapedType scaleB,
                                          unsigned numBatchDims,
                                          bool transposedB, int64_t chunk);

} // namespace mlir::fp8

#endif // FP8_CONVERSION_FP8COMMON_LOWERINGUTILS_H
