//===- FP8ToLinalg.cpp - fp8 to linalg reference lowering
//------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every fp8 op becomes linalg.generic ops whose payloads do the FP8
// conversions with integer arith (FloatCodec). Scales are read through
// indexing maps that implement the block-broadcast rule (`d floordiv block`
// for blocks, 0 for broadcast dimensions). scaled_matmul is three generics:
// chunk sums in acc_type over (m, n, chunk, k-in-chunk), promotion with the
// scales over (m, n, chunk), and the epilogue (init + total + bias).
//
//===----------------------------------------------------------------------===//

#include "fp8/Conversion/FP8ToLinalg/FP8ToLinalg.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_CONVERTFP8TOLINALGPASS
#include "fp8/Conversion/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

//===----------------------------------------------------------------------===//
// Payload helpers
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

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

//===----------------------------------------------------------------------===//
// Elementwise conversions
//===----------------------------------------------------------------------===//

namespace {

/// Rejects the memref forms (they exist for bufferization, which comes
/// after this lowering) with a reason.
template <typename OpTy>
static LogicalResult checkTensorForm(OpTy op, PatternRewriter &rewriter) {
  if (op->getNumResults() == 0)
    return rewriter.notifyMatchFailure(
        op, "memref form: run convert-fp8-to-linalg before bufferization");
  return success();
}

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

    Value seed;
    if (std::optional<uint64_t> seedAttr = op.getSeed()) {
      seed = arith::ConstantIntOp::create(rewriter, loc, rewriter.getI64Type(),
                                          static_cast<int64_t>(*seedAttr));
    } else if (Value seedValue = adaptor.getSeedValue()) {
      Type i64 = rewriter.getI64Type();
      unsigned width = seedValue.getType().getIntOrFloatBitWidth();
      seed = width < 64 ? arith::ExtUIOp::create(rewriter, loc, i64, seedValue)
             : width > 64
                 ? arith::TruncIOp::create(rewriter, loc, i64, seedValue)
                 : seedValue;
    }
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

//===----------------------------------------------------------------------===//
// Scaled matmul
//===----------------------------------------------------------------------===//

/// Splits dimension `dim` of `source` into (outer, inner).
static Value splitDimension(OpBuilder &b, Location loc, Value source,
                            int64_t dim, OpFoldResult outer, int64_t inner) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> outputShape;
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t i = 0, e = type.getRank(); i < e; ++i) {
    ReassociationIndices group = {static_cast<int64_t>(shape.size())};
    if (i == dim) {
      // A dynamic source dimension stays dynamic (expand_shape requires it),
      // even where `outer` folded to a constant.
      if (type.isDynamicDim(i)) {
        shape.append({ShapedType::kDynamic, inner});
        outputShape.append({getValueOrCreateConstantIndexOp(b, loc, outer),
                            b.getIndexAttr(inner)});
      } else {
        shape.append({*getConstantIntValue(outer), inner});
        outputShape.append({outer, b.getIndexAttr(inner)});
      }
      group.push_back(group.front() + 1);
    } else {
      shape.push_back(type.getDimSize(i));
      outputShape.push_back(tensor::getMixedSize(b, loc, source, i));
    }
    reassociation.push_back(group);
  }
  return tensor::ExpandShapeOp::create(b, loc, type.clone(shape), source,
                                       reassociation, outputShape);
}

