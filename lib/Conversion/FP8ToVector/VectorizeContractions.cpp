//===- VectorizeContractions.cpp - fp8-vectorize-contractions -------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The matmuls a model keeps in f32 (skip-first-last, exclude=, un-quantized
// models) on the scaled-matmul kernel's loop nest (KernelUtils.h) with wide
// operands: nothing to decode, no scales. A is packed by blocks of rows and
// B into panels, as for FP8, so that the micro-kernel streams both; with
// one block of rows and B stored [K, N], B is read in place instead (its
// bytes cross memory once).
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_VECTORIZECONTRACTIONSPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

namespace {

/// A static f32 contraction C [(batch,) M, N] += A * B, read through the
/// op's indexing maps.
struct Contraction {
  int64_t m, n, k;
  std::optional<int64_t> batches;
  /// Position of the batch in each operand (A, B, C); none: not batched.
  SmallVector<std::optional<unsigned>, 3> batchPosition;
  /// A stored [K, M]; B stored [N, K].
  bool transposedA, transposedB;
  /// With several M dimensions (a linear layer on [batch, seq, hidden]):
  /// how A's and C's dimensions (batch cut) collapse into 2-D ones.
  SmallVector<ReassociationIndices> collapseA, collapseC;
};

/// `dims` (an operand's loop dimensions in storage order) with the run of
/// `group` (in its order) as one dimension `marker`, and the reassociation
/// that collapses it; failure if `group` is not a run of `dims`.
static FailureOr<SmallVector<ReassociationIndices>>
collapseRun(SmallVector<unsigned> &dims, ArrayRef<unsigned> group,
            unsigned marker) {
  auto start = llvm::find(dims, group.front());
  if (start == dims.end() ||
      static_cast<size_t>(dims.end() - start) < group.size() ||
      !std::equal(group.begin(), group.end(), start))
    return failure();
  const int64_t first = start - dims.begin();
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t i = 0, e = dims.size(); i < e;) {
    if (i == first) {
      ReassociationIndices run;
      for (size_t j = 0; j < group.size(); ++j)
        run.push_back(i + j);
      reassociation.push_back(run);
      i += group.size();
    } else {
      reassociation.push_back({i++});
    }
  }
  dims.erase(start, start + group.size());
  dims.insert(dims.begin() + first, marker);
  return reassociation;
}

/// Position of loop dimension `dim` among the results of `map`, or none.
static std::optional<unsigned> positionOf(AffineMap map, unsigned dim) {
  return map.getResultPosition(getAffineDimExpr(dim, map.getContext()));
}

static FailureOr<Contraction> matchContraction(linalg::LinalgOp op,
                                               PatternRewriter &rewriter) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics() || !linalg::isaContractionOpInterface(op))
    return rewriter.notifyMatchFailure(op, "not a tensor contraction");
  for (Value operand : op->getOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not static f32");
  }
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims))
    return rewriter.notifyMatchFailure(op, "not a contraction");
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  // A dimension of B and C only that is outermost in both (the images of
  // an NCHW convolution's im2col, against a filter A they share) is a batch
  // that A does not have: a loop around the kernel, A the same each time.
  if (dims->batch.empty() && dims->n.size() == 2)
    for (unsigned dim : dims->n)
      if (maps[1].getResult(0) == getAffineDimExpr(dim, op.getContext()) &&
          maps[2].getResult(0) == getAffineDimExpr(dim, op.getContext())) {
        dims->batch.push_back(dim);
        llvm::erase(dims->n, dim);
        break;
      }
  if (dims->m.empty() || dims->n.size() != 1 || dims->k.size() != 1 ||
      dims->batch.size() > 1)
    return rewriter.notifyMatchFailure(op, "not one N and K");
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  const unsigned m = dims->m.front(), n = dims->n.front(), k = dims->k.front();
  Contraction contraction;
  contraction.m = 1;
  for (unsigned dim : dims->m)
    contraction.m *= ranges[dim];
  contraction.n = ranges[n];
  contraction.k = ranges[k];
  if (contraction.m == 0 || contraction.n == 0 || contraction.k == 0)
    return rewriter.notifyMatchFailure(op, "empty dimension");
  std::optional<unsigned> batch;
  if (!dims->batch.empty()) {
    batch = dims->batch.front();
    contraction.batches = ranges[*batch];
  }
  // Each operand's own dimensions, in storage order once the batch is cut.
  auto order = [&](AffineMap map) {
    SmallVector<unsigned> dimsInOrder;
    for (AffineExpr result : map.getResults())
      if (auto dim = dyn_cast<AffineDimExpr>(result);
          dim && (!batch || dim.getPosition() != *batch))
        dimsInOrder.push_back(dim.getPosition());
    return dimsInOrder;
  };
  for (AffineMap map : maps) {
    if (!map.isProjectedPermutation())
      return rewriter.notifyMatchFailure(op, "not a permutation");
    contraction.batchPosition.push_back(batch ? positionOf(map, *batch)
                                              : std::nullopt);
  }
  SmallVector<unsigned> a = order(maps[0]), b = order(maps[1]),
                        c = order(maps[2]);
  if (dims->m.size() > 1) {
    // The M dimensions in C's order, a run in both A and C.
    SmallVector<unsigned> group;
    for (unsigned dim : c)
      if (llvm::is_contained(dims->m, dim))
        group.push_back(dim);
    FailureOr<SmallVector<ReassociationIndices>> collapseA =
        collapseRun(a, group, m);
    FailureOr<SmallVector<ReassociationIndices>> collapseC =
        collapseRun(c, group, m);
    if (failed(collapseA) || failed(collapseC))
      return rewriter.notifyMatchFailure(op, "M dimensions not adjacent");
    contraction.collapseA = *collapseA;
    contraction.collapseC = *collapseC;
  }
  if (c != SmallVector<unsigned>{m, n})
    return rewriter.notifyMatchFailure(op, "C not stored [M, N]");
  contraction.transposedA = a == SmallVector<unsigned>{k, m};
  contraction.transposedB = b == SmallVector<unsigned>{n, k};
  return contraction;
}

