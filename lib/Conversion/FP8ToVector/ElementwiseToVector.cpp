//===- ElementwiseToVector.cpp - elementwise linalg.generic as vectors ----===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every elementwise linalg.generic on static tensors (the FP8 encode/decode
// payloads, scales, epilogues, and the model's own elementwise ops) becomes
// a loop nest whose innermost loop steps by one vector: each operand is read
// as one 1-D vector (its innermost index is the innermost loop, possibly
// offset by outer loops as an im2col copy's `ow + kw` is), one element per
// lane (other constant steps: transposed or strided reads), or one
// broadcast scalar (its indices do not vary inside a vector, e.g. a
// per-row scale, or a 1x128 block scale read with `d floordiv 128`), the
// payload is cloned on vectors (arith ops are elementwise-mappable), and the
// results are written as 1-D vectors. The loops are built directly, so the
// output does not depend on the order in which a pattern driver visits ops
// (tiling + linalg::vectorize needed a unit-dimension cleanup that did), and
// every transfer is 1-D and in bounds: it lowers to a plain vector load or
// store. LLVM's loop vectorizer declines the scalar encode loops (its cost
// model), so this is where they become vector code. The outermost loop of
// an op of 32Ki elements or more (past unit loops: a batch of one) is an
// scf.forall of one-row tiles: the threads' share (fp8-cpu-pipeline
// threads=N).
//
// Reductions over the innermost loop (softmax's max and sum, layer norm's
// mean and variance) become the same nest over the parallel loops, with
// the payload on vectors along the reduced loop, combined lane by lane and
// then across the lanes (vector.reduction). maximumf and minimumf are
// exact in any order and are taken with the elementwise ops, after the FP8
// lowerings (dynamic quantization's amax). f32 sums reassociate (within
// f32 rounding, as a vectorized BLAS does), so only the model's own are
// taken: fp8-vectorize-reductions runs before the FP8 lowerings, whose
// sums (chunk promotion) must keep the reference's order.
//
// Before that, named elementwise ops and transposes become generics, and a
// static tensor.pad with a constant value a fill and a copy into the
// interior (in place), so that they too are vector loops.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

/// How an input is read inside one vector of the innermost loop.
enum class Access { Broadcast, Contiguous, Gathered, Unsupported };

/// Contiguous: the last index steps by one with the innermost loop (it is
/// the innermost loop, plus outer loops' terms: an im2col's `ow + kw`).
/// Gathered: an index moves with the innermost loop by another constant
/// step, or an earlier index does (a transposed read, e.g. packing A by
/// blocks of rows, or a strided window). Broadcast: no index varies within
/// an aligned group of `width` iterations (it does not use the innermost
/// loop, or divides it by a multiple of `width`).
Access classifyAccess(AffineMap map, unsigned innermost, int64_t width) {
  AffineExpr innermostDim = getAffineDimExpr(innermost, map.getContext());
  bool contiguous = false, gathered = false;
  for (auto [position, expr] : llvm::enumerate(map.getResults())) {
    if (!expr.isFunctionOfDim(innermost))
      continue;
    auto quotient = dyn_cast<AffineBinaryOpExpr>(expr);
    if (quotient && quotient.getKind() == AffineExprKind::FloorDiv &&
        quotient.getLHS() == innermostDim)
      if (auto divisor = dyn_cast<AffineConstantExpr>(quotient.getRHS()))
        if (divisor.getValue() > 0 && divisor.getValue() % width == 0)
          continue;
    // The step of this index from one iteration to the next: a constant
    // when the index is linear in the innermost loop.
    AffineExpr step =
        simplifyAffineExpr(expr.replace(innermostDim, innermostDim + 1) - expr,
                           map.getNumDims(), map.getNumSymbols());
    auto constantStep = dyn_cast<AffineConstantExpr>(step);
    if (!constantStep)
      return Access::Unsupported;
    if (constantStep.getValue() == 1 && position + 1 == map.getNumResults())
      contiguous = true;
    else
      gathered = true;
  }
  if (gathered)
    return Access::Gathered;
  return contiguous ? Access::Contiguous : Access::Broadcast;
}