template <typename OpTy>
struct ScaledMatmulLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkTensorForm(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    const unsigned nb = op.getNumBatchDims();
    const bool transposed = op.isTransposedB();
    auto aType = cast<RankedTensorType>(op.getA().getType());
    auto bType = cast<RankedTensorType>(op.getB().getType());
    auto scaleAType = cast<ShapedType>(op.getScaleA().getType());
    auto scaleBType = cast<ShapedType>(op.getScaleB().getType());
    const ::fp8::Format &formatA =
        ::fp8::getFormat(*getFormatKind(aType.getElementType()));
    const ::fp8::Format &formatB =
        ::fp8::getFormat(*getFormatKind(bType.getElementType()));
    Type accType = op.getAccumulatorType();
    Type f32 = rewriter.getF32Type();
    const int64_t chunk = op.getChunkAttr().getInt();

    // Promotion length L: chunk, or the K block of the scales when chunk is
    // 0; "single chunk" when that is all of K (scales constant along K and
    // chunk 0 or >= K).
    const int64_t kDimA = nb + 1, kDimB = transposed ? nb + 1 : nb;
    std::optional<int64_t> promotion = getPromotionLength(
        aType, bType, scaleAType, scaleBType, nb, transposed, chunk);
    const bool singleChunk = !promotion;

    Value a = adaptor.getA(), bOperand = adaptor.getB();
    OpFoldResult numChunks = rewriter.getIndexAttr(1);
    if (!singleChunk) {
      // Pad K with zeros to a multiple of L, then split it into (chunk,
      // element of chunk) so that every map is a projection: A [.., M, C, L],
      // B [.., C, L, N] or [.., N, C, L].
      OpFoldResult kSize = tensor::getMixedSize(rewriter, loc, a, kDimA);
      Value kValue = getValueOrCreateConstantIndexOp(rewriter, loc, kSize);
      Value length = arith::ConstantIndexOp::create(rewriter, loc, *promotion);
      Value chunks =
          rewriter.createOrFold<arith::CeilDivUIOp>(loc, kValue, length);
      Value padding = rewriter.createOrFold<arith::SubIOp>(
          loc, rewriter.createOrFold<arith::MulIOp>(loc, chunks, length),
          kValue);
      numChunks = getAsOpFoldResult(chunks);
      OpFoldResult extra = getAsOpFoldResult(padding);
      if (getConstantIntValue(extra) != std::optional<int64_t>(0)) {
        a = padWithZeros(rewriter, loc, a, kDimA, extra);
        bOperand = padWithZeros(rewriter, loc, bOperand, kDimB, extra);
      }
      a = splitDimension(rewriter, loc, a, kDimA, numChunks, *promotion);
      bOperand =
          splitDimension(rewriter, loc, bOperand, kDimB, numChunks, *promotion);
    }

    // Stage 1: chunk sums in acc_type over (batch, m, n, c, l).
    const unsigned numLoops = nb + 4;
    SmallVector<AffineExpr> d;
    for (unsigned i = 0; i < numLoops; ++i)
      d.push_back(getAffineDimExpr(i, context));
    SmallVector<AffineExpr> batch(d.begin(), d.begin() + nb);
    AffineExpr m = d[nb], n = d[nb + 1], c = d[nb + 2], l = d[nb + 3];
    auto withBatch = [&](ArrayRef<AffineExpr> rest) {
      SmallVector<AffineExpr> exprs(batch.begin(), batch.end());
      exprs.append(rest.begin(), rest.end());
      return exprs;
    };
    SmallVector<AffineExpr> kIndex = singleChunk
                                         ? SmallVector<AffineExpr>{l}
                                         : SmallVector<AffineExpr>{c, l};
    SmallVector<AffineExpr> aExprs = {m}, bExprs;
    aExprs.append(kIndex);
    if (transposed) {
      bExprs = {n};
      bExprs.append(kIndex);
    } else {
      bExprs = kIndex;
      bExprs.push_back(n);
    }
    AffineMap aMap = AffineMap::get(numLoops, 0, withBatch(aExprs), context);
    AffineMap bMap = AffineMap::get(numLoops, 0, withBatch(bExprs), context);
    AffineMap sumsMap =
        AffineMap::get(numLoops, 0, withBatch({m, n, c}), context);

    Value init = adaptor.getInit();
    SmallVector<OpFoldResult> resultSizes =
        tensor::getMixedSizes(rewriter, loc, init);
    SmallVector<OpFoldResult> sumsSizes = resultSizes;
    sumsSizes.push_back(numChunks);
    Value sumsInit = createZeroFilled(rewriter, loc, sumsSizes, accType);
    SmallVector<utils::IteratorType> stage1Iterators =
        parallelLoops(numLoops - 1);
    stage1Iterators.push_back(utils::IteratorType::reduction);
    auto sumsOp =
        linalg::GenericOp::create(
            rewriter, loc, sumsInit.getType(), ValueRange{a, bOperand},
            ValueRange{sumsInit}, ArrayRef<AffineMap>{aMap, bMap, sumsMap},
            stage1Iterators,
            [&](OpBuilder &b, Location nloc, ValueRange args) {
              Value x = FloatCodec(b, nloc, formatA)
                            .decode(storageToCode(b, nloc, args[0]));
              Value y = FloatCodec(b, nloc, formatB)
                            .decode(storageToCode(b, nloc, args[1]));
              // Exact in f32; the sum is rounded to acc_type.
              Value product = arith::MulFOp::create(b, nloc, x, y);
              Value sum = arith::AddFOp::create(
                  b, nloc, toF32(b, nloc, args[2]), product);
              linalg::YieldOp::create(b, nloc, fromF32(b, nloc, sum, accType));
            });
    sumsOp->setAttr(kOrderedReductionAttrName, rewriter.getUnitAttr());
    Value sums = sumsOp.getResult(0);

    // Stage 2: promotion, total += f32(chunk sum) * (scale_a * scale_b),
    // over (batch, m, n, c).
    const unsigned promoteLoops = nb + 3;
    SmallVector<AffineExpr> p;
    for (unsigned i = 0; i < promoteLoops; ++i)
      p.push_back(getAffineDimExpr(i, context));
    SmallVector<AffineExpr> pBatch(p.begin(), p.begin() + nb);
    AffineExpr pm = p[nb], pn = p[nb + 1], pc = p[nb + 2];
    AffineExpr chunkStart =
        singleChunk ? getAffineConstantExpr(0, context) : pc * *promotion;
    auto withPBatch = [&](ArrayRef<AffineExpr> rest) {
      SmallVector<AffineExpr> exprs(pBatch.begin(), pBatch.end());
      exprs.append(rest.begin(), rest.end());
      return exprs;
    };
    AffineMap scaleAMap = scaleIndexingMap(
        aType, scaleAType, withPBatch({pm, chunkStart}), promoteLoops);
    AffineMap scaleBMap = scaleIndexingMap(
        bType, scaleBType,
        withPBatch(transposed ? SmallVector<AffineExpr>{pn, chunkStart}
                              : SmallVector<AffineExpr>{chunkStart, pn}),
        promoteLoops);
    AffineMap promoteSumsMap =
        AffineMap::get(promoteLoops, 0, withPBatch({pm, pn, pc}), context);
    AffineMap totalMap =
        AffineMap::get(promoteLoops, 0, withPBatch({pm, pn}), context);
    Value totalInit = createZeroFilled(rewriter, loc, resultSizes, f32);
    SmallVector<utils::IteratorType> stage2Iterators =
        parallelLoops(promoteLoops - 1);
    stage2Iterators.push_back(utils::IteratorType::reduction);
    auto totalOp =
        linalg::GenericOp::create(
            rewriter, loc, totalInit.getType(),
            ValueRange{sums, adaptor.getScaleA(), adaptor.getScaleB()},
            ValueRange{totalInit},
            ArrayRef<AffineMap>{promoteSumsMap, scaleAMap, scaleBMap, totalMap},
            stage2Iterators,
            [&](OpBuilder &b, Location nloc, ValueRange args) {
              Value scale =
                  arith::MulFOp::create(b, nloc, scaleToF32(b, nloc, args[1]),
                                        scaleToF32(b, nloc, args[2]));
              Value promoted = arith::MulFOp::create(
                  b, nloc, toF32(b, nloc, args[0]), scale);
              linalg::YieldOp::create(
                  b, nloc,
                  arith::AddFOp::create(b, nloc, args[3], promoted)
                      .getResult());
            });
    totalOp->setAttr(kOrderedReductionAttrName, rewriter.getUnitAttr());
    Value total = totalOp.getResult(0);

    // Stage 3: result = (init + total) + bias, rounded once.
    Value result = buildScaledMatmulEpilogue(rewriter, loc, total, init,
                                             adaptor.getBias());
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct DropObserveOp : public OpConversionPattern<ObserveOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ObserveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumResults() == 0)
      rewriter.eraseOp(op);
    else
      rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// fp8.observe %x {id} -> func.call @fp8_runtime_observe_<type>(%x, id bytes)
