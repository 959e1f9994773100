//===- ElementwiseToLinalg.cpp - quantize/dequantize to linalg ------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.quantize, fp8.dequantize and fp8.dynamic_quantize become
// linalg.generic ops whose payloads do the FP8 conversions with integer arith
// (FloatCodec). Scales are read through indexing maps that implement the
// block-broadcast rule (`d floordiv block` for blocks, 0 for broadcast
// dimensions).
//
//===----------------------------------------------------------------------===//

#include "PatternUtils.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Conversion/FP8ToLinalg/FP8ToLinalg.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::fp8;

/// Row-major linear index of the current element of a generic over `shape`
/// (i64), for the counter-based stochastic rounding bits.
static Value linearIndex(OpBuilder &b, Location loc, ArrayRef<Value> dimSizes) {
  Value linear = arith::ConstantIndexOp::create(b, loc, 0);
  for (auto [i, size] : llvm::enumerate(dimSizes)) {
    Value index = linalg::IndexOp::create(b, loc, i);
    linear = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, linear, size), index);
  }
  return arith::IndexCastUIOp::create(b, loc, b.getI64Type(), linear);
}

namespace {

/// Quantizes `input` into `init` with f32 `scale` (already converted).
static Value buildQuantize(OpBuilder &b, Location loc, Value input, Value scale,
                           Value init, ShapedType originalData,
                           ShapedType originalScale,
                           const ::fp8::Format &format,
                           ::fp8::EncodeOptions options, Value seed) {
  auto initType = cast<RankedTensorType>(init.getType());
  unsigned rank = initType.getRank();
  MLIRContext *context = b.getContext();
  SmallVector<AffineExpr> dims;
  for (unsigned i = 0; i < rank; ++i)
    dims.push_back(getAffineDimExpr(i, context));
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  AffineMap scaleMap =
      scaleIndexingMap(originalData, originalScale, dims, rank);

  SmallVector<Value> dimSizes;
  if (seed)
    for (unsigned i = 0; i < rank; ++i)
      dimSizes.push_back(tensor::DimOp::create(b, loc, input, i));

  Type storageType = initType.getElementType();
  auto generic = linalg::GenericOp::create(
      b, loc, initType, ValueRange{input, scale}, ValueRange{init},
      ArrayRef<AffineMap>{identity, scaleMap, identity}, parallelLoops(rank),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value value = arith::DivFOp::create(nb, nloc, toF32(nb, nloc, args[0]),
                                            scaleToF32(nb, nloc, args[1]));
        Value randomBits;
        if (seed)
          randomBits = emitStochasticRoundingBits(
              nb, nloc, seed, linearIndex(nb, nloc, dimSizes));
        Value code =
            FloatCodec(nb, nloc, format).encode(value, options, randomBits);
        linalg::YieldOp::create(nb, nloc,
                                codeToStorage(nb, nloc, code, storageType));
      });
  return generic.getResult(0);
}

