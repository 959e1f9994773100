//===- ConvertAMXAndControlFlowToLLVM.cpp - fp8-convert-amx-and-cf-to-llvm ===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The AMX ops and the control flow lowered in one conversion, so that
// branches carrying AMX tiles (the AMX kernel's loop-carried accumulators)
// get !llvm.x86_amx operands: convert-cf-to-llvm alone does not know tile
// types.
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Passes.h"

#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/AMX/Transforms.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8CONVERTAMXANDCONTROLFLOWTOLLVMPASS
#include "fp8/Pipelines/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;

namespace {
struct ConvertAMXAndControlFlowToLLVMPass
    : public fp8::impl::FP8ConvertAMXAndControlFlowToLLVMPassBase<
          ConvertAMXAndControlFlowToLLVMPass> {
  void runOnOperation() override {
    bool hasTiles = false;
    getOperation().walk([&](Operation *op) {
      if (isa<amx::AMXDialect>(op->getDialect()))
        hasTiles = true;
    });
    if (!hasTiles)
      return;
    LLVMTypeConverter converter(&getContext());
    RewritePatternSet patterns(&getContext());
    populateAMXLegalizeForLLVMExportPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    cf::populateAssertToLLVMConversionPattern(converter, patterns);
    LLVMConversionTarget target(getContext());
    configureAMXLegalizeForExportTarget(target);
    target.addIllegalDialect<cf::ControlFlowDialect>();
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