/// `matrix` ([K, X] with `kFirst`, else [X, K]) padded with zeros along X
/// to `xPadded` and packed by blocks of `blockSize` along X:
/// [xPadded / blockSize, K, blockSize]. A by blocks of rows and B by panels
/// are both this copy (ElementwiseToVector takes it).
static Value packByBlocks(OpBuilder &b, Location loc, Value matrix, bool kFirst,
                          int64_t k, int64_t xPadded, int64_t blockSize) {
  Value padded = padFloatTensor(b, loc, matrix, kFirst ? 1 : 0, xPadded, 0.0);
  const int64_t blocks = xPadded / blockSize;
  auto type = cast<RankedTensorType>(padded.getType());
  Value split = tensor::ExpandShapeOp::create(
      b, loc,
      type.clone(kFirst ? SmallVector<int64_t>{k, blocks, blockSize}
                        : SmallVector<int64_t>{blocks, blockSize, k}),
      padded,
      kFirst ? SmallVector<ReassociationIndices>{{0}, {1, 2}}
             : SmallVector<ReassociationIndices>{{0, 1}, {2}});
  // (block, k, lane) of the packed matrix.
  AffineExpr block = b.getAffineDimExpr(0), kk = b.getAffineDimExpr(1),
             lane = b.getAffineDimExpr(2);
  AffineMap map =
      AffineMap::get(3, 0,
                     kFirst ? SmallVector<AffineExpr>{kk, block, lane}
                            : SmallVector<AffineExpr>{block, lane, kk},
                     b.getContext());
  Value init = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{blocks, k, blockSize}, type.getElementType());
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{split}, ValueRange{init},
             ArrayRef<AffineMap>{map, b.getMultiDimIdentityMap(3)},
             SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, args[0]);
             })
      .getResult(0);
}

/// A^T [K, M] as A [mPadded, K] (rows beyond M zero).
static Value transposeToRows(OpBuilder &b, Location loc, Value aT,
                             int64_t mPadded) {
  Value padded = padFloatTensor(b, loc, aT, 1, mPadded, 0.0);
  auto type = cast<RankedTensorType>(padded.getType());
  const int64_t k = type.getDimSize(0);
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{mPadded, k},
                                       type.getElementType());
  AffineExpr row = b.getAffineDimExpr(0), kk = b.getAffineDimExpr(1);
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{padded}, ValueRange{init},
             ArrayRef<AffineMap>{
                 AffineMap::get(2, 0, {kk, row}, b.getContext()),
                 b.getMultiDimIdentityMap(2)},
             SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, args[0]);
             })
      .getResult(0);
}

