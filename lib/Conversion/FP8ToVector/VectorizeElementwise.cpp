//===- VectorizeElementwise.cpp - fp8-vectorize-elementwise ---------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pass around vectorizeElementwiseOps (ElementwiseToVector.cpp). It runs
// after convert-fp8-to-vector in fp8-cpu-pipeline: the FP8 encode/decode
// payloads that lowering leaves are elementwise arith ops, so they become
// vector code as they are.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_VECTORIZEELEMENTWISEPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

namespace {
struct VectorizeElementwisePass
    : public mlir::fp8::impl::VectorizeElementwisePassBase<
          VectorizeElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    vectorizeElementwiseOps(getOperation(), getCPUTarget(target));
  }
};
} // namespace
