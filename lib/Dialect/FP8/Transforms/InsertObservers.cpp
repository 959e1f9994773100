//===- InsertObservers.cpp - fp8-insert-observers -------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Dialect/FP8/Transforms/Passes.h"
#include "fp8/Dialect/FP8/Transforms/QuantizationTargets.h"
#include "mlir/IR/Builders.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8INSERTOBSERVERSPASS
#include "fp8/Dialect/FP8/Transforms/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

namespace {
struct FP8InsertObserversPass
    : public mlir::fp8::impl::FP8InsertObserversPassBase<
          FP8InsertObserversPass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation().walk([&](FunctionOpInterface function) {
      for (QuantizationTarget &target :
           collectQuantizationTargets(function, scheme)) {
        Value value = target.uses.front()->get();
        auto type = dyn_cast<RankedTensorType>(value.getType());
        if (target.isConstant || !type ||
            !isWideFloatType(type.getElementType()))
          continue;
        // Running the pass twice adds nothing.
        if (auto existing = value.getDefiningOp<ObserveOp>();
            existing && existing.getId() == target.id)
          continue;
        OpBuilder builder(target.anchor);
        auto observe = ObserveOp::create(builder, target.anchor->getLoc(),
                                         value, target.id);
        for (OpOperand *use : target.uses)
          use->set(observe.getResult());
      }
    });
  }
};
} // namespace
