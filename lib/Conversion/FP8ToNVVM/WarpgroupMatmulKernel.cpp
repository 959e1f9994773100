//===- WarpgroupMatmulKernel.cpp - sm_90a wgmma scaled matmul kernel ------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.scaled_matmul / fp8.batch_scaled_matmul (memref forms, E4M3/E5M2
// operands, f32 acc_type) on Hopper: one warpgroup (128 threads) per 64 x
// tileN block of C (tileN = 64 or 128), A and B tiles staged in shared
// memory, wgmma.mma_async.sync.aligned.m64n{tileN}k32.f32.<a>.<b>.
//
// K is walked in stages of 128 elements. Per stage the warpgroup copies the
// A tile (64 x 128 bytes) and the B tile (tileN x 128 bytes, K-major: wgmma
// takes FP8 operands K-major only, so a [K, N] B is transposed on the way)
// from global memory with 16-byte loads into shared memory in the 128-byte
// swizzled layout (the 16-byte chunk c of row r lands at chunk c ^ (r % 8);
// what TMA's SWIZZLE_128B writes), then issues four wgmma (k = 0, 32, 64,
// 96: the descriptors' start address moves by 32 bytes).
//
// Promotion (Spec 5.4, DeepGEMM's scheme): the wgmma accumulator only ever
// holds one chunk of L elements of K; at the end of a chunk the warpgroup
// waits for its wgmma (commit_group, wait_group 0) and every thread adds
// chunk * (scale_a * scale_b) to its f32 totals in registers. L is a multiple
// of 128 (whole stages per chunk), 32 or 64 (chunks inside one stage), or
// all of K (one chunk); other lengths take the generic kernels.
//
// Shared-memory matrix descriptors (PTX ISA, "Matrix Descriptor Format"):
//   bits 0-13  start address >> 4 (the tile is 1024-byte aligned),
//   bits 16-29 leading-dimension byte offset >> 4: 1 (unused by K-major
//              swizzled layouts whose K extent is one swizzle row),
//   bits 32-45 stride-dimension byte offset >> 4: 1024 >> 4 (from one group
//              of 8 rows to the next: 8 rows x 128 bytes),
//   bits 49-51 base offset 0, bits 62-63 swizzle mode 1 (128B).
// Accumulator layout of m64nNk32 (f32): thread t (warp w = t / 32, lane l,
// g = l / 4, q = l % 4) holds value i at row 16 w + g + 8 ((i / 2) % 2),
// column 8 (i / 4) + 2 q + i % 2.
//
// Not yet: TMA, multi-stage pipelining (the loads of stage s+1 do not overlap
// the wgmma of stage s), two consumer warpgroups.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8ToGPU/KernelBuilder.h"
#include "fp8/Conversion/FP8ToNVVM/FP8ToNVVM.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

constexpr int64_t kWarpgroupThreads = 128;
constexpr int64_t kTileM = 64;
/// K elements (bytes) per stage: one 128-byte swizzle row.
constexpr int64_t kStageK = 128;
constexpr int64_t kMmaK = 32;
/// Bytes per cooperative load (one swizzle chunk).
constexpr int64_t kVectorBytes = 16;
/// 8 rows of 128 bytes: the repeat of the 128-byte swizzle, and the stride
/// between 8-row core-matrix groups.
constexpr int64_t kSwizzleAtomBytes = 1024;

/// When a chunk ends, relative to the 128-element stages.
enum class PromotionSchedule {
  /// All of K is one chunk: promote once, after the last stage.
  OneChunk,
  /// L = a multiple of 128: promote after every L / 128 stages.
  StagesPerChunk,
  /// L = 32 or 64: promote 128 / L times inside every stage.
  ChunksPerStage,
};

struct WarpgroupTiling {
  int64_t tileN;
  PromotionSchedule schedule;
  int64_t promotion = 0;
};

bool isWgmmaFormat(Type type) {
  return isa<Float8E4M3FNType, Float8E5M2Type>(type);
}