struct QuantizeOpLowering : public OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTensorForm(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    const ::fp8::Format &format = ::fp8::getFormat(
        *getFormatKind(getElementTypeOrSelf(op.getInit().getType())));

    // Constant weights in a format without a dense attribute form (builtin
    // types fold before this): quantized now, a constant of their storage.
    auto storageType = dyn_cast<RankedTensorType>(adaptor.getInit().getType());
    if (storageType && storageType.getElementType().isInteger(8)) {
      FailureOr<SmallVector<uint8_t>> codes = computeConstantQuantize(op);
      if (succeeded(codes)) {
        auto data = ArrayRef<char>(
            reinterpret_cast<const char *>(codes->data()), codes->size());
        rewriter.replaceOpWithNewOp<arith::ConstantOp>(
            op, storageType,
            DenseElementsAttr::getFromRawBuffer(storageType, data));
        return success();
      }
    }

    Value seed =
        emitSeedToI64(rewriter, loc, op.getSeed(), adaptor.getSeedValue());
    Value result = buildQuantize(
        rewriter, loc, adaptor.getInput(), adaptor.getScale(),
        adaptor.getInit(), cast<ShapedType>(op.getInput().getType()),
        cast<ShapedType>(op.getScale().getType()), format,
        getEncodeOptions(op.getRounding(), op.getSaturate()), seed);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct DequantizeOpLowering : public OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTensorForm(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    const ::fp8::Format &format = ::fp8::getFormat(
        *getFormatKind(getElementTypeOrSelf(op.getInput().getType())));
    auto initType = cast<RankedTensorType>(adaptor.getInit().getType());
    unsigned rank = initType.getRank();
    SmallVector<AffineExpr> dims;
    for (unsigned i = 0; i < rank; ++i)
      dims.push_back(rewriter.getAffineDimExpr(i));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap scaleMap =
        scaleIndexingMap(cast<ShapedType>(op.getInput().getType()),
                         cast<ShapedType>(op.getScale().getType()), dims, rank);
    Type resultElementType = initType.getElementType();

    auto generic = linalg::GenericOp::create(
        rewriter, loc, initType,
        ValueRange{adaptor.getInput(), adaptor.getScale()},
        ValueRange{adaptor.getInit()},
        ArrayRef<AffineMap>{identity, scaleMap, identity}, parallelLoops(rank),
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value decoded = FloatCodec(b, nloc, format)
                              .decode(storageToCode(b, nloc, args[0]));
          Value real = arith::MulFOp::create(b, nloc, decoded,
                                             scaleToF32(b, nloc, args[1]));
          linalg::YieldOp::create(b, nloc,
                                  fromF32(b, nloc, real, resultElementType));
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct DynamicQuantizeOpLowering
    : public OpConversionPattern<DynamicQuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DynamicQuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumResults() == 0)
      return rewriter.notifyMatchFailure(
          op, "memref form: run convert-fp8-to-linalg before bufferization");
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto scaleType = cast<RankedTensorType>(op.getScaleInit().getType());
    const ::fp8::Format &format = ::fp8::getFormat(
        *getFormatKind(getElementTypeOrSelf(op.getQInit().getType())));
    unsigned rank = inputType.getRank();
    Type f32 = rewriter.getF32Type();

    // amax per block: a reduction into the scale shape.
    SmallVector<AffineExpr> dims;
    SmallVector<utils::IteratorType> iterators;
    SmallVector<ScaleDimension> scaleDims =
        getScaleDimensions(inputType, scaleType);
    for (unsigned i = 0; i < rank; ++i) {
      dims.push_back(getAffineDimExpr(i, context));
      iterators.push_back(scaleDims[i].kind == ScaleDimension::PerElement
                              ? utils::IteratorType::parallel
                              : utils::IteratorType::reduction);
    }
    Value scaleInit = adaptor.getScaleInit();
    Value amaxInit = createZeroFilled(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, scaleInit), f32);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
    AffineMap scaleMap = scaleIndexingMap(inputType, scaleType, dims, rank);
    Value amax =
        linalg::GenericOp::create(
            rewriter, loc, amaxInit.getType(), ValueRange{adaptor.getInput()},
            ValueRange{amaxInit}, ArrayRef<AffineMap>{identity, scaleMap},
            iterators,
            [&](OpBuilder &b, Location nloc, ValueRange args) {
              Value magnitude =
                  math::AbsFOp::create(b, nloc, toF32(b, nloc, args[0]));
              // maximumf propagates NaN into the block's scale.
              linalg::YieldOp::create(
                  b, nloc,
                  arith::MaximumFOp::create(b, nloc, args[1], magnitude)
                      .getResult());
            })
            .getResult(0);

    // scale = amax / max_finite / 2^margin (power of two on request).
    unsigned scaleRank = scaleType.getRank();
    AffineMap scaleIdentity =
        AffineMap::getMultiDimIdentityMap(scaleRank, context);
    Type scaleElementType =
        cast<RankedTensorType>(scaleInit.getType()).getElementType();
    bool e8m0 = !scaleElementType.isF32();
    int64_t margin = op.getMarginAttr().getInt();
    bool pow2 = op.getPow2Scale();
    Value scaleF32Init =
        e8m0 ? createEmptyLike(rewriter, loc, scaleInit, f32) : scaleInit;
    Value scale =
        linalg::GenericOp::create(
            rewriter, loc, scaleF32Init.getType(), ValueRange{amax},
            ValueRange{scaleF32Init},
            ArrayRef<AffineMap>{scaleIdentity, scaleIdentity},
            parallelLoops(scaleRank),
            [&](OpBuilder &b, Location nloc, ValueRange args) {
              linalg::YieldOp::create(b, nloc,
                                      FloatCodec(b, nloc, format)
                                          .computeScale(args[0], margin, pow2));
            })
            .getResult(0);
    Value scaleResult = scale;
    if (e8m0) {
      scaleResult =
          linalg::GenericOp::create(
              rewriter, loc, scaleInit.getType(), ValueRange{scale},
              ValueRange{scaleInit},
              ArrayRef<AffineMap>{scaleIdentity, scaleIdentity},
              parallelLoops(scaleRank),
              [&](OpBuilder &b, Location nloc, ValueRange args) {
                Value code = emitEncodePowerOfTwoE8M0(b, nloc, args[0]);
                linalg::YieldOp::create(
                    b, nloc, codeToStorage(b, nloc, code, scaleElementType));
              })
              .getResult(0);
    }

    Value quantized = buildQuantize(rewriter, loc, adaptor.getInput(), scale,
                                    adaptor.getQInit(), inputType,
                                    cast<ShapedType>(scale.getType()), format,
                                    ::fp8::EncodeOptions{}, /*seed=*/Value());
    rewriter.replaceOp(op, {quantized, scaleResult});
    return success();
  }
};

} // namespace

void mlir::fp8::populateFP8ElementwiseToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns
      .add<QuantizeOpLowering, DequantizeOpLowering, DynamicQuantizeOpLowering>(
          typeConverter, patterns.getContext());
}