bool isVectorizablePayloadOp(Operation &op) {
  if (isa<linalg::YieldOp>(op))
    return true;
  if (op.getNumRegions() != 0 || op.getNumResults() != 1)
    return false;
  if (isa<arith::ConstantOp>(op))
    return op.getResult(0).getType().isIntOrIndexOrFloat();
  return OpTrait::hasElementwiseMappableTraits(&op) &&
         llvm::all_of(op.getResultTypes(),
                      [](Type type) { return type.isIntOrIndexOrFloat(); });
}

/// The combining op of an innermost reduction's payload
/// (getReorderableCombiner) when the output is indexed by the parallel
/// loops, in order, and only the innermost loop is reduced.
Operation *getInnermostCombiner(linalg::GenericOp op, bool reassociateSums) {
  if (op.getNumDpsInits() != 1 || op.getNumResults() != 1)
    return nullptr;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators.size() < 2 ||
      iterators.back() != utils::IteratorType::reduction ||
      llvm::count(iterators, utils::IteratorType::reduction) != 1)
    return nullptr;
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outputMap.getNumResults() + 1 != op.getNumLoops())
    return nullptr;
  for (auto [position, expr] : llvm::enumerate(outputMap.getResults()))
    if (expr != getAffineDimExpr(position, op.getContext()))
      return nullptr;
  return getReorderableCombiner(op, reassociateSums);
}

/// The vector kind of `combiner`'s vector.reduction.
vector::CombiningKind getCombiningKind(Operation *combiner) {
  return TypeSwitch<Operation *, vector::CombiningKind>(combiner)
      .Case<arith::MaximumFOp>(
          [](auto) { return vector::CombiningKind::MAXIMUMF; })
      .Case<arith::MinimumFOp>(
          [](auto) { return vector::CombiningKind::MINIMUMF; })
      .Case<arith::MaxNumFOp>(
          [](auto) { return vector::CombiningKind::MAXNUMF; })
      .Case<arith::MinNumFOp>(
          [](auto) { return vector::CombiningKind::MINNUMF; })
      .Default([](auto) { return vector::CombiningKind::ADD; });
}

/// Which ops a vectorizer call takes.
enum class Scope {
  /// Elementwise ops and exact innermost reductions (after the FP8
  /// lowerings, whose sums must keep their order).
  ElementwiseAndExactReductions,
  /// Every innermost reduction (the model's own, before the FP8 lowerings).
  Reductions,
};

/// The vector width for `op`, or 0 when it stays as it is.
int64_t getVectorWidth(linalg::GenericOp op, int64_t maxWidth, Scope scope) {
  if (!op.hasPureTensorSemantics() || op.getNumLoops() == 0 ||
      op.getNumResults() == 0)
    return 0;
  const bool reduction = op.getNumLoops() != op.getNumParallelLoops();
  if (scope == Scope::Reductions && !reduction)
    return 0;
  if (reduction &&
      !getInnermostCombiner(op, /*reassociateSums=*/scope == Scope::Reductions))
    return 0;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.get().getType());
    if (!type)
      continue;
    // i1 tensors are bytes in memory but bits in a vector load.
    if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat() ||
        type.getElementType().getIntOrFloatBitWidth() < 8)
      return 0;
  }
  for (OpOperand &init : op.getDpsInitsMutable())
    if (!reduction && !op.getMatchingIndexingMap(&init).isIdentity())
      return 0;
  if (!llvm::all_of(op.getRegion().front(), isVectorizablePayloadOp))
    return 0;
  // maxWidth counts f32 lanes of a register; a generic on bytes only (an
  // im2col or transpose of FP8 codes) fills the register with 4x as many.
  bool bytesOnly = llvm::all_of(op->getOperandTypes(), [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && tensor.getElementType().getIntOrFloatBitWidth() == 8;
  });
  if (bytesOnly)
    maxWidth *= 4;
  // The widest vector up to maxWidth that divides the innermost dimension
  // (no remainder loop); a short one gains nothing.
  int64_t innermostSize = op.getStaticLoopRanges().back();
  int64_t width = std::min(maxWidth, innermostSize);
  while (width > 0 && innermostSize % width != 0)
    --width;
  if (width < 4)
    return 0;
  unsigned innermost = op.getNumLoops() - 1;
  for (OpOperand *input : op.getDpsInputOperands())
    if (isa<RankedTensorType>(input->get().getType()) &&
        classifyAccess(op.getMatchingIndexingMap(input), innermost, width) ==
            Access::Unsupported)
      return 0;
  return width;
}

