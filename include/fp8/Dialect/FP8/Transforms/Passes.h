//===- Passes.h - fp8 quantization passes -----------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_DIALECT_FP8_TRANSFORMS_PASSES_H
#define FP8_DIALECT_FP8_TRANSFORMS_PASSES_H

#include "fp8/Dialect/FP8/IR/FP8Dialect.h"
#include "fp8/Dialect/FP8/Transforms/PassOptions.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;

namespace fp8 {

#define GEN_PASS_DECL
#include "fp8/Dialect/FP8/Transforms/Passes.h.inc"

/// Patterns of fp8-fuse: dequantize + matmul -> scaled_matmul (with the
/// accumulation recorded on the matmul, fp8.acc_type and fp8.chunk),
/// dequantize + 2-D convolution -> im2col of the codes + scaled_matmul, and
/// raising of FP8 matmuls and extf-multiply dequantization. A matmul whose
/// recorded chunk its scales rule out ((C8)) is left alone; fp8-fuse
/// reports it as an error first.
void populateFP8FusePatterns(RewritePatternSet &patterns);

/// Patterns of fp8-optimize: requantization removal and moving dequantize
/// through layout ops.
void populateFP8OptimizePatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "fp8/Dialect/FP8/Transforms/Passes.h.inc"

} // namespace fp8
} // namespace mlir

#endif // FP8_DIALECT_FP8_TRANSFORMS_PASSES_H
