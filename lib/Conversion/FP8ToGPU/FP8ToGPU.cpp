//===- FP8ToGPU.cpp - fp8 ops to GPU kernels, vendor-neutral part ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToGPU/FP8ToGPU.h"

#include "fp8/Conversion/FP8ToGPU/KernelBuilder.h"
#include "fp8/Dialect/FP8/IR/FP8Dialect.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

using namespace mlir;
using namespace mlir::fp8;

void mlir::fp8::populateFP8ToGPUKernelPatterns(const FP8GPUTarget &target,
                                               RewritePatternSet &patterns) {
  populateElementwiseKernelPatterns(target, patterns);
  populateMatmulKernelPatterns(target, patterns);
}

/// Diagnoses what the kernels cannot take, before anything is rewritten.
static LogicalResult checkLowerable(Operation *root,
                                    const FP8GPUTarget &target) {
  WalkResult result = root->walk([&](Operation *op) {
    if (!isa<FP8Dialect>(op->getDialect()))
      return WalkResult::advance();
    if (op->getNumResults() != 0) {
      op->emitError() << target.getPassName()
                      << ": expects the memref form of the fp8 ops (run it "
                         "after bufferization, as the pipeline does)";
      return WalkResult::interrupt();
    }
    for (Value operand : op->getOperands()) {
      Type element = getElementTypeOrSelf(operand.getType());
      // Dialect storage types (!fp8.e3m4fn) have no memref lowering yet.
      if (isFP8StorageType(element) && !isa<FloatType>(element)) {
        op->emitError() << target.getPassName() << " (chip " << target.getChip()
                        << "): FP8 type " << element
                        << " is not supported by the GPU kernels";
        return WalkResult::interrupt();
      }
      if (isFP8StorageType(element) && !isa<Float8E8M0FNUType>(element) &&
          failed(target.checkFormat(op, element)))
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

LogicalResult mlir::fp8::applyFP8ToGPULowering(Operation *root,
                                               const FP8GPUTarget &target) {
  RewritePatternSet patterns(root->getContext());
  populateFP8ToGPUKernelPatterns(target, patterns);
  return applyFP8ToGPULowering(root, target, std::move(patterns));
}

LogicalResult mlir::fp8::applyFP8ToGPULowering(Operation *root,
                                               const FP8GPUTarget &target,
                                               RewritePatternSet &&patterns) {
  if (failed(checkLowerable(root, target)))
    return failure();
  walkAndApplyPatterns(root, std::move(patterns));
  WalkResult left = root->walk([&](Operation *op) {
    if (!isa<FP8Dialect>(op->getDialect()))
      return WalkResult::advance();
    op->emitError() << target.getPassName() << ": could not lower this op";
    return WalkResult::interrupt();
  });
  return failure(left.wasInterrupted());
}
