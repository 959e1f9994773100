//===- FP8ToVector.cpp - convert-fp8-to-vector ----------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The fp8 lowering with the scaled-matmul micro-kernel first, then every
// elementwise linalg op tiled along its innermost dimension and vectorized:
// the FP8 encode/decode payloads (FloatCodec) are elementwise arith ops, so
// they become vector code as they are.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"

#include "fp8/Conversion/FP8ToLinalg/FP8ToLinalg.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/TargetParser/Host.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_CONVERTFP8TOVECTORPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

std::string mlir::fp8::hostCPUTargetName() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  return features.lookup("avx512f") ? "avx512" : "generic";
}

std::optional<CPUTarget> mlir::fp8::getCPUTarget(StringRef name,
                                                 std::string &error) {
  if (name == "host")
    return getCPUTarget(hostCPUTargetName(), error);
  if (name == "generic")
    return CPUTarget{"generic", /*vectorWidth=*/8, /*kernelRows=*/6,
                     /*kernelRowsOneChunk=*/8};
  if (name == "avx512")
    return CPUTarget{"avx512", /*vectorWidth=*/16, /*kernelRows=*/6,
                     /*kernelRowsOneChunk=*/8};
  if (name == "avx512fp16" || name == "avx512bf16" || name == "amx") {
    error = ("target '" + name +
             "' is not implemented yet; use avx512, generic or host")
                .str();
    return std::nullopt;
  }
  error = ("unknown target '" + name +
           "'; expected generic, avx512, avx512fp16, avx512bf16, amx or host")
              .str();
  return std::nullopt;
}

/// An all-parallel linalg op on static tensors (what the fp8 lowerings emit
/// for encode, decode, scales and epilogues).
static bool isStaticElementwise(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() ||
      op.getNumLoops() != op.getNumParallelLoops() || op.getNumLoops() == 0)
    return false;
  // i1 tensors are bytes in memory but bits in a vector load: leave them.
  return llvm::all_of(op->getOperandTypes(), [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return !shaped ||
           (shaped.hasStaticShape() && shaped.getElementType().isIntOrFloat() &&
            shaped.getElementType().getIntOrFloatBitWidth() >= 8);
  });
}

void mlir::fp8::vectorizeElementwiseOps(Operation *root,
                                        const CPUTarget &target) {
  SmallVector<linalg::LinalgOp> candidates;
  root->walk([&](linalg::LinalgOp op) {
    // Payloads that read their iteration index (stochastic rounding's
    // counter) vectorize into mismatched shapes upstream: leave them.
    bool readsIndex =
        op.getBlock() && !op.getBlock()->getOps<linalg::IndexOp>().empty();
    if (isStaticElementwise(op) && !readsIndex &&
        !isa<linalg::FillOp>(op.getOperation()))
      candidates.push_back(op);
  });
  IRRewriter rewriter(root->getContext());
  for (linalg::LinalgOp op : candidates) {
    unsigned loops = op.getNumLoops();
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    // One vector along the innermost dimension, one element elsewhere; a
    // short innermost dimension gains nothing (and 1-element vectors trip
    // the vector-to-scf lowering).
    // The widest vector up to the target's that divides the dimension: no
    // partial tile, hence no masks (which the unit-dimension folding below
    // does not support).
    int64_t width = std::min<int64_t>(target.vectorWidth, ranges.back());
    while (ranges.back() % width != 0)
      --width;
    if (width < 4)
      continue;
    SmallVector<OpFoldResult> tileSizes(loops - 1, rewriter.getIndexAttr(1));
    tileSizes.push_back(rewriter.getIndexAttr(width));
    SmallVector<int64_t> vectorSizes(loops - 1, 1);
    vectorSizes.push_back(width);
    rewriter.setInsertionPoint(op);
    scf::SCFTilingOptions options;
    options.setTileSizes(tileSizes);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled))
      continue;
    rewriter.replaceOp(op, tiled->replacements);
    for (Operation *tiledOp : tiled->tiledOps) {
      // Tiles the vectorizer cannot handle (e.g. floordiv in an indexing
      // map, for block scales) stay scalar loops.
      if (failed(linalg::vectorizeOpPrecondition(tiledOp, vectorSizes)))
        continue;
      rewriter.setInsertionPoint(tiledOp);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, tiledOp, vectorSizes);
      if (succeeded(vectorized))
        rewriter.replaceOp(tiledOp, vectorized->replacements);
    }
  }

  // 1-D transfers without broadcasts: they lower to plain vector loads and
  // stores. (Left as vector<1xNx..> with broadcast maps, vector-to-scf
  // gives each a stack buffer, which inside these loops grows the stack
  // every iteration.)
  MLIRContext *context = root->getContext();
  RewritePatternSet patterns(context);
  vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorTransferDropUnitDimsPatterns(patterns);
  // With the vector ops' canonicalizations (identity broadcasts and
  // shape casts the patterns above leave), whatever order the driver
  // visits ops in.
  for (RegisteredOperationName name : context->getRegisteredOperations())
    if (name.getDialectNamespace() == vector::VectorDialect::getDialectNamespace())
      name.getCanonicalizationPatterns(patterns, context);
  FrozenRewritePatternSet frozen(std::move(patterns));
  GreedyRewriteConfig config;
  config.setMaxIterations(GreedyRewriteConfig::kNoLimit)
      .setMaxNumRewrites(GreedyRewriteConfig::kNoLimit);
  // A vector<1xN> transfer left behind would take the stack-buffer path:
  // apply until nothing changes.
  for (int round = 0; round < 4; ++round) {
    bool changed = false;
    (void)applyPatternsGreedily(root, frozen, config, &changed);
    if (!changed)
      break;
  }
}

namespace {
struct ConvertFP8ToVectorPass
    : public mlir::fp8::impl::ConvertFP8ToVectorPassBase<
          ConvertFP8ToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    std::string error;
    std::optional<CPUTarget> cpu = getCPUTarget(target, error);
    if (!cpu) {
      emitError(getOperation().getLoc()) << "convert-fp8-to-vector: " << error;
      return signalPassFailure();
    }
    FP8LoweringOptions options;
    options.passName = "convert-fp8-to-vector";
    options.observersToRuntime = observersToRuntime;
    options.dropObservers = !observersToRuntime;
    options.addPatterns = [&](const TypeConverter &typeConverter,
                              RewritePatternSet &patterns) {
      populateFP8ToVectorConversionPatterns(typeConverter, patterns, *cpu);
    };
    if (failed(applyFP8Lowering(getOperation(), options)))
      return signalPassFailure();
    if (vectorizeElementwise)
      vectorizeElementwiseOps(getOperation(), *cpu);
  }
};
} // namespace