NVVM::WGMMATypes getWgmmaType(Type type) {
  return isa<Float8E4M3FNType>(type) ? NVVM::WGMMATypes::e4m3
                                     : NVVM::WGMMATypes::e5m2;
}

/// Index arithmetic, shortened.
struct IndexMath {
  OpBuilder &b;
  Location loc;
  Value c(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value add(Value x, int64_t y) { return y ? add(x, c(y)) : x; }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, int64_t y) {
    return arith::MulIOp::create(b, loc, x, c(y));
  }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value div(Value x, int64_t y) {
    return arith::DivUIOp::create(b, loc, x, c(y));
  }
  Value rem(Value x, int64_t y) {
    return arith::RemUIOp::create(b, loc, x, c(y));
  }
  Value min(Value x, Value y) { return arith::MinUIOp::create(b, loc, x, y); }
  Value ceilDiv(Value x, int64_t y) {
    return arith::CeilDivUIOp::create(b, loc, x, c(y));
  }
  Value xorI(Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); }
  Value less(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
  }
  Value lessEq(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, x, y);
  }
  Value both(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
};

/// The kernel of one scaled matmul (see the file comment).
class WarpgroupKernelBuilder {
public:
  WarpgroupKernelBuilder(const MatmulOperands &ops,
                         const WarpgroupTiling &tiling)
      : ops(ops), tiling(tiling) {}

  void build(OpBuilder &b, Location loc, gpu::LaunchOp launch);

private:
  Value load16(OpBuilder &b, Location loc, Value memref,
               SmallVector<Value> indices, Value outerInRange, Value extent);
  void storeSwizzled(OpBuilder &b, Location loc, Value row, Value chunk,
                     Value tile, Value bytes);
  void loadStage(OpBuilder &b, Location loc, Value k0);
  Value issueMMAs(OpBuilder &b, Location loc, Value acc, int64_t firstStep,
                  int64_t steps);
  SmallVector<Value> promote(OpBuilder &b, Location loc, ValueRange totals,
                             Value acc, Value kStart);
  Value makeDescriptor(OpBuilder &b, Location loc, Value address);

  const MatmulOperands &ops;
  const WarpgroupTiling &tiling;
  // Set by build().
  Value thread, rowBase, columnBase;
  Value aTile, bTile;             // workgroup memref<?xi8> views
  Value aDescriptor, bDescriptor; // i64, at k = 0
  Type accType;
};

Value WarpgroupKernelBuilder::makeDescriptor(OpBuilder &b, Location loc,
                                             Value address) {
  Type i64 = b.getI64Type();
  auto constant = [&](int64_t value) {
    return arith::ConstantIntOp::create(b, loc, i64, value);
  };
  Value start = arith::IndexCastUIOp::create(b, loc, i64, address);
  start = arith::ShRUIOp::create(
      b, loc, arith::AndIOp::create(b, loc, start, constant(0x3FFFF)),
      constant(4));
  const int64_t leadingOffset = 1;
  const int64_t strideOffset = kSwizzleAtomBytes >> 4;
  const int64_t swizzle128B = 1;
  int64_t fields =
      (leadingOffset << 16) | (strideOffset << 32) | (swizzle128B << 62);
  return arith::OrIOp::create(b, loc, start, constant(fields));
}

