//===- CPUPipeline.cpp - fp8-cpu-pipeline ---------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Linalg-on-tensors with fp8 ops in, LLVM dialect out: convert-fp8-to-vector
// (the scaled-matmul kernels) and fp8-vectorize-elementwise (every
// elementwise op as vector loops), then upstream bufferization and lowering
// to the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Passes.h"
#include "fp8/Pipelines/Pipelines.h"

#include "fp8/Conversion/Passes.h"
#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::fp8;

void mlir::fp8::buildFP8CPUPipeline(OpPassManager &pm,
                                    const FP8CPUPipelineOptions &options) {
  // A string option (tools set it), checked against the passes' names.
  StringRef target = options.target;
  std::optional<CPUTargetKind> kind = symbolizeCPUTarget(target);
  if (!kind) {
    pm.addPass(
        createPipelineErrorPass(("fp8-cpu-pipeline: unknown target '" + target +
                                 "'; expected " + enumNameList(kCPUTargetNames))
                                    .str()));
    return;
  }
  // The code runs here: a target this CPU lacks is an error.
  std::string missing;
  if (options.checkHostCPU && !hostSupportsCPUTarget(*kind, missing)) {
    pm.addPass(createPipelineErrorPass(
        ("fp8-cpu-pipeline: target '" + target + "' needs the CPU feature '" +
         missing + "', which this CPU does not have; use host or generic")
            .str()));
    return;
  }

  // Ids before any rewrite: every op made from an input op keeps its
  // location.
  if (options.profile)
    pm.addPass(createFP8TagProfileOpsPass());
  // f32 contractions first: fp8-vectorize-elementwise then takes their
  // packing copies too.
  VectorizeContractionsPassOptions contractions;
  contractions.target = *kind;
  pm.addPass(createVectorizeContractionsPass(contractions));
  // The model's reductions before the FP8 lowerings add theirs (see the
  // pass: their sums keep the reference's order).
  VectorizeReductionsPassOptions reductions;
  reductions.target = *kind;
  pm.addPass(createVectorizeReductionsPass(reductions));
  ConvertFP8ToVectorPassOptions fp8ToVector;
  fp8ToVector.target = *kind;
  fp8ToVector.observersToRuntime = options.observersToRuntime;
  pm.addPass(createConvertFP8ToVectorPass(fp8ToVector));
  // The FP8 encode/decode payloads are elementwise arith ops: vector loops
  // as they are.
  VectorizeElementwisePassOptions elementwise;
  elementwise.target = *kind;
  pm.addPass(createVectorizeElementwisePass(elementwise));
  pm.addPass(createFP8ApproximateMathPass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());

  pm.addPass(createFP8FullRankTransferWritesPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createFP8StripBufferizationAccessPass());
  // Bufferized, each op's code is a run of top-level ops in program order;
  // later passes rewrite inside those runs.
  if (options.profile)
    pm.addPass(createFP8InsertProfileHooksPass());
  if (options.resultsToOutParams) {
    // The entry point is public: that is the function to change.
    bufferization::BufferResultsToOutParamsPassOptions outParams;
    outParams.modifyPublicFunctions = true;
    pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  }
  // The kernels' scf.forall loops (each iteration writes its own tile):
  // sequential loops for one thread, else parallel loops for OpenMP.
  const bool parallel = options.threads != 1;
  if (parallel) {
    // One level of threads: the outermost parallel loop.
    pm.addPass(createSerializeNestedForallsPass());
    pm.addPass(createForallToParallelLoopPass());
  } else {
    pm.addPass(createForallToForLoopPass());
  }
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  VectorTransferToSCFOptions vectorToSCF;
  vectorToSCF.enableFullUnroll();
  pm.addPass(createConvertVectorToSCFPass(vectorToSCF));
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createConvertBufferizationToMemRefPass());

  pm.addPass(memref::createExpandStridedMetadataPass());
  if (parallel) {
    ConvertSCFToOpenMPPassOptions openMP;
    openMP.numThreads = options.threads;
    pm.addPass(createConvertSCFToOpenMPPass(openMP));
    // Inlines the memref.alloca_scope put around each loop body: the
    // bodies hold no allocas, and scf-to-cf would give the scope blocks it
    // cannot hold.
    pm.addPass(createCanonicalizerPass());
  }
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createFP8ConvertAMXAndControlFlowToLLVMPass());
  // The kernels' x86vector (VDPBF16PS) and AMX ops lower here too.
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.x86Vector = true;
  vectorToLLVM.amx = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  if (parallel)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createFP8EraseDeadPoisonPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::fp8::registerFP8Pipelines() {
  PassPipelineRegistration<FP8CPUPipelineOptions>(
      "fp8-cpu-pipeline",
      "Lowers linalg-on-tensors with fp8 ops to the LLVM dialect for the "
      "host CPU (mlir-runner, ExecutionEngine, fp8-run)",
      buildFP8CPUPipeline);
  registerFP8PTQPipeline();
}
