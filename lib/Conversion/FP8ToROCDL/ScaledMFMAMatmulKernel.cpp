//===- ScaledMFMAMatmulKernel.cpp - gfx950 MX scaled matmul kernel --------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.scaled_matmul / fp8.batch_scaled_matmul (memref forms) with MX scales
// on CDNA4 (gfx950): `amdgpu.scaled_mfma 16x16x128`
// (v_mfma_scale_f32_16x16x128_f8f6f4) applies the E8M0 scale of every 1x32
// K block in the matrix core, so the wave accumulates in f32 registers over
// all of K with no promotion step. Taken only when this is the spec's
// computation: E4M3FN / E5M2 operands, f8E8M0FNU scale_a and scale_b both
// blocked by 32 along K, f32 acc_type and a promotion length of 32 (chunk 0
// or 32: (C8) leaves only smaller chunks, which take the generic kernels).
// Then every chunk of Spec 5.4 is one MX block and its promotion, total +=
// chunk * 2^(ea + eb), is a multiplication by a power of two, which the
// hardware does on the products instead: the same value except for the
// order of the f32 additions (which the matrix cores never fixed anyway) and
// scale products outside f32's range (docs/GPU.md). Anything else goes to
// the generic kernels (chunked amdgpu.mfma 16x16x32 or SIMT).
//
// Block of 4 waves; each wave owns a 16 x 32 tile of C (two 16x16 MFMA tiles
// sharing the A fragment) and walks K in steps of 128. Operands are read
// byte by byte from global memory, out-of-range rows, columns and K as zeros
// with scale 1 (E8M0 127), as in the generic matrix-core kernel.
//
// Register layout of v_mfma_scale_f32_16x16x128_f8f6f4 with 8-bit operands
// (lane l of 64, group g = l / 16, byte p < 32 of the lane's 8 VGPRs):
//   A[l % 16][k(g, p)], B[k(g, p)][l % 16], k(g, p) = 64 (p / 16) + 16 g +
//   p % 16: two runs of 16 K elements per lane, not 32 consecutive ones;
//   scale_a byte 0 of lane l: row l % 16, K block g (K 32 g .. 32 g + 31);
//   scale_b byte 0 of lane l: column l % 16, K block g;
//   D: lane l holds D[4 g + i][l % 16], i < 4 (as the 16x16x32 MFMA).
// Sources: Triton's chooseScaledMfmaScaleLayout (LinearLayoutConversions.cpp:
// "for mxfp6/mxfp8, there are 2 16-consecutive elements blocks", lane l ->
// scale (l % 16, l / 16)) and composable_kernel's ck_tile amdgcn_mma for
// mfma_scale 16x16x128 fp8 (32 K per lane in 2 accesses, "scale MFMA fp8 ...
// does not allow arbitrary K perms"); the scale byte is picked by the
// instruction's op_sel (scalesIdx, 0 here). Not yet checked on hardware.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToGPU/KernelBuilder.h"
#include "fp8/Conversion/FP8ToROCDL/FP8ToROCDL.h"

#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Dialect/FP8/IR/FP8Types.h"
#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

constexpr int64_t kWavesPerBlock = 4;
constexpr int64_t kWaveLanes = 64;
constexpr int64_t kMfmaM = 16, kMfmaN = 16, kMfmaK = 128;
/// MFMA tiles along N per wave (they reuse the wave's A fragment).
constexpr int64_t kTilesPerWaveN = 2;
/// Lanes per K group, and K groups per wave (= K blocks per MFMA).
constexpr int64_t kLanesPerGroup = 16;
constexpr int64_t kBytesPerLane = 32;
constexpr int64_t kAccPerLane = 4;
/// The MX block along K, which is also one lane group's scale block.
constexpr int64_t kMXBlock = 32;
/// E8M0 code of 2^0, the scale of K blocks past the end of K.
constexpr int64_t kE8M0One = 127;

bool isScaledMFMAFormat(Type type) {
  return isa<Float8E4M3FNType, Float8E5M2Type>(type);
}