/// The indices of `map` at the loop indices `ivs`, as index values.
SmallVector<Value> applyIndexingMap(OpBuilder &b, Location loc, AffineMap map,
                                    ValueRange ivs) {
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults()) {
    OpFoldResult index = affine::makeComposedFoldedAffineApply(
        b, loc, AffineMap::get(map.getNumDims(), 0, expr),
        getAsOpFoldResult(ivs));
    indices.push_back(getValueOrCreateConstantIndexOp(b, loc, index));
  }
  return indices;
}

/// A scalar `value` in every lane (a splat constant for constants).
Value broadcastToVector(OpBuilder &b, Location loc, Value scalar,
                        int64_t width) {
  auto type = VectorType::get({width}, scalar.getType());
  Attribute constant;
  if (matchPattern(scalar, m_Constant(&constant)))
    return arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::get(type, cast<TypedAttr>(constant)));
  return vector::BroadcastOp::create(b, loc, type, scalar);
}

/// Maps the payload's input arguments to their vectors at the loop indices
/// `ivs` (the innermost one the first of `width` iterations).
void mapInputVectors(OpBuilder &b, Location loc, linalg::GenericOp op,
                     int64_t width, ValueRange ivs, IRMapping &mapping) {
  unsigned innermost = op.getNumLoops() - 1;
  auto vectorOf = [&](Type type) { return VectorType::get({width}, type); };
  Block &body = op.getRegion().front();
  for (OpOperand *input : op.getDpsInputOperands()) {
    Value value = input->get();
    BlockArgument argument = body.getArgument(input->getOperandNumber());
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type) {
      mapping.map(argument, broadcastToVector(b, loc, value, width));
      continue;
    }
    AffineMap map = op.getMatchingIndexingMap(input);
    SmallVector<Value> indices = applyIndexingMap(b, loc, map, ivs);
    Access access = classifyAccess(map, innermost, width);
    if (access == Access::Contiguous) {
      Value padding = ub::PoisonOp::create(b, loc, type.getElementType());
      mapping.map(argument, vector::TransferReadOp::create(
                                b, loc, vectorOf(type.getElementType()), value,
                                indices, padding, ArrayRef<bool>{true}));
    } else if (access == Access::Gathered) {
      // One element per lane; the payload (a decode, say) still runs on
      // vectors, which is where the time goes.
      SmallVector<Value> elements;
      SmallVector<Value> laneIvs(ivs);
      for (int64_t lane = 0; lane < width; ++lane) {
        laneIvs[innermost] =
            arith::AddIOp::create(b, loc, ivs[innermost],
                                  arith::ConstantIndexOp::create(b, loc, lane));
        elements.push_back(tensor::ExtractOp::create(
            b, loc, value, applyIndexingMap(b, loc, map, laneIvs)));
      }
      mapping.map(argument,
                  vector::FromElementsOp::create(
                      b, loc, vectorOf(type.getElementType()), elements));
    } else {
      mapping.map(argument,
                  broadcastToVector(
                      b, loc, tensor::ExtractOp::create(b, loc, value, indices),
                      width));
    }
  }
}

/// The vector of `scalar` (a payload value, or one defined above the
/// generic: the same in every lane).
Value lookupVector(OpBuilder &b, Location loc, Value scalar, int64_t width,
                   IRMapping &mapping) {
  if (Value mapped = mapping.lookupOrNull(scalar))
    return mapped;
  Value vector = broadcastToVector(b, loc, scalar, width);
  mapping.map(scalar, vector);
  return vector;
}

/// Clones the payload of `op` on vectors, up to (not including) `stop`.
void clonePayloadOnVectors(OpBuilder &b, Location loc, linalg::GenericOp op,
                           int64_t width, IRMapping &mapping,
                           Operation *stop = nullptr) {
  for (Operation &payload : op.getRegion().front().without_terminator()) {
    if (&payload == stop)
      return;
    if (auto constant = dyn_cast<arith::ConstantOp>(payload)) {
      mapping.map(constant.getResult(),
                  broadcastToVector(b, loc, constant.getResult(), width));
      continue;
    }
    // The payload op's own location: after fusion the payload holds the
    // ops of several generics, and profiles and debug info tell them apart.
    OperationState state(payload.getLoc(), payload.getName());
    for (Value operand : payload.getOperands())
      state.addOperands(lookupVector(b, loc, operand, width, mapping));
    state.addTypes(VectorType::get({width}, payload.getResult(0).getType()));
    state.addAttributes(payload.getAttrs());
    mapping.map(payload.getResult(0), b.create(state)->getResult(0));
  }
}