/// 16 consecutive bytes along the last index of `memref` as vector<16xi8>;
/// zeros past `extent` (the last dimension's size) or when `outerInRange`
/// is false. Whole in-range 16-byte-aligned runs take one vector load.
Value WarpgroupKernelBuilder::load16(OpBuilder &b, Location loc, Value memref,
                                     SmallVector<Value> indices,
                                     Value outerInRange, Value extent) {
  IndexMath m{b, loc};
  auto bytes = VectorType::get({kVectorBytes}, b.getI8Type());
  Value start = indices.back();
  Value aligned = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        m.rem(extent, kVectorBytes), m.c(0));
  Value whole = m.both(m.both(outerInRange, aligned),
                       m.lessEq(m.add(start, kVectorBytes), extent));
  auto ifOp = scf::IfOp::create(
      b, loc, whole,
      [&](OpBuilder &tb, Location tloc) {
        Type element = cast<MemRefType>(memref.getType()).getElementType();
        Value vector = vector::LoadOp::create(
            tb, tloc, VectorType::get({kVectorBytes}, element), memref, indices,
            /*nontemporal=*/false, llvm::MaybeAlign(kVectorBytes));
        scf::YieldOp::create(
            tb, tloc,
            ValueRange{arith::BitcastOp::create(tb, tloc, bytes, vector)});
      },
      [&](OpBuilder &eb, Location eloc) {
        // Edges: byte by byte, in a loop (rare; keeps the kernel small).
        IndexMath em{eb, eloc};
        Value zeros = arith::ConstantOp::create(
            eb, eloc, bytes,
            DenseElementsAttr::get(bytes, eb.getI8IntegerAttr(0)));
        auto loop = scf::ForOp::create(
            eb, eloc, em.c(0), em.c(kVectorBytes), em.c(1), ValueRange{zeros},
            [&](OpBuilder &lb, Location lloc, Value j, ValueRange partial) {
              IndexMath lm{lb, lloc};
              SmallVector<Value> at = indices;
              at.back() = lm.add(start, j);
              Value code = loadCodeOrZero(
                  lb, lloc, memref, at,
                  lm.both(outerInRange, lm.less(at.back(), extent)));
              Value next = vector::InsertOp::create(lb, lloc, code, partial[0],
                                                    ArrayRef<OpFoldResult>{j});
              scf::YieldOp::create(lb, lloc, next);
            });
        scf::YieldOp::create(eb, eloc, loop.getResults());
      });
  return ifOp.getResult(0);
}

/// Stores 16 bytes as chunk `chunk` of row `row` of a 128-byte swizzled tile.
void WarpgroupKernelBuilder::storeSwizzled(OpBuilder &b, Location loc,
                                           Value row, Value chunk, Value tile,
                                           Value bytes) {
  IndexMath m{b, loc};
  Value swizzled = m.xorI(chunk, m.rem(row, 8));
  Value offset = m.add(m.mul(row, kStageK), m.mul(swizzled, kVectorBytes));
  vector::StoreOp::create(b, loc, bytes, tile, ValueRange{offset},
                          /*nontemporal=*/false,
                          llvm::MaybeAlign(kVectorBytes));
}

