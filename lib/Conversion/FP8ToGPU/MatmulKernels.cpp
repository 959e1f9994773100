//===- MatmulKernels.cpp - scaled matmul GPU kernels ----------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.scaled_matmul / fp8.batch_scaled_matmul (memref forms) as GPU kernels.
//
// Matrix-core kernel (f32 acc_type, a target MMA for the formats, promotion
// length a multiple of the MMA's K): a block of 4 warps; each warp owns an
// MMA-M x (tilesPerWarpN * MMA-N) tile of C. For every chunk of L elements of
// K the warp runs L / MMA-K MMAs into zeroed f32 chunk accumulators, then
// promotes: total += chunk * (scale_a * scale_b), with the scales of the
// chunk's first K element (Spec 5.4). This is the scheme of DeepGEMM and
// CUTLASS's "2xAcc": the tensor core's accumulator (about 14 bits kept on
// Hopper) only ever sums one chunk. Out-of-range rows, columns and K read
// zeros; only in-range outputs are stored.
//
// Otherwise (f16/bf16 acc_type, formats without an MMA, L not a multiple of
// MMA-K) one thread computes one output exactly as the spec writes it.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToGPU/KernelBuilder.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

constexpr int64_t kWarpsPerBlock = 4;
constexpr int64_t kSimtTile = 16;

Value both(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::AndIOp::create(b, loc, x, y);
}
Value less(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
}
Value add(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::AddIOp::create(b, loc, x, y);
}
Value mul(OpBuilder &b, Location loc, Value x, Value y) {
  return arith::MulIOp::create(b, loc, x, y);
}

/// scale_a(row, k) * scale_b(k, column) in f32 (Spec 5.4 promotion).
Value loadScaleProduct(OpBuilder &b, Location loc, const MatmulOperands &ops,
                       Value row, Value column, Value kIndex) {
  return emitChunkScale(b, loc, loadScaleA(b, loc, ops, row, kIndex),
                        loadScaleB(b, loc, ops, kIndex, column));
}

/// The promotion length and chunk count: (L, number of chunks) as index
/// values; one chunk of all of K when `promotion` is empty.
std::pair<Value, Value> getChunking(OpBuilder &b, Location loc,
                                    std::optional<int64_t> promotion, Value k) {
  if (!promotion)
    return {k, indexConstant(b, loc, 1)};
  Value length = indexConstant(b, loc, *promotion);
  return {length, ceilDiv(b, loc, k, length)};
}

/// One thread per output element, the spec's loops as written.
void buildSimtBody(OpBuilder &b, Location loc, const FP8GPUTarget &target,
                   const MatmulOperands &ops, gpu::LaunchOp launch,
                   std::optional<int64_t> promotion, Type accType) {
  Value tile = indexConstant(b, loc, kSimtTile);
  Value row = add(b, loc, mul(b, loc, launch.getBlockIds().y, tile),
                  launch.getThreadIds().y);
  Value column = add(b, loc, mul(b, loc, launch.getBlockIds().x, tile),
                     launch.getThreadIds().x);
  Value inRange =
      both(b, loc, less(b, loc, row, ops.m), less(b, loc, column, ops.n));
  scf::IfOp::create(b, loc, inRange, [&](OpBuilder &ib, Location iloc) {
    Type f32 = ib.getF32Type();
    Value zeroIndex = indexConstant(ib, iloc, 0);
    Value oneIndex = indexConstant(ib, iloc, 1);
    Value zeroF32 =
        arith::ConstantOp::create(ib, iloc, f32, ib.getF32FloatAttr(0.0));
    Value zeroAcc = fromF32(ib, iloc, zeroF32, accType);
    Value length, chunks;
    std::tie(length, chunks) = getChunking(ib, iloc, promotion, ops.k);
    auto chunkLoop = scf::ForOp::create(
        ib, iloc, zeroIndex, chunks, oneIndex, ValueRange{zeroF32},
        [&](OpBuilder &cb, Location cloc, Value chunk, ValueRange total) {
          Value begin = mul(cb, cloc, chunk, length);
          Value end = arith::MinUIOp::create(
              cb, cloc, add(cb, cloc, begin, length), ops.k);
          auto sumLoop = scf::ForOp::create(
              cb, cloc, begin, end, oneIndex, ValueRange{zeroAcc},
              [&](OpBuilder &kb, Location kloc, Value kIndex, ValueRange sum) {
                Value a = memref::LoadOp::create(kb, kloc, ops.a,
                                                 ops.aIndices(row, kIndex));
                Value bElement = memref::LoadOp::create(
                    kb, kloc, ops.b, ops.bIndices(kIndex, column));
                Value product = arith::MulFOp::create(
                    kb, kloc,
                    decodeElement(kb, kloc, target, storageToCode(kb, kloc, a),
                                  ops.aElement),
                    decodeElement(kb, kloc, target,
                                  storageToCode(kb, kloc, bElement),
                                  ops.bElement));
                Value next = arith::AddFOp::create(
                    kb, kloc, toF32(kb, kloc, sum[0]), product);
                scf::YieldOp::create(kb, kloc,
                                     fromF32(kb, kloc, next, accType));
              });
          Value scale = loadScaleProduct(cb, cloc, ops, row, column, begin);
          scf::YieldOp::create(cb, cloc,
                               emitChunkPromotion(cb, cloc, total[0],
                                                  sumLoop.getResult(0), scale));
        });
    storeScaledMatmulEpilogue(ib, iloc, ops, row, column,
                              chunkLoop.getResult(0));
    scf::YieldOp::create(ib, iloc);
  });
}

