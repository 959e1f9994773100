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
#include "fp8/Conversion/PassOptions.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
namespace fp8 {

#define GEN_PASS_DECL_CONVERTFP8TOROCDLPASS
#include "fp8/Conversion/Passes.h.inc"

/// Whether `chip` names one of the AMD chips the lowering knows
/// (kROCDLChipNames: gfx942 and gfx950).
bool isSupportedROCDLChip(StringRef chip);

/// The AMDGPU hooks of the shared kernels for `chip`.
std::unique_ptr<FP8GPUTarget> createROCDLTarget(ROCDLChip chip);

/// The kernel patterns for `target` (see populateFP8ToGPUKernelPatterns),
/// with the MX scaled-MFMA matmul kernel on gfx950.
void populateFP8ToROCDLPatterns(const FP8GPUTarget &target,
                                RewritePatternSet &patterns);

/// The gfx950 scaled matmul kernel for MX scales (amdgpu.scaled_mfma
/// 16x16x128, v_mfma_scale_f32_16x16x128_f8f6f4: the matrix core applies the
/// E8M0 1x32 block scales, f32 accumulation over all of K); it takes
/// E4M3FN/E5M2 operands with f8E8M0FNU scales blocked by 32 along K, f32
/// acc_type and promotion every 32, ahead of the generic kernels, which take
/// the rest.
void populateFP8ToROCDLScaledMFMAMatmulPatterns(const FP8GPUTarget &target,
                                                RewritePatternSet &patterns);

} // namespace fp8
} // namespace mlir

#endif // FP8_CONVERSION_FP8TOROCDL_FP8TOROCDL_H
