//===- FP8ToLinalg.cpp - convert-fp8-to-linalg driver ---------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// applyFP8Lowering, the one conversion driver of convert-fp8-to-linalg and
// convert-fp8-to-vector: the reference patterns of every op family
// (ElementwiseToLinalg, ScaledMatmulToLinalg, ObserveToRuntime) plus the
// caller's faster ones, storage types rewritten to i8 everywhere
// (StorageTypes), function signatures included.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToLinalg/FP8ToLinalg.h"

#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_CONVERTFP8TOLINALGPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

void mlir::fp8::populateFP8ToLinalgConversionPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  populateFP8ElementwiseToLinalgPatterns(typeConverter, patterns);
  populateFP8ScaledMatmulToLinalgPatterns(typeConverter, patterns);
}

LogicalResult mlir::fp8::applyFP8Lowering(Operation *root,
                                          const FP8LoweringOptions &options) {
  MLIRContext *context = root->getContext();
  // The memref forms come from bufferization, which runs after this
  // lowering; say so instead of "failed to legalize". Same for sizes the
  // lowering cannot pad.
  WalkResult memrefForms = root->walk([&](Operation *op) {
    if (!isa<FP8Dialect>(op->getDialect()) ||
        (isa<ObserveOp>(op) && !options.observersToRuntime))
      return WalkResult::advance();
    if (llvm::any_of(op->getOperandTypes(), llvm::IsaPred<MemRefType>)) {
      op->emitOpError("on memrefs is not lowered by ")
          << options.passName << "; run the pass before bufferization";
      return WalkResult::interrupt();
    }
    // The lowerings round sizes up to multiples of chunks, blocks and kernel
    // tiles, each at most the size itself: static sizes below 2^62 cannot
    // overflow; the types allow up to 2^63 - 1.
    auto tooLarge = [](Type type) {
      auto shaped = dyn_cast<ShapedType>(type);
      return shaped && shaped.hasRank() &&
             llvm::any_of(shaped.getShape(), [](int64_t size) {
               return size >= (int64_t(1) << 62);
             });
    };
    if (llvm::any_of(op->getOperandTypes(), tooLarge)) {
      op->emitOpError("has a dimension of 2^62 or more, which ")
          << options.passName << " does not lower";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (memrefForms.wasInterrupted())
    return failure();

  if (options.dropObservers && options.observersToRuntime)
    return root->emitError()
           << options.passName
           << ": drop-observers and observers-to-runtime exclude each other";

  TypeConverter typeConverter;
  populateFP8StorageTypeConversions(typeConverter);

  RewritePatternSet patterns(context);
  if (options.addPatterns)
    options.addPatterns(typeConverter, patterns);
  populateFP8ToLinalgConversionPatterns(typeConverter, patterns);
  if (options.dropObservers)
    populateFP8DropObserversPatterns(typeConverter, patterns);
  if (options.observersToRuntime)
    populateFP8ObserversToRuntimePatterns(typeConverter, patterns);
  populateFP8StorageTypePatterns(typeConverter, patterns);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 typeConverter);
  populateCallOpTypeConversionPattern(patterns, typeConverter);
  populateReturnOpTypeConversionPattern(patterns, typeConverter);

  ConversionTarget target(*context);
  target.addIllegalOp<QuantizeOp, DequantizeOp, DynamicQuantizeOp,
                      ScaledMatmulOp, BatchScaledMatmulOp>();
  if (options.dropObservers || options.observersToRuntime)
    target.addIllegalOp<ObserveOp>();
  else
    target.addLegalOp<ObserveOp>();
  target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
    return typeConverter.isSignatureLegal(op.getFunctionType()) &&
           typeConverter.isLegal(&op.getBody());
  });
  target.markUnknownOpDynamicallyLegal(
      [&](Operation *op) { return typeConverter.isLegal(op); });
  scf::populateSCFStructuralTypeConversionsAndLegality(typeConverter, patterns,
                                                       target);
  return applyPartialConversion(root, target, std::move(patterns));
}

namespace {
struct ConvertFP8ToLinalgPass
    : public mlir::fp8::impl::ConvertFP8ToLinalgPassBase<
          ConvertFP8ToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    FP8LoweringOptions options;
    options.passName = "convert-fp8-to-linalg";
    options.dropObservers = dropObservers;
    options.observersToRuntime = observersToRuntime;
    if (failed(applyFP8Lowering(getOperation(), options)))
      signalPassFailure();
  }
};
} // namespace