/// on unranked tensors; bufferization turns them into memrefs that the
/// runtime reads through the C interface.
struct ObserveOpToRuntimeCall : public OpConversionPattern<ObserveOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ObserveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumResults() == 0)
      return rewriter.notifyMatchFailure(
          op, "memref form: run convert-fp8-to-linalg before bufferization");
    Operation *symbolTableOp = SymbolTable::getNearestSymbolTable(op);
    if (!symbolTableOp)
      return rewriter.notifyMatchFailure(op, "no symbol table");
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type elementType = inputType.getElementType();
    StringRef suffix = elementType.isF32()   ? "f32"
                       : elementType.isF16() ? "f16"
                                             : "bf16";
    std::string hook = ("fp8_runtime_observe_" + suffix).str();

    auto unrankedValues = UnrankedTensorType::get(elementType);
    auto unrankedId = UnrankedTensorType::get(rewriter.getI8Type());
    auto hookType = rewriter.getFunctionType({unrankedValues, unrankedId}, {});
    if (!SymbolTable::lookupSymbolIn(symbolTableOp, hook)) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&symbolTableOp->getRegion(0).front());
      auto declaration = func::FuncOp::create(rewriter, loc, hook, hookType);
      declaration.setPrivate();
      declaration->setAttr("llvm.emit_c_interface", rewriter.getUnitAttr());
      // The hook only reads: bufferization must not copy for it.
      for (unsigned i = 0; i < 2; ++i)
        declaration.setArgAttr(i, "bufferization.access",
                               rewriter.getStringAttr("read"));
    }

    StringRef id = op.getId();
    SmallVector<int8_t> bytes(id.begin(), id.end());
    auto idType = RankedTensorType::get({static_cast<int64_t>(bytes.size())},
                                        rewriter.getI8Type());
    Value idTensor = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(idType, ArrayRef<int8_t>(bytes)));
    Value values = tensor::CastOp::create(rewriter, loc, unrankedValues, input);
    Value idValue = tensor::CastOp::create(rewriter, loc, unrankedId, idTensor);
    func::CallOp::create(rewriter, loc, hook, TypeRange(),
                         ValueRange{values, idValue});
    rewriter.replaceOp(op, input);
    return success();
  }
};

