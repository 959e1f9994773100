//===- ScaledMatmulKernel.cpp - register-blocked fp8.scaled_matmul --------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.scaled_matmul (f32 accumulation, static shapes) as
//   1. A decoded to f32 [Mp, K] and B to packed f32 panels [Np/NR, K, NR]
//      (rows padded to MR, columns to NR = 2 vectors, with FP8 zeros); in
//      the cache-blocked nest one block of k at a time, [Np/NR, Kc, NR];
//   2. scale products' factors per (row, chunk) and (chunk, column);
//   3. for each MR x NR block: for each chunk, MR x 2 vector accumulators
//      summed with FMAs over the chunk's K, then total += acc * (sa * sb);
//   4. the epilogue (init + total) + bias, rounded once.
// With few blocks of rows (GEMV and small batches: one block for an nk B,
// up to kMaxStreamedRowBlocks for kn) B is not packed: its FP8 codes are
// read where they are and decoded in registers, so that B's bytes cross
// memory as FP8 (a quarter of f32's traffic). The nk layout reads 16 x 16
// byte tiles and transposes them in registers. Constant B without NaN
// codes (quantized weights) is decoded without the NaN fix-up.
// Every product of two decoded FP8 values is exact in f32, so FMA rounds
// exactly as the reference's add of the product: the kernel is
// bit-identical to convert-fp8-to-linalg.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

#include <algorithm>
#include <cmath>
#include <functional>

using namespace mlir;
using namespace mlir::fp8;

namespace {

struct ScaledMatmulToKernel : public OpConversionPattern<ScaledMatmulOp> {
  ScaledMatmulToKernel(const TypeConverter &converter, MLIRContext *context,
                       const CPUTarget &target)
      : OpConversionPattern(converter, context, /*benefit=*/2), target(target) {
  }

