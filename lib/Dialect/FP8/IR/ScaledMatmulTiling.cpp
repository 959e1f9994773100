//===- ScaledMatmulTiling.cpp - TilingInterface of fp8.scaled_matmul ------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The iteration domain is (M, N), both parallel. K is not a tiling loop: the
// chunk and block-scale promotion structure of the K reduction and the bias
// belong to one op, so a tile computes full-K dot products.
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/FP8Ops.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AffineExpr.h"

using namespace mlir;
using namespace mlir::fp8;

/// A slice of a tensor (extract_slice) or memref (subview), unit strides.
static Value createSlice(OpBuilder &b, Location loc, Value source,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
  if (isa<TensorType>(source.getType()))
    return tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes,
                                          strides);
  return memref::SubViewOp::create(b, loc, source, offsets, sizes, strides);
}

static OpFoldResult dimOf(OpBuilder &b, Location loc, Value value,
                          int64_t dim) {
  if (isa<TensorType>(value.getType()))
    return tensor::getMixedSize(b, loc, value, dim);
  return memref::getMixedSize(b, loc, value, dim);
}

/// Offset and size of the scale rows (or columns) that a data tile
/// [offset, offset + size) along `dim` uses, under the block-broadcast rule.
static FailureOr<std::pair<OpFoldResult, OpFoldResult>>
tileScaleDimension(OpBuilder &b, Location loc, Operation *op, StringRef name,
                   ShapedType data, ShapedType scale, int64_t dim,
                   OpFoldResult offset, OpFoldResult size) {
  ScaleDimension scaleDim = getScaleDimensions(data, scale)[dim];
  switch (scaleDim.kind) {
  case ScaleDimension::Broadcast:
    return std::make_pair(OpFoldResult(b.getIndexAttr(0)),
                          OpFoldResult(b.getIndexAttr(1)));
  case ScaleDimension::PerElement:
    return std::make_pair(offset, size);
  case ScaleDimension::Block:
    break;
  }
  const int64_t block = scaleDim.blockSize;
  std::optional<int64_t> staticSize = getConstantIntValue(size);
  // Tiles either cover whole blocks or lie inside one block; the loops that
  // tiling creates start at 0 and step by the tile size, so both keep
  // offsets aligned.
  if (!staticSize || (*staticSize % block != 0 && block % *staticSize != 0))
    return op->emitOpError("cannot tile: ")
           << name << " has blocks of " << block << " along dimension " << dim
           << "; tile sizes must be static multiples or divisors of it, "
              "and divide the dimension (no partial last tile)";
  AffineExpr d0 = b.getAffineDimExpr(0);
  OpFoldResult scaleOffset = affine::makeComposedFoldedAffineApply(
      b, loc, d0.floorDiv(block), {offset});
  int64_t scaleSize = std::max<int64_t>(*staticSize / block, 1);
  return std::make_pair(scaleOffset, OpFoldResult(b.getIndexAttr(scaleSize)));
}

/// Slice of a scale operand: tiled along `tiledDim` of its data, whole along
/// the other dimension (K).
static FailureOr<Value> sliceScale(OpBuilder &b, Location loc, Operation *op,
                                   StringRef name, Value data, Value scale,
                                   int64_t tiledDim, OpFoldResult offset,
                                   OpFoldResult size) {
  auto dataType = cast<ShapedType>(data.getType());
  auto scaleType = cast<ShapedType>(scale.getType());
  if (scaleType.getRank() == 0)
    return scale;
  auto tiled = tileScaleDimension(b, loc, op, name, dataType, scaleType,
                                  tiledDim, offset, size);
  if (failed(tiled))
    return failure();
  SmallVector<OpFoldResult> offsets, sizes;
  for (int64_t i = 0; i < scaleType.getRank(); ++i) {
    if (i == tiledDim) {
      offsets.push_back(tiled->first);
      sizes.push_back(tiled->second);
    } else {
      offsets.push_back(b.getIndexAttr(0));
      sizes.push_back(dimOf(b, loc, scale, i));
    }
  }
  return createSlice(b, loc, scale, offsets, sizes);
}

SmallVector<utils::IteratorType> ScaledMatmulOp::getLoopIteratorTypes() {
  return {utils::IteratorType::parallel, utils::IteratorType::parallel};
}

SmallVector<Range> ScaledMatmulOp::getIterationDomain(OpBuilder &b) {
  Location loc = getLoc();
  OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
  return {Range{zero, dimOf(b, loc, getInit(), 0), one},
          Range{zero, dimOf(b, loc, getInit(), 1), one}};
}

FailureOr<TilingResult>
ScaledMatmulOp::getTiledImplementation(OpBuilder &b,
                                       ArrayRef<OpFoldResult> offsets,
                                       ArrayRef<OpFoldResult> sizes) {
  Location loc = getLoc();
  OpFoldResult zero = b.getIndexAttr(0);
  OpFoldResult k = dimOf(b, loc, getA(), 1);
  const bool transposed = isTransposedB();
  const int64_t nDimB = transposed ? 0 : 1;

  Value a = createSlice(b, loc, getA(), {offsets[0], zero}, {sizes[0], k});
  Value bTile =
      transposed
          ? createSlice(b, loc, getB(), {offsets[1], zero}, {sizes[1], k})
          : createSlice(b, loc, getB(), {zero, offsets[1]}, {k, sizes[1]});
  FailureOr<Value> scaleA = sliceScale(b, loc, *this, "scale_a", getA(),
                                       getScaleA(), 0, offsets[0], sizes[0]);
  if (failed(scaleA))
    return failure();
  FailureOr<Value> scaleB =
      sliceScale(b, loc, *this, "scale_b", getB(), getScaleB(), nDimB,
                 offsets[1], sizes[1]);
  if (failed(scaleB))
    return failure();
  Value init = createSlice(b, loc, getInit(), offsets, sizes);

  SmallVector<Value> operands = {a, bTile, *scaleA, *scaleB};
  SmallVector<Operation *> slices;
  if (Value bias = getBias())
    operands.push_back(createSlice(b, loc, bias, {offsets[1]}, {sizes[1]}));
  operands.push_back(init);
  for (Value operand : operands)
    if (Operation *slice = operand.getDefiningOp();
        slice && isa<tensor::ExtractSliceOp, memref::SubViewOp>(slice))
      slices.push_back(slice);

  SmallVector<Type> resultTypes;
  if (isa<TensorType>(init.getType()))
    resultTypes.push_back(init.getType());
  Operation *tiled = mlir::clone(b, getOperation(), resultTypes, operands);
  return TilingResult{{tiled}, SmallVector<Value>(tiled->getResults()), slices};
}

LogicalResult ScaledMatmulOp::getResultTilePosition(
    OpBuilder &, unsigned, ArrayRef<OpFoldResult> offsets,
    ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets,
    SmallVector<OpFoldResult> &resultSizes) {
  resultOffsets.assign(offsets.begin(), offsets.end());
  resultSizes.assign(sizes.begin(), sizes.end());
  return success();
}

FailureOr<TilingResult>
ScaledMatmulOp::generateResultTileValue(OpBuilder &b, unsigned,
                                        ArrayRef<OpFoldResult> offsets,
                                        ArrayRef<OpFoldResult> sizes) {
  return getTiledImplementation(b, offsets, sizes);
}