/// Rewrites the types of any op that carries dialect storage types
/// (tensor.empty, tensor.extract_slice, ...) to their i8 form; linalg ops
/// with their payloads (the im2col copy that fp8-fuse makes of a
/// convolution's FP8 input).
struct ConvertStorageTypes : public ConversionPattern {
  ConvertStorageTypes(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if ((op->getNumRegions() != 0 && !isa<linalg::LinalgOp>(op)) ||
        isa<FP8Dialect>(op->getDialect()))
      return rewriter.notifyMatchFailure(op, "not a plain op");
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName().getStringRef(),
                         operands, resultTypes, op->getAttrs(),
                         op->getSuccessors());
    for (unsigned i = 0, e = op->getNumRegions(); i < e; ++i)
      state.addRegion();
    Operation *converted = rewriter.create(state);
    for (auto [from, to] :
         llvm::zip(op->getRegions(), converted->getRegions())) {
      rewriter.inlineRegionBefore(from, to, to.end());
      if (failed(rewriter.convertRegionTypes(&to, *getTypeConverter())))
        return failure();
    }
    rewriter.replaceOp(op, converted->getResults());
    return success();
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// Population and pass
//===----------------------------------------------------------------------===//

void mlir::fp8::populateFP8StorageTypeConversions(
    TypeConverter &typeConverter) {
  typeConverter.addConversion([](Type type) { return type; });
  typeConverter.addConversion([](FP8StorageTypeInterface type) -> Type {
    return IntegerType::get(type.getContext(), 8);
  });
  typeConverter.addConversion([&typeConverter](RankedTensorType type) -> Type {
    return type.clone(typeConverter.convertType(type.getElementType()));
  });
  typeConverter.addConversion([&typeConverter](MemRefType type) -> Type {
    return type.clone(typeConverter.convertType(type.getElementType()));
  });
  typeConverter.addConversion(
      [&typeConverter](UnrankedTensorType type) -> Type {
        return type.clone(typeConverter.convertType(type.getElementType()));
      });
  typeConverter.addConversion(
      [&typeConverter](UnrankedMemRefType type) -> Type {
        return UnrankedMemRefType::get(
            typeConverter.convertType(type.getElementType()),
            type.getMemorySpace());
      });
}

void mlir::fp8::populateFP8ToLinalgConversionPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<QuantizeOpLowering, DequantizeOpLowering,
               DynamicQuantizeOpLowering, ScaledMatmulLowering<ScaledMatmulOp>,
               ScaledMatmulLowering<BatchScaledMatmulOp>>(
      typeConverter, patterns.getContext());
}