  LogicalResult
  matchAndRewrite(ScaledMatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type accType = op.getAccumulatorType();
    if (!accType.isF32() && !accType.isF16())
      return rewriter.notifyMatchFailure(op, "bf16 accumulation");
    FailureOr<StaticScaledMatmul> matmul =
        matchStaticScaledMatmul(op, rewriter);
    if (failed(matmul))
      return failure();
    // A constant B (quantized weights; torch's Linear weights are nk) gets
    // the kernel's layout at compile time: its codes are bytes, so the copy
    // costs no memory once the original is dead. Few rows: panels (below);
    // more: kn, whose rows the paths read in order (GEMV 1 x 4096 x 4096,
    // Zen 3: twice the speed of the nk tiles' transposes).
    Value bStorage = adaptor.getB();
    const bool constantB = isConstantCodeMatrix(adaptor.getB());
    const bool constantNK = constantB && matmul->transposed;
    if (constantNK)
      matmul->transposed = false;
    const bool transposed = matmul->transposed;
    const int64_t m = matmul->m, n = matmul->n, k = matmul->k;

    const StaticScaledMatmul::KChunking kChunking = matmul->getKChunking(1);
    const int64_t kPadded = kChunking.kPadded, promotion = kChunking.promotion,
                  chunks = kChunking.chunks;
    // Without promotions the totals need no registers of their own: more
    // rows fit (2 * rows accumulators + 2 panel vectors + a broadcast).
    // f16 accumulation: f16 vectors (native on AVX512-FP16), each chunk sum
    // extended to f32 at promotion.
    KernelConfig config{
        accType.isF32() ? target.vectorWidth : target.halfVectorWidth, accType};
    const int64_t width = config.width;
    int64_t rows = chunks == 1 ? target.kernelRowsOneChunk : target.kernelRows;
    // Few blocks of rows: B streams through registers, decoded again for
    // each block of rows (16 x 16 tiles when transposed: K and every chunk
    // must be multiples of 16, and one block, each block transposing anew).
    // Packing instead writes B as f32 and reads it back per block: 4x the
    // bytes, from DRAM for large B (kn, B constant, Zen 3, 1 thread: M = 16
    // x 4096 x 4096 in 17-24 ms streamed against 27-32 packed; at M = 64
    // packing wins).
    const int64_t streamedRowBlocks = transposed ? 1 : kMaxStreamedRowBlocks;
    const bool streamB =
        m <= rows * streamedRowBlocks &&
        (!transposed || (k % kTileK == 0 && promotion % kTileK == 0));
    // A constant kn B streamed this way (quantized weights) is laid out in
    // panels at compile time: each panel's codes are one run in memory,
    // read in order (one stream the prefetchers follow, not a row stream
    // per k).
    const bool constantPanels = streamB && !transposed && constantB;
    if (streamB) {
      // The register block keeps the kernel's count of accumulators: a
      // wider panel for fewer rows (GEMV), two vectors beyond (16 x 32
      // accumulators spill the generic target's 16 registers).
      const int64_t accumulators = 2 * rows;
      config.columnVectors = streamedColumnVectors(transposed, width);
      if (constantPanels)
        config.columnVectors = std::clamp<int64_t>(
            llvm::bit_floor(static_cast<uint64_t>(accumulators / m)), 2,
            std::max<int64_t>(2, kPanelCodes / width));
      else if (!transposed && m * config.columnVectors > accumulators)
        config.columnVectors = 2;
      rows = std::min(m, accumulators / config.columnVectors);
    }
    const int64_t panel = config.columnVectors * width;
    const int64_t mPadded = roundUp(m, rows), nPadded = roundUp(n, panel);
    const int64_t panels = nPadded / panel;

    Location loc = op.getLoc();
    const ::fp8::Format &formatA = *matmul->formatA,
                        &formatB = *matmul->formatB;

    // 1. Decode A to the accumulator type (exact for every FP8 value), row
    //    major: the micro-kernels read its rows in place. B to packed
    //    panels, or streamed.
    Value a = matmul->padA(rewriter, loc, adaptor.getA(), mPadded, kPadded);
    // B's decode is the kernel's O(KN) cost (in registers when streamed):
    // formats with an f16 embedding come out of decodeToScaledHalf divided
    // by 2^e, and A is packed times 2^e, so every product (exact) is the
    // same.
    FloatCodec codecB(rewriter, loc, formatB);
    // Constant panels of finite codes decode straight into f32 bits: their
    // values times 2^-S (S = 127 - bias), A times 2^kFloatTopAExponent, the
    // chunk sums times the rest. Every product stays a normal f32 (at least
    // 2^-81 for the smallest subnormals), so the roundings are the same.
    config.floatTopDecode = constantPanels && accType.isF32() &&
                            config.columnVectors % 2 == 0 &&
                            codecB.hasScaledFloatTopDecode() &&
                            holdsOnlyFiniteCodes(adaptor.getB(), formatB);
    config.floatsInLanes =
        config.floatTopDecode && config.columnVectors % 4 == 0;
    config.scaledHalfDecode = !config.floatTopDecode && accType.isF32() &&
                              codecB.hasScaledHalfDecode();
    // Finite codes hold no NaN: no second pass over the constant.
    config.bMayBeNaN =
        !config.floatTopDecode && !holdsNoNaNCode(adaptor.getB(), formatB);
    double aFactor = 1.0;
    if (config.floatTopDecode)
      aFactor = std::ldexp(1.0, kFloatTopAExponent);
    else if (config.scaledHalfDecode)
      aFactor = std::ldexp(1.0, codecB.scaledHalfExponent());
    Value aDecoded = decodeA(rewriter, loc, formatA, a, accType, aFactor);

    Value bPanels;
    if (constantPanels) {
      bPanels = constantCodesInPanels(
          rewriter, loc, adaptor.getB(), constantNK, kPadded, nPadded, panel,
          config.floatsInLanes    ? floatsInLanesPositionColumns(width)
          : config.floatTopDecode ? floatTopPositionColumns(width)
                                  : SmallVector<int64_t>());
    } else if (constantB && (constantNK || nPadded != n)) {
      // Padded at compile time too, unless K needs padding.
      const bool padded = kPadded == k;
      bStorage = constantCodesKN(rewriter, loc, adaptor.getB(), constantNK,
                                 padded ? nPadded : n);
      if (!padded)
        bStorage = matmul->padB(rewriter, loc, bStorage, nPadded, kPadded);
    } else {
      bStorage = matmul->padB(rewriter, loc, bStorage, nPadded, kPadded);
    }
    // Several blocks of rows reuse each panel: k and the rows are blocked
    // for the caches. B is then decoded one block of k at a time, into
    // packed panels that stay in the caches for the block's tiles, instead
    // of all at once, which writes B as f32 to memory and reads it back.
    std::optional<CacheBlocks> cacheBlocks;
    if (!streamB && mPadded > rows &&
        !tileRowsStayInL1(rows, k, accType.getIntOrFloatBitWidth() / 8))
      cacheBlocks = target.cacheBlocks;
    const bool packBPerKBlock =
        cacheBlocks &&
        cacheBlocksOfKAlign(*cacheBlocks, kPadded, chunks, promotion);
    // The packed panels of the current block of k, and its first k.
    Value blockPanels, blockK0;
    ColumnLoader loadColumns;
    int64_t kStep = 1;
    Value bPacked;
    if (packBPerKBlock) {
      loadColumns = [&](OpBuilder &b, Location loc, Value panelIndex,
                        Value k0) {
        return loadPackedColumns(b, loc, config, blockPanels, panelIndex,
                                 arith::SubIOp::create(b, loc, k0, blockK0));
      };
    } else if (bPanels) {
      // Constant panels [P, K, NR].
      loadColumns = [&, bPanels](OpBuilder &b, Location loc, Value panelIndex,
                                 Value k0) {
        return loadContiguousColumns(
            b, loc, config, formatB, bPanels,
            {panelIndex, k0, arith::ConstantIndexOp::create(b, loc, 0)});
      };
    } else if (streamB) {
      kStep = transposed ? kTileK : 1;
      loadColumns = [&, bStorage](OpBuilder &b, Location loc, Value panelIndex,
                                  Value k0) {
        if (transposed)
          return loadTransposedColumns(b, loc, config, formatB, bStorage,
                                       panelIndex, k0);
        // kn: the panel's codes at row k0 of B.
        Value column0 = arith::MulIOp::create(
            b, loc, panelIndex, arith::ConstantIndexOp::create(b, loc, panel));
        return loadContiguousColumns(b, loc, config, formatB, bStorage,
                                     {k0, column0});
      };
    } else {
      bPacked = packB(rewriter, loc, config, formatB, bStorage, transposed,
                      panels, panel, k);
      loadColumns = [&, bPacked](OpBuilder &b, Location loc, Value panelIndex,
                                 Value k0) {
        return loadPackedColumns(b, loc, config, bPacked, panelIndex, k0);
      };
    }

    // 2. Scale factors per (row, chunk) and (chunk, column).
    ChunkScales scales = buildChunkScales(
        rewriter, loc, op, adaptor.getScaleA(), adaptor.getScaleB(), promotion,
        chunks, mPadded, nPadded);
    if (config.floatTopDecode)
      scales.sumFactor =
          std::ldexp(1.0, codecB.scaledFloatExponent() - kFloatTopAExponent);

    // One step of a chunk sum: round_acc(f32(sum) + a * b) (Spec.md 5.4).
    // The product of two decoded FP8 values is exact in f32, so an f32 FMA
    // rounds once, like the reference's add. In f16: a native f16 FMA
    // (AVX512-FP16) rounds the exact value once, which the spec shows is
    // the same; elsewhere LLVM legalizes an f16 FMA as a product rounded
    // to f16 and then a sum, which loses products below f16's subnormals
    // (E5M2FNUZ x E4M3). There the step is an f32 FMA, rounded to f16.
    const bool nativeHalf = target.halfVectorWidth > target.vectorWidth;
    auto buildAccumulateStep = [&](OpBuilder &b, Location loc, Value x, Value y,
                                   Value sum) -> Value {
      auto type = cast<VectorType>(sum.getType());
      if (type.getElementType().isF32() || nativeHalf)
        return vector::FMAOp::create(b, loc, x, y, sum);
      auto wide = type.clone(b.getF32Type());
      auto widen = [&](Value value) -> Value {
        return arith::ExtFOp::create(b, loc, wide, value);
      };
      Value fused =
          vector::FMAOp::create(b, loc, widen(x), widen(y), widen(sum));
      return arith::TruncFOp::create(b, loc, type, fused);
    };

    // 3. The register-blocked loops: FMAs of a broadcast element of A and
    //    two vectors of B's columns, in k order (the reference's rounding).
    auto vectorType = config.vectorType();
    auto fmaStep = [&](OpBuilder &b, Location loc, Value row0, Value panel,
                       Value k0, ValueRange accumulators) {
      SmallVector<SmallVector<Value>> columnsByK =
          loadColumns(b, loc, panel, k0);
      SmallVector<Value> next(accumulators);
      for (int64_t s = 0; s < kStep; ++s) {
        Value kk = arith::AddIOp::create(
            b, loc, k0, arith::ConstantIndexOp::create(b, loc, s));
        next = buildBroadcastProducts(b, loc, aDecoded, row0, kk, rows,
                                      columnsByK[s], next, buildAccumulateStep);
      }
      return next;
    };
    // The prologue of each block of k: B's rows of the block decoded into
    // packed panels (kn: row by row; nk: the block's columns, by packB).
    auto decodeBlockOfB = [&](OpBuilder &b, Location loc, Value kBegin) {
      const int64_t blockK = cacheBlocks->k;
      blockK0 = kBegin;
      if (!transposed) {
        blockPanels = decodeRowsInPanels(b, loc, config, formatB, bStorage,
                                         kBegin, blockK, panels);
        return;
      }
      Value columnsOfB = tensor::ExtractSliceOp::create(
          b, loc, bStorage, ArrayRef<OpFoldResult>{b.getIndexAttr(0), kBegin},
          ArrayRef<OpFoldResult>{b.getIndexAttr(nPadded),
                                 b.getIndexAttr(blockK)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
      blockPanels = packB(b, loc, config, formatB, columnsOfB, transposed,
                          panels, panel, blockK);
    };
    Value total;
    // A streamed kn B is read kKBlock rows at a time across all panels, so
    // that each row is read sequentially (one row's panels are next to
    // each other in memory, consecutive rows N bytes apart).
    if (streamB && !transposed && !bPanels)
      total = buildKBlockedKernel(rewriter, loc, config.vectorType(),
                                  config.columnVectors, rows, mPadded, panels,
                                  chunks, promotion, k, scales, fmaStep);
    else if (packBPerKBlock)
      total = buildCacheBlockedKernel(rewriter, loc, vectorType, rows, mPadded,
                                      panels, chunks, promotion, k, kStep,
                                      scales, fmaStep, config.columnVectors,
                                      *cacheBlocks, decodeBlockOfB);
    else
      total = buildRegisterBlockedKernel(
          rewriter, loc, vectorType, rows, mPadded, panels, chunks, promotion,
          k, kStep, scales, fmaStep, config.columnVectors, cacheBlocks,
          /*panelMajor=*/static_cast<bool>(bPanels));

    // 4. Epilogue on [M, N]: (init + total) + bias, rounded once.
    rewriter.replaceOp(op, buildKernelEpilogue(rewriter, loc, total, m, n,
                                               adaptor.getInit(),
                                               adaptor.getBias()));
    return success();
  }

private:
  /// The decoded B columns of one panel at k0, k0 + 1, ..., k0 + kStep - 1:
  /// [step][vector], config.columnVectors vectors a step.
  using ColumnLoader = std::function<SmallVector<SmallVector<Value>>(
      OpBuilder &, Location, Value panelIndex, Value k0)>;

  /// Panel width of the streaming path, in vectors. nk: one 16 x 16 tile of
  /// codes a step (measured: 1 x 8192 x 8192 in 12.5 ms against 17 ms with
  /// two tiles, whose 32 row streams the prefetchers do not keep up with);
  /// kn: 32 codes (one 256-bit load) a step, two AVX-512 vectors (wider
  /// panels were slower there: 23 to 31 ms against 15) or four of the
  /// generic target's (4 independent FMA chains: 1 x 8192 x 8192 in 12.9
  /// ms against 18.2 with two, Zen 3, one thread).
  static int64_t streamedColumnVectors(bool transposed, int64_t width) {
    return transposed ? std::max<int64_t>(1, kTileK / width)
                      : std::max<int64_t>(2, kStreamedCodes / width);
  }

  /// Codes of a constant B panel at one k for one row (GEMV): one cache
  /// line.
  static constexpr int64_t kPanelCodes = 64;

  /// The power of two A is packed times when B is decoded by
  /// decodeFiniteToScaledFloatTop: A's largest values stay finite, the
  /// smallest products normal.
  static constexpr int kFloatTopAExponent = 64;

  /// The f32 lanes of two vectors made of 2 x width i16 halves the way
  /// x86's unpack instructions interleave them with zeros (within each
  /// 128-bit lane: the low four halves, then the high four): lane j of
  /// vector v takes half 8 (j / 4) + 4 v + j % 4. Returns the column of each
  /// position in a group of 2 x width codes, for the compile-time layout.
  static SmallVector<int64_t> floatTopPositionColumns(int64_t width) {
    SmallVector<int64_t> columns(2 * width);
    for (int64_t v = 0; v < 2; ++v)
      for (int64_t j = 0; j < width; ++j)
        columns[8 * (j / 4) + 4 * v + j % 4] = v * width + j;
    return columns;
  }

  /// The f32 lanes of decodeFiniteToScaledFloatsInLanes' four vectors:
  /// lane i of vector j takes code 4 i + j of a group of 4 x width codes.
  /// Returns the column of each position in the group.
  static SmallVector<int64_t> floatsInLanesPositionColumns(int64_t width) {
    SmallVector<int64_t> columns(4 * width);
    for (int64_t j = 0; j < 4; ++j)
      for (int64_t i = 0; i < width; ++i)
        columns[4 * i + j] = j * width + i;
    return columns;
  }

  /// Codes of a kn B row that one step of the streaming path reads.
  static constexpr int64_t kStreamedCodes = 32;

  /// Blocks of rows up to which a kn B streams through registers rather
  /// than being packed.
  static constexpr int64_t kMaxStreamedRowBlocks = 4;

  /// k of a transposed B tile read by the streaming path.
  static constexpr int64_t kTileK = 16;

  /// The vector kernel's lanes and accumulator element type (f32 or f16).
  struct KernelConfig {
    int64_t width;
    Type element;
    /// Vectors of columns in a panel: the register block is rows x this.
    int64_t columnVectors = 2;
    /// B decoded by FloatCodec::decodeToScaledHalf (its values divided by a
    /// power of two, which A is packed times).
    bool scaledHalfDecode = false;
    /// B decoded by FloatCodec::decodeFiniteToScaledFloatTop, its f32 lanes
    /// interleaved as floatTopPositionColumns says (constant panels).
    bool floatTopDecode = false;
    /// With floatTopDecode, a multiple of 4 column vectors: B decoded four
    /// codes to a 32-bit lane (decodeFiniteToScaledFloatsInLanes), lanes
    /// as floatsInLanesPositionColumns says.
    bool floatsInLanes = false;
    /// Whether B may hold NaN codes; constant weights known to hold none
    /// skip the scaled-half decode's NaN fix-up (a third of its work).
    bool bMayBeNaN = true;
    VectorType vectorType() const { return VectorType::get({width}, element); }
  };

  /// A [Mp, K] decoded into `element`, times `factor` (a power of two:
  /// exact), row-major: one pass along k, vectorized like any elementwise
  /// op. Formats with an f16 embedding decode through it (fewer steps).
  static Value decodeA(OpBuilder &b, Location loc, const ::fp8::Format &format,
                       Value a, Type element, double factor) {
    auto type = cast<RankedTensorType>(a.getType());
    Value init = tensor::EmptyOp::create(b, loc, type.getShape(), element);
    AffineMap identity = b.getMultiDimIdentityMap(2);
    return linalg::GenericOp::create(
               b, loc, init.getType(), ValueRange{a}, ValueRange{init},
               ArrayRef<AffineMap>{identity, identity}, parallelLoops(2),
               [&](OpBuilder &nb, Location nloc, ValueRange args) {
                 FloatCodec codec(nb, nloc, format);
                 Value code = storageToCode(nb, nloc, args[0]);
                 double scale = factor;
                 Value value;
                 if (element.isF32() && codec.hasScaledHalfDecode()) {
                   value = arith::ExtFOp::create(
                       nb, nloc, element, codec.decodeToScaledHalf(code));
                   scale *= std::ldexp(1.0, codec.scaledHalfExponent());
                 } else {
                   value = codec.decode(code);
                   if (value.getType() != element)
                     value = arith::TruncFOp::create(nb, nloc, element, value);
                 }
                 if (scale != 1.0)
                   value = arith::MulFOp::create(
                       nb, nloc, value,
                       arith::ConstantOp::create(
                           nb, nloc, nb.getFloatAttr(element, scale)));
                 linalg::YieldOp::create(nb, nloc, value);
               })
        .getResult(0);
  }

  /// B decoded into f32 panels [P, K, NR] (kn: a vector's columns are
  /// contiguous in memory; nk: one panel row is a strided column of B).
  Value packB(OpBuilder &b, Location loc, const KernelConfig &config,
              const ::fp8::Format &format, Value bStorage, bool transposed,
              int64_t panels, int64_t panel, int64_t k) const {
    // Split N into (panel, lane): kn [K, P, NR] or nk [P, NR, K].
    auto storageType = cast<RankedTensorType>(bStorage.getType());
    SmallVector<int64_t> splitShape =
        transposed ? SmallVector<int64_t>{panels, panel, k}
                   : SmallVector<int64_t>{k, panels, panel};
    SmallVector<ReassociationIndices> reassociation =
        transposed ? SmallVector<ReassociationIndices>{{0, 1}, {2}}
                   : SmallVector<ReassociationIndices>{{0}, {1, 2}};
    Value bSplit = tensor::ExpandShapeOp::create(
        b, loc, storageType.clone(splitShape), bStorage, reassociation);
    AffineExpr p = b.getAffineDimExpr(0), kk = b.getAffineDimExpr(1),
               l = b.getAffineDimExpr(2);
    AffineMap bMap =
        AffineMap::get(3, 0,
                       transposed ? SmallVector<AffineExpr>{p, l, kk}
                                  : SmallVector<AffineExpr>{kk, p, l},
                       b.getContext());
    Value bPackedInit = tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{panels, k, panel}, config.element);
    if (!config.scaledHalfDecode)
      return buildDecodeToF32(b, loc, format, bSplit, bMap, bPackedInit);
    return linalg::GenericOp::create(
               b, loc, bPackedInit.getType(), ValueRange{bSplit},
               ValueRange{bPackedInit},
               ArrayRef<AffineMap>{bMap, b.getMultiDimIdentityMap(3)},
               parallelLoops(3),
               [&](OpBuilder &nb, Location nloc, ValueRange args) {
                 Value half =
                     FloatCodec(nb, nloc, format)
                         .decodeToScaledHalf(storageToCode(nb, nloc, args[0]),
                                             config.bMayBeNaN);
                 linalg::YieldOp::create(
                     nb, nloc,
                     arith::ExtFOp::create(nb, nloc, config.element, half)
                         .getResult());
               })
        .getResult(0);
  }

  /// Rows [kBegin, kBegin + blockK) of a kn B decoded into packed panels
  /// [P, blockK, NR], in parallel by groups of rows, each row across the
  /// panels: the rows are one run in memory, read in order (a panel at a
  /// time would read 16 codes of each row, a page apart, which the
  /// prefetchers do not follow).
  Value decodeRowsInPanels(OpBuilder &b, Location loc,
                           const KernelConfig &config,
                           const ::fp8::Format &format, Value bStorage,
                           Value kBegin, int64_t blockK, int64_t panels) const {
    const int64_t panel = config.columnVectors * config.width;
    const int64_t rowsPerTile =
        blockK / largestDivisorAtMost(blockK, kDecodeTiles);
    auto index = [&](OpBuilder &b, int64_t value) -> Value {
      return arith::ConstantIndexOp::create(b, loc, value);
    };
    Value init = tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{panels, blockK, panel}, config.element);
    auto rowsBody = [&](OpBuilder &b, Location loc, ValueRange offsets,
                        ValueRange tiles) -> SmallVector<Value> {
      auto rowLoop = scf::ForOp::create(
          b, loc, index(b, 0), index(b, rowsPerTile), index(b, 1), tiles,
          [&](OpBuilder &b, Location loc, Value row, ValueRange rowArgs) {
            Value k = arith::AddIOp::create(
                b, loc, kBegin, arith::AddIOp::create(b, loc, offsets[1], row));
            auto panelLoop = scf::ForOp::create(
                b, loc, index(b, 0), index(b, panels), index(b, 1), rowArgs,
                [&](OpBuilder &b, Location loc, Value p, ValueRange args) {
                  Value column0 =
                      arith::MulIOp::create(b, loc, p, index(b, panel));
                  SmallVector<Value> columns = loadContiguousColumns(
                      b, loc, config, format, bStorage, {k, column0})[0];
                  Value tile = args[0];
                  for (int64_t v = 0; v < config.columnVectors; ++v)
                    tile = vector::TransferWriteOp::create(
                               b, loc, columns[v], tile,
                               ValueRange{p, row, index(b, v * config.width)},
                               ArrayRef<bool>{true})
                               .getResult();
                  scf::YieldOp::create(b, loc, tile);
                });
            scf::YieldOp::create(b, loc, panelLoop.getResults());
          });
      return SmallVector<Value>(rowLoop.getResults());
    };
    return buildParallelTiles(b, loc, init, {panels, rowsPerTile, panel},
                              rowsBody)
        .front();
  }

