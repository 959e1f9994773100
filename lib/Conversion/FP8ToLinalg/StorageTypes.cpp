//===- StorageTypes.cpp - dialect storage types to i8 ---------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The type converter that turns dialect FP8 storage types (!fp8.e3m4fn) into
// i8, in tensors and memrefs too, and the catch-all pattern that rewrites the
// types of every other op carrying them.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToLinalg/FP8ToLinalg.h"
#include "fp8/Dialect/FP8/IR/FP8Dialect.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

/// Rewrites the types of any op that carries dialect storage types
/// (tensor.empty, tensor.extract_slice, ...) to their i8 form; linalg ops
/// with their payloads (the im2col copy that fp8-fuse makes of a
/// convolution's FP8 input).
struct ConvertStorageTypes : public ConversionPattern {
  ConvertStorageTypes(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if ((op->getNumRegions() != 0 && !isa<linalg::LinalgOp>(op)) ||
        isa<FP8Dialect>(op->getDialect()))
      return rewriter.notifyMatchFailure(op, "not a plain op");
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName().getStringRef(), operands,
                         resultTypes, op->getAttrs(), op->getSuccessors());
    for (unsigned i = 0, e = op->getNumRegions(); i < e; ++i)
      state.addRegion();
    Operation *converted = rewriter.create(state);
    for (auto [from, to] :
         llvm::zip(op->getRegions(), converted->getRegions())) {
      rewriter.inlineRegionBefore(from, to, to.end());
      if (failed(rewriter.convertRegionTypes(&to, *getTypeConverter())))
        return failure();
    }
    rewriter.replaceOp(op, converted->getResults());
    return success();
  }
};

} // namespace

void mlir::fp8::populateFP8StorageTypeConversions(
    TypeConverter &typeConverter) {
  typeConverter.addConversion([](Type type) { return type; });
  typeConverter.addConversion([](FP8StorageTypeInterface type) -> Type {
    return IntegerType::get(type.getContext(), 8);
  });
  typeConverter.addConversion([&typeConverter](RankedTensorType type) -> Type {
    return type.clone(typeConverter.convertType(type.getElementType()));
  });
  typeConverter.addConversion([&typeConverter](MemRefType type) -> Type {
    return type.clone(typeConverter.convertType(type.getElementType()));
  });
  typeConverter.addConversion(
      [&typeConverter](UnrankedTensorType type) -> Type {
        return type.clone(typeConverter.convertType(type.getElementType()));
      });
  typeConverter.addConversion(
      [&typeConverter](UnrankedMemRefType type) -> Type {
        return UnrankedMemRefType::get(
            typeConverter.convertType(type.getElementType()),
            type.getMemorySpace());
      });
}

void mlir::fp8::populateFP8StorageTypePatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<ConvertStorageTypes>(typeConverter, patterns.getContext());
}
