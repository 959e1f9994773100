//===- KernelUtils.h - pieces of the scaled-matmul kernels ------*- C++ -*-===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the f32/f16 FMA kernel (ScaledMatmulKernel.cpp), the AVX512-BF16 dot
// kernel (BF16DotKernel.cpp) and the AMX kernel (AMXKernel.cpp) share: the
// chunk scale factors, the register-blocked loop nest with promotion, the
// epilogue, and the decode of FP8 operands into bf16 (rows of A, and B in
// pairs of k: the VNNI layout of VDPBF16PS and TDPBF16PS).
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_FP8TOVECTOR_KERNELUTILS_H
#define LIB_CONVERSION_FP8TOVECTOR_KERNELUTILS_H

#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Numerics/Format.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace mlir {
class RewritePatternSet;
class TypeConverter;
namespace linalg {
class GenericOp;
} // namespace linalg
} // namespace mlir

namespace mlir::fp8 {
struct CPUTarget;
struct CacheBlocks;

/// The scaled-matmul kernels, one pattern each (in this order of benefit:
/// the first that applies wins): the AMX tile kernel, the AVX512-BF16 dot
/// kernel, and the FMA kernel that takes every other static f32/f16 case.
void populateAMXKernelPatterns(const TypeConverter &typeConverter,
                               RewritePatternSet &patterns,
                               const CPUTarget &target);
void populateBF16DotKernelPatterns(const TypeConverter &typeConverter,
                                   RewritePatternSet &patterns,
                                   const CPUTarget &target);
void populateFMAKernelPatterns(const TypeConverter &typeConverter,
                               RewritePatternSet &patterns,
                               const CPUTarget &target);

/// What every vector kernel needs to know of a tensor-form scaled_matmul
/// with static, non-empty shapes (the only ones they take).
struct StaticScaledMatmul {
  const ::fp8::Format *formatA, *formatB;
  bool transposed;
  int64_t m, n, k;
  /// Chunk or K-block length between promotions; none: all of K.
  std::optional<int64_t> promotion;

  /// K of a kernel that steps `kStep` elements of K at a time: K rounded up
  /// to the step, the promotion length (all of the padded K when the op
  /// has none) and the number of chunks.
  struct KChunking {
    int64_t kPadded, promotion, chunks;
  };
  KChunking getKChunking(int64_t kStep) const;