  /// Parallel tiles of decodeRowsInPanels (groups of rows of a block).
  static constexpr int64_t kDecodeTiles = 4;

  SmallVector<SmallVector<Value>>
  loadPackedColumns(OpBuilder &b, Location loc, const KernelConfig &config,
                    Value bPacked, Value panelIndex, Value k0) const {
    Value padding = ub::PoisonOp::create(b, loc, config.element);
    SmallVector<Value> columns;
    for (int64_t v = 0; v < config.columnVectors; ++v)
      columns.push_back(vector::TransferReadOp::create(
          b, loc, config.vectorType(), bPacked,
          ValueRange{panelIndex, k0,
                     arith::ConstantIndexOp::create(b, loc, v * config.width)},
          padding, ArrayRef<bool>{true}));
    return {columns};
  }

  /// A panel's codes at one k (FP8 or i8 storage, cv * width lanes) decoded
  /// to the accumulator type, one vector per `width` lanes. The codes are
  /// decoded together: the integer steps take whole registers.
  SmallVector<Value> decodePanel(OpBuilder &b, Location loc,
                                 const KernelConfig &config,
                                 const ::fp8::Format &format,
                                 Value codes) const {
    auto type = cast<VectorType>(codes.getType());
    if (!type.getElementType().isInteger(8))
      codes =
          arith::BitcastOp::create(b, loc, type.clone(b.getI8Type()), codes);
    FloatCodec codec(b, loc, format);
    if (config.floatsInLanes) {
      SmallVector<Value> columns;
      for (int64_t group = 0; group < config.columnVectors / 4; ++group)
        llvm::append_range(columns,
                           codec.decodeFiniteToScaledFloatsInLanes(
                               vector::ExtractStridedSliceOp::create(
                                   b, loc, codes, {4 * config.width * group},
                                   {4 * config.width}, {1})));
      return columns;
    }
    if (config.floatTopDecode)
      return interleaveFloatTops(b, loc, config,
                                 codec.decodeFiniteToScaledFloatTop(codes));
    // Every FP8 value is an f16: exact either way.
    Value decoded = config.scaledHalfDecode
                        ? codec.decodeToScaledHalf(codes, config.bMayBeNaN)
                        : codec.decode(codes);
    SmallVector<Value> columns;
    for (int64_t v = 0; v < config.columnVectors; ++v) {
      Value part = vector::ExtractStridedSliceOp::create(
          b, loc, decoded, {v * config.width}, {config.width}, {1});
      auto partType = cast<VectorType>(part.getType());
      Type element = partType.getElementType();
      if (element.getIntOrFloatBitWidth() <
          config.element.getIntOrFloatBitWidth())
        part =
            arith::ExtFOp::create(b, loc, partType.clone(config.element), part);
      else if (element != config.element)
        part = arith::TruncFOp::create(b, loc, partType.clone(config.element),
                                       part);
      columns.push_back(part);
    }
    return columns;
  }

