//===- Fuse.cpp - fp8-fuse ------------------------------------------------===//
//
// Part of the fp8-mlir project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// matmul(dequantize(qa, sa), dequantize(qb, sb)) into C
//   -> fp8.scaled_matmul qa, qb scales(sa, sb) into C
// Both accumulate into C, so the rewrite keeps the op's meaning; it changes
// rounding (one scale multiply per output instead of per product), which is
// the point. Also raises the FP8 patterns other compilers emit.
//
// The accumulation that fp8-quantize records on a matmul (fp8.acc_type,
// fp8.chunk) becomes the scaled matmul's acc_type and chunk. Discardable
// attributes rather than fp8-fuse options: the choice is fp8-quantize's, per
// quantized op, and must survive fp8-quantize and fp8-fuse run as separate
// fp8-opt invocations. A recorded chunk that (C8) rejects for the operands'
// scales is an error at the matmul, reported before anything is rewritten.
//
//===----------------------------------------------------------------------===//

#include "fp8/Dialect/FP8/IR/FP8Ops.h"
#include "fp8/Dialect/FP8/Transforms/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::fp8 {
#define GEN_PASS_DEF_FP8FUSEPASS
#include "fp8/Dialect/FP8/Transforms/Passes.h.inc"
} // namespace mlir::fp8

using namespace mlir;
using namespace mlir::fp8;

namespace {

/// The operand roles of a matmul-like linalg op.
struct MatmulShape {
  bool batched;
  /// B is stored [.., N, K].
  bool transposedB;
};

/// A contraction computing C += A B (A [.., M, K]; B [.., K, N] or
/// [.., N, K]; C [.., M, N]) with a multiply-add payload.
static FailureOr<MatmulShape> matchMatmul(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics() || !linalg::isaContractionOpInterface(op))
    return failure();
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1 || dims->batch.size() > 1)
    return failure();
  MLIRContext *context = op.getContext();
  auto dim = [&](unsigned position) {
    return getAffineDimExpr(position, context);
  };
  SmallVector<AffineExpr> batch;
  if (!dims->batch.empty())
    batch.push_back(dim(dims->batch.front()));
  auto expect = [&](AffineMap map, ArrayRef<AffineExpr> rest) {
    SmallVector<AffineExpr> exprs(batch);
    exprs.append(rest.begin(), rest.end());
    return map.getResults() == ArrayRef<AffineExpr>(exprs);
  };
  AffineExpr m = dim(dims->m.front()), n = dim(dims->n.front()),
             k = dim(dims->k.front());
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!expect(maps[0], {m, k}) || !expect(maps[2], {m, n}))
    return failure();
  MatmulShape shape{!batch.empty(), false};
  if (expect(maps[1], {n, k}))
    shape.transposedB = true;
  else if (!expect(maps[1], {k, n}))
    return failure();
  return shape;
}

/// An FP8 operand with its scale: from a dequantize (possibly behind a
/// transpose of the last two dimensions, which flips the B layout), or an
/// FP8 tensor used as it is (unit scale).
struct ScaledOperand {
  Value data;
  Value scale;
  bool transposed = false;
};

static std::optional<ScaledOperand> matchScaledOperand(Value value,
                                                       bool allowTranspose) {
  bool transposed = false;
  if (auto transpose = value.getDefiningOp<linalg::TransposeOp>();
      transpose && allowTranspose) {
    ArrayRef<int64_t> permutation = transpose.getPermutation();
    int64_t rank = permutation.size();
    bool swapsLastTwo = rank >= 2 && permutation[rank - 1] == rank - 2 &&
                        permutation[rank - 2] == rank - 1;
    for (int64_t i = 0; i + 2 < rank; ++i)
      swapsLastTwo &= permutation[i] == i;
    if (!swapsLastTwo)
      return std::nullopt;
    value = transpose.getInput();
    transposed = true;
  }
  if (auto dequantize = value.getDefiningOp<DequantizeOp>()) {
    if (!dequantize.getResult())
      return std::nullopt;
    return ScaledOperand{dequantize.getInput(), dequantize.getScale(),
                         transposed};
  }
  return std::nullopt;
}