/// The 2-D contraction C [M, N] + A * B on the kernel of `target`.
static Value buildContractionKernel(OpBuilder &b, Location loc,
                                    const CPUTarget &target,
                                    const Contraction &shape, Value a,
                                    Value bMatrix, Value init) {
  const int64_t m = shape.m, n = shape.n, k = shape.k;
  const int64_t width = target.vectorWidth, columnVectors = 2;
  const int64_t panelWidth = columnVectors * width;
  // One block of rows (GEMV, small batches) gets as many rows as A has.
  const int64_t rows = std::min(target.kernelRowsOneChunk, m);
  const int64_t mPadded = roundUp(m, rows), nPadded = roundUp(n, panelWidth);
  const int64_t panels = nPadded / panelWidth;
  Type f32 = b.getF32Type();
  auto vectorType = VectorType::get({width}, f32);
  auto index = [&](OpBuilder &builder, int64_t value) -> Value {
    return arith::ConstantIndexOp::create(builder, loc, value);
  };

  // A row-major [Mp, K]: the micro-kernels read its rows in place (A^T is
  // transposed once).
  Value aRows = shape.transposedA ? transposeToRows(b, loc, a, mPadded)
                                  : padFloatTensor(b, loc, a, 0, mPadded, 0.0);

  // B: read in place when one block of rows passes over it once (and its
  // rows hold whole panels), else packed into panels [P, K, NR].
  Value padding = ub::PoisonOp::create(b, loc, f32);
  const bool bInPlace = mPadded == rows && !shape.transposedB && n == nPadded;
  Value bPacked;
  if (!bInPlace)
    bPacked = packByBlocks(b, loc, bMatrix, /*kFirst=*/!shape.transposedB, k,
                           nPadded, panelWidth);

  auto fma = [](OpBuilder &nb, Location nloc, Value x, Value y,
                Value sum) -> Value {
    return vector::FMAOp::create(nb, nloc, x, y, sum);
  };
  auto step = [&](OpBuilder &nb, Location nloc, Value row0, Value panel,
                  Value k0, ValueRange accumulators) {
    SmallVector<Value> columns;
    for (int64_t v = 0; v < columnVectors; ++v) {
      Value lane = index(nb, v * width);
      columns.push_back(
          bInPlace
              ? vector::TransferReadOp::create(
                    nb, nloc, vectorType, bMatrix,
                    ValueRange{k0,
                               arith::AddIOp::create(
                                   nb, nloc,
                                   arith::MulIOp::create(nb, nloc, panel,
                                                         index(nb, panelWidth)),
                                   lane)},
                    padding, ArrayRef<bool>{true})
              : vector::TransferReadOp::create(nb, nloc, vectorType, bPacked,
                                               ValueRange{panel, k0, lane},
                                               padding, ArrayRef<bool>{true}));
    }
    return buildBroadcastProducts(nb, nloc, aRows, row0, k0, rows, columns,
                                  accumulators, fma);
  };
  Value total = buildRegisterBlockedKernel(
      b, loc, vectorType, rows, mPadded, panels, /*chunks=*/1,
      /*promotion=*/k, /*kEnd=*/k, /*kStep=*/1, ChunkScales{}, step,
      columnVectors,
      tileRowsStayInL1(rows, k, /*bytes=*/4)
          ? std::nullopt
          : std::optional<CacheBlocks>(target.cacheBlocks));
  return buildKernelEpilogue(b, loc, total, m, n, init, /*bias=*/Value());
}