  /// The f32 top halves of a panel (cv * width i16) interleaved with zeros
  /// into cv f32 vectors, lanes in floatTopPositionColumns' order.
  static SmallVector<Value> interleaveFloatTops(OpBuilder &b, Location loc,
                                                const KernelConfig &config,
                                                Value tops) {
    const int64_t width = config.width;
    auto halvesType = VectorType::get({2 * width}, b.getI16Type());
    Value zeros = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(halvesType, b.getI16IntegerAttr(0)));
    SmallVector<Value> columns;
    for (int64_t pair = 0; pair < config.columnVectors / 2; ++pair) {
      Value halves = vector::ExtractStridedSliceOp::create(
          b, loc, tops, {2 * width * pair}, {2 * width}, {1});
      for (int64_t v = 0; v < 2; ++v) {
        // Little endian: the zero half low, the top half high.
        SmallVector<int64_t> mask;
        for (int64_t j = 0; j < width; ++j) {
          mask.push_back(0);
          mask.push_back(2 * width + 8 * (j / 4) + 4 * v + j % 4);
        }
        Value interleaved =
            vector::ShuffleOp::create(b, loc, zeros, halves, mask);
        columns.push_back(vector::BitCastOp::create(b, loc, config.vectorType(),
                                                    interleaved));
      }
    }
    return columns;
  }

