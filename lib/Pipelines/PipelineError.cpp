//===- PipelineError.cpp - a pass that reports a bad pipeline option ------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "PipelineError.h"

using namespace mlir;

namespace {
struct PipelineErrorPass
    : public PassWrapper<PipelineErrorPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(PipelineErrorPass)
  explicit PipelineErrorPass(std::string message)
      : message(std::move(message)) {}
  StringRef getArgument() const override { return "fp8-pipeline-error"; }
  void runOnOperation() override {
    emitError(getOperation()->getLoc(), message);
    signalPassFailure();
  }
  std::string message;
};
} // namespace

std::unique_ptr<Pass> mlir::fp8::createPipelineErrorPass(std::string message) {
  return std::make_unique<PipelineErrorPass>(std::move(message));
}
