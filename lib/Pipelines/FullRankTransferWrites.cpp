//===- FullRankTransferWrites.cpp - fp8-full-rank-transfer-writes ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Tensor transfer_writes of a vector of lower rank than the tensor, or with
// a permuted map, become writes of a vector of the tensor's rank in the
// tensor's order. Upstream's bufferization decides whether a write reads
// its destination by zipping the vector's sizes with the tensor's leading
// sizes; in this form that comparison is the right one (Passes.td).
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Passes.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8FULLRANKTRANSFERWRITESPASS
#include "fp8/Pipelines/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;

namespace {

struct TransferWriteToFullRank
    : public OpRewritePattern<vector::TransferWriteOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferWriteOp write,
                                PatternRewriter &rewriter) const override {
    auto tensorType = dyn_cast<RankedTensorType>(write.getShapedType());
    if (!tensorType)
      return rewriter.notifyMatchFailure(write, "not a tensor write");
    AffineMap map = write.getPermutationMap();
    if (map.isIdentity())
      return rewriter.notifyMatchFailure(write, "already full rank");
    // A mask has the vector's shape: upstream already takes masked writes
    // as reads of the destination.
    if (write.getMask())
      return rewriter.notifyMatchFailure(write, "masked");
    VectorType vectorType = write.getVectorType();
    if (vectorType.isScalable())
      return rewriter.notifyMatchFailure(write, "scalable vector");
    const int64_t tensorRank = tensorType.getRank();
    const int64_t vectorRank = vectorType.getRank();

    // Tensor dimension of each vector dimension; the others are written
    // one element wide.
    SmallVector<int64_t> tensorDimOfVectorDim;
    for (AffineExpr result : map.getResults()) {
      auto dim = dyn_cast<AffineDimExpr>(result);
      if (!dim)
        return rewriter.notifyMatchFailure(write, "broadcast in the map");
      tensorDimOfVectorDim.push_back(dim.getPosition());
    }
    SmallVector<int64_t> unwrittenDims;
    for (int64_t d = 0; d < tensorRank; ++d)
      if (!llvm::is_contained(tensorDimOfVectorDim, d))
        unwrittenDims.push_back(d);

    // 1. Leading unit dimensions, one per tensor dimension the vector does
    //    not span: [unwritten dims..., vector dims...].
    SmallVector<int64_t> expandedShape(unwrittenDims.size(), 1);
    llvm::append_range(expandedShape, vectorType.getShape());
    auto expandedType =
        VectorType::get(expandedShape, vectorType.getElementType());
    Location loc = write.getLoc();
    Value vector = write.getVector();
    if (vectorRank == 0)
      vector = vector::BroadcastOp::create(rewriter, loc, expandedType, vector);
    else if (expandedType != vectorType)
      vector = vector::ShapeCastOp::create(rewriter, loc, expandedType, vector);

    // 2. Into the tensor's order: result dimension d is the expanded
    //    vector's dimension holding tensor dimension d.
    SmallVector<int64_t> sourceOfTensorDim(tensorRank);
    SmallVector<bool> inBounds(tensorRank, true);
    for (auto [position, dim] : llvm::enumerate(unwrittenDims))
      sourceOfTensorDim[dim] = position;
    for (auto [vectorDim, dim] : llvm::enumerate(tensorDimOfVectorDim)) {
      sourceOfTensorDim[dim] = unwrittenDims.size() + vectorDim;
      inBounds[dim] = write.isDimInBounds(vectorDim);
    }
    bool ordered =
        llvm::equal(sourceOfTensorDim, llvm::seq<int64_t>(0, tensorRank));
    if (!ordered)
      vector =
          vector::TransposeOp::create(rewriter, loc, vector, sourceOfTensorDim);

    rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
        write, vector, write.getBase(), write.getIndices(),
        AffineMap::getMultiDimIdentityMap(tensorRank, rewriter.getContext()),
        inBounds);
    return success();
  }
};

struct FP8FullRankTransferWritesPass
    : public fp8::impl::FP8FullRankTransferWritesPassBase<
          FP8FullRankTransferWritesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    fp8::populateFullRankTransferWritePatterns(patterns);
    // Only the matched writes change: no folding of anything else.
    GreedyRewriteConfig config;
    config.enableFolding(false);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace

void mlir::fp8::populateFullRankTransferWritePatterns(
    RewritePatternSet &patterns) {
  patterns.add<TransferWriteToFullRank>(patterns.getContext());
}
