//===- Optimize.cpp - fp8-optimize ----------------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/ConstantElements.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Dialect/FP8/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8OPTIMIZEPASS
#include "fp8/Dialect/FP8/Transforms/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

namespace {

/// Constant scales whose values are all in [2^-100, 2^100]: decode(q) * s
/// then stays normal, so dividing by s again returns decode(q) up to an f32
/// rounding, which the FP8 grid absorbs. `values` receives the constant
/// (dense or dense_resource), for comparing two scales.
static bool isSafeConstantScale(Value scale, Attribute &values) {
  if (!matchPattern(scale, m_Constant(&values)))
    return false;
  FailureOr<ConstantElements> elements = ConstantElements::read(values);
  if (failed(elements) || !elements->getElementType().isF32())
    return false;
  auto safe = [&](int64_t index) {
    float x = elements->getFloat(index);
    return x >= std::ldexp(1.0f, -100) && x <= std::ldexp(1.0f, 100);
  };
  // A splat has one value, however many elements its shape has.
  if (elements->isSplat())
    return safe(0);
  return llvm::all_of(llvm::seq<int64_t>(0, elements->getNumElements()), safe);
}

/// quantize(dequantize(q, s), s) into q's format -> q.
struct RemoveRequantization : public OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto dequantize = op.getInput().getDefiningOp<DequantizeOp>();
    if (!op.getResult() || !dequantize || !dequantize.getResult())
      return rewriter.notifyMatchFailure(op, "not a requantization");
    Value q = dequantize.getInput();
    if (q.getType() != op.getResult().getType() ||
        !getElementTypeOrSelf(dequantize.getResult().getType()).isF32())
      return rewriter.notifyMatchFailure(op, "format or type changes");
    Attribute inScale, outScale;
    bool sameScale = op.getScale() == dequantize.getScale();
    if (!sameScale && !(isSafeConstantScale(op.getScale(), outScale) &&
                        isSafeConstantScale(dequantize.getScale(), inScale) &&
                        inScale == outScale))
      return rewriter.notifyMatchFailure(op, "scales differ");
    if (sameScale && !isSafeConstantScale(op.getScale(), outScale))
      return rewriter.notifyMatchFailure(op, "scale range unknown");
    rewriter.replaceOp(op, q);
    return success();
  }
};

/// transpose(dequantize(q, s)) -> dequantize(transpose(q), transpose(s)),
/// so that matmuls see the dequantize of their operands directly.
struct MoveDequantizeAfterTranspose
    : public OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto dequantize = op.getInput().getDefiningOp<DequantizeOp>();
    if (!dequantize || !dequantize.getResult() || !op.hasPureTensorSemantics())
      return rewriter.notifyMatchFailure(op, "input is not dequantized");
    Location loc = op.getLoc();
    ArrayRef<int64_t> permutation = op.getPermutation();
    auto transposeOf = [&](Value value) -> Value {
      auto type = cast<RankedTensorType>(value.getType());
      if (type.getRank() == 0)
        return value;
      SmallVector<OpFoldResult> sizes;
      for (int64_t dim : permutation)
        sizes.push_back(tensor::getMixedSize(rewriter, loc, value, dim));
      Value init =
          tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType());
      return linalg::TransposeOp::create(rewriter, loc, value, init,
                                         permutation)
          ->getResult(0);
    };
    Value data = transposeOf(dequantize.getInput());
    Value scale = transposeOf(dequantize.getScale());
    rewriter.replaceOp(
        op, DequantizeOp::create(rewriter, loc, data, scale, op.getInit())
                .getResult());
    return success();
  }
};

/// reshape(dequantize(q, s)) with a per-tensor s -> dequantize(reshape(q)).
template <typename ReshapeOp>
struct MoveDequantizeAfterReshape : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern<ReshapeOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto dequantize = op.getSrc().template getDefiningOp<DequantizeOp>();
    if (!dequantize || !dequantize.getResult() ||
        cast<ShapedType>(dequantize.getScale().getType()).getRank() != 0)
      return rewriter.notifyMatchFailure(op, "not a per-tensor dequantize");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    Type storage = getElementTypeOrSelf(dequantize.getInput().getType());
    // The same reshape, on the FP8 data.
    Operation *reshaped = rewriter.clone(*op);
    reshaped->setOperand(0, dequantize.getInput());
    reshaped->getResult(0).setType(resultType.clone(storage));
    Value init = tensor::EmptyOp::create(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, op.getResult()),
        resultType.getElementType());
    rewriter.replaceOp(op, DequantizeOp::create(rewriter, loc,
                                                reshaped->getResult(0),
                                                dequantize.getScale(), init)
                               .getResult());
    return success();
  }
};

struct FP8OptimizePass
    : public mlir::fp8::impl::FP8OptimizePassBase<FP8OptimizePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFP8OptimizePatterns(patterns);
    // Canonicalization folds quantize of constants into FP8 constants.
    for (RegisteredOperationName name : getContext().getRegisteredOperations())
      if (name.getDialectNamespace() == "fp8" ||
          name.getDialectNamespace() == "tensor" ||
          name.getDialectNamespace() == "linalg")
        name.getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::fp8::populateFP8OptimizePatterns(RewritePatternSet &patterns) {
  patterns.add<RemoveRequantization, MoveDequantizeAfterTranspose,
               MoveDequantizeAfterReshape<tensor::ExpandShapeOp>,
               MoveDequantizeAfterReshape<tensor::CollapseShapeOp>>(
      patterns.getContext());
}