/// Copies A[rows, k0 : k0 + 128] and B[k0 : k0 + 128, columns] into the
/// swizzled K-major tiles.
void WarpgroupKernelBuilder::loadStage(OpBuilder &b, Location loc, Value k0) {
  IndexMath m{b, loc};
  const int64_t chunksPerRow = kStageK / kVectorBytes;
  // A: 64 rows x 8 chunks, 4 per thread.
  for (int64_t i = 0; i < kTileM * chunksPerRow / kWarpgroupThreads; ++i) {
    Value q = m.add(thread, i * kWarpgroupThreads);
    Value row = m.div(q, chunksPerRow), chunk = m.rem(q, chunksPerRow);
    Value globalRow = m.add(rowBase, row);
    Value kIndex = m.add(k0, m.mul(chunk, kVectorBytes));
    Value bytes = load16(b, loc, ops.a, ops.aIndices(globalRow, kIndex),
                         m.less(globalRow, ops.m), ops.k);
    storeSwizzled(b, loc, row, chunk, aTile, bytes);
  }
  const int64_t loadsB = tiling.tileN * chunksPerRow / kWarpgroupThreads;
  if (ops.transposedB) {
    // B is [N, K]: the same copy as A.
    for (int64_t i = 0; i < loadsB; ++i) {
      Value q = m.add(thread, i * kWarpgroupThreads);
      Value row = m.div(q, chunksPerRow), chunk = m.rem(q, chunksPerRow);
      Value column = m.add(columnBase, row);
      Value kIndex = m.add(k0, m.mul(chunk, kVectorBytes));
      Value bytes = load16(b, loc, ops.b, ops.bIndices(kIndex, column),
                           m.less(column, ops.n), ops.k);
      storeSwizzled(b, loc, row, chunk, bTile, bytes);
    }
    return;
  }
  // B is [K, N]: 16 columns of one K row per load, transposed into the
  // K-major tile byte by byte.
  const int64_t chunksPerKRow = tiling.tileN / kVectorBytes;
  for (int64_t i = 0; i < loadsB; ++i) {
    Value q = m.add(thread, i * kWarpgroupThreads);
    Value kRow = m.div(q, chunksPerKRow);
    Value nChunk = m.rem(q, chunksPerKRow);
    Value kIndex = m.add(k0, kRow);
    Value column = m.add(columnBase, m.mul(nChunk, kVectorBytes));
    Value bytes = load16(b, loc, ops.b, ops.bIndices(kIndex, column),
                         m.less(kIndex, ops.k), ops.n);
    Value kChunk = m.div(kRow, kVectorBytes);
    Value kByte = m.rem(kRow, kVectorBytes);
    for (int64_t j = 0; j < kVectorBytes; ++j) {
      Value n = m.add(m.mul(nChunk, kVectorBytes), j);
      Value swizzled = m.xorI(kChunk, m.rem(n, 8));
      Value offset =
          m.add(m.add(m.mul(n, kStageK), m.mul(swizzled, kVectorBytes)), kByte);
      Value byte =
          vector::ExtractOp::create(b, loc, bytes, ArrayRef<int64_t>{j});
      memref::StoreOp::create(b, loc, byte, bTile, ValueRange{offset});
    }
  }
}

/// `steps` wgmma from k = 32 * firstStep of the staged tiles into `acc`.
Value WarpgroupKernelBuilder::issueMMAs(OpBuilder &b, Location loc, Value acc,
                                        int64_t firstStep, int64_t steps) {
  MLIRContext *context = b.getContext();
  Type i64 = b.getI64Type();
  auto shape = NVVM::MMAShapeAttr::get(context, kTileM, tiling.tileN, kMmaK);
  for (int64_t s = firstStep; s < firstStep + steps; ++s) {
    // 32 bytes further along K: +2 in the start-address field (>> 4).
    Value offset = arith::ConstantIntOp::create(b, loc, i64, s * kMmaK / 16);
    Value descA = arith::AddIOp::create(b, loc, aDescriptor, offset);
    Value descB = arith::AddIOp::create(b, loc, bDescriptor, offset);
    acc = NVVM::WgmmaMmaAsyncOp::create(
        b, loc, accType, acc, descA, descB, shape, getWgmmaType(ops.aElement),
        getWgmmaType(ops.bElement), NVVM::WGMMATypes::f32,
        NVVM::WGMMAScaleOut::one, NVVM::WGMMAScaleIn::one,
        NVVM::WGMMAScaleIn::one, NVVM::MMALayout::row, NVVM::MMALayout::col,
        /*satfinite=*/nullptr);
  }
  return acc;
}

