//===- QuantizationTargets.cpp - what post-training quantization touches --===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Recognizes the ops of the quantization schemes in linalg-on-tensors as
// torch-mlir and IREE emit it: contractions (linalg.matmul with any
// indexing maps, linalg.batch_matmul, generic matmuls), 2-D convolutions,
// embedding gathers (linalg.generic with tensor.extract from a table), and
// for the extended scheme normalizations (a value that is mean-reduced and
// centered, or centered by a constant as inference batch norm is) and
// elementwise add/mul.
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/Transforms/QuantizationTargets.h"

#include "fp8/Dialect/FP8/IR/ConstantElements.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::fp8;

std::optional<QuantizationScheme>
mlir::fp8::parseQuantizationScheme(StringRef name) {
  if (name == "standard")
    return QuantizationScheme::Standard;
  if (name == "extended")
    return QuantizationScheme::Extended;
  return std::nullopt;
}

StringRef mlir::fp8::stringifyQuantizationScheme(QuantizationScheme scheme) {
  return scheme == QuantizationScheme::Standard ? "standard" : "extended";
}

StringRef mlir::fp8::stringifyWeightGranularity(WeightGranularity granularity) {
  switch (granularity) {
  case WeightGranularity::Tensor:
    return "tensor";
  case WeightGranularity::Channel:
    return "channel";
  case WeightGranularity::Block:
    return "block";
  }
  llvm_unreachable("unknown granularity");
}

bool mlir::fp8::isCompileTimeConstant(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op)
    return false;
  // Only values that fp8-quantize can read are weights; any other constant
  // (sparse, a dialect's elements attribute) is an activation for every pass.
  if (auto constant = dyn_cast<arith::ConstantOp>(op))
    return ConstantElements::isReadableKind(constant.getValue());
  if (auto transpose = dyn_cast<linalg::TransposeOp>(op))
    return isCompileTimeConstant(transpose.getInput());
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(op))
    return isCompileTimeConstant(broadcast.getInput());
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp>(op))
    return isCompileTimeConstant(op->getOperand(0));
  return false;
}

