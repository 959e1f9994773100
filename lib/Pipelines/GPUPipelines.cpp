//===- GPUPipelines.cpp - fp8-nvvm-pipeline and fp8-rocdl-pipeline --------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Bufferize, turn the fp8 ops into gpu.launch kernels (convert-fp8-to-nvvm /
// -rocdl), keep the other linalg ops on the host (loops), outline, attach the
// target, lower kernels to NVVM / ROCDL and the host to LLVM with mgpu*
// runtime calls, and serialize the GPU modules. The steps after the fp8
// conversion follow upstream's gpu-lower-to-nvvm-pipeline, plus the toolkit
// path (Debian's MLIR does not know where CUDA is) and PTX 8.4, which the
// FP8 mma.sync needs.
//
//===----------------------------------------------------------------------===//

#include "fp8/Pipelines/GPUPipelines.h"
#include "fp8/Pipelines/Passes.h"

#include "fp8/Conversion/FP8ToNVVM/FP8ToNVVM.h"
#include "fp8/Conversion/FP8ToROCDL/FP8ToROCDL.h"
#include "mlir/Conversion/AMDGPUToROCDL/AMDGPUToROCDL.h"
#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/GPUToROCDL/GPUToROCDLPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {
enum class Vendor { NVIDIA, AMD };

std::string findROCmLinker(StringRef toolkit) {
  for (StringRef root : {toolkit, StringRef("/opt/rocm")}) {
    if (root.empty())
      continue;
    SmallString<128> path(root);
    llvm::sys::path::append(path, "llvm", "bin", "ld.lld");
    if (llvm::sys::fs::can_execute(path))
      return root.str();
  }
  return "";
}

/// The toolkit root to hand to gpu-module-to-binary, and the format.
std::pair<std::string, std::string>
resolveToolkitAndFormat(Vendor vendor, const FP8GPUPipelineOptions &options) {
  std::string toolkit = options.toolkit;
  std::string format = options.format;
  if (vendor == Vendor::NVIDIA) {
    std::string ptxas = findPtxas(toolkit);
    if (toolkit.empty() && !ptxas.empty())
      toolkit =
          llvm::sys::path::parent_path(llvm::sys::path::parent_path(ptxas))
              .str();
    if (format == "auto")
      format = ptxas.empty() ? "isa" : "bin";
  } else {
    std::string rocm = findROCmLinker(toolkit);
    if (toolkit.empty())
      toolkit = rocm;
    if (format == "auto")
      format = rocm.empty() ? "isa" : "bin";
  }
  return {toolkit, format};
}

