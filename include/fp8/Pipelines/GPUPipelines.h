//===- GPUPipelines.h - fp8 GPU pass pipelines ------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_PIPELINES_GPUPIPELINES_H
#define FP8_PIPELINES_GPUPIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::fp8 {

/// Options of fp8-nvvm-pipeline and fp8-rocdl-pipeline.
struct FP8GPUPipelineOptions
    : public PassPipelineOptions<FP8GPUPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("Target GPU: sm_89 or sm_90a (NVVM), gfx942 or gfx950 "
                     "(ROCDL)")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("GPU binary format: isa (PTX / AMDGCN assembly), bin "
                     "(cubin / HSA code object), fatbin (NVVM), or auto: bin "
                     "when the vendor toolkit is installed, else isa"),
      llvm::cl::init("auto")};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("Vendor toolkit (ptxas, ld.lld); default /usr/local/cuda "
                     "or /opt/rocm when present")};
  PassOptions::Option<bool> resultsToOutParams{
      *this, "results-to-out-params",
      llvm::cl::desc("Turn memref results of functions into caller-provided "
                     "out-parameters (what fp8-run calls)"),
      llvm::cl::init(false)};
};

/// Linalg-on-tensors with fp8 ops in; a host module in the LLVM dialect
/// (calling the mgpu* runtime) and a gpu.binary out. An unknown chip or
/// format fails the pipeline with a diagnostic.
void buildFP8NVVMPipeline(OpPassManager &pm,
                          const FP8GPUPipelineOptions &options);
void buildFP8ROCDLPipeline(OpPassManager &pm,
                           const FP8GPUPipelineOptions &options);

/// The ptxas that `format=auto` and `format=bin` use (toolkit/bin/ptxas,
/// /usr/local/cuda/bin/ptxas, then PATH); empty when there is none.
std::string findPtxas(StringRef toolkit = "");

/// Registers fp8-nvvm-pipeline and fp8-rocdl-pipeline.
void registerFP8GPUPipelines();

} // namespace mlir::fp8

#endif // FP8_PIPELINES_GPUPIPELINES_H
