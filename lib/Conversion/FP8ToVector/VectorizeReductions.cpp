//===- VectorizeReductions.cpp - fp8-vectorize-reductions -----------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pass around vectorizeInnermostReductions (ElementwiseToVector.cpp,
// which shares the elementwise vectorizer's loop nest and payload cloning).
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_VECTORIZEREDUCTIONSPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

namespace {
struct VectorizeReductionsPass
    : public mlir::fp8::impl::VectorizeReductionsPassBase<
          VectorizeReductionsPass> {
  using Base::Base;

  void runOnOperation() override {
    vectorizeInnermostReductions(getOperation(), getCPUTarget(target));
  }
};
} // namespace
