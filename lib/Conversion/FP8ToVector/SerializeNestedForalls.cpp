//===- SerializeNestedForalls.cpp - fp8-serialize-nested-foralls ----------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every scf.forall inside another scf.forall as scf.for loops, by upstream's
// forallToForLoop: one level of threads, the outermost.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_SERIALIZENESTEDFORALLSPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;

namespace {
struct SerializeNestedForallsPass
    : public mlir::fp8::impl::SerializeNestedForallsPassBase<
          SerializeNestedForallsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<scf::ForallOp> nested;
    getOperation()->walk([&](scf::ForallOp forall) {
      if (forall->getParentOfType<scf::ForallOp>())
        nested.push_back(forall);
    });
    IRRewriter rewriter(&getContext());
    for (scf::ForallOp forall : nested) {
      rewriter.setInsertionPoint(forall);
      if (failed(scf::forallToForLoop(rewriter, forall))) {
        forall.emitOpError("cannot be made a sequential loop");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