/// One vector of iterations: reads, the payload on vectors, writes (into
/// `outputs`, which are tiles of one row along loop `tileDim` when given).
SmallVector<Value> buildVectorBody(OpBuilder &b, Location loc,
                                   linalg::GenericOp op, int64_t width,
                                   ValueRange ivs, ValueRange outputs,
                                   std::optional<unsigned> tileDim) {
  IRMapping mapping;
  mapInputVectors(b, loc, op, width, ivs, mapping);
  // Outputs are indexed like the loops, but for the row of a one-row tile.
  SmallVector<Value> outputIndices(ivs);
  if (tileDim)
    outputIndices[*tileDim] = arith::ConstantIndexOp::create(b, loc, 0);
  // A payload may read its outputs: a per-block amax over 1x1 blocks is a
  // "reduction" with no reduced dimension, maximumf(%out, |%in|) on
  // parallel loops only. Output maps are identities, so the lanes' current
  // values are one contiguous vector of the loop-carried tensor.
  for (auto [init, output] : llvm::zip(op.getDpsInitsMutable(), outputs)) {
    BlockArgument argument = op.getMatchingBlockArgument(&init);
    if (argument.use_empty())
      continue;
    Type elementType =
        cast<RankedTensorType>(output.getType()).getElementType();
    Value padding = ub::PoisonOp::create(b, loc, elementType);
    mapping.map(argument,
                vector::TransferReadOp::create(
                    b, loc, VectorType::get({width}, elementType), output,
                    outputIndices, padding, ArrayRef<bool>{true}));
  }
  clonePayloadOnVectors(b, loc, op, width, mapping);
  SmallVector<Value> written;
  auto yield = cast<linalg::YieldOp>(op.getRegion().front().getTerminator());
  for (auto [value, output] : llvm::zip(yield.getValues(), outputs))
    written.push_back(vector::TransferWriteOp::create(
                          b, loc, lookupVector(b, loc, value, width, mapping),
                          output, outputIndices, ArrayRef<bool>{true})
                          .getResult());
  return written;
}

/// One output element of an innermost reduction (`combiner`, see
/// getInnermostCombiner) at the parallel indices `ivs`: the payload on
/// vectors over the reduced loop, combined lane by lane from the first
/// vector on, then across the lanes, then with the output's value.
SmallVector<Value> buildReductionBody(OpBuilder &b, Location loc,
                                      linalg::GenericOp op, int64_t width,
                                      Operation *combiner, ValueRange ivs,
                                      ValueRange outputs,
                                      std::optional<unsigned> tileDim) {
  BlockArgument out = op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  const unsigned outOperand = combiner->getOperand(0) == out ? 0 : 1;
  Value reducedValue = combiner->getOperand(1 - outOperand);
  // The payload's values to combine for the vector of the reduced loop at
  // `r`.
  auto valuesAt = [&](OpBuilder &nb, Location nloc, Value r) -> Value {
    SmallVector<Value> indices(ivs);
    indices.push_back(r);
    IRMapping mapping;
    mapInputVectors(nb, nloc, op, width, indices, mapping);
    clonePayloadOnVectors(nb, nloc, op, width, mapping, combiner);
    return lookupVector(nb, nloc, reducedValue, width, mapping);
  };
  auto combine = [&](OpBuilder &nb, Location nloc, Value x, Value y) {
    OperationState state(combiner->getLoc(), combiner->getName());
    state.addOperands({x, y});
    state.addTypes(x.getType());
    state.addAttributes(combiner->getAttrs());
    return nb.create(state)->getResult(0);
  };
  const int64_t size = op.getStaticLoopRanges().back();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  auto loop = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, width),
      arith::ConstantIndexOp::create(b, loc, size),
      arith::ConstantIndexOp::create(b, loc, width),
      ValueRange{valuesAt(b, loc, zero)},
      [&](OpBuilder &nb, Location nloc, Value r, ValueRange lanes) {
        scf::YieldOp::create(
            nb, nloc, combine(nb, nloc, lanes[0], valuesAt(nb, nloc, r)));
      });
  Value reduced = vector::ReductionOp::create(
      b, loc, getCombiningKind(combiner), loop.getResult(0));
  SmallVector<Value> outputIndices(ivs);
  if (tileDim)
    outputIndices[*tileDim] = zero;
  Value current = tensor::ExtractOp::create(b, loc, outputs[0], outputIndices);
  SmallVector<Value, 2> operands{reduced, reduced};
  operands[outOperand] = current;
  OperationState state(combiner->getLoc(), combiner->getName());
  state.addOperands(operands);
  state.addTypes(current.getType());
  state.addAttributes(combiner->getAttrs());
  Value result = b.create(state)->getResult(0);
  return {tensor::InsertOp::create(b, loc, result, outputs[0], outputIndices)
              .getResult()};
}

