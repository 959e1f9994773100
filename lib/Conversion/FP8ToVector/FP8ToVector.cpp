//===- FP8ToVector.cpp - convert-fp8-to-vector ----------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The fp8 lowering with the scaled-matmul micro-kernels first (their
// patterns have higher benefits than the reference ones). The elementwise
// linalg ops it leaves (FP8 encode/decode payloads) become vector loops in
// fp8-vectorize-elementwise (VectorizeElementwise.cpp).
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"

#include "KernelUtils.h"

#include "fp8/Conversion/FP8ToLinalg/FP8ToLinalg.h"
#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/TargetParser/Host.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_CONVERTFP8TOVECTORPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

CPUTargetKind mlir::fp8::getHostCPUTarget() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  // The fastest kernel the CPU runs: AVX512-FP16 for f16 accumulation,
  // else VDPBF16PS for f32 accumulation (within the error bound, not
  // bit-identical to the reference: target=avx512 is); never AMX until it
  // has run on AMX hardware.
  if (features.lookup("avx512fp16"))
    return CPUTargetKind::avx512fp16;
  if (features.lookup("avx512bf16"))
    return CPUTargetKind::avx512bf16;
  return features.lookup("avx512f") ? CPUTargetKind::avx512
                                    : CPUTargetKind::generic;
}

/// The host CPU feature that code for `kind` needs, if any.
static StringRef getNeededFeature(CPUTargetKind kind) {
  switch (kind) {
  case CPUTargetKind::host:
  case CPUTargetKind::generic:
    return "";
  case CPUTargetKind::avx512:
    return "avx512f";
  case CPUTargetKind::avx512fp16:
    return "avx512fp16";
  case CPUTargetKind::avx512bf16:
    return "avx512bf16";
  case CPUTargetKind::amx:
    return "amx-bf16";
  }
  llvm_unreachable("unknown CPU target");
}

bool mlir::fp8::hostSupportsCPUTarget(CPUTargetKind kind,
                                      std::string &missing) {
  StringRef needed = getNeededFeature(kind);
  if (needed.empty() || llvm::sys::getHostCPUFeatures().lookup(needed))
    return true;
  missing = needed.str();
  return false;
}

bool mlir::fp8::hostSupportsCPUTarget(StringRef target, std::string &missing) {
  std::optional<CPUTargetKind> kind = symbolizeCPUTarget(target);
  return !kind || hostSupportsCPUTarget(*kind, missing);
}

CPUTarget mlir::fp8::getCPUTarget(CPUTargetKind kind) {
  std::string name = stringifyCPUTarget(kind).str();
  switch (kind) {
  case CPUTargetKind::host:
    return getCPUTarget(getHostCPUTarget());
  case CPUTargetKind::generic:
    // 16 vector registers: 6 x 2 accumulators (8 rows spilled). Cache
    // blocks for a 32 KiB L1 and 512 KiB L2 (AVX2 Zen 3, 1 thread): k by
    // 256 (a panel's slice, 16 KiB, stays in L1) and up to 26 tiles of
    // rows (A's block, at most 156 KiB, in L2): 128 x 4096 x 11008 in
    // 168 ms against 290 with 512 by 4 tiles, 2048^3 in 212 against 236.
    return CPUTarget{name,
                     /*vectorWidth=*/8,
                     /*kernelRows=*/6,
                     /*kernelRowsOneChunk=*/6,
                     /*halfVectorWidth=*/8,
                     MatmulUnit::FMA,
                     CacheBlocks{/*k=*/256, /*rowTiles=*/26}};
  case CPUTargetKind::avx512:
    return CPUTarget{name, /*vectorWidth=*/16, /*kernelRows=*/6,
                     /*kernelRowsOneChunk=*/8, /*halfVectorWidth=*/16};
  case CPUTargetKind::avx512fp16:
    return CPUTarget{name, /*vectorWidth=*/16, /*kernelRows=*/6,
                     /*kernelRowsOneChunk=*/8, /*halfVectorWidth=*/32};
  case CPUTargetKind::avx512bf16:
    // The avx512 kernels, with VDPBF16PS for f32 accumulation.
    return CPUTarget{name,
                     /*vectorWidth=*/16,
                     /*kernelRows=*/6,
                     /*kernelRowsOneChunk=*/8,
                     /*halfVectorWidth=*/16,
                     MatmulUnit::BF16Dot};
  case CPUTargetKind::amx:
    // AMX (Sapphire Rapids and later, which also have AVX512-FP16).
    return CPUTarget{name,
                     /*vectorWidth=*/16,
                     /*kernelRows=*/6,
                     /*kernelRowsOneChunk=*/8,
                     /*halfVectorWidth=*/32,
                     MatmulUnit::AMX};
  }
  llvm_unreachable("unknown CPU target");
}

std::optional<CPUTarget> mlir::fp8::getCPUTarget(StringRef name,
                                                 std::string &error) {
  if (std::optional<CPUTargetKind> kind = symbolizeCPUTarget(name))
    return getCPUTarget(*kind);
  error = ("unknown target '" + name + "'; expected " +
           enumNameList(kCPUTargetNames))
              .str();
  return std::nullopt;
}

void mlir::fp8::populateFP8ToVectorConversionPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    const CPUTarget &target) {
  if (target.matmulUnit == MatmulUnit::AMX)
    populateAMXKernelPatterns(typeConverter, patterns, target);
  if (target.matmulUnit == MatmulUnit::BF16Dot)
    populateBF16DotKernelPatterns(typeConverter, patterns, target);
  populateFMAKernelPatterns(typeConverter, patterns, target);
}

namespace {
struct ConvertFP8ToVectorPass
    : public mlir::fp8::impl::ConvertFP8ToVectorPassBase<
          ConvertFP8ToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    const CPUTarget cpu = getCPUTarget(target);
    // Batches first: their slices are scaled matmuls the kernels take.
    RewritePatternSet batchPatterns(&getContext());
    populateBatchScaledMatmulToLoopPatterns(batchPatterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(batchPatterns))))
      return signalPassFailure();
    FP8LoweringOptions options;
    options.passName = "convert-fp8-to-vector";
    options.observersToRuntime = observersToRuntime;
    options.dropObservers = !observersToRuntime;
    options.addPatterns = [&](const TypeConverter &typeConverter,
                              RewritePatternSet &patterns) {
      populateFP8ToVectorConversionPatterns(typeConverter, patterns, cpu);
    };
    if (failed(applyFP8Lowering(getOperation(), options)))
      return signalPassFailure();
  }
};
} // namespace
