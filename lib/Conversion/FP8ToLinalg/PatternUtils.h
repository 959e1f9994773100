//===- PatternUtils.h - helpers of the fp8-to-linalg patterns ---*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_FP8TOLINALG_PATTERNUTILS_H
#define LIB_CONVERSION_FP8TOLINALG_PATTERNUTILS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::fp8 {

/// Rejects the memref forms (they exist for bufferization, which comes
/// after this lowering) with a reason.
template <typename OpTy>
LogicalResult checkTensorForm(OpTy op, PatternRewriter &rewriter) {
  if (op->getNumResults() == 0)
    return rewriter.notifyMatchFailure(
        op, "memref form: run convert-fp8-to-linalg before bufferization");
  return success();
}

} // namespace mlir::fp8

#endif // LIB_CONVERSION_FP8TOLINALG_PATTERNUTILS_H
