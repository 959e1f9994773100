//===- LoweringUtils.cpp - helpers shared by the fp8 lowerings ------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8Common/LoweringUtils.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::fp8;

namespace mlir::fp8 {

Value toF32(OpBuilder &b, Location loc, Value value) {
  if (value.getType().isF32())
    return value;
  return arith::ExtFOp::create(b, loc, b.getF32Type(), value);
}

Value fromF32(OpBuilder &b, Location loc, Value value, Type type) {
  if (type.isF32())
    return value;
  if (type.isBF16())
    return emitTruncateToBF16(b, loc, value);
  return arith::TruncFOp::create(b, loc, type, value);
}

/// FP8 storage element (a builtin f8 float, or i8 after type conversion)
/// -> its i8 code.
Value storageToCode(OpBuilder &b, Location loc, Value value) {
  if (isa<FloatType>(value.getType()))
    return arith::BitcastOp::create(b, loc, b.getI8Type(), value);
  return value;
}

/// i8 code -> the storage element type of the generated code.
Value codeToStorage(OpBuilder &b, Location loc, Value code, Type storageType) {
  if (isa<FloatType>(storageType))
    return arith::BitcastOp::create(b, loc, storageType, code);
  return code;
}

/// A scale element (f32 or f8E8M0FNU) as f32.
Value scaleToF32(OpBuilder &b, Location loc, Value scale) {
  if (scale.getType().isF32())
    return scale;
  return emitDecodeE8M0(b, loc, storageToCode(b, loc, scale));
}

/// The scale index of one data dimension whose index is `dataIndex`.
AffineExpr scaleIndexExpr(const ScaleDimension &dim, AffineExpr dataIndex) {
  switch (dim.kind) {
  case ScaleDimension::Broadcast:
    return getAffineConstantExpr(0, dataIndex.getContext());
  case ScaleDimension::PerElement:
    return dataIndex;
  case ScaleDimension::Block:
    return dataIndex.floorDiv(dim.blockSize);
  }
  llvm_unreachable("unknown scale dimension kind");
}

/// Indexing map of a scale operand, given the index of each data dimension.
AffineMap scaleIndexingMap(ShapedType data, ShapedType scale,
                           ArrayRef<AffineExpr> dataIndices,
                           unsigned numLoops) {
  MLIRContext *context = data.getContext();
  if (scale.getRank() == 0)
    return AffineMap::get(numLoops, 0, context);
  SmallVector<AffineExpr> results;
  for (auto [dim, index] :
       llvm::zip_equal(getScaleDimensions(data, scale), dataIndices))
    results.push_back(scaleIndexExpr(dim, index));
  return AffineMap::get(numLoops, 0, results, context);
}

/// tensor.empty of `shape` (sizes taken from `like` where dynamic) with a
/// new element type, optionally filled with zero.
Value createEmptyLike(OpBuilder &b, Location loc, Value like,
                      Type elementType) {
  return tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, like),
                                 elementType);
}

Value createZeroFilled(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                       Type elementType) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, elementType);
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elementType));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

SmallVector<utils::IteratorType> parallelLoops(unsigned count) {
  return SmallVector<utils::IteratorType>(count, utils::IteratorType::parallel);
}

/// Pads dimension `dim` of `source` with `extra` FP8 zeros at the end.
Value padWithZeros(OpBuilder &b, Location loc, Value source, int64_t dim,
                   OpFoldResult extra) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<int64_t> shape(type.getShape());
  std::optional<int64_t> staticExtra = getConstantIntValue(extra);
  shape[dim] = ShapedType::isDynamic(shape[dim]) || !staticExtra
                   ? ShapedType::kDynamic
                   : shape[dim] + *staticExtra;
  SmallVector<OpFoldResult> low(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(type.getRank(), b.getIndexAttr(0));
  high[dim] = extra;
  Value zeroCode = arith::ConstantIntOp::create(b, loc, b.getI8Type(), 0);
  Value zero = codeToStorage(b, loc, zeroCode, type.getElementType());
  return tensor::PadOp::create(b, loc, type.clone(shape), source, low, high,
                               zero);
}

Value buildScaledMatmulEpilogue(OpBuilder &b, Location loc, Value total,
                                Value init, Value bias) {
  MLIRContext *context = b.getContext();
  auto initType = cast<RankedTensorType>(init.getType());
  const unsigned rank = initType.getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  SmallVector<Value> inputs = {total, init};
  SmallVector<AffineMap> maps = {identity, identity};
  if (bias) {
    inputs.push_back(bias);
    maps.push_back(AffineMap::get(
        rank, 0, {getAffineDimExpr(rank - 1, context)}, context));
  }
  maps.push_back(identity);
  Type resultElementType = initType.getElementType();
  Value result = createEmptyLike(b, loc, init, resultElementType);
  bool hasBias = static_cast<bool>(bias);
  return linalg::GenericOp::create(
             b, loc, initType, inputs, ValueRange{result}, maps,
             parallelLoops(rank),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value out = arith::AddFOp::create(
                   nb, nloc, toF32(nb, nloc, args[1]), args[0]);
               if (hasBias)
                 out = arith::AddFOp::create(nb, nloc, out,
                                             toF32(nb, nloc, args[2]));
               linalg::YieldOp::create(
                   nb, nloc, fromF32(nb, nloc, out, resultElementType));
             })
      .getResult(0);
}

Value buildDecodeToF32(OpBuilder &b, Location loc, const ::fp8::Format &format,
                       Value input, AffineMap inputMap, Value output) {
  unsigned rank = cast<ShapedType>(output.getType()).getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
  return linalg::GenericOp::create(
             b, loc, output.getType(), ValueRange{input}, ValueRange{output},
             ArrayRef<AffineMap>{inputMap, identity}, parallelLoops(rank),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value decoded = FloatCodec(nb, nloc, format)
                                   .decode(storageToCode(nb, nloc, args[0]));
               // An f16 output: every FP8 value is an f16, so exact.
               if (args[1].getType() != decoded.getType())
                 decoded = arith::TruncFOp::create(nb, nloc, args[1].getType(),
                                                   decoded);
               linalg::YieldOp::create(nb, nloc, decoded);
             })
      .getResult(0);
}

std::optional<int64_t> getPromotionLength(ShapedType a, ShapedType b,
                                          ShapedType scaleA, ShapedType scaleB,
                                          unsigned numBatchDims,
                                          bool transposedB, int64_t chunk) {
  const int64_t kDimA = numBatchDims + 1;
  const int64_t kDimB = transposedB ? numBatchDims + 1 : numBatchDims;
  const int64_t k = a.getDimSize(kDimA);
  auto kBlockOf = [](ScaleDimension dim) -> std::optional<int64_t> {
    switch (dim.kind) {
    case ScaleDimension::Broadcast:
      return std::nullopt;
    case ScaleDimension::PerElement:
      return 1;
    case ScaleDimension::Block:
      return dim.blockSize;
    }
    return std::nullopt;
  };
  std::optional<int64_t> blockA =
      kBlockOf(getScaleDimensions(a, scaleA)[kDimA]);
  std::optional<int64_t> blockB =
      kBlockOf(getScaleDimensions(b, scaleB)[kDimB]);
  std::optional<int64_t> promotion = blockA;
  if (blockB)
    promotion = promotion ? std::min(*promotion, *blockB) : *blockB;
  if (chunk > 0)
    promotion = promotion ? std::min(*promotion, chunk) : chunk;
  if (promotion && !ShapedType::isDynamic(k) && *promotion >= k)
    promotion.reset();
  return promotion;
}

} // namespace mlir::fp8