/// Below this many elements an op runs on one thread: forking costs more
/// than it saves.
constexpr int64_t kParallelElements = 1 << 15;

/// The loop of `op` that runs in parallel, one row a tile: the outermost
/// that is not a unit loop (a batch of one), unless it is the innermost
/// (the vector loop) or the op is small.
std::optional<unsigned> getParallelDim(linalg::GenericOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t elements = 1;
  for (int64_t range : ranges)
    elements *= range;
  if (elements < kParallelElements)
    return std::nullopt;
  for (unsigned dim = 0; dim + 1 < ranges.size(); ++dim)
    if (ranges[dim] > 1)
      return dim;
  return std::nullopt;
}

/// The loop nest over every dimension (the innermost by `width`), carrying
/// the output tensors (tiles of one row along loop `tileDim` when given).
SmallVector<Value> buildLoopNest(OpBuilder &b, Location loc,
                                 linalg::GenericOp op, int64_t width,
                                 unsigned dim, SmallVector<Value> &ivs,
                                 ValueRange outputs,
                                 std::optional<unsigned> tileDim) {
  // An innermost reduction's nest covers the parallel loops only.
  const bool reduction = op.getNumLoops() != op.getNumParallelLoops();
  const unsigned depth = reduction ? op.getNumLoops() - 1 : op.getNumLoops();
  if (dim == depth)
    return reduction
               ? buildReductionBody(
                     b, loc, op, width,
                     getInnermostCombiner(op, /*reassociateSums=*/true), ivs,
                     outputs, tileDim)
               : buildVectorBody(b, loc, op, width, ivs, outputs, tileDim);
  if (!tileDim && dim < depth && getParallelDim(op) == dim) {
    // The rows in parallel: each iteration writes its own row (the unit
    // loops outside it, at 0, index the tiles as they do the outputs).
    SmallVector<int64_t> tileSizes(op.getStaticLoopRanges());
    tileSizes.resize(depth);
    tileSizes[dim] = 1;
    auto rowBody = [&](OpBuilder &nested, Location nestedLoc,
                       ValueRange offsets,
                       ValueRange tiles) -> SmallVector<Value> {
      ivs.push_back(offsets[dim]);
      SmallVector<Value> results =
          buildLoopNest(nested, nestedLoc, op, width, dim + 1, ivs, tiles, dim);
      ivs.pop_back();
      return results;
    };
    return buildParallelTiles(b, loc, outputs, tileSizes, rowBody);
  }
  int64_t size = op.getStaticLoopRanges()[dim];
  bool innermost = dim + 1 == op.getNumLoops();
  Value lower = arith::ConstantIndexOp::create(b, loc, 0);
  Value upper = arith::ConstantIndexOp::create(b, loc, size);
  Value step = arith::ConstantIndexOp::create(b, loc, innermost ? width : 1);
  auto loop =
      scf::ForOp::create(b, loc, lower, upper, step, outputs,
                         [&](OpBuilder &nested, Location nestedLoc, Value iv,
                             ValueRange iterArgs) {
                           ivs.push_back(iv);
                           SmallVector<Value> results =
                               buildLoopNest(nested, nestedLoc, op, width,
                                             dim + 1, ivs, iterArgs, tileDim);
                           ivs.pop_back();
                           scf::YieldOp::create(nested, nestedLoc, results);
                         });
  return SmallVector<Value>(loop.getResults());
}

} // namespace