/// totals[i] + acc[i] * (scale_a * scale_b), scales of K element `kStart`.
SmallVector<Value> WarpgroupKernelBuilder::promote(OpBuilder &b, Location loc,
                                                   ValueRange totals, Value acc,
                                                   Value kStart) {
  IndexMath m{b, loc};
  Value warp = m.div(thread, 32), lane = m.rem(thread, 32);
  Value group = m.div(lane, 4), quad = m.rem(lane, 4);
  Value one = m.c(1);
  Value lastRow = m.sub(ops.m, one), lastColumn = m.sub(ops.n, one);
  // Padding K (past the end) has zero products; its scale index is clamped.
  Value kIndex = m.min(kStart, m.sub(ops.k, one));
  Value row0 = m.add(m.add(rowBase, m.mul(warp, 16)), group);
  SmallVector<Value> scaleA;
  for (int64_t half = 0; half < 2; ++half)
    scaleA.push_back(
        loadScaleA(b, loc, ops, m.min(m.add(row0, 8 * half), lastRow), kIndex));
  SmallVector<Value> scaleB;
  Value column0 = m.add(columnBase, m.mul(quad, 2));
  for (int64_t block = 0; block < tiling.tileN / 8; ++block)
    for (int64_t odd = 0; odd < 2; ++odd)
      scaleB.push_back(
          loadScaleB(b, loc, ops, kIndex,
                     m.min(m.add(column0, 8 * block + odd), lastColumn)));
  SmallVector<Value> next;
  for (auto [i, total] : llvm::enumerate(totals)) {
    int64_t index = static_cast<int64_t>(i);
    Value chunk = LLVM::ExtractValueOp::create(b, loc, acc, index);
    Value scale = emitChunkScale(b, loc, scaleA[(index / 2) % 2],
                                 scaleB[2 * (index / 4) + index % 2]);
    next.push_back(emitChunkPromotion(b, loc, total, chunk, scale));
  }
  return next;
}

