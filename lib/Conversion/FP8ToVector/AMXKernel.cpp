//===- AMXKernel.cpp - fp8.scaled_matmul on AMX tiles ---------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.scaled_matmul (f32 accumulation, static shapes, more rows than one
// register block) for AMX-BF16 as
//   1. A decoded to bf16 rows [Mp, Kp] and B to bf16 pairs of k in panels of
//      32 columns [Np/32, Kp/2, 32] (i32 words, the VNNI layout of
//      TDPBF16PS), M, N and K padded to multiples of 32 with FP8 zeros;
//      every FP8 value is exact in bf16;
//   2. for each 32 x 32 block of C and each chunk: 2 x 2 f32 tiles of
//      16 x 16 accumulated by TDPBF16PS of two A tiles (16 rows x 32 k) and
//      two B tiles (16 pairs of k x 16 columns) per 32 k (8 tile registers),
//      stored to a 32 x 32 scratch buffer, then total += sum * (scale_a *
//      scale_b) in vector registers, as the other kernels promote.
// The tiles are loaded from and stored to memref buffers (the packed
// tensors' buffers, the totals' buffer): the kernel sits between
// bufferization.to_buffer and to_tensor ops in the tensor program.
// TDPBF16PS adds the two products of each pair in turn, rounding to nearest
// even in f32 (DAZ/FTZ: irrelevant, decoded values are at least 2^-16 and
// chunk sums multiples of 2^-34): recursive summation of exact products in
// another order than the reference's, within the error bound of
// docs/Spec.md. Linux hands out AMX state only on request: the process must
// call fp8_request_amx_permission (libfp8_runtime.so) before this code runs.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"
#include "mlir/Dialect/AMX/AMXDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

/// Rows of a tile, bf16 k of an A tile (64 bytes), f32 columns of a C tile.
constexpr int64_t kTileRows = 16, kTileK = 32, kTileColumns = 16;
/// A block of C: 2 x 2 tiles.
constexpr int64_t kBlock = 32;

struct ScaledMatmulToAMXKernel : public OpConversionPattern<ScaledMatmulOp> {
  ScaledMatmulToAMXKernel(const TypeConverter &converter, MLIRContext *context,
                          const CPUTarget &target)
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
    if (m <= target.kernelRowsOneChunk)
      return rewriter.notifyMatchFailure(
          op, "one block of rows: the FMA kernel streams B's codes");
    const std::optional<int64_t> chunkLength = matmul->promotion;
    if (chunkLength && *chunkLength % kTileK != 0)
      return rewriter.notifyMatchFailure(
          op, "promotion length not a multiple of a tile's 32 k");
    const StaticScaledMatmul::KChunking kChunking =
        matmul->getKChunking(kTileK);
    const int64_t kPadded = kChunking.kPadded, promotion = kChunking.promotion,
                  chunks = kChunking.chunks;
    const int64_t mPadded = roundUp(m, kBlock), nPadded = roundUp(n, kBlock);
    const int64_t panels = nPadded / kBlock;
    Location loc = op.getLoc();
    const ::fp8::Format &formatA = *matmul->formatA,
                        &formatB = *matmul->formatB;

