//===- EraseDeadPoison.cpp - fp8-erase-dead-poison ------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Passes.h"

#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8ERASEDEADPOISONPASS
#include "fp8/Pipelines/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;

namespace {
struct EraseDeadPoisonPass
    : public fp8::impl::FP8EraseDeadPoisonPassBase<EraseDeadPoisonPass> {
  void runOnOperation() override {
    getOperation().walk([](ub::PoisonOp poison) {
      if (poison->use_empty())
        poison->erase();
    });
  }
};
} // namespace
