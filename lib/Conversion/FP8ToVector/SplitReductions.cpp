//===- SplitReductions.cpp - reductions over more than the innermost loop -===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A linalg.generic that reduces its innermost loop and outer loops too (a
// per-tensor amax, a mean over every element) as two: the innermost loop's
// reduction into partials indexed by every other loop, started from the
// combiner's identity, then the partials' reduction into the output. The
// first, nearly all of the work, is a row reduction that the elementwise
// vectorizer takes (on vectors, rows in parallel); the second repeats the
// split until its own reduction is innermost only. Exact for max and min,
// which may be taken in any order.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::fp8;

namespace {

/// x such that combiner(x, y) = y for every y: -inf for maximumf, +inf
/// for minimumf, NaN for maxnumf and minnumf, -0 for addf (upstream's
/// arith::getNeutralElement gives +0, which turns a sum of -0 into +0).
double getIdentity(Operation *combiner) {
  if (isa<arith::MaximumFOp>(combiner))
    return -std::numeric_limits<double>::infinity();
  if (isa<arith::MinimumFOp>(combiner))
    return std::numeric_limits<double>::infinity();
  if (isa<arith::AddFOp>(combiner))
    return -0.0;
  return std::numeric_limits<double>::quiet_NaN();
}

/// Whether `op` reduces its innermost loop and another one, with static
/// shapes and an output indexed by loops only.
bool reducesOuterLoops(linalg::GenericOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (!op.hasPureTensorSemantics() || iterators.size() < 2 ||
      iterators.back() != utils::IteratorType::reduction ||
      llvm::count(iterators, utils::IteratorType::reduction) < 2)
    return false;
  for (Value operand : op->getOperands())
    if (!cast<ShapedType>(operand.getType()).hasStaticShape())
      return false;
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  return llvm::all_of(outputMap.getResults(),
                      [](AffineExpr expr) { return isa<AffineDimExpr>(expr); });
}

/// `op` as its innermost reduction into partials, then the partials'
/// reduction (returned, for the next split).
linalg::GenericOp splitInnermostReduction(IRRewriter &rewriter,
                                          linalg::GenericOp op,
                                          Operation *combiner) {
  Location loc = op.getLoc();
  MLIRContext *context = op.getContext();
  const unsigned loops = op.getNumLoops();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  Value output = op.getDpsInitOperand(0)->get();
  Type element = cast<ShapedType>(output.getType()).getElementType();
  rewriter.setInsertionPoint(op);

  // 1. The innermost loop reduced into partials [loops but the innermost].
  SmallVector<int64_t> partialShape(ranges.begin(), ranges.end() - 1);
  Value identity = arith::ConstantOp::create(
      rewriter, loc, rewriter.getFloatAttr(element, getIdentity(combiner)));
  Value partialInit =
      linalg::FillOp::create(
          rewriter, loc, identity,
          tensor::EmptyOp::create(rewriter, loc, partialShape, element)
              .getResult())
          .getResult(0);
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  maps.back() = AffineMap::getMultiDimIdentityMap(loops, context)
                    .getMajorSubMap(loops - 1);
  SmallVector<utils::IteratorType> iterators(loops - 1,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto partials = linalg::GenericOp::create(
      rewriter, loc, partialInit.getType(), op.getDpsInputs(),
      ValueRange{partialInit}, maps, iterators);
  rewriter.cloneRegionBefore(op.getRegion(), partials.getRegion(),
                             partials.getRegion().end());

  // 2. The partials reduced into the output, over the other loops.
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  AffineMap partialOutputMap =
      AffineMap::get(loops - 1, 0, outputMap.getResults(), context);
  SmallVector<utils::IteratorType> outerIterators = op.getIteratorTypesArray();
  outerIterators.pop_back();
  const unsigned outOperand =
      combiner->getOperand(0) ==
              op.getMatchingBlockArgument(op.getDpsInitOperand(0))
          ? 0
          : 1;
  auto total = linalg::GenericOp::create(
      rewriter, loc, output.getType(), ValueRange{partials.getResult(0)},
      ValueRange{output},
      ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(loops - 1, context),
                          partialOutputMap},
      outerIterators, [&](OpBuilder &b, Location nloc, ValueRange args) {
        SmallVector<Value, 2> operands{args[0], args[0]};
        operands[outOperand] = args[1];
        OperationState state(nloc, combiner->getName());
        state.addOperands(operands);
        state.addTypes(element);
        state.addAttributes(combiner->getAttrs());
        linalg::YieldOp::create(b, nloc, b.create(state)->getResult(0));
      });
  rewriter.replaceOp(op, total.getResults());
  return total;
}

} // namespace

void mlir::fp8::splitOuterReductions(Operation *root, bool reassociateSums) {
  SmallVector<linalg::GenericOp> worklist;
  root->walk([&](linalg::GenericOp op) {
    if (reducesOuterLoops(op))
      worklist.push_back(op);
  });
  IRRewriter rewriter(root->getContext());
  while (!worklist.empty()) {
    linalg::GenericOp op = worklist.pop_back_val();
    Operation *combiner = getReorderableCombiner(op, reassociateSums);
    if (!combiner)
      continue;
    linalg::GenericOp rest = splitInnermostReduction(rewriter, op, combiner);
    if (reducesOuterLoops(rest))
      worklist.push_back(rest);
  }
}