    // 1. A as bf16 rows, B as bf16 pairs of k (FP8 zeros pad both).
    Value a = matmul->padA(rewriter, loc, adaptor.getA(), mPadded, kPadded);
    Type bf16 = rewriter.getBF16Type(), f32 = rewriter.getF32Type();
    Value aInit = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{mPadded, kPadded}, bf16);
    Value aRows = buildDecodeToBF16(rewriter, loc, formatA, a,
                                    rewriter.getMultiDimIdentityMap(2), aInit);
    Value bStorage =
        matmul->padB(rewriter, loc, adaptor.getB(), nPadded, kPadded);
    Value bPairs = packInBF16Pairs(rewriter, loc, formatB, bStorage, transposed,
                                   panels, kBlock, kPadded);
    ChunkScales scales = buildChunkScales(
        rewriter, loc, op, adaptor.getScaleA(), adaptor.getScaleB(), promotion,
        chunks, mPadded, nPadded);

    // The tiles read and write buffers.
    auto toBuffer = [&](Value tensor) -> Value {
      auto type = cast<RankedTensorType>(tensor.getType());
      return bufferization::ToBufferOp::create(
          rewriter, loc,
          MemRefType::get(type.getShape(), type.getElementType()), tensor,
          /*read_only=*/true);
    };
    Value aBuffer = toBuffer(aRows), bBuffer = toBuffer(bPairs);
    Value rowScales = toBuffer(scales.rows),
          columnScales = toBuffer(scales.columns);
    auto totalType = MemRefType::get({mPadded, nPadded}, f32);
    Value totalBuffer = memref::AllocOp::create(rewriter, loc, totalType);
    Value zero = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getF32FloatAttr(0.0f));
    linalg::FillOp::create(rewriter, loc, ValueRange{zero},
                           ValueRange{totalBuffer});
    Value scratch = memref::AllocOp::create(
        rewriter, loc, MemRefType::get({kBlock, kBlock}, f32));

    // 2. The blocks.
    auto aTileType = amx::TileType::get({kTileRows, kTileK}, bf16);
    auto cTileType = amx::TileType::get({kTileRows, kTileColumns}, f32);
    auto vectorType = VectorType::get({kTileColumns}, f32);
    auto index = [&](OpBuilder &b, int64_t value) -> Value {
      return arith::ConstantIndexOp::create(b, loc, value);
    };
    scf::ForOp::create(
        rewriter, loc, index(rewriter, 0), index(rewriter, mPadded),
        index(rewriter, kBlock), ValueRange{},
        [&](OpBuilder &b, Location loc, Value row0, ValueRange) {
          scf::ForOp::create(
              b, loc, index(b, 0), index(b, panels), index(b, 1), ValueRange{},
              [&](OpBuilder &b, Location loc, Value panel, ValueRange) {
                Value column0 =
                    arith::MulIOp::create(b, loc, panel, index(b, kBlock));
                buildBlock(b, loc, row0, panel, column0, aBuffer, bBuffer,
                           rowScales, columnScales, totalBuffer, scratch,
                           aTileType, cTileType, vectorType, chunks, promotion,
                           kPadded);
                scf::YieldOp::create(b, loc);
              });
          scf::YieldOp::create(b, loc);
        });
    Value total = bufferization::ToTensorOp::create(
        rewriter, loc, RankedTensorType::get({mPadded, nPadded}, f32),
        totalBuffer, /*restrict=*/true, /*writable=*/true);
    rewriter.replaceOp(op, buildKernelEpilogue(rewriter, loc, total, m, n,
                                               adaptor.getInit(),
                                               adaptor.getBias()));
    return success();
  }