/// Whether the K blocks of the two scales agree ((C8) of scaled_matmul
/// with chunk 0).
static bool kBlocksCompatible(ShapedType a, ShapedType scaleA, int64_t kDimA,
                              ShapedType b, ShapedType scaleB, int64_t kDimB) {
  auto kScales = [](ShapedType scale, int64_t dim) -> int64_t {
    return scale.getRank() == 0 ? 1 : scale.getDimSize(dim);
  };
  int64_t sa = kScales(scaleA, kDimA), sb = kScales(scaleB, kDimB);
  if (sa == 1 || sb == 1)
    return true;
  if (ShapedType::isDynamic(sa) || ShapedType::isDynamic(sb) ||
      a.isDynamicDim(kDimA) || b.isDynamicDim(kDimB))
    return false;
  return a.getDimSize(kDimA) / sa == b.getDimSize(kDimB) / sb;
}

/// A rank-0 f32 tensor holding 1.
static Value createUnitScale(PatternRewriter &rewriter, Location loc) {
  return arith::ConstantOp::create(
      rewriter, loc,
      DenseElementsAttr::get(RankedTensorType::get({}, rewriter.getF32Type()),
                             1.0f));
}

/// The accumulation that fp8-quantize recorded on `matmul` (null
/// attributes: f32, one chunk).
struct RecordedAccumulation {
  TypeAttr accType;
  IntegerAttr chunk;
};

static RecordedAccumulation getRecordedAccumulation(Operation *matmul) {
  auto *dialect = matmul->getContext()->getLoadedDialect<FP8Dialect>();
  return {dialect->getAccTypeAttrHelper().getAttr(matmul),
          dialect->getChunkAttrHelper().getAttr(matmul)};
}

/// The scaled matmul that replaces `matmul`, with its recorded accumulation.
static Value createScaledMatmul(PatternRewriter &rewriter,
                                linalg::LinalgOp matmul, bool batched, Value a,
                                Value b, Value scaleA, Value scaleB, Value init,
                                bool transposedB) {
  auto layout = MatrixLayoutAttr::get(
      rewriter.getContext(), transposedB ? MatrixLayout::nk : MatrixLayout::kn);
  OperationState state(matmul.getLoc(),
                       batched ? BatchScaledMatmulOp::getOperationName()
                               : ScaledMatmulOp::getOperationName());
  state.addOperands({a, b, scaleA, scaleB, init});
  state.addTypes(init.getType());
  state.addAttribute("b_layout", layout);
  RecordedAccumulation accumulation = getRecordedAccumulation(matmul);
  if (accumulation.accType)
    state.addAttribute("acc_type", accumulation.accType);
  if (accumulation.chunk)
    state.addAttribute("chunk", accumulation.chunk);
  return rewriter.create(state)->getResult(0);
}

/// matmul(dequantize(qa, sa), [transpose](dequantize(qb, sb))) into C, as
/// FuseDequantizedMatmul rewrites it.
struct DequantizedMatmul {
  bool batched;
  bool transposedB;
  ScaledOperand a, b;
  Value init;

  /// The K blocks of the scales ((C8) of scaled_matmul); std::nullopt
  /// when K is dynamic.
  std::optional<ScaleKBlocks> getScaleKBlocks() const {
    return mlir::fp8::getScaleKBlocks(
        cast<ShapedType>(a.data.getType()), cast<ShapedType>(b.data.getType()),
        cast<ShapedType>(a.scale.getType()),
        cast<ShapedType>(b.scale.getType()), batched ? 1 : 0, transposedB);
  }
};

static FailureOr<DequantizedMatmul>
matchDequantizedMatmul(RewriterBase &rewriter, linalg::LinalgOp op) {
  FailureOr<MatmulShape> shape = matchMatmul(op);
  if (failed(shape))
    return rewriter.notifyMatchFailure(op, "not a matmul");
  std::optional<ScaledOperand> a = matchScaledOperand(
      op.getDpsInputOperand(0)->get(), /*allowTranspose=*/false);
  std::optional<ScaledOperand> b = matchScaledOperand(
      op.getDpsInputOperand(1)->get(), /*allowTranspose=*/true);
  if (!a || !b)
    return rewriter.notifyMatchFailure(op, "operands are not dequantized");
  bool transposedB = shape->transposedB != b->transposed;
  Value init = op.getDpsInitOperand(0)->get();
  if (!isWideFloatType(getElementTypeOrSelf(init.getType())))
    return rewriter.notifyMatchFailure(op, "result is not f32/f16/bf16");
  unsigned nb = shape->batched ? 1 : 0;
  auto aType = cast<ShapedType>(a->data.getType());
  auto bType = cast<ShapedType>(b->data.getType());
  if (!kBlocksCompatible(aType, cast<ShapedType>(a->scale.getType()), nb + 1,
                         bType, cast<ShapedType>(b->scale.getType()),
                         transposedB ? nb + 1 : nb))
    return rewriter.notifyMatchFailure(op, "scales block K differently");
  return DequantizedMatmul{shape->batched, transposedB, *a, *b, init};
}

