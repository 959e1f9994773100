//===- Pipelines.h - fp8 pass pipelines -------------------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_PIPELINES_PIPELINES_H
#define FP8_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::fp8 {

/// Options of fp8-cpu-pipeline.
struct FP8CPUPipelineOptions
    : public PassPipelineOptions<FP8CPUPipelineOptions> {
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc(
          "CPU code path: host (the best the compiling machine "
          "has), generic (portable), avx512, avx512fp16, avx512bf16, "
          "or amx (opt-in)"),
      llvm::cl::init("host")};
  PassOptions::Option<bool> checkHostCPU{
      *this, "check-host-cpu",
      llvm::cl::desc("Fail when the compiling CPU lacks the target's features "
                     "(false: compile for another machine, e.g. "
                     "target=avx512fp16 on a CPU without it)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> observersToRuntime{
      *this, "observers-to-runtime",
      llvm::cl::desc("Lower fp8.observe to calls of the calibration runtime "
                     "(fp8_runtime_observe_*); otherwise drop observers"),
      llvm::cl::init(true)};
  PassOptions::Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads of the kernels' parallel loops: 1 runs them in "
                     "order (no runtime needed); N > 1 on N OpenMP threads; 0 "
                     "on the OpenMP runtime's default (OMP_NUM_THREADS, else "
                     "every core). Above 1 the code calls libomp. Results "
                     "are the same for every value"),
      llvm::cl::init(1)};
  PassOptions::Option<bool> resultsToOutParams{
      *this, "results-to-out-params",
      llvm::cl::desc("Turn memref results of functions into caller-provided "
                     "out-parameters (what fp8-run calls)"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> profile{
      *this, "profile",
      llvm::cl::desc("Time each op of the input module: number its ops "
                     "first (fp8-tag-profile-ops), and call the profile "
                     "hooks of the runtime library around their code after "
                     "bufferization (fp8-insert-profile-hooks); what "
                     "fp8-run --profile runs"),
      llvm::cl::init(false)};
};

/// Linalg-on-tensors with fp8 ops in, LLVM dialect out (for mlir-runner, the
/// ExecutionEngine and fp8-run). Fails the pipeline with a diagnostic for an
/// unknown target.
void buildFP8CPUPipeline(OpPassManager &pm,
                         const FP8CPUPipelineOptions &options);

/// fp8-ptq-pipeline: fp8-quantize configured by `quantizeOptions` (the
/// option string of fp8-quantize), fp8-fuse, fp8-optimize, canonicalize.
LogicalResult
buildFP8PTQPipeline(OpPassManager &pm, StringRef quantizeOptions,
                    function_ref<LogicalResult(const Twine &)> errorHandler);
void registerFP8PTQPipeline();

/// Registers fp8-cpu-pipeline and fp8-ptq-pipeline.
void registerFP8Pipelines();

} // namespace mlir::fp8

#endif // FP8_PIPELINES_PIPELINES_H
