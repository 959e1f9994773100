//===- CacheBlockedKernel.cpp - the kernels' loop nest blocked for caches -===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// buildRegisterBlockedKernel's loop nest with k and the rows blocked for the
// caches, as named steps: tiles read from and written to buffers, the loop
// over a cache block's tiles, the k loop of a micro-kernel, the promotion
// of a tile, and the two loop nests (whole chunks per block of k, or blocks
// of k splitting a chunk).
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"

#include "fp8/Conversion/FP8ToVector/FP8ToVector.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {
/// buildRegisterBlockedKernel's loop nest with k and the rows blocked for
/// the caches by `blocks` (Goto and van de Geijn's order): for each block of
/// k, for each block of rows, for each panel, for each tile of the block,
/// the micro-kernel resumes the tile's sums from a buffer, runs over the
/// block's k and writes them back. The sums are advanced in k order from the
/// same starting values, so the roundings are those of the unblocked nest.
/// Blocks of k hold whole chunks when chunks are shorter than a block (the
/// f32 totals are what the buffer keeps: buildWholeChunks), otherwise they
/// split a chunk (the buffer keeps the chunk sums, and the tile promotes
/// them in registers in the chunk's last block: buildSplitChunks). That
/// buffer is panel-major, so that the tiles a block reads in turn are one
/// stream that the prefetchers follow (row-major, a tile is rows 4 bytes x
/// N apart, and reading them cost 10% of 2048^3); the totals come out
/// row-major.
struct CacheBlockedKernel {
  /// Where a micro-kernel's tile is: its first row and column in the
  /// matrix (for A, B and the scales) and its first row in the buffers'
  /// parallel tile (which starts at column 0 of the tile).
  struct TilePosition {
    Value row0, panel, column0, bufferRow0;
  };
  using TileBody = llvm::function_ref<SmallVector<Value>(
      OpBuilder &, Location, const TilePosition &, ValueRange buffers)>;

  Location loc;
  VectorType accumulatorType;
  /// f32 vectors of the accumulators' width: the totals.
  VectorType totalType;
  int64_t rows, mPadded, chunks, promotion, kEnd, kStep, blockK;
  /// Vectors per row of a tile, their lanes, a panel's columns, the
  /// columns of every panel, and the rows of a cache block.
  int64_t cv, width, panelWidth, columns, rowBlock;
  const ChunkScales &scales;
  KernelStep step;
  KBlockPrologue prologue;

  Value index(OpBuilder &b, int64_t value) const {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value zeroVectorOf(OpBuilder &b, VectorType type) const {
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(type,
                               b.getFloatAttr(type.getElementType(), 0.0)));
  }
  /// Buffers are never read before they are written (a first block starts
  /// from zero), so they are not filled.
  Value emptyBuffer(OpBuilder &b, Type element) const {
    return tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{mPadded, columns},
                                   element);
  }
  /// A buffer that each block of k reads and writes: panel-major
  /// (buildParallelTiles), so that a cache block's tiles are one stream.
  Value emptyPanelMajorBuffer(OpBuilder &b, Type element) const {
    return tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{columns / panelWidth, mPadded, panelWidth},
        element);
  }
  Value columnOf(OpBuilder &b, Value column0, int64_t v) const {
    return arith::AddIOp::create(b, loc, column0, index(b, v * width));
  }
  SmallVector<Value> readTile(OpBuilder &b, Value buffer, VectorType type,
                              Value row0, Value column0) const;
  ValueRange tileOrZero(OpBuilder &b, Value isZero, Value buffer,
                        VectorType type, Value row0, Value column0) const;
  Value writeTile(OpBuilder &b, Value buffer, ValueRange tile, Value row0,
                  Value column0) const;
  SmallVector<Value> forEachTile(OpBuilder &b, ValueRange buffers,
                                 TileBody body) const;
  scf::ForOp runK(OpBuilder &b, Value row0, Value panel, Value kBegin,
                  Value kStop, ValueRange accumulators) const;
  SmallVector<Value> promoteTile(OpBuilder &b, Value row0, Value chunk,
                                 Value column0, ValueRange sums,
                                 ValueRange totals) const;
  std::pair<Value, Value> chunkRange(OpBuilder &b, Value chunk) const {
    return buildChunkKRange(b, loc, chunk, promotion, kEnd);
  }

  Value buildWholeChunks(OpBuilder &b, Value zeroIndex) const;
  Value buildSplitChunks(OpBuilder &b, Value zeroIndex) const;
  Value build(OpBuilder &b) const {
    Value zeroIndex = index(b, 0);
    if (chunks > 1 && promotion < blockK)
      return buildWholeChunks(b, zeroIndex);
    return buildSplitChunks(b, zeroIndex);
  }
};
} // namespace