private:
  /// One 32 x 32 block of totals at (row0, column0), panel `panel` of B.
  void buildBlock(OpBuilder &b, Location loc, Value row0, Value panel,
                  Value column0, Value aBuffer, Value bBuffer, Value rowScales,
                  Value columnScales, Value totalBuffer, Value scratch,
                  amx::TileType aTileType, amx::TileType cTileType,
                  VectorType vectorType, int64_t chunks, int64_t promotion,
                  int64_t kPadded) const {
    auto index = [&](OpBuilder &b, int64_t value) -> Value {
      return arith::ConstantIndexOp::create(b, loc, value);
    };
    scf::ForOp::create(
        b, loc, index(b, 0), index(b, chunks), index(b, 1), ValueRange{},
        [&](OpBuilder &b, Location loc, Value chunk, ValueRange) {
          Value kBegin, kStop;
          std::tie(kBegin, kStop) =
              buildChunkKRange(b, loc, chunk, promotion, kPadded);
          SmallVector<Value> zeros;
          for (int64_t t = 0; t < 4; ++t)
            zeros.push_back(amx::TileZeroOp::create(b, loc, cTileType));
          // c[2 i + j] += A tile i x B tile j, for each 32 k of the chunk.
          auto kLoop = scf::ForOp::create(
              b, loc, kBegin, kStop, index(b, kTileK), zeros,
              [&](OpBuilder &b, Location loc, Value k0, ValueRange tiles) {
                Value kPair = arith::DivUIOp::create(b, loc, k0, index(b, 2));
                SmallVector<Value, 2> aTiles, bTiles;
                for (int64_t i = 0; i < 2; ++i) {
                  Value row = arith::AddIOp::create(b, loc, row0,
                                                    index(b, i * kTileRows));
                  SmallVector<Value, 2> at{row, k0};
                  aTiles.push_back(
                      amx::TileLoadOp::create(b, loc, aTileType, aBuffer, at,
                                              /*stride=*/index(b, kPadded)));
                }
                // 16 pairs of k x 16 columns: 16 rows of 64 bytes.
                for (int64_t j = 0; j < 2; ++j) {
                  SmallVector<Value, 3> at{panel, kPair,
                                           index(b, j * kTileColumns)};
                  bTiles.push_back(
                      amx::TileLoadOp::create(b, loc, aTileType, bBuffer, at,
                                              /*stride=*/index(b, kBlock)));
                }
                SmallVector<Value> next;
                for (int64_t i = 0; i < 2; ++i)
                  for (int64_t j = 0; j < 2; ++j)
                    next.push_back(amx::TileMulFOp::create(b, loc, cTileType,
                                                           aTiles[i], bTiles[j],
                                                           tiles[2 * i + j]));
                scf::YieldOp::create(b, loc, next);
              });
          for (int64_t i = 0; i < 2; ++i)
            for (int64_t j = 0; j < 2; ++j)
              amx::TileStoreOp::create(b, loc, scratch,
                                       ValueRange{index(b, i * kTileRows),
                                                  index(b, j * kTileColumns)},
                                       kLoop.getResult(2 * i + j),
                                       /*stride=*/index(b, kBlock));
          // Promotion: total += sum * (scale_a * scale_b).
          SmallVector<Value, 2> columnFactors;
          for (int64_t j = 0; j < 2; ++j)
            columnFactors.push_back(vector::LoadOp::create(
                b, loc, vectorType, columnScales,
                ValueRange{chunk,
                           arith::AddIOp::create(b, loc, column0,
                                                 index(b, j * kTileColumns))}));
          scf::ForOp::create(
              b, loc, index(b, 0), index(b, kBlock), index(b, 1), ValueRange{},
              [&](OpBuilder &b, Location loc, Value r, ValueRange) {
                Value row = arith::AddIOp::create(b, loc, row0, r);
                Value rowFactor = vector::BroadcastOp::create(
                    b, loc, vectorType,
                    memref::LoadOp::create(b, loc, rowScales,
                                           ValueRange{row, chunk}));
                for (int64_t j = 0; j < 2; ++j) {
                  Value column = arith::AddIOp::create(
                      b, loc, column0, index(b, j * kTileColumns));
                  Value sum = vector::LoadOp::create(
                      b, loc, vectorType, scratch,
                      ValueRange{r, index(b, j * kTileColumns)});
                  Value scale =
                      emitChunkScale(b, loc, rowFactor, columnFactors[j]);
                  Value total = vector::LoadOp::create(
                      b, loc, vectorType, totalBuffer, ValueRange{row, column});
                  Value promoted =
                      emitChunkPromotion(b, loc, total, sum, scale);
                  vector::StoreOp::create(b, loc, promoted, totalBuffer,
                                          ValueRange{row, column});
                }
                scf::YieldOp::create(b, loc);
              });
          scf::YieldOp::create(b, loc);
        });
  }

  CPUTarget target;
};

} // namespace

void mlir::fp8::populateAMXKernelPatterns(const TypeConverter &typeConverter,
                                          RewritePatternSet &patterns,
                                          const CPUTarget &target) {
  patterns.add<ScaledMatmulToAMXKernel>(typeConverter, patterns.getContext(),
                                        target);
}