/// The K block of the scales that a chunk recorded on `op` does not divide
/// ((C8) of scaled_matmul), if it does not.
static std::optional<int64_t>
findIndivisibleKBlock(const DequantizedMatmul &matmul, linalg::LinalgOp op) {
  IntegerAttr chunk = getRecordedAccumulation(op).chunk;
  std::optional<ScaleKBlocks> blocks = matmul.getScaleKBlocks();
  if (!chunk || !blocks || blocks->allowsChunk(chunk.getInt()))
    return std::nullopt;
  return blocks->block();
}

/// matmul(dequantize(qa, sa), [transpose](dequantize(qb, sb))) into C.
struct FuseDequantizedMatmul
    : public OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<DequantizedMatmul> matmul = matchDequantizedMatmul(rewriter, op);
    if (failed(matmul))
      return failure();
    // fp8-fuse reports these before it rewrites; other users of the
    // patterns keep the matmul.
    if (findIndivisibleKBlock(*matmul, op))
      return rewriter.notifyMatchFailure(
          op, "recorded chunk does not divide the K block of the scales");
    Value result = createScaledMatmul(
        rewriter, op, matmul->batched, matmul->a.data, matmul->b.data,
        matmul->a.scale, matmul->b.scale, matmul->init, matmul->transposedB);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// matmul on FP8 operands (the payload widens them) -> scaled_matmul with
/// unit scales.
struct RaiseFP8Matmul : public OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<MatmulShape> shape = matchMatmul(op);
    if (failed(shape))
      return rewriter.notifyMatchFailure(op, "not a matmul");
    Value a = op.getDpsInputOperand(0)->get();
    Value b = op.getDpsInputOperand(1)->get();
    Value init = op.getDpsInitOperand(0)->get();
    if (!isFP8StorageType(getElementTypeOrSelf(a.getType())) ||
        !isFP8StorageType(getElementTypeOrSelf(b.getType())) ||
        !isWideFloatType(getElementTypeOrSelf(init.getType())))
      return rewriter.notifyMatchFailure(op, "not an FP8 matmul");
    Value one = createUnitScale(rewriter, op.getLoc());
    Value result = createScaledMatmul(rewriter, op, shape->batched, a, b, one,
                                      one, init, shape->transposedB);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// linalg.generic { y = extf(x_fp8) [* s] } with s a scalar (a captured