/// The K block size of `scale` for `data` along dimension `kDim`, if the
/// scale is blocked there.
std::optional<int64_t> getKBlock(ShapedType data, ShapedType scale,
                                 int64_t kDim) {
  if (scale.getRank() == 0)
    return std::nullopt;
  ScaleDimension dim = getScaleDimensions(data, scale)[kDim];
  if (dim.kind != ScaleDimension::Block)
    return std::nullopt;
  return dim.blockSize;
}

/// Why `op` is not an MX matmul this kernel computes exactly, or "".
template <typename OpTy> StringRef getMismatch(OpTy op) {
  auto aType = cast<ShapedType>(op.getA().getType());
  auto bType = cast<ShapedType>(op.getB().getType());
  auto scaleAType = cast<ShapedType>(op.getScaleA().getType());
  auto scaleBType = cast<ShapedType>(op.getScaleB().getType());
  if (!isScaledMFMAFormat(aType.getElementType()) ||
      !isScaledMFMAFormat(bType.getElementType()))
    return "scaled MFMA takes E4M3FN / E5M2 operands only";
  if (!isa<Float8E8M0FNUType>(scaleAType.getElementType()) ||
      !isa<Float8E8M0FNUType>(scaleBType.getElementType()))
    return "scaled MFMA needs f8E8M0FNU scale_a and scale_b";
  if (!op.getAccumulatorType().isF32())
    return "scaled MFMA accumulates in f32 only";
  const int64_t batchDims = op.getNumBatchDims();
  const int64_t kDimB = op.isTransposedB() ? batchDims + 1 : batchDims;
  if (getKBlock(aType, scaleAType, batchDims + 1) != kMXBlock ||
      getKBlock(bType, scaleBType, kDimB) != kMXBlock)
    return "scaled MFMA needs both scales in 1x32 blocks along K";
  // A chunk below 32 promotes inside an MX block: the hardware cannot.
  if (getStaticPromotionLength(op) != kMXBlock)
    return "chunk below 32: promotion inside an MX block";
  return "";
}

/// K offset, inside one 128-element step, of byte `byte` of a lane in K
/// group `group` (see the file comment).
Value getKOffset(OpBuilder &b, Location loc, Value group, int64_t byte) {
  Value inRun = arith::MulIOp::create(b, loc, group,
                                      indexConstant(b, loc, kLanesPerGroup));
  return arith::AddIOp::create(
      b, loc, inRun, indexConstant(b, loc, 64 * (byte / 16) + byte % 16));
}

/// The kernel body of one block; `ops` holds the device buffers.
class ScaledMFMAKernelBuilder {
public:
  explicit ScaledMFMAKernelBuilder(const MatmulOperands &ops) : ops(ops) {}

