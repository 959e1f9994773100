//===- StripBufferizationAccess.cpp - fp8-strip-bufferization-access ------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8STRIPBUFFERIZATIONACCESSPASS
#include "fp8/Pipelines/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;

namespace {
struct StripBufferizationAccessPass
    : public fp8::impl::FP8StripBufferizationAccessPassBase<
          StripBufferizationAccessPass> {
  void runOnOperation() override {
    getOperation().walk([](FunctionOpInterface function) {
      for (unsigned i = 0, e = function.getNumArguments(); i < e; ++i)
        function.removeArgAttr(i, "bufferization.access");
    });
  }
};
} // namespace
