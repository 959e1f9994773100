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
// dimension's does. Many small matmuls make an scf.forall (a batch a
// thread), others an scf.for (each matmul's tiles in parallel).
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

  /// Batches from which the batch loop is parallel when its matmuls are
  /// small (at most kSmallMatmul multiply-adds: BERT-base's heads are 1 Mi).
  static constexpr int64_t kParallelBatches = 4;
  static constexpr int64_t kSmallMatmul = int64_t(1) << 24;

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

    // Batch `i`'s scaled_matmul into its slice of `result`.
    auto initType = cast<RankedTensorType>(op.getInit().getType());
    SmallVector<OpFoldResult> sizes{
        rewriter.getIndexAttr(1), rewriter.getIndexAttr(initType.getDimSize(1)),
        rewriter.getIndexAttr(initType.getDimSize(2))};
    SmallVector<OpFoldResult> strides(3, rewriter.getIndexAttr(1));
    auto batchMatmul = [&](OpBuilder &b, Value i, Value result) -> Value {
      Value accumulator = sliceOf(b, result, i);
      return ScaledMatmulOp::create(
                 b, loc, accumulator.getType(), sliceOf(b, op.getA(), i),
                 sliceOf(b, op.getB(), i),
                 scaleOf(b, op.getScaleA(), op.getA(), i),
                 scaleOf(b, op.getScaleB(), op.getB(), i), op.getBias(),
                 accumulator, op.getBLayoutAttr(), op.getAccTypeAttr(),
                 op.getChunkAttr())
          .getResult();
    };
    auto offsetsOf = [&](OpBuilder &b, Value i) {
      return SmallVector<OpFoldResult>{i, b.getIndexAttr(0), b.getIndexAttr(0)};
    };

    // Many small matmuls (attention's heads): the batches in parallel,
    // each matmul's tiles in order on its thread (fp8-serialize-nested-
    // foralls), rather than a team of threads forked for every small
    // matmul's tiles. Few or large ones: in order, each matmul's tiles in
    // parallel.
    const int64_t multiplyAdds =
        aType.getDimSize(1) * aType.getDimSize(2) * initType.getDimSize(2);
    if (batches >= kParallelBatches && multiplyAdds <= kSmallMatmul) {
      auto loop = scf::ForallOp::create(
          rewriter, loc, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(batches)},
          ValueRange{op.getInit()}, std::nullopt,
          [&](OpBuilder &b, Location loc, ValueRange args) {
            Value i = args[0], result = args[1];
            Value product = batchMatmul(b, i, result);
            auto terminator = scf::InParallelOp::create(b, loc);
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPointToStart(terminator.getBody());
            tensor::ParallelInsertSliceOp::create(
                b, loc, product, result, offsetsOf(b, i), sizes, strides);
          });
      rewriter.replaceOp(op, loop.getResults());
      return success();
    }
    auto loop = scf::ForOp::create(
        rewriter, loc, index(rewriter, 0), index(rewriter, batches),
        index(rewriter, 1), ValueRange{op.getInit()},
        [&](OpBuilder &b, Location loc, Value i, ValueRange args) {
          Value updated = tensor::InsertSliceOp::create(
              b, loc, batchMatmul(b, i, args[0]), args[0], offsetsOf(b, i),
              sizes, strides);
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