  /// A [M, K] padded with FP8 zeros to [mPadded, kPadded] (rows first).
  Value padA(OpBuilder &b, Location loc, Value a, int64_t mPadded,
             int64_t kPadded) const;
  /// B ([K, N], or [N, K] when transposed) padded with FP8 zeros to nPadded
  /// columns and kPadded k (columns first).
  Value padB(OpBuilder &b, Location loc, Value bStorage, int64_t nPadded,
             int64_t kPadded) const;
};
/// Fails (a match failure on `rewriter`) for the memref form, dynamic
/// shapes or an empty dimension.
FailureOr<StaticScaledMatmul> matchStaticScaledMatmul(ScaledMatmulOp op,
                                                      RewriterBase &rewriter);

inline int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// Whether `value` is a constant whose codes hold no NaN of `format`
/// (quantized weights): their decode needs no NaN fix-up.
bool holdsNoNaNCode(Value value, const ::fp8::Format &format);
/// Whether `value` is a constant whose codes are all finite in `format`.
bool holdsOnlyFiniteCodes(Value value, const ::fp8::Format &format);

/// Whether `value` is a constant matrix of a builtin 8-bit float type (whose
/// codes constantCodesKN and constantCodesInPanels can lay out).
bool isConstantCodeMatrix(Value value);

/// A constant B of a builtin 8-bit float type ([N, K] when `isNK`, else
/// [K, N]) as a new constant [K, columns], padded with zero codes beyond
/// N; null for anything else. Quantized weights get their kernel layout at
/// compile time instead of a copy in every call.
Value constantCodesKN(OpBuilder &b, Location loc, Value value, bool isNK,
                      int64_t columns);

/// The same constant B as panels [nPadded / panelWidth, kPadded,
/// panelWidth] (panel-major: a panel's codes for every k are one
/// contiguous run), padded with zero codes; null for anything else. The
/// small-M kernels stream each panel from memory in order.
/// `positionColumns` (optional, a divisor of the panel width long): the
/// column of each position in a group of that many codes of a panel, for
/// kernels whose decode permutes lanes.
Value constantCodesInPanels(OpBuilder &b, Location loc, Value value, bool isNK,
                            int64_t kPadded, int64_t nPadded,
                            int64_t panelWidth,
                            ArrayRef<int64_t> positionColumns = {});

/// Pads dimension `dim` of a float tensor with `value` up to `size`.
Value padFloatTensor(OpBuilder &b, Location loc, Value source, int64_t dim,
                     int64_t size, double value);

/// The f32 factors of the scales at each promotion: `rows` [Mp, chunks]
/// (scale_a of each row and chunk) and `columns` [chunks, Np] (scale_b);
/// padding rows and columns read 1 (their products are 0 anyway). Both
/// null: a matmul without scales (the sums are added as they are).
struct ChunkScales {
  Value rows;
  Value columns;
  /// A power of two each chunk sum is multiplied by before its promotion
  /// (exact): kernels whose operands are decoded times powers of two undo
  /// them here.
  double sumFactor = 1.0;
};
ChunkScales buildChunkScales(OpBuilder &b, Location loc, ScaledMatmulOp op,
                             Value scaleA, Value scaleB, int64_t promotion,
                             int64_t chunks, int64_t mPadded, int64_t nPadded);

/// The promotion of one vector of chunk sums (f32 or f16) at (row, chunk,
/// columns from `column`): total + f32(sum) * (scale_a * scale_b), in that
/// order of roundings (the reference's).
Value buildChunkPromotion(OpBuilder &b, Location loc, const ChunkScales &scales,
                          Value row, Value chunk, Value column, Value sum,
                          Value total);

/// One step of a micro-kernel: the accumulators (`columnVectors` per row of
/// the block, row-major) after the products at k0, k0 + 1, ..., k0 +
/// kStep - 1 of the block at (row0, panel).
using KernelStep = llvm::function_ref<SmallVector<Value>(
    OpBuilder &, Location, Value row0, Value panel, Value k0,
    ValueRange accumulators)>;

/// The k range of chunk `chunk` (index): [chunk * promotion,
/// min((chunk + 1) * promotion, kEnd)).
std::pair<Value, Value> buildChunkKRange(OpBuilder &b, Location loc,
                                         Value chunk, int64_t promotion,
                                         int64_t kEnd);

/// One k of a register block: the element at k of each of the `rows` rows
/// of A ([Mp, K], row-major) from row0, broadcast, times each vector of
/// `columns`, added by `accumulate` (x, y, sum) to the accumulators
/// (columns.size() a row, row-major). The rows are read in place: each is
/// one stream along k, which the caches keep (a packed copy would cost a
/// strided pass over A).
using AccumulateStep =
    llvm::function_ref<Value(OpBuilder &, Location, Value, Value, Value)>;
SmallVector<Value> buildBroadcastProducts(OpBuilder &b, Location loc, Value a,
                                          Value row0, Value k, int64_t rows,
                                          ArrayRef<Value> columns,
                                          ValueRange accumulators,
                                          AccumulateStep accumulate);

/// The loop nest shared by the vector micro-kernels: for each block of
/// `rows` rows and each panel of `columnVectors` vectors of columns, for
/// each chunk of `promotion` k, accumulators of `accumulatorType` summed by
/// `step` from zero over k in [chunk start, min(chunk end, kEnd)) by
/// `kStep`, then total += f32(sum) * (scale_a * scale_b). Returns the totals
/// [Mp, Np] (f32). With `cacheBlocks` and several blocks of rows, k and
/// the rows are also blocked for the caches: each micro-kernel resumes its
/// sums from a buffer, so the roundings are the same. Otherwise the
/// parallel tiles are a block of rows times a panel, or with `panelMajor`
/// a panel with every block of rows in turn.
Value buildRegisterBlockedKernel(
    OpBuilder &b, Location loc, VectorType accumulatorType, int64_t rows,
    int64_t mPadded, int64_t panels, int64_t chunks, int64_t promotion,
    int64_t kEnd, int64_t kStep, const ChunkScales &scales, KernelStep step,
    int64_t columnVectors, std::optional<CacheBlocks> cacheBlocks,
    bool panelMajor = false);

/// The loop nest of buildRegisterBlockedKernel with k blocked outside the
/// panels: in parallel over groups of panels; in each, for each block of
/// rows and each chunk, for each kKBlock rows of k, for each panel, the
/// chunk sums are read from a tensor, advanced by `step` over those k (in
/// k order: the same roundings) and written back; then promoted into the
/// f32 totals.
/// (KBlockedKernel.cpp). accumulatorType: the chunk sums' vectors;
/// columnVectors of them a panel.
Value buildKBlockedKernel(OpBuilder &b, Location loc,
                          VectorType accumulatorType, int64_t columnVectors,
                          int64_t rows, int64_t mPadded, int64_t panels,
                          int64_t chunks, int64_t promotion, int64_t kEnd,
                          const ChunkScales &scales, KernelStep step);

/// Built at the start of each cache block of k (at kBegin, a multiple of
/// the block), before its tiles: e.g. B's rows of the block decoded into
/// packed panels that the steps then read (Goto and van de Geijn pack B
/// per block of k, so that the packed copy stays in the caches).
using KBlockPrologue =
    llvm::function_ref<void(OpBuilder &, Location, Value kBegin)>;

/// Whether every cache block of k that buildCacheBlockedKernel builds starts
/// at a multiple of `blocks.k` and fits in [0, kPadded): the condition of a
/// KBlockPrologue.
bool cacheBlocksOfKAlign(const CacheBlocks &blocks, int64_t kPadded,
                         int64_t chunks, int64_t promotion);

/// buildRegisterBlockedKernel's loop nest with k and the rows blocked for
/// the caches by `blocks` (CacheBlockedKernel.cpp); same roundings.
/// `prologue` (only where cacheBlocksOfKAlign holds) runs at the start of
/// each block of k.
Value buildCacheBlockedKernel(OpBuilder &b, Location loc,
                              VectorType accumulatorType, int64_t rows,
                              int64_t mPadded, int64_t panels, int64_t chunks,
                              int64_t promotion, int64_t kEnd, int64_t kStep,
                              const ChunkScales &scales, KernelStep step,
                              int64_t columnVectors, const CacheBlocks &blocks,
                              KBlockPrologue prologue = nullptr);

/// The combining op of a reduction's payload: the yielded value is
/// `combiner(x, %out)` (either order), %out used nowhere else, and the
/// combiner may be reordered: maximumf and minimumf exactly (NaN and signed
/// zeros included); with `reassociateSums` also maxnumf, minnumf (either
/// zero may come out of +0 and -0) and f32 addition, within rounding (lanes
/// sum apart, then across, as a vectorized sgemm does), unless the op keeps
/// the reference's order (fp8.ordered_reduction). Else null.
/// (ElementwiseToVector.cpp)
Operation *getReorderableCombiner(linalg::GenericOp op, bool reassociateSums);

/// Splits each linalg.generic under `root` that reduces its innermost loop
/// and outer loops too (a per-tensor amax) into the innermost loop's
/// reduction into partials indexed by every other loop, which the
/// elementwise vectorizer takes, and the partials' reduction into the
/// output (split again until it too reduces its innermost loop only).
/// Only where the combiner may be reordered: maximumf and minimumf (exact),
/// with `reassociateSums` also maxnumf, minnumf and f32 addf
/// (SplitReductions.cpp).
void splitOuterReductions(Operation *root, bool reassociateSums);

/// The tiles of `outputs` (tensors of one shape, cut into [tileSizes],
/// which divide it) computed in parallel: an scf.forall whose iteration at
/// `offsets` gets the outputs' tiles there and returns their new values,
/// written back in parallel. Iterations must not read each other's tiles.
/// Each tile is computed by one thread in one order, so the result does
/// not depend on the number of threads.
/// An output of rank 3 is panel-major: [n / w, m, w] for an [m, n] space
/// cut into [t, w] tiles, whose tile at (i, j) is [j / w, i .. i + t, :]
/// (as [t, w]), one run in memory that the hardware prefetchers follow
/// (a row-major tile is t runs a row apart).
using ParallelTileBody = llvm::function_ref<SmallVector<Value>(
    OpBuilder &, Location, ValueRange offsets, ValueRange tiles)>;
SmallVector<Value> buildParallelTiles(OpBuilder &b, Location loc,
                                      ValueRange outputs,
                                      ArrayRef<int64_t> tileSizes,
                                      ParallelTileBody body);

/// The largest divisor of `count` that is at most `limit` (at least 1):
/// tiles of whole blocks, so that every parallel tile has a static shape.
inline int64_t largestDivisorAtMost(int64_t count, int64_t limit) {
  for (int64_t d = std::min(count, limit); d > 1; --d)
    if (count % d == 0)
      return d;
  return 1;
}

/// Whether a micro-kernel's `rows` rows of A over all of `k` (`bytes` an
/// element) fit its share of L1 (32 KiB: half of a 48 or 64 KiB L1, the
/// rest for B's stream). Then the unblocked nest keeps them there across
/// the panels and is the faster one; beyond, the cache-blocked nest is.
inline bool tileRowsStayInL1(int64_t rows, int64_t k, int64_t bytes) {
  return rows * k * bytes <= 32 * 1024;
}

/// (init + total[:m, :n]) + bias, rounded once to the result type.
Value buildKernelEpilogue(OpBuilder &b, Location loc, Value total, int64_t m,
                          int64_t n, Value init, Value bias);

/// A linalg.generic decoding FP8 storage `input` (read through `inputMap`)
/// into the bf16 tensor `output`. Every value of every format is exact in
/// bf16 (at most 4 significant bits, exponents within bf16's range,
/// subnormals of every FP8 format included), so the bf16 is the top half
/// of the f32 decode: no rounding, whatever the conversion instructions do
/// with denormals.
Value buildDecodeToBF16(OpBuilder &b, Location loc, const ::fp8::Format &format,
                        Value input, AffineMap inputMap, Value output);

/// B (FP8 storage, [K, N] or [N, K] with `transposed`; N already padded to
/// panels * panelWidth, K to the even `kPadded`) decoded into bf16 pairs
/// of k: an i32 tensor [panels, kPadded / 2, panelWidth] whose element
/// (p, kp, l) holds bf16(B[2 kp, p * panelWidth + l]) in its low half and
/// bf16(B[2 kp + 1, ...]) in its high half (VNNI: the layout VDPBF16PS and
/// TDPBF16PS multiply). The kn layout reads both rows of a pair as vectors.
/// A [M, K] is packed by blocks of rows as a transposed B: its rows are the
/// panels' columns.
Value packInBF16Pairs(OpBuilder &b, Location loc, const ::fp8::Format &format,
                      Value bStorage, bool transposed, int64_t panels,
                      int64_t panelWidth, int64_t kPadded);

} // namespace mlir::fp8

#endif // LIB_CONVERSION_FP8TOVECTOR_KERNELUTILS_H
