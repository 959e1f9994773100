//===- CPUPipeline.cpp - fp8-cpu-pipeline ----------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Linalg-on-tensors with fp8 ops in, LLVM dialect out: convert-fp8-to-vector
// (the scaled-matmul kernel and every elementwise op as vector loops), then
// upstream bufferization and lowering to the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/Pipelines.h"
#include "fp8/Pipelines/Passes.h"

#include "PipelineError.h"

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
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/AMX/Transforms.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {
/// Drops the `bufferization.access` argument attributes of function
/// declarations (the runtime hooks have them for one-shot-bufferize); the
/// LLVM IR translation would warn about them.
struct StripBufferizationAccessPass
    : public PassWrapper<StripBufferizationAccessPass,
                         OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(StripBufferizationAccessPass)
  StringRef getArgument() const override {
    return "fp8-strip-bufferization-access";
  }
  void runOnOperation() override {
    getOperation().walk([](func::FuncOp function) {
      for (unsigned i = 0, e = function.getNumArguments(); i < e; ++i)
        function.removeArgAttr(i, "bufferization.access");
    });
  }
};

/// Erases unused ub.poison ops: the vectorizer's padding values, dead once
/// transfers are loads, include FP8-typed ones that UB-to-LLVM does not
/// convert. (A late canonicalize would do it too, but it also re-creates
/// memref ops after memref was lowered.)
struct EraseDeadPoisonPass
    : public PassWrapper<EraseDeadPoisonPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(EraseDeadPoisonPass)
  StringRef getArgument() const override { return "fp8-erase-dead-poison"; }
  void runOnOperation() override {
    getOperation().walk([](ub::PoisonOp poison) {
      if (poison->use_empty())
        poison->erase();
    });
  }
};
/// Lowers the AMX ops and the control flow together, so that branches
/// carrying AMX tiles (the AMX kernel's accumulators, loop-carried) get
/// !llvm.x86_amx operands: convert-cf-to-llvm alone does not know tile
/// types.
struct ConvertAMXAndControlFlowToLLVMPass
    : public PassWrapper<ConvertAMXAndControlFlowToLLVMPass,
                         OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(
      ConvertAMXAndControlFlowToLLVMPass)
  StringRef getArgument() const override {
    return "fp8-convert-amx-and-cf-to-llvm";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<LLVM::LLVMDialect>();
  }
  void runOnOperation() override {
    bool hasTiles = false;
    getOperation().walk([&](Operation *op) {
      if (isa<amx::AMXDialect>(op->getDialect()))
        hasTiles = true;
    });
    if (!hasTiles)
      return;
    LLVMTypeConverter converter(&getContext());
    RewritePatternSet patterns(&getContext());
    populateAMXLegalizeForLLVMExportPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    cf::populateAssertToLLVMConversionPattern(converter, patterns);
    LLVMConversionTarget target(getContext());
    configureAMXLegalizeForExportTarget(target);
    target.addIllegalDialect<cf::ControlFlowDialect>();
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::fp8::buildFP8CPUPipeline(OpPassManager &pm,
                                    const FP8CPUPipelineOptions &options) {
  StringRef target = options.target;
  static constexpr StringLiteral kTargets[] = {
      "host", "generic", "avx512", "avx512fp16", "avx512bf16", "amx"};
  if (!llvm::is_contained(kTargets, target)) {
    pm.addPass(createPipelineErrorPass(
        ("fp8-cpu-pipeline: unknown target '" + target +
         "'; expected host, generic, avx512, avx512fp16, avx512bf16 or amx")
            .str()));
    return;
  }
  // The code runs here: a target this CPU lacks is an error.
  std::string missing;
  if (options.checkHostCPU && !hostSupportsCPUTarget(target, missing)) {
    pm.addPass(createPipelineErrorPass(
        ("fp8-cpu-pipeline: target '" + target + "' needs the CPU feature '" +
         missing + "', which this CPU does not have; use host or generic")
            .str()));
    return;
  }

  ConvertFP8ToVectorPassOptions fp8ToVector;
  fp8ToVector.target = target.str();
  fp8ToVector.observersToRuntime = options.observersToRuntime;
  pm.addPass(createConvertFP8ToVectorPass(fp8ToVector));
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());

  pm.addPass(createFP8FullRankTransferWritesPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(std::make_unique<StripBufferizationAccessPass>());
  if (options.resultsToOutParams) {
    // The entry point is public: that is the function to change.
    bufferization::BufferResultsToOutParamsPassOptions outParams;
    outParams.modifyPublicFunctions = true;
    pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  }
  // The kernels' scf.forall loops (each iteration writes its own tile):
  // sequential loops for one thread, else parallel loops for OpenMP.
  const bool parallel = options.threads != 1;
  if (parallel)
    pm.addPass(createForallToParallelLoopPass());
  else
    pm.addPass(createForallToForLoopPass());
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
  pm.addPass(std::make_unique<ConvertAMXAndControlFlowToLLVMPass>());
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
  pm.addPass(std::make_unique<EraseDeadPoisonPass>());
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
