//===- BF16DotKernel.cpp - fp8.scaled_matmul with VDPBF16PS ---------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.scaled_matmul (f32 accumulation, static shapes, more rows than one
// register block) for AVX512-BF16 as
//   1. A decoded to bf16 rows [Mp, Kp] and B to bf16 pairs of k, packed in
//      panels of 32 columns [Np/32, Kp/2, 32] (i32 words: the VNNI layout),
//      K padded to even with FP8 zeros; every FP8 value is exact in bf16;
//   2. for each MR x 32 block and chunk: MR x 2 f32 accumulators, each
//      step one VDPBF16PS per accumulator (a broadcast pair of A's row
//      times 16 columns' pairs), then the promotion of the FMA kernel.
// VDPBF16PS adds the two products of a pair one after the other (odd k
// first), each rounded to nearest even in f32: still recursive summation of
// exact products, in a different order from the reference's, so results
// differ in the last bits but meet the error bound of docs/Spec.md (each
// product of a chunk sees at most L - 1 roundings). Its DAZ/FTZ do not
// matter: decoded values are at least 2^-16 and chunk sums multiples of
// 2^-34 (the smallest FP8 products), far above f32's 2^-126.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

struct ScaledMatmulToBF16DotKernel
    : public OpConversionPattern<ScaledMatmulOp> {
  ScaledMatmulToBF16DotKernel(const TypeConverter &converter,
                              MLIRContext *context, const CPUTarget &target)
      : OpConversionPattern(converter, context, /*benefit=*/3), target(target) {
  }

  LogicalResult
  matchAndRewrite(ScaledMatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!op.getAccumulatorType().isF32())
      return rewriter.notifyMatchFailure(op, "not f32 accumulation");
    FailureOr<StaticScaledMatmul> matmul =
        matchStaticScaledMatmul(op, rewriter);
    if (failed(matmul))
      return failure();
    const bool transposed = matmul->transposed;
    const int64_t m = matmul->m, n = matmul->n;
    const std::optional<int64_t> chunkLength = matmul->promotion;
    if (chunkLength && *chunkLength % 2 != 0)
      return rewriter.notifyMatchFailure(
          op, "odd promotion length: a pair of k would straddle a promotion");
    const StaticScaledMatmul::KChunking kChunking = matmul->getKChunking(2);
    const int64_t kPadded = kChunking.kPadded, promotion = kChunking.promotion,
                  chunks = kChunking.chunks;
    const int64_t rows =
        chunks == 1 ? target.kernelRowsOneChunk : target.kernelRows;
    if (m <= rows)
      return rewriter.notifyMatchFailure(
          op, "one block of rows: the FMA kernel streams B's codes");

    const int64_t width = target.vectorWidth, panel = 2 * width;
    const int64_t mPadded = roundUp(m, rows), nPadded = roundUp(n, panel);
    const int64_t panels = nPadded / panel;
    Location loc = op.getLoc();
    const ::fp8::Format &formatA = *matmul->formatA,
                        &formatB = *matmul->formatB;

    // 1. A and B as bf16 pairs of k in i32 words (FP8 zeros pad both). A
    //    is packed by blocks of rows [Mp / rows, K / 2, rows]: the layout of
    //    B as [N, K] in panels of `rows` columns, so that a micro-kernel
    //    reads its rows' words of each step next to each other.
    Value a = matmul->padA(rewriter, loc, adaptor.getA(), mPadded, kPadded);
    Value aWords =
        packInBF16Pairs(rewriter, loc, formatA, a,
                        /*transposed=*/true, mPadded / rows, rows, kPadded);
    Value bStorage =
        matmul->padB(rewriter, loc, adaptor.getB(), nPadded, kPadded);
    Value bPairs = packInBF16Pairs(rewriter, loc, formatB, bStorage, transposed,
                                   panels, panel, kPadded);

    ChunkScales scales = buildChunkScales(
        rewriter, loc, op, adaptor.getScaleA(), adaptor.getScaleB(), promotion,
        chunks, mPadded, nPadded);

    // 2. One step: a pair of k for the whole block.
    auto pairType = VectorType::get({2 * width}, rewriter.getBF16Type());
    auto wordsType = VectorType::get({width}, rewriter.getI32Type());
    auto dotStep = [&](OpBuilder &b, Location loc, Value row0, Value panel,
                       Value k0, ValueRange accumulators) {
      auto index = [&](int64_t value) -> Value {
        return arith::ConstantIndexOp::create(b, loc, value);
      };
      Value kPair = arith::DivUIOp::create(b, loc, k0, index(2));
      Value noWord = ub::PoisonOp::create(b, loc, b.getI32Type());
      SmallVector<Value, 2> columns;
      for (int64_t v = 0; v < 2; ++v) {
        Value words = vector::TransferReadOp::create(
            b, loc, wordsType, bPairs,
            ValueRange{panel, kPair, index(v * width)}, noWord,
            ArrayRef<bool>{true});
        columns.push_back(vector::BitCastOp::create(b, loc, pairType, words));
      }
      SmallVector<Value> next(accumulators);
      Value rowBlock = arith::DivUIOp::create(b, loc, row0, index(rows));
      for (int64_t r = 0; r < rows; ++r) {
        // A's pair (k0, k0 + 1) as one i32, broadcast to every lane.
        Value word = tensor::ExtractOp::create(
            b, loc, aWords, ValueRange{rowBlock, kPair, index(r)});
        Value broadcast = vector::BitCastOp::create(
            b, loc, pairType,
            vector::BroadcastOp::create(b, loc, wordsType, word));
        for (int64_t v = 0; v < 2; ++v)
          next[2 * r + v] = x86vector::DotBF16Op::create(
              b, loc, next[2 * r + v], broadcast, columns[v]);
      }
      return next;
    };
    // Blocked for the caches only when a tile's A (rows x K bf16) no longer
    // stays in L1 across the panels: measured (Zen 5, ms) unblocked against
    // blocked 6.5 / 8.9 at 1024^3, 48 / 63 at 2048^3, 781 / 400 at 4096^3.
    std::optional<CacheBlocks> cacheBlocks;
    if (!tileRowsStayInL1(rows, kPadded, /*bytes=*/2))
      cacheBlocks = target.cacheBlocks;
    Value total = buildRegisterBlockedKernel(
        rewriter, loc, VectorType::get({width}, rewriter.getF32Type()), rows,
        mPadded, panels, chunks, promotion, kPadded, /*kStep=*/2, scales,
        dotStep, /*columnVectors=*/2, cacheBlocks);

    rewriter.replaceOp(op, buildKernelEpilogue(rewriter, loc, total, m, n,
                                               adaptor.getInit(),
                                               adaptor.getBias()));
    return success();
  }

  CPUTarget target;
};

} // namespace

void mlir::fp8::populateBF16DotKernelPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    const CPUTarget &target) {
  patterns.add<ScaledMatmulToBF16DotKernel>(typeConverter,
                                            patterns.getContext(), target);
}