  void build(OpBuilder &b, Location loc, gpu::LaunchOp launch) {
    Value thread = launch.getThreadIds().x;
    Value lanes = indexConstant(b, loc, kWaveLanes);
    Value wave = arith::DivUIOp::create(b, loc, thread, lanes);
    Value lane = arith::RemUIOp::create(b, loc, thread, lanes);
    Value groupSize = indexConstant(b, loc, kLanesPerGroup);
    laneIndex = arith::RemUIOp::create(b, loc, lane, groupSize);
    group = arith::DivUIOp::create(b, loc, lane, groupSize);
    rowBase = add(b, loc,
                  mul(b, loc, launch.getBlockIds().y, kMfmaM * kWavesPerBlock),
                  mul(b, loc, wave, kMfmaM));
    columnBase = mul(b, loc, launch.getBlockIds().x, kMfmaN * kTilesPerWaveN);
    for (int64_t p = 0; p < kBytesPerLane; ++p)
      kOffsets.push_back(getKOffset(b, loc, group, p));
    // The lane's scale block starts at K 32 g of the step.
    scaleKOffset = mul(b, loc, group, kMXBlock);

    auto accType = VectorType::get({kAccPerLane}, b.getF32Type());
    Value zeros = arith::ConstantOp::create(
        b, loc, accType, DenseElementsAttr::get(accType, 0.0f));
    SmallVector<Value> initAcc(kTilesPerWaveN, zeros);
    Value steps = ceilDiv(b, loc, ops.k, indexConstant(b, loc, kMfmaK));
    auto stepLoop = scf::ForOp::create(
        b, loc, indexConstant(b, loc, 0), steps, indexConstant(b, loc, 1),
        initAcc, [&](OpBuilder &kb, Location kloc, Value step, ValueRange acc) {
          Value k0 = mul(kb, kloc, step, kMfmaK);
          Value row = add(kb, kloc, rowBase, laneIndex);
          Value a = loadFragment(kb, kloc, k0, row, /*isA=*/true);
          Value scaleA = loadScale(kb, kloc, k0, row, /*isA=*/true);
          SmallVector<Value> next;
          for (int64_t t = 0; t < kTilesPerWaveN; ++t) {
            Value column =
                add(kb, kloc, getTileColumnBase(kb, kloc, t), laneIndex);
            Value bFragment = loadFragment(kb, kloc, k0, column, false);
            Value scaleB = loadScale(kb, kloc, k0, column, false);
            next.push_back(amdgpu::ScaledMFMAOp::create(
                kb, kloc, accType, kMfmaM, kMfmaN, kMfmaK, a, bFragment, acc[t],
                scaleA, scaleB, /*scalesIdxA=*/0, /*scalesIdxB=*/0));
          }
          scf::YieldOp::create(kb, kloc, next);
        });

    // Epilogue: D[4 g + i][lane % 16] of every tile, in-range outputs only.
    Value rowOfLane = add(b, loc, rowBase, mul(b, loc, group, kAccPerLane));
    for (int64_t t = 0; t < kTilesPerWaveN; ++t) {
      Value column = add(b, loc, getTileColumnBase(b, loc, t), laneIndex);
      for (int64_t i = 0; i < kAccPerLane; ++i) {
        Value row = add(b, loc, rowOfLane, indexConstant(b, loc, i));
        Value inRange =
            both(b, loc, less(b, loc, row, ops.m), less(b, loc, column, ops.n));
        Value total = vector::ExtractOp::create(b, loc, stepLoop.getResult(t),
                                                ArrayRef<int64_t>{i});
        scf::IfOp::create(b, loc, inRange, [&](OpBuilder &ib, Location iloc) {
          storeScaledMatmulEpilogue(ib, iloc, ops, row, column, total);
          scf::YieldOp::create(ib, iloc);
        });
      }
    }
  }

private:
  /// The lane's 32 operand bytes of the step at `k0`: row `index` of A, or
  /// column `index` of B, as the vector the MFMA takes.
  Value loadFragment(OpBuilder &b, Location loc, Value k0, Value index,
                     bool isA) {
    Value size = isA ? ops.m : ops.n;
    Value indexInRange = less(b, loc, index, size);
    SmallVector<Value> bytes;
    for (Value kOffset : kOffsets) {
      Value kIndex = add(b, loc, k0, kOffset);
      Value inBounds = both(b, loc, indexInRange, less(b, loc, kIndex, ops.k));
      bytes.push_back(
          isA ? loadCodeOrZero(b, loc, ops.a, ops.aIndices(index, kIndex),
                               inBounds)
              : loadCodeOrZero(b, loc, ops.b, ops.bIndices(kIndex, index),
                               inBounds));
    }
    Value codes = vector::FromElementsOp::create(
        b, loc, VectorType::get({kBytesPerLane}, b.getI8Type()), bytes);
    Type element = isA ? ops.aElement : ops.bElement;
    return arith::BitcastOp::create(
        b, loc, VectorType::get({kBytesPerLane}, element), codes);
  }