  /// A panel's codes at one k, contiguous in `storage` from `indices`,
  /// decoded.
  SmallVector<SmallVector<Value>>
  loadContiguousColumns(OpBuilder &b, Location loc, const KernelConfig &config,
                        const ::fp8::Format &format, Value storage,
                        ValueRange indices) const {
    const int64_t panel = config.columnVectors * config.width;
    Type element = cast<ShapedType>(storage.getType()).getElementType();
    Value padding = ub::PoisonOp::create(b, loc, element);
    Value codes = vector::TransferReadOp::create(
        b, loc, VectorType::get({panel}, element), storage, indices, padding,
        ArrayRef<bool>{true});
    return {decodePanel(b, loc, config, format, codes)};
  }

  /// nk: 16 x 16 tiles of codes (16 columns n, 16 values of k), each row
  /// one contiguous load, transposed in registers into one vector of
  /// columns per k (a byte shuffle: with AVX512-VBMI a few vpermt2b).
  SmallVector<SmallVector<Value>>
  loadTransposedColumns(OpBuilder &b, Location loc, const KernelConfig &config,
                        const ::fp8::Format &format, Value bStorage,
                        Value panelIndex, Value k0) const {
    const int64_t width = config.width, panel = config.columnVectors * width;
    Type storage = cast<ShapedType>(bStorage.getType()).getElementType();
    Value padding = ub::PoisonOp::create(b, loc, storage);
    auto rowType = VectorType::get({kTileK}, storage);
    Value column0 = arith::MulIOp::create(
        b, loc, panelIndex, arith::ConstantIndexOp::create(b, loc, panel));
    // codesByK[s]: the panel's codes at k0 + s, in column order.
    SmallVector<SmallVector<Value>> codesByK(kTileK);
    for (int64_t tile = 0; tile < panel / kTileK; ++tile) {
      SmallVector<Value> tileRows;
      for (int64_t r = 0; r < kTileK; ++r) {
        Value column = arith::AddIOp::create(
            b, loc, column0,
            arith::ConstantIndexOp::create(b, loc, tile * kTileK + r));
        tileRows.push_back(vector::TransferReadOp::create(
            b, loc, rowType, bStorage, ValueRange{column, k0}, padding,
            ArrayRef<bool>{true}));
      }
      SmallVector<Value> transposed = transposeTile(b, loc, tileRows);
      for (int64_t s = 0; s < kTileK; ++s)
        codesByK[s].push_back(transposed[s]);
    }
    SmallVector<SmallVector<Value>> result;
    for (int64_t s = 0; s < kTileK; ++s)
      result.push_back(decodePanel(b, loc, config, format,
                                   concatenate(b, loc, codesByK[s])));
    return result;
  }