/// tensor.pad of static shape with a constant value as a fill of the
/// result and an elementwise copy of the source into its interior
/// (extract_slice, copy, insert_slice): bufferized in place, the copy writes
/// the padded buffer directly and is vector code, where the pad's own
/// bufferization copies through a strided memref.copy, one element at a
/// time in the runtime (0.7 ms for 128 x 30 x 30 f32 on Zen 3).
static void decomposeConstantPads(Operation *root) {
  SmallVector<tensor::PadOp> pads;
  root->walk([&](tensor::PadOp pad) {
    if (pad.getResultType().hasStaticShape() &&
        pad.getSourceType().hasStaticShape() && pad.getConstantPaddingValue() &&
        pad.getStaticLow().size() > 0 &&
        !ShapedType::isDynamicShape(pad.getStaticLow()))
      pads.push_back(pad);
  });
  IRRewriter rewriter(root->getContext());
  for (tensor::PadOp pad : pads) {
    rewriter.setInsertionPoint(pad);
    Location loc = pad.getLoc();
    RankedTensorType resultType = pad.getResultType();
    RankedTensorType sourceType = pad.getSourceType();
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          resultType.getElementType());
    Value filled = linalg::FillOp::create(rewriter, loc,
                                          pad.getConstantPaddingValue(), empty)
                       .getResult(0);
    SmallVector<OpFoldResult> offsets =
        getAsIndexOpFoldResult(rewriter.getContext(), pad.getStaticLow());
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(rewriter.getContext(), sourceType.getShape());
    SmallVector<OpFoldResult> strides(sourceType.getRank(),
                                      rewriter.getIndexAttr(1));
    Value interior = tensor::ExtractSliceOp::create(
        rewriter, loc, sourceType, filled, offsets, sizes, strides);
    AffineMap identity = rewriter.getMultiDimIdentityMap(sourceType.getRank());
    Value copied = linalg::GenericOp::create(
                       rewriter, loc, sourceType, pad.getSource(), interior,
                       ArrayRef<AffineMap>{identity, identity},
                       SmallVector<utils::IteratorType>(
                           sourceType.getRank(), utils::IteratorType::parallel),
                       [](OpBuilder &b, Location nloc, ValueRange args) {
                         linalg::YieldOp::create(b, nloc, args[0]);
                       })
                       .getResult(0);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(pad, copied, filled,
                                                       offsets, sizes, strides);
  }
}

/// Static fills of kParallelElements or more (a pad's fill, a matmul's zero
/// init) as generics that yield the value, so that they become parallel
/// vector stores: lowered alone, a fill is one thread's memset, and the
/// ResNet block's pads took as long on two threads as on one.
static void generalizeLargeFills(Operation *root) {
  SmallVector<linalg::FillOp> fills;
  root->walk([&](linalg::FillOp fill) {
    // Fills of buffers (the AMX kernel's accumulator tiles) stay.
    if (!fill.hasPureTensorSemantics())
      return;
    auto type = cast<RankedTensorType>(fill.getResultTypes().front());
    if (type.hasStaticShape() && type.getNumElements() >= kParallelElements)
      fills.push_back(fill);
  });
  IRRewriter rewriter(root->getContext());
  for (linalg::FillOp fill : fills) {
    rewriter.setInsertionPoint(fill);
    Value value = fill.value();
    auto type = cast<RankedTensorType>(fill.getResultTypes().front());
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        fill, type, ValueRange{}, fill.output(),
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(type.getRank())},
        SmallVector<utils::IteratorType>(type.getRank(),
                                         utils::IteratorType::parallel),
        [&](OpBuilder &b, Location loc, ValueRange) {
          linalg::YieldOp::create(b, loc, value);
        });
  }
}