void mlir::fp8::populateFP8ObserversToRuntimePatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<ObserveOpToRuntimeCall>(typeConverter, patterns.getContext());
}

void mlir::fp8::populateFP8DropObserversPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<DropObserveOp>(typeConverter, patterns.getContext());
}

LogicalResult mlir::fp8::applyFP8Lowering(Operation *root,
                                          const FP8LoweringOptions &options) {
  MLIRContext *context = root->getContext();
  // The memref forms come from bufferization, which runs after this
  // lowering; say so instead of "failed to legalize". Same for sizes the
  // lowering cannot pad.
  WalkResult memrefForms = root->walk([&](Operation *op) {
    if (!isa<FP8Dialect>(op->getDialect()) ||
        (isa<ObserveOp>(op) && !options.observersToRuntime))
      return WalkResult::advance();
    if (llvm::any_of(op->getOperandTypes(), llvm::IsaPred<MemRefType>)) {
      op->emitOpError("on memrefs is not lowered by ")
          << options.passName << "; run the pass before bufferization";
      return WalkResult::interrupt();
    }
    // The lowerings round sizes up to multiples of chunks, blocks and kernel
    // tiles, each at most the size itself: static sizes below 2^62 cannot
    // overflow; the types allow up to 2^63 - 1.
    auto tooLarge = [](Type type) {
      auto shaped = dyn_cast<ShapedType>(type);
      return shaped && shaped.hasRank() &&
             llvm::any_of(shaped.getShape(), [](int64_t size) {
               return size >= (int64_t(1) << 62);
             });
    };
    if (llvm::any_of(op->getOperandTypes(), tooLarge)) {
      op->emitOpError("has a dimension of 2^62 or more, which ")
          << options.passName << " does not lower";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (memrefForms.wasInterrupted())
    return failure();

  if (options.dropObservers && options.observersToRuntime)
    return root->emitError()
           << options.passName
           << ": drop-observers and observers-to-runtime exclude each other";

  TypeConverter typeConverter;
  populateFP8StorageTypeConversions(typeConverter);

  RewritePatternSet patterns(context);
  if (options.addPatterns)
    options.addPatterns(typeConverter, patterns);
  populateFP8ToLinalgConversionPatterns(typeConverter, patterns);
  if (options.dropObservers)
    populateFP8DropObserversPatterns(typeConverter, patterns);
  if (options.observersToRuntime)
    populateFP8ObserversToRuntimePatterns(typeConverter, patterns);
  patterns.add<ConvertStorageTypes>(typeConverter, context);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 typeConverter);
  populateCallOpTypeConversionPattern(patterns, typeConverter);
  populateReturnOpTypeConversionPattern(patterns, typeConverter);

  ConversionTarget target(*context);
  target.addIllegalOp<QuantizeOp, DequantizeOp, DynamicQuantizeOp,
                      ScaledMatmulOp, BatchScaledMatmulOp>();
  if (options.dropObservers || options.observersToRuntime)
    target.addIllegalOp<ObserveOp>();
  else
    target.addLegalOp<ObserveOp>();
  target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
    return typeConverter.isSignatureLegal(op.getFunctionType()) &&
           typeConverter.isLegal(&op.getBody());
  });
  target.markUnknownOpDynamicallyLegal(
      [&](Operation *op) { return typeConverter.isLegal(op); });
  scf::populateSCFStructuralTypeConversionsAndLegality(typeConverter, patterns,
                                                       target);
  return applyPartialConversion(root, target, std::move(patterns));
}

namespace {
struct ConvertFP8ToLinalgPass
    : public mlir::fp8::impl::ConvertFP8ToLinalgPassBase<
          ConvertFP8ToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    FP8LoweringOptions options;
    options.passName = "convert-fp8-to-linalg";
    options.dropObservers = dropObservers;
    options.observersToRuntime = observersToRuntime;
    if (failed(applyFP8Lowering(getOperation(), options)))
      signalPassFailure();
  }
};
} // namespace