/// The matrix-core kernel body (see the file comment).
void buildMMABody(OpBuilder &b, Location loc, const FP8GPUTarget &target,
                  const MMAShape &shape, const MatmulOperands &ops,
                  gpu::LaunchOp launch, std::optional<int64_t> promotion) {
  Type f32 = b.getF32Type();
  Value zeroIndex = indexConstant(b, loc, 0);
  Value oneIndex = indexConstant(b, loc, 1);
  Value lanes = indexConstant(b, loc, shape.lanes);
  Value thread = launch.getThreadIds().x;
  Value warp = arith::DivUIOp::create(b, loc, thread, lanes);
  Value lane = arith::RemUIOp::create(b, loc, thread, lanes);
  Value rowBase = add(b, loc,
                      mul(b, loc, launch.getBlockIds().y,
                          indexConstant(b, loc, shape.m * kWarpsPerBlock)),
                      mul(b, loc, warp, indexConstant(b, loc, shape.m)));
  Value columnBase = mul(b, loc, launch.getBlockIds().x,
                         indexConstant(b, loc, shape.n * shape.tilesPerWarpN));
  const int64_t accPerWarp = shape.accElements * shape.tilesPerWarpN;

  // Lane coordinates of every fragment element, computed once.
  SmallVector<std::pair<Value, Value>> aCoords, bCoords, accCoords;
  for (int64_t e = 0; e < shape.aElements; ++e)
    aCoords.push_back(target.getACoordinate(b, loc, lane, e));
  for (int64_t e = 0; e < shape.bElements; ++e)
    bCoords.push_back(target.getBCoordinate(b, loc, lane, e));
  // Output (row, column) of accumulator i of tile t: index t * accElements + i.
  SmallVector<std::pair<Value, Value>> outputs;
  for (int64_t t = 0; t < shape.tilesPerWarpN; ++t) {
    for (int64_t i = 0; i < shape.accElements; ++i) {
      auto [row, column] = target.getAccumulatorCoordinate(b, loc, lane, i);
      outputs.push_back(
          {add(b, loc, rowBase, row),
           add(b, loc, columnBase,
               add(b, loc, column, indexConstant(b, loc, t * shape.n)))});
    }
  }
  // Rows and columns clamped into range, for reading scales.
  Value lastRow = arith::SubIOp::create(b, loc, ops.m, oneIndex);
  Value lastColumn = arith::SubIOp::create(b, loc, ops.n, oneIndex);

  Value length, chunks;
  std::tie(length, chunks) = getChunking(b, loc, promotion, ops.k);
  Value kTile = indexConstant(b, loc, shape.k);
  Value steps = ceilDiv(b, loc, length, kTile);
  Value zeroF32 =
      arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(0.0));
  SmallVector<Value> zeros(accPerWarp, zeroF32);

  auto chunkLoop = scf::ForOp::create(
      b, loc, zeroIndex, chunks, oneIndex, zeros,
      [&](OpBuilder &cb, Location cloc, Value chunk, ValueRange totals) {
        Value begin = mul(cb, cloc, chunk, length);
        // The chunk's sums: MMAs into zeroed f32 accumulators.
        auto stepLoop = scf::ForOp::create(
            cb, cloc, zeroIndex, steps, oneIndex, zeros,
            [&](OpBuilder &kb, Location kloc, Value step, ValueRange acc) {
              Value k0 = add(kb, kloc, begin, mul(kb, kloc, step, kTile));
              SmallVector<Value> aBytes;
              for (auto [row, kOffset] : aCoords) {
                Value r = add(kb, kloc, rowBase, row);
                Value kIndex = add(kb, kloc, k0, kOffset);
                aBytes.push_back(
                    loadCodeOrZero(kb, kloc, ops.a, ops.aIndices(r, kIndex),
                                   both(kb, kloc, less(kb, kloc, r, ops.m),
                                        less(kb, kloc, kIndex, ops.k))));
              }
              SmallVector<Value> next;
              for (int64_t t = 0; t < shape.tilesPerWarpN; ++t) {
                SmallVector<Value> bBytes;
                Value tileBase = add(kb, kloc, columnBase,
                                     indexConstant(kb, kloc, t * shape.n));
                for (auto [kOffset, column] : bCoords) {
                  Value c = add(kb, kloc, tileBase, column);
                  Value kIndex = add(kb, kloc, k0, kOffset);
                  bBytes.push_back(
                      loadCodeOrZero(kb, kloc, ops.b, ops.bIndices(kIndex, c),
                                     both(kb, kloc, less(kb, kloc, c, ops.n),
                                          less(kb, kloc, kIndex, ops.k))));
                }
                ValueRange tileAcc =
                    acc.slice(t * shape.accElements, shape.accElements);
                llvm::append_range(next,
                                   target.emitMMA(kb, kloc, ops.aElement,
                                                  ops.bElement, aBytes, bBytes,
                                                  SmallVector<Value>(tileAcc)));
              }
              scf::YieldOp::create(kb, kloc, next);
            });
        // Promotion to the f32 totals, with the chunk's block scales.
        SmallVector<Value> promoted;
        for (auto [i, output] : llvm::enumerate(outputs)) {
          Value row = arith::MinUIOp::create(cb, cloc, output.first, lastRow);
          Value column =
              arith::MinUIOp::create(cb, cloc, output.second, lastColumn);
          Value scale = loadScaleProduct(cb, cloc, ops, row, column, begin);
          promoted.push_back(emitChunkPromotion(cb, cloc, totals[i],
                                                stepLoop.getResult(i), scale));
        }
        scf::YieldOp::create(cb, cloc, promoted);
      });

  for (size_t i = 0; i < outputs.size(); ++i) {
    Value row = outputs[i].first, column = outputs[i].second;
    Value inRange =
        both(b, loc, less(b, loc, row, ops.m), less(b, loc, column, ops.n));
    scf::IfOp::create(b, loc, inRange, [&](OpBuilder &ib, Location iloc) {
      storeScaledMatmulEpilogue(ib, iloc, ops, row, column,
                                chunkLoop.getResult(i));
      scf::YieldOp::create(ib, iloc);
    });
  }
}