/// Vectorizes the ops of `scope` under `root`, after fusing single-use
/// elementwise producers into the consumers that `fuseInto` accepts.
static void vectorize(Operation *root, const CPUTarget &target, Scope scope,
                      llvm::function_ref<bool(Operation *)> fuseInto) {
  MLIRContext *context = root->getContext();
  // Named elementwise ops and transposes that keep the innermost dimension
  // (attention's head split) as the generics they are, so that they fuse
  // and vectorize like the others. A transpose of the innermost dimension
  // (a weight's) would read one element a lane, with a stride of a row:
  // the scalar loops are faster (measured: BERT's FFN weights, 768 x
  // 3072, 10 ms as gathered vectors).
  if (scope == Scope::ElementwiseAndExactReductions) {
    SmallVector<linalg::LinalgOp> named;
    root->walk([&](linalg::LinalgOp op) {
      auto transpose = dyn_cast<linalg::TransposeOp>(op.getOperation());
      bool keepsInnermost =
          transpose && !transpose.getPermutation().empty() &&
          transpose.getPermutation().back() ==
              static_cast<int64_t>(transpose.getPermutation().size()) - 1;
      if (!isa<linalg::GenericOp>(op) && op.hasPureTensorSemantics() &&
          (keepsInnermost || (!transpose && linalg::isElementwise(op))) &&
          !isa<linalg::FillOp>(op))
        named.push_back(op);
    });
    IRRewriter rewriter(context);
    for (linalg::LinalgOp op : named) {
      rewriter.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(rewriter, op);
    }
  }
  // Producer-consumer fusion first (a decode and its scale multiply, an
  // epilogue and its bias add, softmax's exp and its sum): one loop, one
  // pass over memory.
  {
    RewritePatternSet patterns(context);
    // Only single-use producers: fusing others would compute them twice.
    // Nor into a consumer that reads a window (an index adding two loops,
    // as an im2col copy does): it reads each element once per window
    // position and would compute the producer as often.
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [&](OpOperand *fused) {
          Operation *producer = fused->get().getDefiningOp();
          if (!producer || !producer->hasOneUse())
            return false;
          if (!fuseInto(fused->getOwner()))
            return false;
          auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
          if (!consumer)
            return true;
          return llvm::none_of(
              consumer.getMatchingIndexingMap(fused).getResults(),
              [](AffineExpr expr) {
                int64_t dims = 0;
                expr.walk([&](AffineExpr inner) {
                  dims += isa<AffineDimExpr>(inner);
                });
                return dims > 1;
              });
        });
    (void)applyPatternsGreedily(root, std::move(patterns));
  }
  // After fusion, whose patterns would give the copy a fresh output of its
  // own (it does not read it) and so a copy of the interior after all.
  if (scope == Scope::ElementwiseAndExactReductions) {
    decomposeConstantPads(root);
    generalizeLargeFills(root);
  }
  // Reductions over outer loops too: their innermost loop as a row
  // reduction of its own.
  splitOuterReductions(root, /*reassociateSums=*/scope == Scope::Reductions);
  SmallVector<linalg::GenericOp> candidates;
  root->walk([&](linalg::GenericOp op) { candidates.push_back(op); });
  IRRewriter rewriter(context);
  for (linalg::GenericOp op : candidates) {
    int64_t width = getVectorWidth(op, target.vectorWidth, scope);
    if (width == 0)
      continue;
    rewriter.setInsertionPoint(op);
    SmallVector<Value> ivs;
    SmallVector<Value> results =
        buildLoopNest(rewriter, op.getLoc(), op, width, 0, ivs,
                      op.getDpsInits(), /*tileDim=*/std::nullopt);
    rewriter.replaceOp(op, results);
  }
}

void mlir::fp8::vectorizeElementwiseOps(Operation *root,
                                        const CPUTarget &target) {
  vectorize(root, target, Scope::ElementwiseAndExactReductions,
            [](Operation *) { return true; });
}

void mlir::fp8::vectorizeInnermostReductions(Operation *root,
                                             const CPUTarget &target) {
  vectorize(root, target, Scope::Reductions, [](Operation *consumer) {
    auto generic = dyn_cast<linalg::GenericOp>(consumer);
    return generic && getInnermostCombiner(generic, /*reassociateSums=*/true);
  });
}

Operation *mlir::fp8::getReorderableCombiner(linalg::GenericOp op,
                                             bool reassociateSums) {
  if (op.getNumDpsInits() != 1 || op.getNumResults() != 1)
    return nullptr;
  BlockArgument out = op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  auto yield = cast<linalg::YieldOp>(op.getRegion().front().getTerminator());
  Operation *combiner = yield.getValues().front().getDefiningOp();
  if (!combiner || !out.hasOneUse() || *out.getUsers().begin() != combiner ||
      !isa<arith::MaximumFOp, arith::MinimumFOp, arith::MaxNumFOp,
           arith::MinNumFOp, arith::AddFOp>(combiner) ||
      combiner->getOperand(0) == combiner->getOperand(1))
    return nullptr;
  // The reference lowering's sums keep their order wherever they run.
  if ((!reassociateSums || op->hasAttr(kOrderedReductionAttrName)) &&
      !isa<arith::MaximumFOp, arith::MinimumFOp>(combiner))
    return nullptr;
  if (isa<arith::AddFOp>(combiner) && !out.getType().isF32())
    return nullptr;
  return combiner;
}
