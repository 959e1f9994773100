//===- FP8ToVector.h - fp8 to vectorized CPU code ---------------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef FP8_CONVERSION_FP8TOVECTOR_FP8TOVECTOR_H
#define FP8_CONVERSION_FP8TOVECTOR_FP8TOVECTOR_H

#include "fp8/Conversion/PassOptions.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

#include <optional>
#include <string>

namespace mlir {
class RewritePatternSet;
class TypeConverter;

namespace fp8 {

#define GEN_PASS_DECL_CONVERTFP8TOVECTORPASS
#define GEN_PASS_DECL_VECTORIZECONTRACTIONSPASS
#define GEN_PASS_DECL_VECTORIZEELEMENTWISEPASS
#define GEN_PASS_DECL_VECTORIZEREDUCTIONSPASS
#define GEN_PASS_DECL_SERIALIZENESTEDFORALLSPASS
#include "fp8/Conversion/Passes.h.inc"

/// The instructions of the scaled-matmul kernel for f32 accumulation.
enum class MatmulUnit {
  /// f32 FMAs on decoded operands (bit-identical to the reference).
  FMA,
  /// AVX512-BF16 VDPBF16PS on bf16 pairs of k.
  BF16Dot,
  /// AMX tiles: TDPBF16PS on 16 x 32 bf16 tiles.
  AMX,
};

/// Cache blocks of the matmul kernels whose tile rows of A overflow L1
/// (Goto and van de Geijn's order): k by `k`, and the rows by at most
/// `rowTiles` micro-kernel tiles, whose A block stays in L2 while every B
/// panel's slice passes over it from L1.
struct CacheBlocks {
  int64_t k;
  int64_t rowTiles;
};

/// What the CPU lowering needs to know about its target.
struct CPUTarget {
  std::string name;
  /// f32 lanes of a vector register.
  int64_t vectorWidth;
  /// Rows of the matmul micro-kernel's register block (its columns are two
  /// vectors), with chunked promotion (totals take registers too) and
  /// without.
  int64_t kernelRows;
  int64_t kernelRowsOneChunk;
  /// f16 lanes of a vector register for f16 accumulation (AVX512-FP16: a
  /// full zmm of halves; elsewhere as many as f32 lanes, which LLVM
  /// computes in f32 registers and rounds to f16 after each operation).
  int64_t halfVectorWidth;
  /// The kernel of f32 accumulation (with more rows than one register
  /// block; fewer take the FMA kernel, which streams B).
  MatmulUnit matmulUnit = MatmulUnit::FMA;
  /// AVX-512 (Zen 5, f32 FMA kernel): the fastest at 2048^3 and 4096^3 of k
  /// in {128, 256, 384, 512, 768, 1024} by {2, 4, 8, 16} tiles, within the
  /// noise of 1024 by 2; 256 by 16 was 5% slower at 2048^3 and 25% at
  /// 4096^3.
  CacheBlocks cacheBlocks = {/*k=*/512, /*rowTiles=*/4};
};

/// The facts of target `kind` (host resolved with getHostCPUTarget()).
CPUTarget getCPUTarget(CPUTargetKind kind);

/// The target named `name` (a name of kCPUTargetNames). Sets `error` and
/// returns std::nullopt for unknown names.
std::optional<CPUTarget> getCPUTarget(StringRef name, std::string &error);

/// avx512fp16, avx512bf16, avx512 or generic: the best of these the
/// compiling machine has (never amx: opt-in until validated on AMX
/// hardware).
CPUTargetKind getHostCPUTarget();

/// Whether the CPU running this process can execute code for `kind`; sets
/// `missing` to the feature it lacks.
bool hostSupportsCPUTarget(CPUTargetKind kind, std::string &missing);
/// The same for a target name (names that need no feature, unknown ones
/// included, are supported).
bool hostSupportsCPUTarget(StringRef target, std::string &missing);

/// The scaled-matmul micro-kernels of `target` (f32 and f16 accumulation,
/// static shapes: FMAs, and VDPBF16PS or AMX tiles for f32 accumulation on
/// those targets); other cases are left to
/// populateFP8ToLinalgConversionPatterns, which should be in the same set
/// (these patterns have higher benefits).
void populateFP8ToVectorConversionPatterns(const TypeConverter &typeConverter,
                                           RewritePatternSet &patterns,
                                           const CPUTarget &target);

/// fp8.batch_scaled_matmul (tensor form, static shapes) as an scf.for over
/// the batch of fp8.scaled_matmul on each batch's slices (the op's
/// definition), so that the scaled-matmul kernels take every batch.
void populateBatchScaledMatmulToLoopPatterns(RewritePatternSet &patterns);

/// Every static f32 linalg contraction (matmul, batch matmul, generic
/// matmuls) as the register-blocked kernel of `target`
/// (fp8-vectorize-contractions).
void populateVectorizeContractionsPatterns(RewritePatternSet &patterns,
                                           const CPUTarget &target);

/// Tiles every elementwise linalg op under `root` along its innermost
/// dimension by the target's vector width and vectorizes the tiles (ops the
/// vectorizer cannot handle stay as they are); also max and min reductions
/// over the innermost loop (exact in any order).
void vectorizeElementwiseOps(Operation *root, const CPUTarget &target);

/// Every reduction over the innermost loop under `root` whose payload ends
/// in one max, min or f32 sum of its output (softmax, layer norm), with its
/// single-use elementwise producers fused in, as vector code: f32 sums
/// reassociate (fp8-vectorize-reductions).
void vectorizeInnermostReductions(Operation *root, const CPUTarget &target);

} // namespace fp8
} // namespace mlir

#endif // FP8_CONVERSION_FP8TOVECTOR_FP8TOVECTOR_H