void buildGPUPipeline(OpPassManager &pm, const FP8GPUPipelineOptions &options,
                      Vendor vendor) {
  StringRef name =
      vendor == Vendor::NVIDIA ? "fp8-nvvm-pipeline" : "fp8-rocdl-pipeline";
  // A string option (tools set it), checked against the passes' names.
  std::string chip = options.chip;
  std::optional<NVVMChip> nvvmChip;
  std::optional<ROCDLChip> rocdlChip;
  if (vendor == Vendor::NVIDIA)
    nvvmChip = symbolizeNVVMChip(chip);
  else
    rocdlChip = symbolizeROCDLChip(chip);
  if (!nvvmChip && !rocdlChip) {
    pm.addPass(createPipelineErrorPass(
        (name + ": unknown chip '" + chip + "'; expected " +
         (vendor == Vendor::NVIDIA ? enumNameList(kNVVMChipNames)
                                   : enumNameList(kROCDLChipNames)))
            .str()));
    return;
  }
  static constexpr StringLiteral kFormats[] = {"auto", "isa", "bin", "fatbin"};
  std::string requested = options.format;
  if (!llvm::is_contained(kFormats, requested) ||
      (vendor == Vendor::AMD && requested == "fatbin")) {
    pm.addPass(createPipelineErrorPass(
        (name + ": unknown format '" + requested + "'; expected auto, isa, " +
         (vendor == Vendor::NVIDIA ? "bin or fatbin" : "or bin"))
            .str()));
    return;
  }
  auto [toolkit, format] = resolveToolkitAndFormat(vendor, options);

  // Tensors to buffers; deallocation is placed before the kernels exist (it
  // knows the fp8 ops' memory effects, not gpu.launch bodies).
  pm.addPass(createFP8FullRankTransferWritesPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  if (options.resultsToOutParams) {
    bufferization::BufferResultsToOutParamsPassOptions outParams;
    outParams.modifyPublicFunctions = true;
    pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  }
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createConvertBufferizationToMemRefPass());

  // fp8 ops -> kernels; other linalg ops run on the host.
  if (vendor == Vendor::NVIDIA) {
    ConvertFP8ToNVVMPassOptions fp8Options;
    fp8Options.chip = *nvvmChip;
    pm.addPass(createConvertFP8ToNVVMPass(fp8Options));
  } else {
    ConvertFP8ToROCDLPassOptions fp8Options;
    fp8Options.chip = *rocdlChip;
    pm.addPass(createConvertFP8ToROCDLPass(fp8Options));
  }
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());

  // As upstream's gpu-lower-to-nvvm-pipeline.
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createSCFToControlFlowPass());
  if (vendor == Vendor::NVIDIA)
    pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  if (vendor == Vendor::NVIDIA) {
    GpuNVVMAttachTargetOptions target;
    target.chip = chip;
    // llvm.nvvm.mma.m16n8k32.*.e4m3/e5m2 needs PTX ISA 8.4.
    target.features = "+ptx84";
    target.optLevel = 3;
    pm.addPass(createGpuNVVMAttachTarget(target));
  } else {
    GpuROCDLAttachTargetOptions target;
    target.chip = chip;
    target.optLevel = 3;
    pm.addPass(createGpuROCDLAttachTarget(target));
  }
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  if (vendor == Vendor::NVIDIA) {
    kernels.addPass(createConvertGpuOpsToNVVMOps());
  } else {
    ConvertAMDGPUToROCDLPassOptions amdgpu;
    amdgpu.chipset = chip;
    kernels.addPass(createConvertAMDGPUToROCDLPass(amdgpu));
    ConvertGpuOpsToROCDLOpsOptions rocdl;
    rocdl.chipset = chip;
    kernels.addPass(createConvertGpuOpsToROCDLOps(rocdl));
  }
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());

  pm.addPass(createGpuToLLVMConversionPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = format;
  binary.toolkitPath = toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}
} // namespace

std::string mlir::fp8::findPtxas(StringRef toolkit) {
  for (StringRef root : {toolkit, StringRef("/usr/local/cuda")}) {
    if (root.empty())
      continue;
    SmallString<128> path(root);
    llvm::sys::path::append(path, "bin", "ptxas");
    if (llvm::sys::fs::can_execute(path))
      return path.str().str();
  }
  if (llvm::ErrorOr<std::string> path = llvm::sys::findProgramByName("ptxas"))
    return *path;
  return "";
}

void mlir::fp8::buildFP8NVVMPipeline(OpPassManager &pm,
                                     const FP8GPUPipelineOptions &options) {
  buildGPUPipeline(pm, options, Vendor::NVIDIA);
}

void mlir::fp8::buildFP8ROCDLPipeline(OpPassManager &pm,
                                      const FP8GPUPipelineOptions &options) {
  buildGPUPipeline(pm, options, Vendor::AMD);
}

void mlir::fp8::registerFP8GPUPipelines() {
  PassPipelineRegistration<FP8GPUPipelineOptions>(
      "fp8-nvvm-pipeline",
      "Lowers linalg-on-tensors with fp8 ops to a host module (LLVM dialect, "
      "mgpu* runtime calls) and a GPU binary for sm_89 / sm_90a",
      buildFP8NVVMPipeline);
  PassPipelineRegistration<FP8GPUPipelineOptions>(
      "fp8-rocdl-pipeline",
      "Lowers linalg-on-tensors with fp8 ops to a host module (LLVM dialect, "
      "mgpu* runtime calls) and a GPU binary for gfx942 / gfx950",
      buildFP8ROCDLPipeline);
}