/// The NameLoc name of `op` (also inside fused and call-site locations).
static std::optional<std::string> locationName(Operation *op) {
  std::optional<std::string> name;
  op->getLoc()->walk([&](Location location) {
    if (auto named = dyn_cast<NameLoc>(location)) {
      name = named.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

/// Position of loop dimension `dim` among the results of `map`, or -1.
static int64_t resultPosition(AffineMap map, unsigned dim) {
  for (auto [i, expr] : llvm::enumerate(map.getResults()))
    if (auto dimExpr = dyn_cast<AffineDimExpr>(expr);
        dimExpr && dimExpr.getPosition() == dim)
      return i;
  return -1;
}

/// Payload of `op` is one binary arith op of type OpTy on two block
/// arguments, yielded.
template <typename OpTy> static bool isBinaryElementwise(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != op.getNumParallelLoops())
    return false;
  Block *body = op.getBlock();
  if (!body || body->getOperations().size() != 2)
    return false;
  auto binary = dyn_cast<OpTy>(&body->front());
  return binary && isa<BlockArgument>(binary->getOperand(0)) &&
         isa<BlockArgument>(binary->getOperand(1));
}

/// A reduction that sums one input (the mean of a normalization).
static bool isSumReductionOf(linalg::LinalgOp op, OpOperand &use) {
  if (op.getNumReductionLoops() == 0 || op.getNumDpsInputs() != 1)
    return false;
  Block *body = op.getBlock();
  if (!body)
    return false;
  BlockArgument input = op.getMatchingBlockArgument(&use);
  return llvm::any_of(input.getUsers(),
                      [](Operation *user) { return isa<arith::AddFOp>(user); });
}

/// An all-parallel generic that subtracts something from `use`'s value
/// (centering, as layer norm and inference batch norm do).
static bool isCenteringOf(linalg::LinalgOp op, OpOperand &use) {
  if (op.getNumLoops() != op.getNumParallelLoops() || !op.getBlock())
    return false;
  BlockArgument input = op.getMatchingBlockArgument(&use);
  return llvm::any_of(input.getUsers(), [&](Operation *user) {
    auto sub = dyn_cast<arith::SubFOp>(user);
    return sub && sub.getLhs() == input;
  });
}

namespace {
/// Builds targets of one function.
class TargetCollector {
public:
  TargetCollector(FunctionOpInterface function, QuantizationScheme scheme)
      : function(function), scheme(scheme) {
    // Ops of the body in order, not counting payloads of structured ops (an
    // index should not move when a payload changes).
    int64_t index = 0;
    function->walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (op == function.getOperation())
        return WalkResult::advance();
      walkIndex[op] = index++;
      return isa<linalg::LinalgOp>(op) ? WalkResult::skip()
                                       : WalkResult::advance();
    });
  }

  SmallVector<QuantizationTarget> collect() {
    function->walk([&](Operation *op) {
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (!linalgOp || !linalgOp.hasPureTensorSemantics())
        return;
      if (addMatmul(linalgOp) || addConvolution(linalgOp) ||
          addEmbedding(linalgOp))
        return;
      if (scheme == QuantizationScheme::Extended)
        addElementwise(linalgOp);
    });
    if (scheme == QuantizationScheme::Extended)
      addNormalizations();
    markFirstAndLast();
    return std::move(targets);
  }

private:
  std::string baseName(Operation *anchor) {
    if (std::optional<std::string> name = locationName(anchor))
      return *name;
    std::string functionName = function.getName().str();
    return "@" + functionName + "/" + std::to_string(walkIndex[anchor]);
  }

  void add(Operation *anchor, SmallVector<OpOperand *, 1> uses, TargetKind kind,
           StringRef role, int64_t channelDim, int64_t tokenDim,
           int64_t reductionDim = -1) {
    QuantizationTarget target;
    target.anchor = anchor;
    target.uses = std::move(uses);
    target.kind = kind;
    target.role = role.str();
    target.id = baseName(anchor) + "/" + target.role;
    target.isConstant = isCompileTimeConstant(target.uses.front()->get());
    target.channelDim = channelDim;
    target.tokenDim = tokenDim;
    target.reductionDim = reductionDim;
    targets.push_back(std::move(target));
  }

  bool addMatmul(linalg::LinalgOp op) {
    if (op.getNumDpsInputs() != 2 || !linalg::isaContractionOpInterface(op))
      return false;
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
        dims->k.size() != 1 || dims->batch.size() > 1)
      return false;
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    OpOperand *lhs = op.getDpsInputOperand(0);
    OpOperand *rhs = op.getDpsInputOperand(1);
    // Rows of A are tokens; columns of B are output channels (and tokens
    // when B is an activation, as in attention).
    int64_t lhsRows = resultPosition(maps[0], dims->m.front());
    int64_t rhsColumns = resultPosition(maps[1], dims->n.front());
    int64_t lhsK = resultPosition(maps[0], dims->k.front());
    int64_t rhsK = resultPosition(maps[1], dims->k.front());
    add(op, {lhs}, TargetKind::Matmul, "lhs", lhsRows, lhsRows, lhsK);
    add(op, {rhs}, TargetKind::Matmul, "rhs", rhsColumns, rhsColumns, rhsK);
    return true;
  }

  bool addConvolution(linalg::LinalgOp op) {
    // (output channels, input channels) of the filter layout.
    using Dims = std::pair<int64_t, int64_t>;
    std::optional<Dims> filterDims =
        llvm::TypeSwitch<Operation *, std::optional<Dims>>(op)
            .Case([](linalg::Conv2DNchwFchwOp) { return Dims{0, 1}; })
            .Case([](linalg::Conv2DNhwcHwcfOp) { return Dims{3, 2}; })
            .Case([](linalg::Conv2DNhwcFhwcOp) { return Dims{0, 3}; })
            .Default([](Operation *) { return std::nullopt; });
    if (!filterDims)
      return false;
    add(op, {op.getDpsInputOperand(0)}, TargetKind::Convolution, "input", -1,
        -1);
    add(op, {op.getDpsInputOperand(1)}, TargetKind::Convolution, "filter",
        filterDims->first, -1, filterDims->second);
    return true;
  }

  /// linalg.generic gathering rows of a float table with tensor.extract.
  bool addEmbedding(linalg::LinalgOp op) {
    auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
    if (!generic)
      return false;
    OpOperand *tableUse = nullptr;
    generic.getRegion().walk([&](tensor::ExtractOp extract) {
      auto type = dyn_cast<RankedTensorType>(extract.getTensor().getType());
      if (!type || type.getRank() != 2 ||
          !isa<FloatType>(type.getElementType()) ||
          generic->isAncestor(
              extract.getTensor().getParentRegion()->getParentOp()))
        return WalkResult::advance();
      tableUse = &extract.getTensorMutable();
      return WalkResult::interrupt();
    });
    if (!tableUse)
      return false;
    add(op, {tableUse}, TargetKind::Embedding, "table", /*channelDim=*/0, -1,
        /*reductionDim=*/1);
    return true;
  }

  void addElementwise(linalg::LinalgOp op) {
    bool binary = isa<linalg::AddOp, linalg::MulOp>(op.getOperation()) ||
                  isBinaryElementwise<arith::AddFOp>(op) ||
                  isBinaryElementwise<arith::MulFOp>(op);
    if (!binary)
      return;
    OpOperand *lhs = op.getDpsInputOperand(0);
    OpOperand *rhs = op.getDpsInputOperand(1);
    // A constant operand is a bias or a fixed factor, not an activation.
    if (isCompileTimeConstant(lhs->get()) || isCompileTimeConstant(rhs->get()))
      return;
    add(op, {lhs}, TargetKind::Elementwise, "lhs", -1, -1);
    add(op, {rhs}, TargetKind::Elementwise, "rhs", -1, -1);
  }

  /// Values that a normalization centers: every use of them inside the
  /// normalization (mean reductions and centering) gets the quantized value.
  void addNormalizations() {
    llvm::SetVector<Value> candidates;
    function->walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics())
        return;
      for (OpOperand *input : op.getDpsInputOperands())
        if (isCenteringOf(op, *input) && !isCompileTimeConstant(input->get()))
          candidates.insert(input->get());
    });
    for (Value value : candidates) {
      SmallVector<OpOperand *, 1> uses;
      Operation *anchor = nullptr;
      for (OpOperand &use : value.getUses()) {
        auto user = dyn_cast<linalg::LinalgOp>(use.getOwner());
        if (!user || !user.isDpsInput(&use))
          continue;
        if (isCenteringOf(user, use) || isSumReductionOf(user, use)) {
          uses.push_back(&use);
          if (!anchor || walkIndex[user] < walkIndex[anchor])
            anchor = user;
        }
      }
      if (anchor)
        add(anchor, std::move(uses), TargetKind::Normalization, "input", -1,
            -1);
    }
  }

  void markFirstAndLast() {
    QuantizationTarget *firstConvolution = nullptr, *lastMatmul = nullptr;
    for (QuantizationTarget &target : targets) {
      if (target.kind == TargetKind::Convolution && !firstConvolution)
        firstConvolution = &target;
      if (target.kind == TargetKind::Matmul)
        lastMatmul = &target;
    }
    for (QuantizationTarget &target : targets) {
      target.anchorIsFirstConvolution =
          firstConvolution && target.anchor == firstConvolution->anchor;
      target.anchorIsLastMatmul =
          lastMatmul && target.anchor == lastMatmul->anchor;
    }
  }

  FunctionOpInterface function;
  QuantizationScheme scheme;
  DenseMap<Operation *, int64_t> walkIndex;
  SmallVector<QuantizationTarget> targets;
};
} // namespace

SmallVector<QuantizationTarget>
mlir::fp8::collectQuantizationTargets(FunctionOpInterface function,
                                      QuantizationScheme scheme) {
  return TargetCollector(function, scheme).collect();
}