  /// 1-D vectors joined end to end (a tree of shuffles).
  static Value concatenate(OpBuilder &b, Location loc,
                           SmallVector<Value> pieces) {
    while (pieces.size() > 1) {
      SmallVector<Value> joined;
      for (size_t i = 0; i + 1 < pieces.size(); i += 2) {
        int64_t size =
            cast<VectorType>(pieces[i].getType()).getNumElements() +
            cast<VectorType>(pieces[i + 1].getType()).getNumElements();
        joined.push_back(vector::ShuffleOp::create(
            b, loc, pieces[i], pieces[i + 1],
            llvm::to_vector(llvm::seq<int64_t>(0, size))));
      }
      if (pieces.size() % 2)
        joined.push_back(pieces.back());
      pieces = std::move(joined);
    }
    return pieces.front();
  }

  /// rows[r][c] -> result[c][r] for a square tile of 1-D vectors.
  static SmallVector<Value> transposeTile(OpBuilder &b, Location loc,
                                          ArrayRef<Value> rows) {
    const int64_t size = rows.size();
    Value flat = concatenate(b, loc, SmallVector<Value>(rows));
    SmallVector<int64_t> mask(size * size);
    for (int64_t r = 0; r < size; ++r)
      for (int64_t c = 0; c < size; ++c)
        mask[c * size + r] = r * size + c;
    Value transposed = vector::ShuffleOp::create(b, loc, flat, flat, mask);
    SmallVector<Value, 2> columns;
    for (int64_t c = 0; c < size; ++c)
      columns.push_back(vector::ExtractStridedSliceOp::create(
          b, loc, transposed, {c * size}, {size}, {1}));
    return columns;
  }

  CPUTarget target;
};

} // namespace

void mlir::fp8::populateFMAKernelPatterns(const TypeConverter &typeConverter,
                                          RewritePatternSet &patterns,
                                          const CPUTarget &target) {
  patterns.add<ScaledMatmulToKernel>(typeConverter, patterns.getContext(),
                                     target);
}