template <typename OpTy>
struct ScaledMatmulKernel : public OpRewritePattern<OpTy> {
  ScaledMatmulKernel(MLIRContext *context, const FP8GPUTarget &target)
      : OpRewritePattern<OpTy>(context), target(target) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      return rewriter.notifyMatchFailure(op, "tensor form: bufferize first");
    if (failed(checkOperandFormats(op, target, rewriter)))
      return failure();
    Location loc = op.getLoc();
    ScaledMatmulProblem problem = getScaledMatmulProblem(rewriter, op);
    const MatmulOperands &ops = problem.ops;
    std::optional<int64_t> promotion = problem.promotion;
    Type accType = problem.accType;
    std::optional<MMAShape> shape =
        target.getMMAShape(ops.aElement, ops.bElement);
    // The MMA kernel sums whole MMA-K steps per chunk.
    bool useMMA =
        shape && accType.isF32() && (!promotion || *promotion % shape->k == 0);

    auto body = [&](OpBuilder &b, Location nloc, gpu::LaunchOp launch,
                    const MatmulOperands &device) {
      if (useMMA)
        buildMMABody(b, nloc, target, *shape, device, launch, promotion);
      else
        buildSimtBody(b, nloc, target, device, launch, promotion, accType);
    };
    if (useMMA) {
      Value blockN =
          indexConstant(rewriter, loc, shape->n * shape->tilesPerWarpN);
      Value blockM = indexConstant(rewriter, loc, shape->m * kWarpsPerBlock);
      buildScaledMatmulLaunch(rewriter, loc, problem,
                              {ceilDiv(rewriter, loc, ops.n, blockN),
                               ceilDiv(rewriter, loc, ops.m, blockM)},
                              {shape->lanes * kWarpsPerBlock, 1, 1}, body);
    } else {
      Value tile = indexConstant(rewriter, loc, kSimtTile);
      buildScaledMatmulLaunch(rewriter, loc, problem,
                              {ceilDiv(rewriter, loc, ops.n, tile),
                               ceilDiv(rewriter, loc, ops.m, tile)},
                              {kSimtTile, kSimtTile, 1}, body);
    }
    rewriter.eraseOp(op);
    return success();
  }

  const FP8GPUTarget &target;
};

} // namespace

