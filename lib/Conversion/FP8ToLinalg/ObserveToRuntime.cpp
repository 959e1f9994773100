//===- ObserveToRuntime.cpp - fp8.observe lowerings -----------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.observe either disappears (drop-observers) or becomes a call of the
// calibration runtime hook (observers-to-runtime), the ABI that
// lib/Runtime/ObserveHooks.cpp implements: @fp8_runtime_observe_<type>(values,
// id bytes), both unranked tensors, with the C interface.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToLinalg/FP8ToLinalg.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

struct DropObserveOp : public OpConversionPattern<ObserveOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ObserveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumResults() == 0)
      rewriter.eraseOp(op);
    else
      rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// fp8.observe %x {id} -> func.call @fp8_runtime_observe_<type>(%x, id bytes)
/// on unranked tensors; bufferization turns them into memrefs that the
/// runtime reads through the C interface.
struct ObserveOpToRuntimeCall : public OpConversionPattern<ObserveOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ObserveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumResults() == 0)
      return rewriter.notifyMatchFailure(
          op, "memref form: run convert-fp8-to-linalg before bufferization");
    Operation *symbolTableOp = SymbolTable::getNearestSymbolTable(op);
    if (!symbolTableOp)
      return rewriter.notifyMatchFailure(op, "no symbol table");
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type elementType = inputType.getElementType();
    StringRef suffix = elementType.isF32()   ? "f32"
                       : elementType.isF16() ? "f16"
                                             : "bf16";
    std::string hook = ("fp8_runtime_observe_" + suffix).str();

    auto unrankedValues = UnrankedTensorType::get(elementType);
    auto unrankedId = UnrankedTensorType::get(rewriter.getI8Type());
    auto hookType = rewriter.getFunctionType({unrankedValues, unrankedId}, {});
    if (!SymbolTable::lookupSymbolIn(symbolTableOp, hook)) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&symbolTableOp->getRegion(0).front());
      auto declaration = func::FuncOp::create(rewriter, loc, hook, hookType);
      declaration.setPrivate();
      declaration->setAttr("llvm.emit_c_interface", rewriter.getUnitAttr());
      // The hook only reads: bufferization must not copy for it.
      for (unsigned i = 0; i < 2; ++i)
        declaration.setArgAttr(i, "bufferization.access",
                               rewriter.getStringAttr("read"));
    }

    StringRef id = op.getId();
    SmallVector<int8_t> bytes(id.begin(), id.end());
    auto idType = RankedTensorType::get({static_cast<int64_t>(bytes.size())},
                                        rewriter.getI8Type());
    Value idTensor = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(idType, ArrayRef<int8_t>(bytes)));
    Value values = tensor::CastOp::create(rewriter, loc, unrankedValues, input);
    Value idValue = tensor::CastOp::create(rewriter, loc, unrankedId, idTensor);
    func::CallOp::create(rewriter, loc, hook, TypeRange(),
                         ValueRange{values, idValue});
    rewriter.replaceOp(op, input);
    return success();
  }
};

} // namespace

void mlir::fp8::populateFP8ObserversToRuntimePatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<ObserveOpToRuntimeCall>(typeConverter, patterns.getContext());
}

void mlir::fp8::populateFP8DropObserversPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<DropObserveOp>(typeConverter, patterns.getContext());
}