SmallVector<Value> CacheBlockedKernel::readTile(OpBuilder &b, Value buffer,
                                                VectorType type, Value row0,
                                                Value column0) const {
  Value padding = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(type.getElementType(), 0.0));
  SmallVector<Value> tile;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t v = 0; v < cv; ++v)
      tile.push_back(vector::TransferReadOp::create(
          b, loc, type, buffer,
          ValueRange{arith::AddIOp::create(b, loc, row0, index(b, r)),
                     columnOf(b, column0, v)},
          padding, ArrayRef<bool>{true}));
  return tile;
}

/// Zero vectors when `isZero`, else the tile of `buffer`.
ValueRange CacheBlockedKernel::tileOrZero(OpBuilder &b, Value isZero,
                                          Value buffer, VectorType type,
                                          Value row0, Value column0) const {
  SmallVector<Type> types(cv * rows, type);
  auto choice =
      scf::IfOp::create(b, loc, types, isZero, /*withElseRegion=*/true);
  OpBuilder thenBuilder = choice.getThenBodyBuilder();
  scf::YieldOp::create(
      thenBuilder, loc,
      SmallVector<Value>(cv * rows, zeroVectorOf(thenBuilder, type)));
  OpBuilder elseBuilder = choice.getElseBodyBuilder();
  scf::YieldOp::create(elseBuilder, loc,
                       readTile(elseBuilder, buffer, type, row0, column0));
  return choice.getResults();
}

Value CacheBlockedKernel::writeTile(OpBuilder &b, Value buffer, ValueRange tile,
                                    Value row0, Value column0) const {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t v = 0; v < cv; ++v)
      buffer = vector::TransferWriteOp::create(
                   b, loc, tile[cv * r + v], buffer,
                   ValueRange{arith::AddIOp::create(b, loc, row0, index(b, r)),
                              columnOf(b, column0, v)},
                   ArrayRef<bool>{true})
                   .getResult();
  return buffer;
}

/// The tiles of one block of k, threading `buffers` through `body`: in
/// parallel by blocks of rows and panels (the cache blocks), each block's
/// tiles in order.
SmallVector<Value> CacheBlockedKernel::forEachTile(OpBuilder &b,
                                                   ValueRange buffers,
                                                   TileBody body) const {
  auto blockBody = [&](OpBuilder &bb, Location, ValueRange offsets,
                       ValueRange blockBuffers) -> SmallVector<Value> {
    Value blockRow0 = offsets[0], column0 = offsets[1];
    Value panel =
        arith::DivUIOp::create(bb, loc, column0, index(bb, panelWidth));
    auto tileLoop = scf::ForOp::create(
        bb, loc, index(bb, 0), index(bb, rowBlock), index(bb, rows),
        blockBuffers,
        [&](OpBuilder &tb, Location tloc, Value bufferRow0,
            ValueRange tileArgs) {
          TilePosition position{
              arith::AddIOp::create(tb, tloc, blockRow0, bufferRow0), panel,
              column0, bufferRow0};
          scf::YieldOp::create(tb, tloc, body(tb, tloc, position, tileArgs));
        });
    return SmallVector<Value>(tileLoop.getResults());
  };
  return buildParallelTiles(b, loc, buffers, {rowBlock, panelWidth}, blockBody);
}

/// `accumulators` advanced by `step` over k in [kBegin, kStop).
scf::ForOp CacheBlockedKernel::runK(OpBuilder &b, Value row0, Value panel,
                                    Value kBegin, Value kStop,
                                    ValueRange accumulators) const {
  return scf::ForOp::create(
      b, loc, kBegin, kStop, index(b, kStep), accumulators,
      [&](OpBuilder &kb, Location kloc, Value k0, ValueRange args) {
        scf::YieldOp::create(kb, kloc, step(kb, kloc, row0, panel, k0, args));
      });
}

/// The tile's chunk sums promoted into its f32 totals.
SmallVector<Value> CacheBlockedKernel::promoteTile(OpBuilder &b, Value row0,
                                                   Value chunk, Value column0,
                                                   ValueRange sums,
                                                   ValueRange totals) const {
  SmallVector<Value> promoted;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t v = 0; v < cv; ++v)
      promoted.push_back(buildChunkPromotion(
          b, loc, scales, arith::AddIOp::create(b, loc, row0, index(b, r)),
          chunk, columnOf(b, column0, v), sums[cv * r + v],
          totals[cv * r + v]));
  return promoted;
}

