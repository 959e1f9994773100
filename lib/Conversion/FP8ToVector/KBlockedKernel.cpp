//===- KBlockedKernel.cpp - the streamed kn B's loop nest -----------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// buildRegisterBlockedKernel's loop nest with k blocked outside the panels,
// for a kn B that is not a constant streamed through registers by few rows:
// each row of B is read in order across the panels, kKBlock rows at a time.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::fp8;

/// Rows of a streamed kn B read across all panels before the next rows:
/// 8 concurrent row streams. At 1 x 8192 x 8192 (Zen 5) 8 took 5.5-7.6 ms,
/// 4, 16, 32, 64 and 128 took 8.0-9.3 ms.
static constexpr int64_t kKBlock = 8;

/// Columns of a streamed kn B that one parallel tile of buildKBlockedKernel
/// takes (at most; whole panels): each thread reads its part of B's rows
/// as runs of 2 KiB, which the prefetchers follow. Shorter runs cost one
/// thread (1 x 8192 x 8192, Zen 3: 10.5 ms with whole rows, 10.8 with 2
/// KiB, 12.9 with 1 KiB), and longer ones leave N = 4096 to one thread.
static constexpr int64_t kStreamTileColumns = 2048;

Value mlir::fp8::buildKBlockedKernel(OpBuilder &b, Location loc,
                                     VectorType accumulatorType,
                                     int64_t columnVectors, int64_t rows,
                                     int64_t mPadded, int64_t panels,
                                     int64_t chunks, int64_t promotion,
                                     int64_t kEnd, const ChunkScales &scales,
                                     KernelStep step) {
  const int64_t width = accumulatorType.getNumElements(), cv = columnVectors;
  const int64_t panelWidth = cv * width;
  const int64_t groupPanels = largestDivisorAtMost(
      panels, std::max<int64_t>(1, kStreamTileColumns / panelWidth));
  const int64_t groupColumns = groupPanels * panelWidth;
  Type f32 = b.getF32Type();
  VectorType vectorType = accumulatorType;
  auto totalType = VectorType::get({width}, f32);
  auto index = [&](OpBuilder &builder, int64_t value) -> Value {
    return arith::ConstantIndexOp::create(builder, loc, value);
  };
  auto zeroTensor = [&](OpBuilder &builder, ArrayRef<int64_t> shape,
                        Type element) -> Value {
    auto type = RankedTensorType::get(shape, element);
    return arith::ConstantOp::create(
        builder, loc,
        DenseElementsAttr::get(type, builder.getFloatAttr(element, 0.0)));
  };
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value accumulatorZero = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(accumulatorType.getElementType(), 0.0));
  // A column of the group's tile (panel `panel` of the group).
  auto columnOf = [&](OpBuilder &builder, Value panel, int64_t v) -> Value {
    return arith::AddIOp::create(
        builder, loc,
        arith::MulIOp::create(builder, loc, panel, index(builder, panelWidth)),
        index(builder, v * width));
  };

  auto groupBody = [&](OpBuilder &b, Location loc, ValueRange offsets,
                       ValueRange tiles) -> SmallVector<Value> {
    Value groupColumn0 = offsets[1];
    Value firstPanel =
        arith::DivUIOp::create(b, loc, groupColumn0, index(b, panelWidth));
    auto rowLoop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, mPadded), index(b, rows), tiles,
        [&](OpBuilder &b, Location loc, Value row0, ValueRange rowArgs) {
          auto chunkLoop = scf::ForOp::create(
              b, loc, index(b, 0), index(b, chunks), index(b, 1),
              ValueRange{rowArgs[0]},
              [&](OpBuilder &b, Location loc, Value chunk,
                  ValueRange chunkArgs) {
                Value kBegin, kStop;
                std::tie(kBegin, kStop) =
                    buildChunkKRange(b, loc, chunk, promotion, kEnd);
                auto blockLoop = scf::ForOp::create(
                    b, loc, kBegin, kStop, index(b, kKBlock),
                    ValueRange{zeroTensor(b, {rows, groupColumns},
                                          accumulatorType.getElementType())},
                    [&](OpBuilder &b, Location loc, Value kb,
                        ValueRange blockArgs) {
                      Value kbStop = arith::MinSIOp::create(
                          b, loc,
                          arith::AddIOp::create(b, loc, kb, index(b, kKBlock)),
                          kStop);
                      auto panelLoop = scf::ForOp::create(
                          b, loc, index(b, 0), index(b, groupPanels),
                          index(b, 1), ValueRange{blockArgs[0]},
                          [&](OpBuilder &b, Location loc, Value panel,
                              ValueRange panelArgs) {
                            Value matrixPanel = arith::AddIOp::create(
                                b, loc, firstPanel, panel);
                            SmallVector<Value> sums;
                            for (int64_t r = 0; r < rows; ++r)
                              for (int64_t v = 0; v < cv; ++v)
                                sums.push_back(vector::TransferReadOp::create(
                                    b, loc, vectorType, panelArgs[0],
                                    ValueRange{index(b, r),
                                               columnOf(b, panel, v)},
                                    accumulatorZero, ArrayRef<bool>{true}));
                            auto kLoop = scf::ForOp::create(
                                b, loc, kb, kbStop, index(b, 1), sums,
                                [&](OpBuilder &b, Location loc, Value k0,
                                    ValueRange accumulators) {
                                  scf::YieldOp::create(b, loc,
                                                       step(b, loc, row0,
                                                            matrixPanel, k0,
                                                            accumulators));
                                });
                            Value tile = panelArgs[0];
                            for (int64_t r = 0; r < rows; ++r)
                              for (int64_t v = 0; v < cv; ++v)
                                tile = vector::TransferWriteOp::create(
                                           b, loc, kLoop.getResult(cv * r + v),
                                           tile,
                                           ValueRange{index(b, r),
                                                      columnOf(b, panel, v)},
                                           ArrayRef<bool>{true})
                                           .getResult();
                            scf::YieldOp::create(b, loc, tile);
                          });
                      scf::YieldOp::create(b, loc, panelLoop.getResult(0));
                    });
                // Promotion of the chunk sums into the totals.
                Value sums = blockLoop.getResult(0);
                auto promoteLoop = scf::ForOp::create(
                    b, loc, index(b, 0), index(b, groupPanels), index(b, 1),
                    ValueRange{chunkArgs[0]},
                    [&](OpBuilder &b, Location loc, Value panel,
                        ValueRange promoteArgs) {
                      Value total = promoteArgs[0];
                      for (int64_t v = 0; v < cv; ++v) {
                        Value column = columnOf(b, panel, v);
                        Value matrixColumn =
                            arith::AddIOp::create(b, loc, groupColumn0, column);
                        for (int64_t r = 0; r < rows; ++r) {
                          Value rowIndex =
                              arith::AddIOp::create(b, loc, row0, index(b, r));
                          Value sum = vector::TransferReadOp::create(
                              b, loc, vectorType, sums,
                              ValueRange{index(b, r), column}, accumulatorZero,
                              ArrayRef<bool>{true});
                          Value previous = vector::TransferReadOp::create(
                              b, loc, totalType, total,
                              ValueRange{rowIndex, column}, zero,
                              ArrayRef<bool>{true});
                          total = vector::TransferWriteOp::create(
                                      b, loc,
                                      buildChunkPromotion(
                                          b, loc, scales, rowIndex, chunk,
                                          matrixColumn, sum, previous),
                                      total, ValueRange{rowIndex, column},
                                      ArrayRef<bool>{true})
                                      .getResult();
                        }
                      }
                      scf::YieldOp::create(b, loc, total);
                    });
                scf::YieldOp::create(b, loc, promoteLoop.getResult(0));
              });
          scf::YieldOp::create(b, loc, chunkLoop.getResult(0));
        });
    return {rowLoop.getResult(0)};
  };
  return buildParallelTiles(b, loc,
                            zeroTensor(b, {mPadded, panels * panelWidth}, f32),
                            {mPadded, groupColumns}, groupBody)
      .front();
}