void WarpgroupKernelBuilder::build(OpBuilder &b, Location loc,
                                   gpu::LaunchOp launch) {
  IndexMath m{b, loc};
  Type f32 = b.getF32Type();
  const int64_t accValues = kTileM * tiling.tileN / kWarpgroupThreads;
  accType = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                             SmallVector<Type>(accValues, f32));
  thread = launch.getThreadIds().x;
  rowBase = m.mul(launch.getBlockIds().y, kTileM);
  columnBase = m.mul(launch.getBlockIds().x, tiling.tileN);

  // Static shared memory, aligned here to the swizzle repeat (the
  // descriptors' base offset is 0).
  const int64_t aBytes = kTileM * kStageK, bBytes = tiling.tileN * kStageK;
  auto workgroup =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  Value shared = launch.addWorkgroupAttribution(
      MemRefType::get({aBytes + bBytes + kSwizzleAtomBytes}, b.getI8Type(),
                      MemRefLayoutAttrInterface(), workgroup),
      loc);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, shared);
  Value pad =
      m.rem(m.sub(m.c(kSwizzleAtomBytes), m.rem(base, kSwizzleAtomBytes)),
            kSwizzleAtomBytes);
  auto view = [&](int64_t offset, int64_t size) {
    return memref::ViewOp::create(b, loc,
                                  MemRefType::get({size}, b.getI8Type(),
                                                  MemRefLayoutAttrInterface(),
                                                  workgroup),
                                  shared, m.add(pad, offset), ValueRange{});
  };
  aTile = view(0, aBytes);
  bTile = view(aBytes, bBytes);
  Value aAddress = m.add(base, pad);
  aDescriptor = makeDescriptor(b, loc, aAddress);
  bDescriptor = makeDescriptor(b, loc, m.add(aAddress, aBytes));

  // The chunk schedule: groups of K, each promoted once (OneChunk,
  // StagesPerChunk) or per sub-chunk (ChunksPerStage).
  Value zeroIndex = m.c(0), oneIndex = m.c(1);
  Value groups, groupLength;
  switch (tiling.schedule) {
  case PromotionSchedule::OneChunk:
    groups = m.min(ops.k, oneIndex);
    groupLength = zeroIndex;
    break;
  case PromotionSchedule::StagesPerChunk:
    groups = m.ceilDiv(ops.k, tiling.promotion);
    groupLength = m.c(tiling.promotion);
    break;
  case PromotionSchedule::ChunksPerStage:
    groups = m.ceilDiv(ops.k, kStageK);
    groupLength = m.c(kStageK);
    break;
  }
  Value zeroF32 = arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(0));
  Value zeroAcc = LLVM::ZeroOp::create(b, loc, accType);
  SmallVector<Value> zeros(accValues, zeroF32);

  auto groupLoop = scf::ForOp::create(
      b, loc, zeroIndex, groups, oneIndex, zeros,
      [&](OpBuilder &gb, Location gloc, Value group, ValueRange totals) {
        IndexMath gm{gb, gloc};
        Value kGroup = gm.mul(group, groupLength);
        Value stages;
        switch (tiling.schedule) {
        case PromotionSchedule::OneChunk:
          stages = gm.ceilDiv(ops.k, kStageK);
          break;
        case PromotionSchedule::StagesPerChunk:
          stages = gm.ceilDiv(
              gm.min(gm.c(tiling.promotion), gm.sub(ops.k, kGroup)), kStageK);
          break;
        case PromotionSchedule::ChunksPerStage:
          stages = gm.c(1);
          break;
        }
        SmallVector<Value> init = {zeroAcc};
        llvm::append_range(init, totals);
        auto stageLoop = scf::ForOp::create(
            gb, gloc, gm.c(0), stages, gm.c(1), init,
            [&](OpBuilder &sb, Location sloc, Value stage, ValueRange carried) {
              IndexMath sm{sb, sloc};
              Value k0 = sm.add(kGroup, sm.mul(stage, kStageK));
              // The previous stage's wgmma are done (wait_group 0) in every
              // thread before the tiles are overwritten.
              gpu::BarrierOp::create(sb, sloc);
              loadStage(sb, sloc, k0);
              // Generic-proxy stores become visible to wgmma (async proxy).
              NVVM::FenceProxyOp::create(
                  sb, sloc,
                  NVVM::ProxyKindAttr::get(sb.getContext(),
                                           NVVM::ProxyKind::async_shared),
                  NVVM::SharedSpaceAttr::get(sb.getContext(),
                                             NVVM::SharedSpace::shared_cta));
              gpu::BarrierOp::create(sb, sloc);
              Value acc = carried[0];
              SmallVector<Value> stageTotals(carried.drop_front());
              const int64_t stepsPerStage = kStageK / kMmaK;
              if (tiling.schedule == PromotionSchedule::ChunksPerStage) {
                const int64_t steps = tiling.promotion / kMmaK;
                for (int64_t first = 0; first < stepsPerStage; first += steps) {
                  NVVM::WgmmaFenceAlignedOp::create(sb, sloc);
                  Value chunk = issueMMAs(sb, sloc, zeroAcc, first, steps);
                  NVVM::WgmmaGroupSyncAlignedOp::create(sb, sloc);
                  NVVM::WgmmaWaitGroupSyncOp::create(sb, sloc, 0);
                  stageTotals = promote(sb, sloc, stageTotals, chunk,
                                        sm.add(k0, first * kMmaK));
                }
              } else {
                NVVM::WgmmaFenceAlignedOp::create(sb, sloc);
                acc = issueMMAs(sb, sloc, acc, 0, stepsPerStage);
                NVVM::WgmmaGroupSyncAlignedOp::create(sb, sloc);
                NVVM::WgmmaWaitGroupSyncOp::create(sb, sloc, 0);
              }
              SmallVector<Value> yielded = {acc};
              llvm::append_range(yielded, stageTotals);
              scf::YieldOp::create(sb, sloc, yielded);
            });
        SmallVector<Value> next(stageLoop.getResults().drop_front());
        if (tiling.schedule != PromotionSchedule::ChunksPerStage)
          next = promote(gb, gloc, next, stageLoop.getResult(0), kGroup);
        scf::YieldOp::create(gb, gloc, next);
      });

  // Epilogue: in-range outputs only.
  Value warp = m.div(thread, 32), lane = m.rem(thread, 32);
  Value row0 = m.add(m.add(rowBase, m.mul(warp, 16)), m.div(lane, 4));
  Value column0 = m.add(columnBase, m.mul(m.rem(lane, 4), 2));
  for (int64_t i = 0; i < accValues; ++i) {
    Value row = m.add(row0, 8 * ((i / 2) % 2));
    Value column = m.add(column0, 8 * (i / 4) + i % 2);
    Value inRange = m.both(m.less(row, ops.m), m.less(column, ops.n));
    scf::IfOp::create(b, loc, inRange, [&](OpBuilder &ib, Location iloc) {
      storeScaledMatmulEpilogue(ib, iloc, ops, row, column,
                                groupLoop.getResult(i));
      scf::YieldOp::create(ib, iloc);
    });
  }
}