struct ContractionToKernel
    : public OpInterfaceRewritePattern<linalg::LinalgOp> {
  ContractionToKernel(MLIRContext *context, const CPUTarget &target)
      : OpInterfaceRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<Contraction> shape = matchContraction(op, rewriter);
    if (failed(shape))
      return failure();
    Location loc = op.getLoc();
    Value a = op.getDpsInputOperand(0)->get();
    Value b = op.getDpsInputOperand(1)->get();
    Value init = op.getDpsInitOperand(0)->get();
    // Several M dimensions: the kernel on A and C collapsed to 2-D.
    auto kernel = [&](OpBuilder &nb, Location nloc, Value a, Value b,
                      Value init) -> Value {
      if (shape->collapseA.empty())
        return buildContractionKernel(nb, nloc, target, *shape, a, b, init);
      auto initType = cast<RankedTensorType>(init.getType());
      Value result = buildContractionKernel(
          nb, nloc, target, *shape,
          tensor::CollapseShapeOp::create(nb, nloc, a, shape->collapseA), b,
          tensor::CollapseShapeOp::create(nb, nloc, init, shape->collapseC));
      return tensor::ExpandShapeOp::create(nb, nloc, initType, result,
                                           shape->collapseC);
    };
    if (!shape->batches) {
      rewriter.replaceOp(op, kernel(rewriter, loc, a, b, init));
      return success();
    }
    // The batch: a loop around the kernel, on each operand's slice.
    auto sliceInfo = [&](OpBuilder &builder, Value source, unsigned position,
                         Value i) {
      auto type = cast<RankedTensorType>(source.getType());
      SmallVector<OpFoldResult> offsets(3, builder.getIndexAttr(0)), sizes,
          strides(3, builder.getIndexAttr(1));
      SmallVector<int64_t> sliceShape;
      for (auto [dim, size] : llvm::enumerate(type.getShape())) {
        sizes.push_back(builder.getIndexAttr(dim == position ? 1 : size));
        if (dim != position)
          sliceShape.push_back(size);
      }
      offsets[position] = i;
      return std::make_tuple(
          RankedTensorType::get(sliceShape, builder.getF32Type()), offsets,
          sizes, strides);
    };
    auto sliceOf = [&](OpBuilder &builder, Value source,
                       std::optional<unsigned> position, Value i) -> Value {
      if (!position)
        return source;
      auto [type, offsets, sizes, strides] =
          sliceInfo(builder, source, *position, i);
      return tensor::ExtractSliceOp::create(builder, loc, type, source, offsets,
                                            sizes, strides);
    };
    auto loop = scf::ForOp::create(
        rewriter, loc, arith::ConstantIndexOp::create(rewriter, loc, 0),
        arith::ConstantIndexOp::create(rewriter, loc, *shape->batches),
        arith::ConstantIndexOp::create(rewriter, loc, 1), ValueRange{init},
        [&](OpBuilder &nb, Location nloc, Value i, ValueRange args) {
          Value result =
              kernel(nb, nloc, sliceOf(nb, a, shape->batchPosition[0], i),
                     sliceOf(nb, b, shape->batchPosition[1], i),
                     sliceOf(nb, args[0], shape->batchPosition[2], i));
          auto [type, offsets, sizes, strides] =
              sliceInfo(nb, args[0], *shape->batchPosition[2], i);
          scf::YieldOp::create(nb, nloc,
                               tensor::InsertSliceOp::create(nb, nloc, result,
                                                             args[0], offsets,
                                                             sizes, strides)
                                   .getResult());
        });
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }

  CPUTarget target;
};

struct VectorizeContractionsPass
    : public mlir::fp8::impl::VectorizeContractionsPassBase<
          VectorizeContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    const CPUTarget cpu = getCPUTarget(target);
    // f32 convolutions first become im2col copies and contractions
    // (upstream's rewriteInIm2Col), which the kernel then takes.
    auto staticF32 = [](Operation *op) {
      return llvm::all_of(op->getOperandTypes(), [](Type type) {
        auto tensor = dyn_cast<RankedTensorType>(type);
        return tensor && tensor.hasStaticShape() &&
               tensor.getElementType().isF32();
      });
    };
    SmallVector<Operation *> convolutions;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::Conv2DNhwcHwcfOp, linalg::Conv2DNhwcFhwcOp,
              linalg::Conv2DNchwFchwOp>(op) &&
          staticF32(op))
        convolutions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : convolutions) {
      rewriter.setInsertionPoint(op);
      (void)TypeSwitch<Operation *, LogicalResult>(op)
          .Case<linalg::Conv2DNhwcHwcfOp, linalg::Conv2DNhwcFhwcOp,
                linalg::Conv2DNchwFchwOp>([&](auto conv) {
            return linalg::rewriteInIm2Col(rewriter, conv);
          })
          .Default([](Operation *) { return failure(); });
    }
    // Unit loops out of every contraction (one image of NCHW is a batch of
    // one in the filter's product with the columns): then it is a plain
    // matmul the kernel takes.
    SmallVector<linalg::GenericOp> withUnitLoops;
    getOperation().walk([&](linalg::GenericOp op) {
      if (linalg::isaContractionOpInterface(op) && staticF32(op) &&
          llvm::is_contained(op.getStaticLoopRanges(), 1))
        withUnitLoops.push_back(op);
    });
    for (linalg::GenericOp op : withUnitLoops) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::DropUnitDimsResult> dropped =
          linalg::dropUnitDims(rewriter, op, {});
      if (succeeded(dropped))
        rewriter.replaceOp(op, dropped->replacements);
    }
    RewritePatternSet patterns(&getContext());
    populateVectorizeContractionsPatterns(patterns, cpu);
    // Each contraction once: the kernel's own ops are not contractions.
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace

void mlir::fp8::populateVectorizeContractionsPatterns(
    RewritePatternSet &patterns, const CPUTarget &target) {
  patterns.add<ContractionToKernel>(patterns.getContext(), target);
}