/// Whole chunks per block: the tile's f32 totals stay in registers over the
/// block's chunks, each chunk summed from zero and promoted. Between blocks
/// they go through a panel-major buffer; the last block writes the result.
Value CacheBlockedKernel::buildWholeChunks(OpBuilder &b,
                                           Value zeroIndex) const {
  const int64_t chunksPerBlock = blockK / promotion;
  auto blockLoop = scf::ForOp::create(
      b, loc, index(b, 0), index(b, chunks), index(b, chunksPerBlock),
      ValueRange{emptyPanelMajorBuffer(b, b.getF32Type()),
                 emptyBuffer(b, b.getF32Type())},
      [&](OpBuilder &lb, Location lloc, Value firstChunk, ValueRange args) {
        if (prologue)
          prologue(lb, lloc,
                   arith::MulIOp::create(lb, lloc, firstChunk,
                                         index(lb, promotion)));
        Value firstBlock = arith::CmpIOp::create(
            lb, lloc, arith::CmpIPredicate::eq, firstChunk, index(lb, 0));
        Value blockChunkEnd = arith::MinSIOp::create(
            lb, lloc,
            arith::AddIOp::create(lb, lloc, firstChunk,
                                  index(lb, chunksPerBlock)),
            index(lb, chunks));
        Value lastBlock =
            arith::CmpIOp::create(lb, lloc, arith::CmpIPredicate::eq,
                                  blockChunkEnd, index(lb, chunks));
        auto tileBody = [&](OpBuilder &tb, Location tloc,
                            const TilePosition &at,
                            ValueRange buffers) -> SmallVector<Value> {
          Value totals = buffers[0], result = buffers[1];
          Value row0 = at.row0, column0 = at.column0;
          auto chunkLoop = scf::ForOp::create(
              tb, tloc, firstChunk, blockChunkEnd, index(tb, 1),
              tileOrZero(tb, firstBlock, totals, totalType, at.bufferRow0,
                         zeroIndex),
              [&](OpBuilder &cb, Location cloc, Value chunk,
                  ValueRange tileTotals) {
                Value kBegin, kStop;
                std::tie(kBegin, kStop) = chunkRange(cb, chunk);
                auto sums =
                    runK(cb, row0, at.panel, kBegin, kStop,
                         SmallVector<Value>(cv * rows,
                                            zeroVectorOf(cb, accumulatorType)));
                scf::YieldOp::create(cb, cloc,
                                     promoteTile(cb, row0, chunk, column0,
                                                 sums.getResults(),
                                                 tileTotals));
              });
          auto finish = scf::IfOp::create(
              tb, tloc, TypeRange{totals.getType(), result.getType()},
              lastBlock, /*withElseRegion=*/true);
          OpBuilder thenBuilder = finish.getThenBodyBuilder();
          scf::YieldOp::create(
              thenBuilder, tloc,
              ValueRange{totals,
                         writeTile(thenBuilder, result, chunkLoop.getResults(),
                                   at.bufferRow0, zeroIndex)});
          OpBuilder elseBuilder = finish.getElseBodyBuilder();
          scf::YieldOp::create(
              elseBuilder, tloc,
              ValueRange{writeTile(elseBuilder, totals, chunkLoop.getResults(),
                                   at.bufferRow0, zeroIndex),
                         result});
          return SmallVector<Value>(finish.getResults());
        };
        scf::YieldOp::create(lb, lloc, forEachTile(lb, args, tileBody));
      });
  return blockLoop.getResult(1);
}