/// The tiling for `op`, or a reason why the wgmma kernel does not take it.
FailureOr<WarpgroupTiling> getTiling(Operation *op, Type aElement,
                                     Type bElement, Type accType,
                                     MemRefType initType, std::string &reason) {
  if (!isWgmmaFormat(aElement) || !isWgmmaFormat(bElement)) {
    reason = "wgmma takes E4M3FN / E5M2 operands only";
    return failure();
  }
  if (!accType.isF32()) {
    reason = "wgmma accumulates FP8 products in f32 only";
    return failure();
  }
  WarpgroupTiling tiling;
  int64_t n = initType.getDimSize(initType.getRank() - 1);
  tiling.tileN = ShapedType::isDynamic(n) || n > 64 ? 128 : 64;
  std::optional<int64_t> promotion = getStaticPromotionLength(op);
  if (!promotion) {
    tiling.schedule = PromotionSchedule::OneChunk;
  } else if (*promotion % kStageK == 0) {
    tiling.schedule = PromotionSchedule::StagesPerChunk;
  } else if (*promotion == 32 || *promotion == 64) {
    tiling.schedule = PromotionSchedule::ChunksPerStage;
  } else {
    reason = "the promotion length is not a multiple of 128, 32 or 64";
    return failure();
  }
  tiling.promotion = promotion.value_or(0);
  return tiling;
}

template <typename OpTy>
struct WarpgroupScaledMatmulKernel : public OpRewritePattern<OpTy> {
  WarpgroupScaledMatmulKernel(MLIRContext *context, const FP8GPUTarget &target)
      // Ahead of the generic kernels, which take what this one does not.
      : OpRewritePattern<OpTy>(context, /*benefit=*/2), target(target) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      return rewriter.notifyMatchFailure(op, "tensor form: bufferize first");
    auto aType = cast<MemRefType>(op.getA().getType());
    auto bType = cast<MemRefType>(op.getB().getType());
    std::string reason;
    FailureOr<WarpgroupTiling> tiling =
        getTiling(op, aType.getElementType(), bType.getElementType(),
                  op.getAccumulatorType(),
                  cast<MemRefType>(op.getInit().getType()), reason);
    if (failed(tiling))
      return rewriter.notifyMatchFailure(op, reason);
    if (failed(checkOperandFormats(op, target, rewriter)))
      return failure();

    Location loc = op.getLoc();
    ScaledMatmulProblem problem = getScaledMatmulProblem(rewriter, op);
    const MatmulOperands &ops = problem.ops;
    buildScaledMatmulLaunch(
        rewriter, loc, problem,
        {ceilDiv(rewriter, loc, ops.n,
                 indexConstant(rewriter, loc, tiling->tileN)),
         ceilDiv(rewriter, loc, ops.m, indexConstant(rewriter, loc, kTileM))},
        {kWarpgroupThreads, 1, 1},
        [&](OpBuilder &b, Location kloc, gpu::LaunchOp launch,
            const MatmulOperands &device) {
          WarpgroupKernelBuilder(device, *tiling).build(b, kloc, launch);
        });
    rewriter.eraseOp(op);
    return success();
  }

  const FP8GPUTarget &target;
};

} // namespace

void mlir::fp8::populateFP8ToNVVMWarpgroupMatmulPatterns(
    const FP8GPUTarget &target, RewritePatternSet &patterns) {
  patterns.add<WarpgroupScaledMatmulKernel<ScaledMatmulOp>,
               WarpgroupScaledMatmulKernel<BatchScaledMatmulOp>>(
      patterns.getContext(), target);
}