//===----------------------------------------------------------------------===//
// Shared with the chip-specific matmul kernels (KernelBuilder.h)
//===----------------------------------------------------------------------===//

SmallVector<Value>
mlir::fp8::MatmulOperands::withBatch(ArrayRef<Value> rest) const {
  SmallVector<Value> indices;
  if (numBatchDims)
    indices.push_back(batch);
  indices.append(rest.begin(), rest.end());
  return indices;
}

Value mlir::fp8::loadCodeOrZero(OpBuilder &b, Location loc, Value memref,
                                ArrayRef<Value> indices, Value inBounds) {
  Value zeroIndex = indexConstant(b, loc, 0);
  SmallVector<Value> safe;
  for (Value index : indices)
    safe.push_back(arith::SelectOp::create(b, loc, inBounds, index, zeroIndex));
  Value element = memref::LoadOp::create(b, loc, memref, safe);
  Value code = storageToCode(b, loc, element);
  Value zero = arith::ConstantIntOp::create(b, loc, b.getI8Type(), 0);
  return arith::SelectOp::create(b, loc, inBounds, code, zero);
}

Value mlir::fp8::loadScaleA(OpBuilder &b, Location loc,
                            const MatmulOperands &ops, Value row,
                            Value kIndex) {
  Value scale =
      memref::LoadOp::create(b, loc, ops.scaleA,
                             getScaleIndices(b, loc, ops.aType, ops.scaleAType,
                                             ops.aIndices(row, kIndex)));
  return scaleToF32(b, loc, scale);
}

Value mlir::fp8::loadScaleB(OpBuilder &b, Location loc,
                            const MatmulOperands &ops, Value kIndex,
                            Value column) {
  Value scale =
      memref::LoadOp::create(b, loc, ops.scaleB,
                             getScaleIndices(b, loc, ops.bType, ops.scaleBType,
                                             ops.bIndices(kIndex, column)));
  return scaleToF32(b, loc, scale);
}

void mlir::fp8::storeScaledMatmulEpilogue(OpBuilder &b, Location loc,
                                          const MatmulOperands &ops, Value row,
                                          Value column, Value total) {
  SmallVector<Value> indices = ops.withBatch({row, column});
  Value init = memref::LoadOp::create(b, loc, ops.init, indices);
  Value sum = arith::AddFOp::create(b, loc, toF32(b, loc, init), total);
  if (ops.bias) {
    Value bias = memref::LoadOp::create(b, loc, ops.bias, ValueRange{column});
    sum = arith::AddFOp::create(b, loc, sum, toF32(b, loc, bias));
  }
  memref::StoreOp::create(b, loc,
                          fromF32(b, loc, sum, ops.initType.getElementType()),
                          ops.init, indices);
}

