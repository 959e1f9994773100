//===- FP8ToROCDL.h - fp8 ops to AMD GPU kernels ----------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_FP8TOROCDL_FP8TOROCDL_H
#define FP8_CONVERSION_FP8TOROCDL_FP8TOROCDL_H

#include "fp8/Conversion/FP8ToGPU/FP8ToGPU.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
namespace fp8 {

#define GEN_PASS_DECL_CONVERTFP8TOROCDLPASS
#include "fp8/Conversion/Passes.h.inc"

/// The AMD chips the lowering knows: gfx942 and gfx950.
bool isSupportedROCDLChip(StringRef chip);

/// The AMDGPU hooks of the shared kernels for `chip` (one of the above).
std::unique_ptr<FP8GPUTarget> createROCDLTarget(StringRef chip);

/// The kernel patterns for `target` (see populateFP8ToGPUKernelPatterns).
void populateFP8ToROCDLPatterns(const FP8GPUTarget &target,
                                RewritePatternSet &patterns);

} // namespace fp8
} // namespace mlir

#endif // FP8_CONVERSION_FP8TOROCDL_FP8TOROCDL_H
