//===- ScaledMatmulToLinalg.cpp - scaled matmul to linalg -----------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// fp8.scaled_matmul and fp8.batch_scaled_matmul become three linalg.generic
// ops: chunk sums in acc_type over (m, n, chunk, k-in-chunk), promotion with
// the scales over (m, n, chunk), and the epilogue (init + total + bias). Both
// reductions carry fp8.ordered_reduction: the spec fixes their order.
//
//===----------------------------------------------------------------------===//

#include "PatternUtils.h"

#include "fp8/Conversion/FP8Common/FloatCodec.h"
#include "fp8/Conversion/FP8Common/LoweringUtils.h"
#include "fp8/Conversion/FP8ToLinalg/FP8ToLinalg.h"
#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::fp8;

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

namespace {

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
    auto sumsOp = linalg::GenericOp::create(
        rewriter, loc, sumsInit.getType(), ValueRange{a, bOperand},
        ValueRange{sumsInit}, ArrayRef<AffineMap>{aMap, bMap, sumsMap},
        stage1Iterators, [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value x = FloatCodec(b, nloc, formatA)
                        .decode(storageToCode(b, nloc, args[0]));
          Value y = FloatCodec(b, nloc, formatB)
                        .decode(storageToCode(b, nloc, args[1]));
          // Exact in f32; the sum is rounded to acc_type.
          Value product = arith::MulFOp::create(b, nloc, x, y);
          Value sum =
              arith::AddFOp::create(b, nloc, toF32(b, nloc, args[2]), product);
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
    auto totalOp = linalg::GenericOp::create(
        rewriter, loc, totalInit.getType(),
        ValueRange{sums, adaptor.getScaleA(), adaptor.getScaleB()},
        ValueRange{totalInit},
        ArrayRef<AffineMap>{promoteSumsMap, scaleAMap, scaleBMap, totalMap},
        stage2Iterators, [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value scale = emitChunkScale(b, nloc, scaleToF32(b, nloc, args[1]),
                                       scaleToF32(b, nloc, args[2]));
          linalg::YieldOp::create(
              b, nloc, emitChunkPromotion(b, nloc, args[3], args[0], scale));
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

} // namespace

void mlir::fp8::populateFP8ScaledMatmulToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<ScaledMatmulLowering<ScaledMatmulOp>,
               ScaledMatmulLowering<BatchScaledMatmulOp>>(
      typeConverter, patterns.getContext());
}