  /// The E8M0 scale the lane hands to the MFMA: that of row `index` of A (or
  /// column `index` of B) for K block g of the step; 1 out of range (the
  /// block's data are zeros there, and a NaN code must not leak in).
  Value loadScale(OpBuilder &b, Location loc, Value k0, Value index, bool isA) {
    Value kIndex = add(b, loc, k0, scaleKOffset);
    Value inBounds = both(b, loc, less(b, loc, index, isA ? ops.m : ops.n),
                          less(b, loc, kIndex, ops.k));
    Value zero = indexConstant(b, loc, 0);
    Value safeIndex = arith::SelectOp::create(b, loc, inBounds, index, zero);
    Value safeK = arith::SelectOp::create(b, loc, inBounds, kIndex, zero);
    SmallVector<Value> dataIndices =
        isA ? ops.aIndices(safeIndex, safeK) : ops.bIndices(safeK, safeIndex);
    MemRefType dataType = isA ? ops.aType : ops.bType;
    MemRefType scaleType = isA ? ops.scaleAType : ops.scaleBType;
    Value scale = memref::LoadOp::create(
        b, loc, isA ? ops.scaleA : ops.scaleB,
        getScaleIndices(b, loc, dataType, scaleType, dataIndices));
    Value one = arith::ConstantIntOp::create(b, loc, b.getI8Type(), kE8M0One);
    Value code = arith::SelectOp::create(b, loc, inBounds,
                                         storageToCode(b, loc, scale), one);
    return arith::BitcastOp::create(b, loc, scaleType.getElementType(), code);
  }

  Value getTileColumnBase(OpBuilder &b, Location loc, int64_t tile) {
    return add(b, loc, columnBase, indexConstant(b, loc, tile * kMfmaN));
  }

  static Value add(OpBuilder &b, Location loc, Value x, Value y) {
    return arith::AddIOp::create(b, loc, x, y);
  }
  static Value mul(OpBuilder &b, Location loc, Value x, int64_t y) {
    return arith::MulIOp::create(b, loc, x, indexConstant(b, loc, y));
  }
  static Value less(OpBuilder &b, Location loc, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
  }
  static Value both(OpBuilder &b, Location loc, Value x, Value y) {
    return arith::AndIOp::create(b, loc, x, y);
  }

  const MatmulOperands &ops;
  // Per-lane values, set at the start of build().
  Value laneIndex, group, rowBase, columnBase, scaleKOffset;
  SmallVector<Value> kOffsets;
};

template <typename OpTy>
struct ScaledMFMAMatmulKernel : public OpRewritePattern<OpTy> {
  ScaledMFMAMatmulKernel(MLIRContext *context, const FP8GPUTarget &target)
      // Ahead of the generic kernels, which take what this one does not.
      : OpRewritePattern<OpTy>(context, /*benefit=*/2), target(target) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      return rewriter.notifyMatchFailure(op, "tensor form: bufferize first");
    StringRef mismatch = getMismatch(op);
    if (!mismatch.empty())
      return rewriter.notifyMatchFailure(op, mismatch);
    if (failed(checkOperandFormats(op, target, rewriter)))
      return failure();

    Location loc = op.getLoc();
    ScaledMatmulProblem problem = getScaledMatmulProblem(rewriter, op);
    const MatmulOperands &ops = problem.ops;
    Value blockM = indexConstant(rewriter, loc, kMfmaM * kWavesPerBlock);
    Value blockN = indexConstant(rewriter, loc, kMfmaN * kTilesPerWaveN);
    buildScaledMatmulLaunch(
        rewriter, loc, problem,
        {ceilDiv(rewriter, loc, ops.n, blockN),
         ceilDiv(rewriter, loc, ops.m, blockM)},
        {kWaveLanes * kWavesPerBlock, 1, 1},
        [&](OpBuilder &b, Location kloc, gpu::LaunchOp launch,
            const MatmulOperands &device) {
          ScaledMFMAKernelBuilder(device).build(b, kloc, launch);
        });
    rewriter.eraseOp(op);
    return success();
  }

  const FP8GPUTarget &target;
};

} // namespace

void mlir::fp8::populateFP8ToROCDLScaledMFMAMatmulPatterns(
    const FP8GPUTarget &target, RewritePatternSet &patterns) {
  patterns.add<ScaledMFMAMatmulKernel<ScaledMatmulOp>,
               ScaledMFMAMatmulKernel<BatchScaledMatmulOp>>(
      patterns.getContext(), target);
}
