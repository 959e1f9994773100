//===- BatchScaledMatmulToLoop.cpp - batches as scaled_matmul kernels -----===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.batch_scaled_matmul (tensor form, static shapes) as a loop over the
// batch of fp8.scaled_matmul on each batch's slices: the op is defined as
// that (FP8Ops.td), so the result is the same bit for bit, and each slice
// takes the scaled-matmul kernels (attention's QK^T and PV per head). A
// scale's batch index follows the block-broadcast rule, as every other
// dimension's does.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"

#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

struct BatchScaledMatmulToLoop : public OpRewritePattern<BatchScaledMatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchScaledMatmulOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getResult())
      return rewriter.notifyMatchFailure(op, "memref form");
    for (Value operand : op->getOperands())
      if (!cast<ShapedType>(operand.getType()).hasStaticShape())
        return rewriter.notifyMatchFailure(op, "dynamic shapes");
    auto aType = cast<RankedTensorType>(op.getA().getType());
    const int64_t batches = aType.getDimSize(0);
    Location loc = op.getLoc();

    auto index = [&](OpBuilder &b, int64_t value) -> Value {
      return arith::ConstantIndexOp::create(b, loc, value);
    };
    // Batch `i` of a rank-3 tensor, as a rank-2 tensor (`batchIndex`: the
    // element of dimension 0 to take).
    auto sliceOf = [&](OpBuilder &b, Value source,
                       OpFoldResult batchIndex) -> Value {
      auto type = cast<RankedTensorType>(source.getType());
      auto sliceType = RankedTensorType::get(type.getShape().drop_front(),
                                             type.getElementType());
      SmallVector<OpFoldResult> offsets{batchIndex, b.getIndexAttr(0),
                                        b.getIndexAttr(0)};
      SmallVector<OpFoldResult> sizes{b.getIndexAttr(1),
                                      b.getIndexAttr(type.getDimSize(1)),
                                      b.getIndexAttr(type.getDimSize(2))};
      SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
      return tensor::ExtractSliceOp::create(b, loc, sliceType, source, offsets,
                                            sizes, strides);
    };
    // A scale of `data` for batch `i`: rank 0 as it is, else its batch
    // index under the block-broadcast rule.
    auto scaleOf = [&](OpBuilder &b, Value scale, Value data,
                       Value i) -> Value {
      auto scaleType = cast<ShapedType>(scale.getType());
      if (scaleType.getRank() == 0)
        return scale;
      ScaleDimension batch =
          getScaleDimensions(cast<ShapedType>(data.getType()), scaleType)[0];
      OpFoldResult batchIndex = i;
      if (batch.kind == ScaleDimension::Broadcast)
        batchIndex = b.getIndexAttr(0);
      else if (batch.kind == ScaleDimension::Block)
        batchIndex =
            arith::DivUIOp::create(b, loc, i, index(b, batch.blockSize))
                .getResult();
      return sliceOf(b, scale, batchIndex);
    };

    auto loop = scf::ForOp::create(
        rewriter, loc, index(rewriter, 0), index(rewriter, batches),
        index(rewriter, 1), ValueRange{op.getInit()},
        [&](OpBuilder &b, Location loc, Value i, ValueRange args) {
          Value accumulator = sliceOf(b, args[0], i);
          auto matmul = ScaledMatmulOp::create(
              b, loc, accumulator.getType(), sliceOf(b, op.getA(), i),
              sliceOf(b, op.getB(), i),
              scaleOf(b, op.getScaleA(), op.getA(), i),
              scaleOf(b, op.getScaleB(), op.getB(), i), op.getBias(),
              accumulator, op.getBLayoutAttr(), op.getAccTypeAttr(),
              op.getChunkAttr());
          auto initType = cast<RankedTensorType>(args[0].getType());
          SmallVector<OpFoldResult> offsets{i, b.getIndexAttr(0),
                                            b.getIndexAttr(0)};
          SmallVector<OpFoldResult> sizes{
              b.getIndexAttr(1), b.getIndexAttr(initType.getDimSize(1)),
              b.getIndexAttr(initType.getDimSize(2))};
          SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
          Value updated = tensor::InsertSliceOp::create(
              b, loc, matmul.getResult(), args[0], offsets, sizes, strides);
          scf::YieldOp::create(b, loc, updated);
        });
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

} // namespace

void mlir::fp8::populateBatchScaledMatmulToLoopPatterns(
    RewritePatternSet &patterns) {
  patterns.add<BatchScaledMatmulToLoop>(patterns.getContext());
}
