//===- PipelineError.cpp - fp8-pipeline-error -----------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Passes.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8PIPELINEERRORPASS
#include "fp8/Pipelines/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;

namespace {
struct PipelineErrorPass
    : public fp8::impl::FP8PipelineErrorPassBase<PipelineErrorPass> {
  using Base::Base;
  void runOnOperation() override {
    emitError(getOperation()->getLoc(), message);
    signalPassFailure();
  }
};
} // namespace

std::unique_ptr<Pass> mlir::fp8::createPipelineErrorPass(std::string message) {
  FP8PipelineErrorPassOptions options;
  options.message = std::move(message);
  return createFP8PipelineErrorPass(options);
}
