//===- ElementwiseKernels.cpp - quantize / dequantize GPU kernels ---------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.quantize and fp8.dequantize: one thread per element.
// fp8.dynamic_quantize: one thread per scale (block), which finds the block's
// amax, computes and stores the scale, then quantizes the block; the arithmetic
// is the reference lowering's, element for element.
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToGPU/KernelBuilder.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::fp8;

namespace {

constexpr int64_t kThreadsPerBlock = 256;

/// Launches `count` threads, one per linear index; `body` runs for the
/// indices below `count`.
void buildLinearLaunch(
    OpBuilder &b, Location loc, ArrayRef<KernelBuffer> buffers, Value count,
    function_ref<void(OpBuilder &, Location, Value, ArrayRef<Value>)> body) {
  Value one = indexConstant(b, loc, 1);
  Value threads = indexConstant(b, loc, kThreadsPerBlock);
  // At least one block: a launch with an empty grid is an error.
  Value blocks =
      arith::MaxUIOp::create(b, loc, ceilDiv(b, loc, count, threads), one);
  buildDeviceLaunch(
      b, loc, buffers, {blocks, one, one}, {threads, one, one},
      [&](OpBuilder &nb, Location nloc, gpu::LaunchOp launch,
          ArrayRef<Value> device) {
        Value linear = arith::AddIOp::create(
            nb, nloc,
            arith::MulIOp::create(nb, nloc, launch.getBlockIds().x,
                                  indexConstant(nb, nloc, kThreadsPerBlock)),
            launch.getThreadIds().x);
        Value inRange = arith::CmpIOp::create(
            nb, nloc, arith::CmpIPredicate::ult, linear, count);
        scf::IfOp::create(nb, nloc, inRange, [&](OpBuilder &ib, Location iloc) {
          body(ib, iloc, linear, device);
          scf::YieldOp::create(ib, iloc);
        });
      });
}

struct QuantizeKernel : public OpRewritePattern<QuantizeOp> {
  QuantizeKernel(MLIRContext *context, const FP8GPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      return rewriter.notifyMatchFailure(op, "tensor form: bufferize first");
    if (failed(checkOperandFormats(op, target, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<MemRefType>(op.getInput().getType());
    auto scaleType = cast<MemRefType>(op.getScale().getType());
    Type fp8Type = getElementTypeOrSelf(op.getInit().getType());
    ::fp8::EncodeOptions options =
        getEncodeOptions(op.getRounding(), op.getSaturate());
    Value seed = emitSeedToI64(rewriter, loc, op.getSeed(), op.getSeedValue());
    SmallVector<Value> sizes = getDimSizes(rewriter, loc, op.getInput());
    Value count = getProduct(rewriter, loc, sizes);

    buildLinearLaunch(
        rewriter, loc,
        {{op.getInput()}, {op.getScale()}, {op.getInit(), false, true}}, count,
        [&](OpBuilder &b, Location nloc, Value linear, ArrayRef<Value> device) {
          SmallVector<Value> indices = delinearize(b, nloc, linear, sizes);
          Value x = memref::LoadOp::create(b, nloc, device[0], indices);
          Value scale = memref::LoadOp::create(
              b, nloc, device[1],
              getScaleIndices(b, nloc, inputType, scaleType, indices));
          Value value = arith::DivFOp::create(b, nloc, toF32(b, nloc, x),
                                              scaleToF32(b, nloc, scale));
          Value randomBits;
          if (seed)
            randomBits = emitStochasticRoundingBits(
                b, nloc, seed,
                arith::IndexCastUIOp::create(b, nloc, b.getI64Type(), linear));
          Value code = encodeElement(b, nloc, target, value, fp8Type, options,
                                     randomBits);
          memref::StoreOp::create(b, nloc,
                                  codeToStorage(b, nloc, code, fp8Type),
                                  device[2], indices);
        });
    rewriter.eraseOp(op);
    return success();
  }

  const FP8GPUTarget &target;
};

struct DequantizeKernel : public OpRewritePattern<DequantizeOp> {
  DequantizeKernel(MLIRContext *context, const FP8GPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(DequantizeOp op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      return rewriter.notifyMatchFailure(op, "tensor form: bufferize first");
    if (failed(checkOperandFormats(op, target, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<MemRefType>(op.getInput().getType());
    auto scaleType = cast<MemRefType>(op.getScale().getType());
    Type fp8Type = inputType.getElementType();
    Type resultType = getElementTypeOrSelf(op.getInit().getType());
    SmallVector<Value> sizes = getDimSizes(rewriter, loc, op.getInput());
    Value count = getProduct(rewriter, loc, sizes);

    buildLinearLaunch(
        rewriter, loc,
        {{op.getInput()}, {op.getScale()}, {op.getInit(), false, true}}, count,
        [&](OpBuilder &b, Location nloc, Value linear, ArrayRef<Value> device) {
          SmallVector<Value> indices = delinearize(b, nloc, linear, sizes);
          Value q = memref::LoadOp::create(b, nloc, device[0], indices);
          Value scale = memref::LoadOp::create(
              b, nloc, device[1],
              getScaleIndices(b, nloc, inputType, scaleType, indices));
          Value decoded = decodeElement(b, nloc, target,
                                        storageToCode(b, nloc, q), fp8Type);
          Value real = arith::MulFOp::create(b, nloc, decoded,
                                             scaleToF32(b, nloc, scale));
          memref::StoreOp::create(b, nloc, fromF32(b, nloc, real, resultType),
                                  device[2], indices);
        });
    rewriter.eraseOp(op);
    return success();
  }

  const FP8GPUTarget &target;
};

struct DynamicQuantizeKernel : public OpRewritePattern<DynamicQuantizeOp> {
  DynamicQuantizeKernel(MLIRContext *context, const FP8GPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(DynamicQuantizeOp op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      return rewriter.notifyMatchFailure(op, "tensor form: bufferize first");
    if (failed(checkOperandFormats(op, target, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto inputType = cast<MemRefType>(op.getInput().getType());
    auto scaleType = cast<MemRefType>(op.getScaleInit().getType());
    Type fp8Type = getElementTypeOrSelf(op.getQInit().getType());
    Type scaleElementType = scaleType.getElementType();
    const ::fp8::Format &format = ::fp8::getFormat(*getFormatKind(fp8Type));
    int64_t margin = op.getMarginAttr().getInt();
    bool pow2 = op.getPow2Scale();

    // Elements per block along each dimension, and the scale shape.
    SmallVector<Value> dataSizes = getDimSizes(rewriter, loc, op.getInput());
    SmallVector<ScaleDimension> scaleDims =
        getScaleDimensions(inputType, scaleType);
    SmallVector<Value> blockSizes, scaleSizes;
    for (auto [dim, size] : llvm::zip_equal(scaleDims, dataSizes)) {
      switch (dim.kind) {
      case ScaleDimension::Broadcast:
        blockSizes.push_back(size);
        scaleSizes.push_back(indexConstant(rewriter, loc, 1));
        break;
      case ScaleDimension::PerElement:
        blockSizes.push_back(indexConstant(rewriter, loc, 1));
        scaleSizes.push_back(size);
        break;
      case ScaleDimension::Block:
        blockSizes.push_back(indexConstant(rewriter, loc, dim.blockSize));
        scaleSizes.push_back(
            arith::DivUIOp::create(rewriter, loc, size, blockSizes.back()));
        break;
      }
    }
    Value blockCount = getProduct(rewriter, loc, blockSizes);
    Value count = getProduct(rewriter, loc, scaleSizes);

    buildLinearLaunch(
        rewriter, loc,
        {{op.getInput()},
         {op.getQInit(), false, true},
         {op.getScaleInit(), false, true}},
        count,
        [&](OpBuilder &b, Location nloc, Value linear, ArrayRef<Value> device) {
          Type f32 = b.getF32Type();
          SmallVector<Value> block = delinearize(b, nloc, linear, scaleSizes);
          Value zeroIndex = indexConstant(b, nloc, 0);
          Value oneIndex = indexConstant(b, nloc, 1);
          // Index of element `j` of the block.
          auto elementIndices = [&](OpBuilder &lb, Location lloc, Value j) {
            SmallVector<Value> offsets = delinearize(lb, lloc, j, blockSizes);
            SmallVector<Value> indices;
            for (auto [blockIndex, size, offset] :
                 llvm::zip_equal(block, blockSizes, offsets))
              indices.push_back(arith::AddIOp::create(
                  lb, lloc, arith::MulIOp::create(lb, lloc, blockIndex, size),
                  offset));
            return indices;
          };

          Value zero =
              arith::ConstantOp::create(b, nloc, f32, b.getF32FloatAttr(0.0));
          auto amaxLoop = scf::ForOp::create(
              b, nloc, zeroIndex, blockCount, oneIndex, ValueRange{zero},
              [&](OpBuilder &lb, Location lloc, Value j, ValueRange args) {
                Value x = memref::LoadOp::create(lb, lloc, device[0],
                                                 elementIndices(lb, lloc, j));
                Value magnitude =
                    math::AbsFOp::create(lb, lloc, toF32(lb, lloc, x));
                // maximumf propagates NaN into the block's scale.
                scf::YieldOp::create(lb, lloc,
                                     ValueRange{arith::MaximumFOp::create(
                                         lb, lloc, args[0], magnitude)});
              });
          Value scale = FloatCodec(b, nloc, format)
                            .computeScale(amaxLoop.getResult(0), margin, pow2);
          Value storedScale =
              scaleElementType.isF32()
                  ? scale
                  : codeToStorage(b, nloc,
                                  emitEncodePowerOfTwoE8M0(b, nloc, scale),
                                  scaleElementType);
          SmallVector<Value> scaleIndices;
          if (scaleType.getRank() != 0)
            scaleIndices = block;
          memref::StoreOp::create(b, nloc, storedScale, device[2],
                                  scaleIndices);

          scf::ForOp::create(
              b, nloc, zeroIndex, blockCount, oneIndex, ValueRange{},
              [&](OpBuilder &lb, Location lloc, Value j, ValueRange) {
                SmallVector<Value> indices = elementIndices(lb, lloc, j);
                Value x = memref::LoadOp::create(lb, lloc, device[0], indices);
                Value value =
                    arith::DivFOp::create(lb, lloc, toF32(lb, lloc, x), scale);
                Value code = encodeElement(lb, lloc, target, value, fp8Type,
                                           ::fp8::EncodeOptions{}, Value());
                memref::StoreOp::create(lb, lloc,
                                        codeToStorage(lb, lloc, code, fp8Type),
                                        device[1], indices);
                scf::YieldOp::create(lb, lloc);
              });
        });
    rewriter.eraseOp(op);
    return success();
  }

  const FP8GPUTarget &target;
};

/// Calibration does not run on the GPU: observers are identities there.
struct DropObserver : public OpRewritePattern<ObserveOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ObserveOp op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 0)
      rewriter.replaceOp(op, op.getInput());
    else
      rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void mlir::fp8::populateElementwiseKernelPatterns(const FP8GPUTarget &target,
                                                  RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<QuantizeKernel, DequantizeKernel, DynamicQuantizeKernel>(context,
                                                                        target);
  patterns.add<DropObserver>(context);
}
