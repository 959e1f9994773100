//===- FP8ToNVVM.h - fp8 ops to NVIDIA GPU kernels --------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_FP8TONVVM_FP8TONVVM_H
#define FP8_CONVERSION_FP8TONVVM_FP8TONVVM_H

#include "fp8/Conversion/FP8ToGPU/FP8ToGPU.h"
#include "fp8/Conversion/PassOptions.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
namespace fp8 {

#define GEN_PASS_DECL_CONVERTFP8TONVVMPASS
#include "fp8/Conversion/Passes.h.inc"

/// Whether `chip` names one of the NVIDIA chips the lowering knows
/// (kNVVMChipNames: sm_89 and sm_90a).
bool isSupportedNVVMChip(StringRef chip);

/// The NVVM hooks of the shared kernels for `chip`.
std::unique_ptr<FP8GPUTarget> createNVVMTarget(NVVMChip chip);

/// The kernel patterns for `target` (see populateFP8ToGPUKernelPatterns),
/// with the wgmma scaled matmul kernel on sm_90a.
void populateFP8ToNVVMPatterns(const FP8GPUTarget &target,
                               RewritePatternSet &patterns);

/// The sm_90a scaled matmul kernel (warpgroup MMA, wgmma.mma_async, shared
/// memory tiles); it takes E4M3/E5M2 operands with f32 accumulation and
/// promotion every 32, 64 or 128k elements (or never), ahead of the generic
/// kernels, which take the rest.
void populateFP8ToNVVMWarpgroupMatmulPatterns(const FP8GPUTarget &target,
                                              RewritePatternSet &patterns);

} // namespace fp8
} // namespace mlir

#endif // FP8_CONVERSION_FP8TONVVM_FP8TONVVM_H