/// value or a rank-0 / broadcast input) -> fp8.dequantize x, s.
struct RaiseExtfMulDequantize : public OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
        op.getNumDpsInputs() < 1 || op.getNumDpsInputs() > 2 ||
        op.getNumLoops() != op.getNumParallelLoops())
      return rewriter.notifyMatchFailure(op, "not an elementwise map");
    OpOperand *data = op.getDpsInputOperand(0);
    auto dataType = dyn_cast<RankedTensorType>(data->get().getType());
    Value init = op.getDpsInitOperand(0)->get();
    auto initType = cast<RankedTensorType>(init.getType());
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    if (!dataType || !isFP8StorageType(dataType.getElementType()) ||
        !isWideFloatType(initType.getElementType()) || !maps[0].isIdentity() ||
        !maps.back().isIdentity())
      return rewriter.notifyMatchFailure(op, "not a widening of FP8 data");

    // Payload: %w = extf %x; [%y = mulf %w, %s;] yield.
    Block &body = op.getRegion().front();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    Value yielded = yield.getOperand(0);
    Value scaleScalar;
    auto mul = yielded.getDefiningOp<arith::MulFOp>();
    Value widened = mul ? mul.getLhs() : yielded;
    auto extf = widened.getDefiningOp<arith::ExtFOp>();
    if (!extf && mul) {
      extf = mul.getRhs().getDefiningOp<arith::ExtFOp>();
      widened = mul.getRhs();
    }
    if (!extf || extf.getIn() != body.getArgument(0) || !extf.getType().isF32())
      return rewriter.notifyMatchFailure(op, "no extf of the FP8 input");
    if (mul)
      scaleScalar = mul.getLhs() == widened ? mul.getRhs() : mul.getLhs();
    if (body.getOperations().size() != (mul ? 3u : 2u) ||
        !initType.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "payload does more than scale");

    Location loc = op.getLoc();
    Value scale;
    if (!scaleScalar) {
      scale = createUnitScale(rewriter, loc);
    } else if (auto argument = dyn_cast<BlockArgument>(scaleScalar);
               argument && argument.getOwner() == &body) {
      // A second input: the scale, broadcast to every element.
      if (argument.getArgNumber() != 1 || op.getNumDpsInputs() != 2 ||
          maps[1].getNumResults() != 0 || !scaleScalar.getType().isF32())
        return rewriter.notifyMatchFailure(op, "scale is not a scalar");
      scale = op.getDpsInputOperand(1)->get();
    } else if (scaleScalar.getType().isF32() &&
               !op->isAncestor(scaleScalar.getParentRegion()->getParentOp())) {
      scale = tensor::FromElementsOp::create(
          rewriter, loc, RankedTensorType::get({}, rewriter.getF32Type()),
          ValueRange{scaleScalar});
    } else {
      return rewriter.notifyMatchFailure(op, "scale is not a scalar");
    }
    if (op.getNumDpsInputs() == 2 && scale != op.getDpsInputOperand(1)->get())
      return rewriter.notifyMatchFailure(op, "unused second input");
    rewriter.replaceOp(
        op, DequantizeOp::create(rewriter, loc, data->get(), scale, init)
                .getResult());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Convolutions: im2col into fp8.scaled_matmul
//===----------------------------------------------------------------------===//

/// The 2-D convolution layouts that fp8-quantize quantizes.
enum class ConvolutionLayout { NhwcHwcf, NhwcFhwc, NchwFchw };

/// A static-shaped 2-D convolution with its window.
struct Convolution {
  ConvolutionLayout layout;
  SmallVector<int64_t, 2> strides, dilations;
};