namespace {
template <typename OpTy> ScaledMatmulProblem getProblem(OpBuilder &b, OpTy op) {
  Location loc = op.getLoc();
  ScaledMatmulProblem problem;
  MatmulOperands &ops = problem.ops;
  ops.numBatchDims = op.getNumBatchDims();
  ops.transposedB = op.isTransposedB();
  ops.aType = cast<MemRefType>(op.getA().getType());
  ops.bType = cast<MemRefType>(op.getB().getType());
  ops.scaleAType = cast<MemRefType>(op.getScaleA().getType());
  ops.scaleBType = cast<MemRefType>(op.getScaleB().getType());
  ops.initType = cast<MemRefType>(op.getInit().getType());
  ops.aElement = ops.aType.getElementType();
  ops.bElement = ops.bType.getElementType();
  const unsigned nb = ops.numBatchDims;
  SmallVector<Value> initSizes = getDimSizes(b, loc, op.getInit());
  SmallVector<Value> aSizes = getDimSizes(b, loc, op.getA());
  ops.m = initSizes[nb];
  ops.n = initSizes[nb + 1];
  ops.k = aSizes[nb + 1];
  problem.batches = nb ? initSizes[0] : indexConstant(b, loc, 1);
  problem.accType = op.getAccumulatorType();
  problem.promotion =
      getPromotionLength(ops.aType, ops.bType, ops.scaleAType, ops.scaleBType,
                         nb, ops.transposedB, op.getChunkAttr().getInt());
  problem.buffers = {
      {op.getA()}, {op.getB()}, {op.getScaleA()}, {op.getScaleB()}};
  if (op.getBias())
    problem.buffers.push_back({op.getBias()});
  problem.buffers.push_back({op.getInit(), /*read=*/true, /*written=*/true});
  return problem;
}

template <typename OpTy> std::optional<int64_t> getStaticPromotion(OpTy op) {
  return getPromotionLength(cast<ShapedType>(op.getA().getType()),
                            cast<ShapedType>(op.getB().getType()),
                            cast<ShapedType>(op.getScaleA().getType()),
                            cast<ShapedType>(op.getScaleB().getType()),
                            op.getNumBatchDims(), op.isTransposedB(),
                            op.getChunkAttr().getInt());
}
} // namespace

ScaledMatmulProblem mlir::fp8::getScaledMatmulProblem(OpBuilder &b,
                                                      Operation *op) {
  if (auto batched = dyn_cast<BatchScaledMatmulOp>(op))
    return getProblem(b, batched);
  return getProblem(b, cast<ScaledMatmulOp>(op));
}

std::optional<int64_t> mlir::fp8::getStaticPromotionLength(Operation *op) {
  if (auto batched = dyn_cast<BatchScaledMatmulOp>(op))
    return getStaticPromotion(batched);
  return getStaticPromotion(cast<ScaledMatmulOp>(op));
}

void mlir::fp8::buildScaledMatmulLaunch(
    OpBuilder &b, Location loc, ScaledMatmulProblem &problem,
    std::array<Value, 2> grid, std::array<int64_t, 3> blockSize,
    function_ref<void(OpBuilder &, Location, gpu::LaunchOp,
                      const MatmulOperands &)>
        body) {
  MatmulOperands &ops = problem.ops;
  // Nothing to compute or store for an empty result; an empty K still
  // stores init + bias.
  Value zero = indexConstant(b, loc, 0);
  auto nonZero = [&](Value size) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, size, zero);
  };
  Value nonEmpty = both(b, loc, both(b, loc, nonZero(ops.m), nonZero(ops.n)),
                        nonZero(problem.batches));
  auto guard = scf::IfOp::create(b, loc, nonEmpty, /*withElse=*/false);
  OpBuilder::InsertionGuard insertion(b);
  b.setInsertionPointToStart(guard.thenBlock());
  bool hasBias = problem.buffers.size() == 6;
  buildDeviceLaunch(
      b, loc, problem.buffers, {grid[0], grid[1], problem.batches},
      {indexConstant(b, loc, blockSize[0]), indexConstant(b, loc, blockSize[1]),
       indexConstant(b, loc, blockSize[2])},
      [&](OpBuilder &kb, Location kloc, gpu::LaunchOp launch,
          ArrayRef<Value> device) {
        MatmulOperands inKernel = ops;
        inKernel.a = device[0];
        inKernel.b = device[1];
        inKernel.scaleA = device[2];
        inKernel.scaleB = device[3];
        inKernel.bias = hasBias ? device[4] : Value();
        inKernel.init = device.back();
        inKernel.batch = launch.getBlockIds().z;
        body(kb, kloc, launch, inKernel);
      });
}

void mlir::fp8::populateMatmulKernelPatterns(const FP8GPUTarget &target,
                                             RewritePatternSet &patterns) {
  patterns.add<ScaledMatmulKernel<ScaledMatmulOp>,
               ScaledMatmulKernel<BatchScaledMatmulOp>>(patterns.getContext(),
                                                        target);
}