/// Blocks split the chunks: the chunk sums go through a buffer of the
/// accumulator type between the blocks of a chunk, and the tile's last block
/// promotes them into the totals (a chunk's first block starts from zero
/// sums, chunk 0 from zero totals).
Value CacheBlockedKernel::buildSplitChunks(OpBuilder &b,
                                           Value zeroIndex) const {
  auto chunkLoop = scf::ForOp::create(
      b, loc, zeroIndex, index(b, chunks), index(b, 1),
      ValueRange{emptyPanelMajorBuffer(b, accumulatorType.getElementType()),
                 emptyBuffer(b, b.getF32Type())},
      [&](OpBuilder &cb, Location cloc, Value chunk, ValueRange args) {
        Value kBegin, kStop;
        std::tie(kBegin, kStop) = chunkRange(cb, chunk);
        Value firstChunk = arith::CmpIOp::create(
            cb, cloc, arith::CmpIPredicate::eq, chunk, zeroIndex);
        auto blockLoop = scf::ForOp::create(
            cb, cloc, kBegin, kStop, index(cb, blockK), args,
            [&](OpBuilder &lb, Location lloc, Value kBlock,
                ValueRange blockArgs) {
              if (prologue)
                prologue(lb, lloc, kBlock);
              Value kBlockStop = arith::MinSIOp::create(
                  lb, lloc,
                  arith::AddIOp::create(lb, lloc, kBlock, index(lb, blockK)),
                  kStop);
              Value firstBlock = arith::CmpIOp::create(
                  lb, lloc, arith::CmpIPredicate::eq, kBlock, kBegin);
              Value lastBlock = arith::CmpIOp::create(
                  lb, lloc, arith::CmpIPredicate::eq, kBlockStop, kStop);
              auto tileBody = [&](OpBuilder &tb, Location tloc,
                                  const TilePosition &at,
                                  ValueRange buffers) -> SmallVector<Value> {
                Value sums = buffers[0], totals = buffers[1];
                auto kLoop =
                    runK(tb, at.row0, at.panel, kBlock, kBlockStop,
                         tileOrZero(tb, firstBlock, sums, accumulatorType,
                                    at.bufferRow0, zeroIndex));
                auto finish = scf::IfOp::create(
                    tb, tloc, TypeRange{sums.getType(), totals.getType()},
                    lastBlock, /*withElseRegion=*/true);
                {
                  OpBuilder thenBuilder = finish.getThenBodyBuilder();
                  ValueRange previous =
                      tileOrZero(thenBuilder, firstChunk, totals, totalType,
                                 at.bufferRow0, zeroIndex);
                  SmallVector<Value> next =
                      promoteTile(thenBuilder, at.row0, chunk, at.column0,
                                  kLoop.getResults(), previous);
                  scf::YieldOp::create(
                      thenBuilder, tloc,
                      ValueRange{sums, writeTile(thenBuilder, totals, next,
                                                 at.bufferRow0, zeroIndex)});
                }
                {
                  OpBuilder elseBuilder = finish.getElseBodyBuilder();
                  scf::YieldOp::create(
                      elseBuilder, tloc,
                      ValueRange{writeTile(elseBuilder, sums,
                                           kLoop.getResults(), at.bufferRow0,
                                           zeroIndex),
                                 totals});
                }
                return SmallVector<Value>(finish.getResults());
              };
              scf::YieldOp::create(lb, lloc,
                                   forEachTile(lb, blockArgs, tileBody));
            });
        scf::YieldOp::create(cb, cloc, blockLoop.getResults());
      });
  return chunkLoop.getResult(1);
}

Value mlir::fp8::buildCacheBlockedKernel(
    OpBuilder &b, Location loc, VectorType accumulatorType, int64_t rows,
    int64_t mPadded, int64_t panels, int64_t chunks, int64_t promotion,
    int64_t kEnd, int64_t kStep, const ChunkScales &scales, KernelStep step,
    int64_t columnVectors, const CacheBlocks &blocks, KBlockPrologue prologue) {
  const int64_t width = accumulatorType.getNumElements();
  const int64_t panelWidth = columnVectors * width;
  CacheBlockedKernel kernel{
      loc,
      accumulatorType,
      VectorType::get({width}, b.getF32Type()),
      rows,
      mPadded,
      chunks,
      promotion,
      kEnd,
      kStep,
      blocks.k,
      columnVectors,
      width,
      panelWidth,
      panels * panelWidth,
      rows * largestDivisorAtMost(mPadded / rows, blocks.rowTiles),
      scales,
      step,
      prologue};
  return kernel.build(b);
}

bool mlir::fp8::cacheBlocksOfKAlign(const CacheBlocks &blocks, int64_t kPadded,
                                    int64_t chunks, int64_t promotion) {
  if (kPadded % blocks.k != 0)
    return false;
  // Whole chunks per block (buildWholeChunks) start at multiples of the
  // chunks a block holds; split chunks (buildSplitChunks) at each chunk's
  // start and then every blocks.k.
  if (chunks > 1 && promotion < blocks.k)
    return blocks.k % promotion == 0;
  return chunks == 1 || promotion % blocks.k == 0;
}