static std::optional<Convolution> matchConvolution(Operation *op) {
  auto window = [](auto conv, ConvolutionLayout layout) {
    return Convolution{layout,
                       llvm::to_vector_of<int64_t, 2>(
                           conv.getStrides().template getValues<int64_t>()),
                       llvm::to_vector_of<int64_t, 2>(
                           conv.getDilations().template getValues<int64_t>())};
  };
  return llvm::TypeSwitch<Operation *, std::optional<Convolution>>(op)
      .Case([&](linalg::Conv2DNhwcHwcfOp conv) {
        return window(conv, ConvolutionLayout::NhwcHwcf);
      })
      .Case([&](linalg::Conv2DNhwcFhwcOp conv) {
        return window(conv, ConvolutionLayout::NhwcFhwc);
      })
      .Case([&](linalg::Conv2DNchwFchwOp conv) {
        return window(conv, ConvolutionLayout::NchwFchw);
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// One scale for the whole tensor (rank 0, or every dimension 1).
static bool isPerTensorScale(Value scale) {
  auto type = dyn_cast<RankedTensorType>(scale.getType());
  return type && type.hasStaticShape() && type.getNumElements() == 1;
}

/// Scales that vary along `channelDim` only (per tensor included).
static bool isPerChannelScale(Value scale, int64_t channelDim) {
  auto type = dyn_cast<RankedTensorType>(scale.getType());
  if (!type || !type.hasStaticShape())
    return false;
  for (auto [dim, size] : llvm::enumerate(type.getShape()))
    if (static_cast<int64_t>(dim) != channelDim && size != 1)
      return false;
  return true;
}

static Value collapse(OpBuilder &b, Location loc, Value value,
                      ArrayRef<ReassociationIndices> reassociation) {
  return tensor::CollapseShapeOp::create(b, loc, value, reassociation);
}

/// A per-tensor scale as a rank-0 tensor.
static Value scalarScale(OpBuilder &b, Location loc, Value scale) {
  if (cast<RankedTensorType>(scale.getType()).getRank() == 0)
    return scale;
  return collapse(b, loc, scale, {});
}

/// im2col of the FP8 codes `input` (the padded input of the convolution):
/// a copy whose iteration space is the result's shape `shape` and whose
/// input map is `inputMap`. The innermost dimension reads a contiguous run
/// of the input (C for NHWC, OW for NCHW with stride 1), so
/// fp8-vectorize-elementwise copies it as vectors, and the
/// outermost dimension (rows of output pixels or channels, batch folded in)
/// is the one it runs on threads.
static Value buildIm2col(OpBuilder &b, Location loc, Value input,
                         ArrayRef<int64_t> shape, AffineMap inputMap) {
  Type storage = cast<RankedTensorType>(input.getType()).getElementType();
  Value init = tensor::EmptyOp::create(b, loc, shape, storage);
  SmallVector<AffineMap> maps = {inputMap,
                                 b.getMultiDimIdentityMap(shape.size())};
  SmallVector<utils::IteratorType> iterators(shape.size(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, init.getType(), input, init, maps, iterators,
             [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc, args[0]);
             })
      .getResult(0);
}

/// conv_2d(dequantize(qx, sx), dequantize(qw, sw)) into C with a per-tensor
/// sx and a per-output-channel (or per-tensor) sw, static shapes ->
/// im2col of qx (an FP8 copy) and fp8.scaled_matmul on the collapsed
/// filter, accumulating into the collapsed C:
///   NHWC / HWCF: [N*OH*OW, KH*KW*C] x [KH*KW*C, F]          (b_layout kn)
///   NHWC / FHWC: [N*OH*OW, KH*KW*C] x [F, KH*KW*C]          (b_layout nk)
///   NCHW / FCHW: per image (an scf.for over N > 1),
///                [F, C*KH*KW] x [C*KH*KW, OH*OW]            (filter as A)
/// so C keeps its layout (no transposes). Padding is the convolution
/// input's: a tensor.pad before the quantize (where fp8-quantize places
/// QDQ) needs nothing; a zero tensor.pad after the dequantize moves onto
/// the codes.
struct FuseDequantizedConvolution
    : public OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<Convolution> conv = matchConvolution(op);
    if (!conv || !op.hasPureTensorSemantics())
      return rewriter.notifyMatchFailure(op, "not a 2-D convolution");
    // The input dequantized, or padded with zeros after the dequantize
    // (QDQ before the tensor.pad, as a QDQ model's importer may write it).
    Value inputValue = op.getDpsInputOperand(0)->get();
    auto pad = inputValue.getDefiningOp<tensor::PadOp>();
    if (pad)
      inputValue = pad.getSource();
    std::optional<ScaledOperand> input =
        matchScaledOperand(inputValue, /*allowTranspose=*/false);
    std::optional<ScaledOperand> filter = matchScaledOperand(
        op.getDpsInputOperand(1)->get(), /*allowTranspose=*/false);
    if (!input || !filter)
      return rewriter.notifyMatchFailure(op, "operands are not dequantized");
    auto inputType = cast<RankedTensorType>(input->data.getType());
    Type storage = inputType.getElementType();
    if (pad) {
      // pad(dequantize(q, s), +0) is dequantize(pad(q, code of +0), s): a
      // zero code decodes to +0 whatever the scale. Dialect storage types
      // have no constant to pad with.
      Value padding = pad.getConstantPaddingValue();
      if (!isa<FloatType>(storage) || !padding ||
          !matchPattern(padding, m_PosZeroFloat()))
        return rewriter.notifyMatchFailure(
            op, "input is padded with something other than +0");
      inputType = pad.getResultType().clone(storage);
    }
    Value init = op.getDpsInitOperand(0)->get();
    auto filterType = cast<RankedTensorType>(filter->data.getType());
    auto initType = cast<RankedTensorType>(init.getType());
    if (!inputType.hasStaticShape() || !filterType.hasStaticShape() ||
        !initType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    if (!isWideFloatType(initType.getElementType()))
      return rewriter.notifyMatchFailure(op, "result is not f32/f16/bf16");
    bool nhwc = conv->layout != ConvolutionLayout::NchwFchw;
    int64_t channelDim = conv->layout == ConvolutionLayout::NhwcHwcf ? 3 : 0;
    if (!isPerTensorScale(input->scale))
      return rewriter.notifyMatchFailure(op, "input scale is not per tensor");
    if (!isPerChannelScale(filter->scale, channelDim))
      return rewriter.notifyMatchFailure(
          op, "filter scale is not per output channel");

    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value codes = input->data;
    if (pad) {
      Value zero = arith::ConstantOp::create(
          rewriter, loc, storage, rewriter.getFloatAttr(storage, 0.0));
      codes = tensor::PadOp::create(rewriter, pad.getLoc(), inputType, codes,
                                    pad.getMixedLowPad(), pad.getMixedHighPad(),
                                    zero, pad.getNofold());
    }
    ArrayRef<int64_t> in = inputType.getShape(), out = initType.getShape(),
                      fs = filterType.getShape();
    int64_t n = in[0], c = nhwc ? in[3] : in[1];
    int64_t oh = nhwc ? out[1] : out[2], ow = nhwc ? out[2] : out[3];
    int64_t kh = 0, kw = 0;
    switch (conv->layout) {
    case ConvolutionLayout::NhwcHwcf:
      kh = fs[0], kw = fs[1];
      break;
    case ConvolutionLayout::NhwcFhwc:
      kh = fs[1], kw = fs[2];
      break;
    case ConvolutionLayout::NchwFchw:
      kh = fs[2], kw = fs[3];
      break;
    }
    int64_t sh = conv->strides[0], sw = conv->strides[1];
    int64_t dh = conv->dilations[0], dw = conv->dilations[1];
    auto d = [&](unsigned position) {
      return getAffineDimExpr(position, context);
    };
    // The outermost loop runs over `rows` x `batch`: the image and its
    // row (NHWC) or channel (NCHW), one index, so that one image still
    // gives the threads many rows.
    auto split = [&](AffineExpr outer,
                     int64_t rows) -> std::pair<AffineExpr, AffineExpr> {
      if (n == 1)
        return {getAffineConstantExpr(0, context), outer};
      return {outer.floorDiv(rows), outer % rows};
    };

    Value scaleX = scalarScale(rewriter, loc, input->scale);
    Value scaleW = filter->scale;
    SmallVector<ReassociationIndices> filterGroups =
        conv->layout == ConvolutionLayout::NhwcHwcf
            ? SmallVector<ReassociationIndices>{{0, 1, 2}, {3}}
            : SmallVector<ReassociationIndices>{{0}, {1, 2, 3}};
    Value weights = collapse(rewriter, loc, filter->data, filterGroups);
    if (cast<RankedTensorType>(scaleW.getType()).getRank() != 0)
      scaleW = collapse(rewriter, loc, scaleW, filterGroups);

    if (nhwc) {
      // Iterations (n*OH + oh, ow, kh, kw, c).
      auto [image, row] = split(d(0), oh);
      AffineMap map = AffineMap::get(
          5, 0, {image, row * sh + d(2) * dh, d(1) * sw + d(3) * dw, d(4)},
          context);
      Value columns =
          buildIm2col(rewriter, loc, codes, {n * oh, ow, kh, kw, c}, map);
      columns = collapse(rewriter, loc, columns, {{0, 1}, {2, 3, 4}});
      Value acc = collapse(rewriter, loc, init, {{0, 1, 2}, {3}});
      Value product = createScaledMatmul(rewriter, op, /*batched=*/false,
                                         columns, weights, scaleX, scaleW, acc,
                                         /*transposedB=*/conv->layout ==
                                             ConvolutionLayout::NhwcFhwc);
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, initType, product,
          SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
      return success();
    }

    // NCHW. Iterations (n*C + c, kh, kw, oh, ow).
    auto [image, channel] = split(d(0), c);
    AffineMap map = AffineMap::get(
        5, 0, {image, channel, d(3) * sh + d(1) * dh, d(4) * sw + d(2) * dw},
        context);
    Value columns =
        buildIm2col(rewriter, loc, codes, {n * c, kh, kw, oh, ow}, map);
    auto matmul = [&](Value b, Value acc) {
      return createScaledMatmul(rewriter, op, /*batched=*/false, weights, b,
                                scaleW, scaleX, acc, /*transposedB=*/false);
    };
    if (n == 1) {
      Value b = collapse(rewriter, loc, columns, {{0, 1, 2}, {3, 4}});
      Value acc = collapse(rewriter, loc, init, {{0, 1}, {2, 3}});
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, initType, matmul(b, acc),
          SmallVector<ReassociationIndices>{{0, 1}, {2, 3}});
      return success();
    }
    // A loop over the images, one scaled matmul each on its slices of the
    // im2col and of C (a loop, not N copies: a batch of 540 digits is one
    // tensor).
    int64_t f = out[1];
    auto imageType =
        RankedTensorType::get({f, oh, ow}, initType.getElementType());
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value images = arith::ConstantIndexOp::create(rewriter, loc, n);
    auto loop = scf::ForOp::create(rewriter, loc, zero, images, one, init);
    rewriter.setInsertionPointToStart(loop.getBody());
    Value imageIndex = loop.getInductionVar();
    Value result = loop.getRegionIterArgs().front();
    OpFoldResult zeroIndex = rewriter.getIndexAttr(0);
    SmallVector<OpFoldResult> offsets = {imageIndex, zeroIndex, zeroIndex,
                                         zeroIndex};
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(context, {1, f, oh, ow});
    SmallVector<OpFoldResult> unit =
        getAsIndexOpFoldResult(context, {1, 1, 1, 1});
    Value acc = tensor::ExtractSliceOp::create(rewriter, loc, imageType, result,
                                               offsets, sizes, unit);
    acc = collapse(rewriter, loc, acc, {{0}, {1, 2}});
    Value firstChannel = affine::AffineApplyOp::create(
        rewriter, loc, AffineMap::get(1, 0, d(0) * c), ValueRange{imageIndex});
    Value slice = tensor::ExtractSliceOp::create(
        rewriter, loc, columns,
        SmallVector<OpFoldResult>{firstChannel, zeroIndex, zeroIndex, zeroIndex,
                                  zeroIndex},
        getAsIndexOpFoldResult(context, {c, kh, kw, oh, ow}),
        getAsIndexOpFoldResult(context, {1, 1, 1, 1, 1}));
    Value b = collapse(rewriter, loc, slice, {{0, 1, 2}, {3, 4}});
    Value product = tensor::ExpandShapeOp::create(
        rewriter, loc, imageType, matmul(b, acc),
        SmallVector<ReassociationIndices>{{0}, {1, 2}});
    Value updated = tensor::InsertSliceOp::create(rewriter, loc, product,
                                                  result, offsets, sizes, unit);
    scf::YieldOp::create(rewriter, loc, updated);
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

struct FP8FusePass : public mlir::fp8::impl::FP8FusePassBase<FP8FusePass> {
  /// A chunk recorded on a matmul that this pass fuses must be a valid
  /// chunk of the scaled matmul ((C8)); one error per matmul where it is not.
  LogicalResult checkRecordedChunks() {
    IRRewriter rewriter(&getContext());
    bool valid = true;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!getRecordedAccumulation(op).chunk)
        return;
      FailureOr<DequantizedMatmul> matmul =
          matchDequantizedMatmul(rewriter, op);
      if (failed(matmul))
        return;
      std::optional<int64_t> kBlock = findIndivisibleKBlock(*matmul, op);
      if (!kBlock)
        return;
      emitError(op.getLoc())
          << "fp8-fuse: chunk " << getRecordedAccumulation(op).chunk.getInt()
          << " of '" << op->getName()
          << "' (its fp8.chunk, from fp8-quantize's chunk option) does not "
             "divide the K block of its scales ("
          << *kBlock
          << " elements of K); every chunk of fp8.scaled_matmul lies inside "
             "one K block ((C8) in docs/Spec.md)";
      valid = false;
    });
    return success(valid);
  }

  void runOnOperation() override {
    if (failed(checkRecordedChunks()))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateFP8FusePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::fp8::populateFP8FusePatterns(RewritePatternSet &patterns) {
  patterns.add<FuseDequantizedMatmul, FuseDequantizedConvolution,
               RaiseFP8Matmul, RaiseExtfMulDequantize>(patterns.getContext());
}
